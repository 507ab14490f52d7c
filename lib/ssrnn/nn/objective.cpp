#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/nn/objective.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace ssrnn::nn
{

template <typename T>
double residue_loss(std::span<T const> p, int y, objective const & obj, T scale, std::span<T> d) noexcept
{
    auto const n = p.size();
    auto const yu = static_cast<std::size_t>(y);
    if (obj.plain()) // the general path below with e = w = 0, kept bit-identical to earlier trained models
    {
        for (std::size_t k = 0; k < n; ++k)
            d[k] = p[k] * scale;
        d[yu] -= scale;
        return -std::log(std::max(static_cast<double>(p[yu]), 1e-30));
    }
    double const e = obj.label_smoothing;
    double const w = obj.q3_weight;
    double loss = 0.0;
    for (std::size_t k = 0; k < n; ++k)
    {
        double const q = (k == yu ? 1.0 - e : 0.0) + e / static_cast<double>(n);
        loss -= q * std::log(std::max(static_cast<double>(p[k]), 1e-30));
        d[k] = static_cast<T>((static_cast<double>(p[k]) - q) * static_cast<double>(scale));
    }
    if (w > 0.0)
    {
        int const g = encode::ss8_to_ss3[yu];
        double big_p = 0.0;
        for (std::size_t k = 0; k < n; ++k)
            if (encode::ss8_to_ss3[k] == g)
                big_p += static_cast<double>(p[k]);
        big_p = std::max(big_p, 1e-30);
        loss -= w * std::log(big_p);
        for (std::size_t k = 0; k < n; ++k)
        {
            double const pk = static_cast<double>(p[k]);
            double const in_g = encode::ss8_to_ss3[k] == g ? pk / big_p : 0.0;
            d[k] += static_cast<T>(w * (pk - in_g) * static_cast<double>(scale));
        }
    }
    return loss;
}

template <typename T>
double residue_loss_soft(std::span<T const> p, std::span<float const> q, objective const & obj, T scale,
                         std::span<T> d) noexcept
{
    auto const n = p.size();
    double const e = obj.label_smoothing;
    double const w = obj.q3_weight;
    double const sc = static_cast<double>(scale);
    // The exact derivative also when q sums to 1 only up to rounding: d/dz_k = p_k sum(q') - q'_k.
    double sum_q = 0.0;
    for (std::size_t k = 0; k < n; ++k)
        sum_q += static_cast<double>(q[k]);
    double const sum_qs = (1.0 - e) * sum_q + e;
    double loss = 0.0;
    for (std::size_t k = 0; k < n; ++k)
    {
        double const qk = (1.0 - e) * static_cast<double>(q[k]) + e / static_cast<double>(n);
        loss -= qk * std::log(std::max(static_cast<double>(p[k]), 1e-30));
        d[k] = static_cast<T>((static_cast<double>(p[k]) * sum_qs - qk) * sc);
    }
    if (w > 0.0)
    {
        std::array<double, 3> big_p{}, big_q{};
        for (std::size_t k = 0; k < n; ++k)
        {
            auto const g = static_cast<std::size_t>(encode::ss8_to_ss3[k]);
            big_p[g] += static_cast<double>(p[k]);
            big_q[g] += static_cast<double>(q[k]);
        }
        for (std::size_t g = 0; g < 3; ++g)
        {
            big_p[g] = std::max(big_p[g], 1e-30);
            loss -= w * big_q[g] * std::log(big_p[g]);
        }
        for (std::size_t k = 0; k < n; ++k)
        {
            auto const g = static_cast<std::size_t>(encode::ss8_to_ss3[k]);
            double const pk = static_cast<double>(p[k]);
            d[k] += static_cast<T>(w * (pk * sum_q - big_q[g] * pk / big_p[g]) * sc);
        }
    }
    return loss;
}

template double residue_loss_soft<float>(std::span<float const>, std::span<float const>, objective const &, float,
                                         std::span<float>) noexcept;
template double residue_loss_soft<double>(std::span<double const>, std::span<float const>, objective const &, double,
                                          std::span<double>) noexcept;
template double residue_loss<float>(std::span<float const>, int, objective const &, float, std::span<float>) noexcept;
template double residue_loss<double>(std::span<double const>, int, objective const &, double,
                                     std::span<double>) noexcept;

} // namespace ssrnn::nn
