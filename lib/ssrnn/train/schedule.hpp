#pragma once
//! \file The learning-rate schedule.
#include <ssrnn/train/config.hpp>

#include <cstdint>

namespace ssrnn::train
{

//! Learning rate at update `step` of `total`: `lr` throughout (constant), or cosine decay from
//! `lr` to `lr`/20 (cosine; `lr` when total is 0).
[[nodiscard]] double learning_rate(lr_schedule schedule, double lr, std::uint64_t step, std::uint64_t total) noexcept;

} // namespace ssrnn::train
