#pragma once
//! \file Residue and secondary-structure alphabets.
//!
//! Residues: the 20 standard amino acids in BLOSUM order `ARNDCQEGHILKMFPSTWYV` (indices 0..19)
//! and one unknown residue (index 20) that B, Z, J, U, O and X map to.
//! DSSP 8 states `HGIEBTSC` (indices 0..7); 3 states H (= H, G, I), E (= E, B), C (= T, S, C).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ssrnn::encode
{

//! Number of residue classes (20 standard + unknown).
inline constexpr int residue_count = 21;
//! Index of the unknown residue.
inline constexpr int unknown_residue = 20;
//! The standard residues in index order.
inline constexpr std::string_view residue_letters = "ARNDCQEGHILKMFPSTWYV";

//! Number of DSSP 8-state classes.
inline constexpr int ss8_count = 8;
//! Number of 3-state classes.
inline constexpr int ss3_count = 3;
//! DSSP 8-state letters in index order.
inline constexpr std::string_view ss8_letters = "HGIEBTSC";
//! 3-state letters in index order.
inline constexpr std::string_view ss3_letters = "HEC";
//! The 3-state letter of each 8-state letter, in 8-state order (H,G,I -> H; E,B -> E; T,S,C -> C):
//! the one place the reduction is written; everything below is derived from it.
inline constexpr std::string_view ss8_to_ss3_letters = "HHHEECCC";
//! Maps an 8-state index to its 3-state index.
inline constexpr std::array<int, ss8_count> ss8_to_ss3 = []
{
    std::array<int, ss8_count> m{};
    for (std::size_t k = 0; k < m.size(); ++k)
        m[k] = static_cast<int>(ss3_letters.find(ss8_to_ss3_letters[k]));
    return m;
}();
static_assert(ss8_to_ss3_letters.size() == ss8_count);

//! 3-state probabilities (H, E, C) of one residue: sums of its 8-state probabilities.
[[nodiscard]] constexpr std::array<float, ss3_count> to_ss3(std::span<float const, ss8_count> p8) noexcept
{
    std::array<float, ss3_count> p3{};
    for (std::size_t k = 0; k < ss8_count; ++k)
        p3[static_cast<std::size_t>(ss8_to_ss3[k])] += p8[k];
    return p3;
}

//! Index of the largest value (the first on ties): the predicted state.
[[nodiscard]] constexpr int argmax(std::span<float const> p) noexcept
{
    std::size_t best = 0;
    for (std::size_t k = 1; k < p.size(); ++k)
        if (p[k] > p[best])
            best = k;
    return static_cast<int>(best);
}

//! Label value for a residue that takes no part in loss or scores (mask 0).
inline constexpr std::int8_t no_label = -1;

//! Residue index of a letter (either case); -1 if `c` is not a letter.
[[nodiscard]] int residue_index(char c) noexcept;

//! 8-state index of a DSSP letter; `-`, `L`, ` ` and `_` read as C; -1 if unknown.
[[nodiscard]] int ss8_index(char c) noexcept;

} // namespace ssrnn::encode
