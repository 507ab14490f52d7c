#pragma once
//! \file Adam optimiser (Kingma & Ba 2015) and global-norm gradient clipping over flat buffers.
#include <cstdint>
#include <span>
#include <vector>

namespace ssrnn::train
{

//! Adam state for a flat parameter buffer.
struct adam
{
    double beta1 = 0.9;     //!< first-moment decay
    double beta2 = 0.999;   //!< second-moment decay
    double eps = 1e-8;      //!< denominator offset
    std::uint64_t step = 0; //!< updates done
    std::vector<float> m;   //!< first moments
    std::vector<float> v;   //!< second moments

    //! Applies one update with learning rate `lr` (elementwise, so any thread count gives the same result).
    void update(std::span<float> params, std::span<float const> grad, double lr, int threads);
};

//! L2 norm of a buffer, summed in a fixed order in double precision.
[[nodiscard]] double global_norm(std::span<float const> g) noexcept;

//! Scales `g` so its L2 norm is at most `max_norm` (if max_norm > 0). Returns whether it clipped.
bool clip_global_norm(std::span<float> g, double norm, double max_norm) noexcept;

//! Clamps every element of `g` to [-max_value, max_value] (if max_value > 0). Returns whether any changed.
bool clip_elements(std::span<float> g, double max_value) noexcept;

} // namespace ssrnn::train
