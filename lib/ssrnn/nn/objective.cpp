#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/nn/objective.hpp>

#include <algorithm>
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

template double residue_loss<float>(std::span<float const>, int, objective const &, float, std::span<float>) noexcept;
template double residue_loss<double>(std::span<double const>, int, objective const &, double,
                                     std::span<double>) noexcept;

} // namespace ssrnn::nn
