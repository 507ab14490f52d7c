#include <ssrnn/train/schedule.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ssrnn::train
{

double learning_rate(lr_schedule schedule, double lr, std::uint64_t step, std::uint64_t total) noexcept
{
    if (schedule == lr_schedule::constant || total == 0)
        return lr;
    double const progress = std::min(1.0, static_cast<double>(step) / static_cast<double>(total));
    double const floor = lr / 20.0;
    return floor + (lr - floor) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

} // namespace ssrnn::train
