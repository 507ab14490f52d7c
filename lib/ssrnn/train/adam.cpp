#include <ssrnn/train/adam.hpp>

#include <algorithm>
#include <cmath>

namespace ssrnn::train
{

void adam::update(std::span<float> params, std::span<float const> grad, double lr, int threads)
{
    if (m.size() != params.size())
    {
        m.assign(params.size(), 0.0F);
        v.assign(params.size(), 0.0F);
    }
    ++step;
    double const c1 = 1.0 - std::pow(beta1, static_cast<double>(step));
    double const c2 = 1.0 - std::pow(beta2, static_cast<double>(step));
    auto const a = static_cast<float>(lr * std::sqrt(c2) / c1);
    auto const b1 = static_cast<float>(beta1), b2 = static_cast<float>(beta2);
    auto const e = static_cast<float>(eps * std::sqrt(c2));
    auto const n = static_cast<std::ptrdiff_t>(params.size());
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < n; ++i)
    {
        auto const k = static_cast<std::size_t>(i);
        float const g = grad[k];
        m[k] = b1 * m[k] + (1.0F - b1) * g;
        v[k] = b2 * v[k] + (1.0F - b2) * g * g;
        params[k] -= a * m[k] / (std::sqrt(v[k]) + e);
    }
}

double global_norm(std::span<float const> g) noexcept
{
    double s = 0.0;
    for (float x : g)
        s += static_cast<double>(x) * static_cast<double>(x);
    return std::sqrt(s);
}

bool clip_global_norm(std::span<float> g, double norm, double max_norm) noexcept
{
    if (max_norm <= 0.0 || norm <= max_norm)
        return false;
    auto const f = static_cast<float>(max_norm / norm);
    for (float & x : g)
        x *= f;
    return true;
}

bool clip_elements(std::span<float> g, double max_value) noexcept
{
    if (max_value <= 0.0)
        return false;
    auto const m = static_cast<float>(max_value);
    bool any = false;
    for (float & x : g)
    {
        float const c = std::clamp(x, -m, m);
        any = any || c != x;
        x = c;
    }
    return any;
}

} // namespace ssrnn::train
