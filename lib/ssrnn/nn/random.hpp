#pragma once
//! \file Portable, counter-based randomness (same numbers on every platform and thread count).
#include <cstdint>
#include <initializer_list>
#include <utility>

namespace ssrnn::nn
{

//! SplitMix64 finaliser: a good 64-bit mixing function.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) noexcept
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

//! Hashes a tuple of integers (seed, epoch, sequence index, ...) into 64 random bits.
[[nodiscard]] constexpr std::uint64_t hash_keys(std::initializer_list<std::uint64_t> keys) noexcept
{
    std::uint64_t h = 0x243f6a8885a308d3ULL;
    for (auto k : keys)
        h = mix64(h ^ mix64(k));
    return h;
}

//! The keys that keep the random streams of a run apart: each stream draws from
//! hash_keys({seed, key, ...}). With the seed they define reproducibility (the same seed gives the
//! same model bytes in every version that keeps them), so they are named here once and never change.
namespace stream
{
inline constexpr std::uint64_t init = 0x1417;         //!< initial weights (network::init)
inline constexpr std::uint64_t batch_order = 0xba7c4; //!< order of the records in an epoch (keys: seed, this, epoch)
inline constexpr std::uint64_t valid_split = 0x5eed5b117; //!< the validation split (keys: split seed, this)
inline constexpr std::uint64_t profile_dropout =
    0x9d0f11e; //!< records shown without homologs (seed, epoch, record, this)
inline constexpr std::uint64_t recurrent_dropout = 0x3ecd1e7; //!< dropped W_hh weights (seed, Adam step, this)
inline constexpr std::uint64_t flow_input = 0xf10e;           //!< analyze-gradients: the random input sequence
inline constexpr std::uint64_t check_data = 0xc4ec;           //!< analyze-gradients check: the random records
} // namespace stream

//! Uniform double in [0, 1) from 64 random bits.
[[nodiscard]] constexpr double to_unit(std::uint64_t bits) noexcept
{
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

//! A small sequential generator (SplitMix64) for initialisation and shuffling.
class splitmix
{
public:
    explicit constexpr splitmix(std::uint64_t seed) noexcept : state_{seed} {}
    //! Next 64 random bits.
    constexpr std::uint64_t next() noexcept { return mix64(state_++ * 0x9e3779b97f4a7c15ULL + 1); }
    //! Uniform double in [0, 1).
    constexpr double uniform() noexcept { return to_unit(next()); }
    //! Uniform integer in [0, n).
    constexpr std::uint64_t below(std::uint64_t n) noexcept { return n == 0 ? 0 : next() % n; }

private:
    std::uint64_t state_;
};

//! Fisher-Yates shuffle driven by `rng` (std::shuffle's result is implementation-defined).
template <typename container>
void shuffle(container & c, splitmix & rng)
{
    for (std::size_t i = c.size(); i > 1; --i)
    {
        auto const j = static_cast<std::size_t>(rng.below(i));
        using std::swap;
        swap(c[i - 1], c[j]);
    }
}

} // namespace ssrnn::nn
