#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/encode/msa_profile.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace ssrnn::encode
{
namespace
{
constexpr std::int8_t gap = -1;

//! P(a | b) from BLOSUM62: the joint probability p_a p_b 2^(S_ab / 2) normalised over a.
std::array<std::array<double, 20>, 20> const & substitution_probabilities()
{
    static auto const table = []
    {
        auto const & bg = blosum62_background;
        std::array<std::array<double, 20>, 20> r{};
        for (std::size_t b = 0; b < 20; ++b)
        {
            double z = 0;
            for (std::size_t a = 0; a < 20; ++a)
            {
                r[a][b] = bg[a] * bg[b] * std::exp2(blosum62(static_cast<int>(a), static_cast<int>(b)) / 2.0);
                z += r[a][b];
            }
            for (std::size_t a = 0; a < 20; ++a)
                r[a][b] /= z;
        }
        return r;
    }();
    return table;
}

//! Residue indices (0..19 standard, 20 other letters, -1 gap), row-major rows x length.
std::vector<std::int8_t> codes(std::span<std::string const> rows, std::size_t length)
{
    std::vector<std::int8_t> x(rows.size() * length, gap);
    for (std::size_t k = 0; k < rows.size(); ++k)
        for (std::size_t i = 0; i < length && i < rows[k].size(); ++i)
            if (rows[k][i] != '-')
                x[k * length + i] = static_cast<std::int8_t>(std::max(0, residue_index(rows[k][i])));
    return x;
}

//! Henikoff position-based weights, each residue's share scaled by 1 / (residues of its row + 30)
//! so that short fragments count per residue as much as long sequences; normalised to sum 1.
std::vector<double> sequence_weights(std::vector<std::int8_t> const & x, std::size_t n, std::size_t length)
{
    std::vector<double> w(n, 1e-6);
    std::vector<double> residues(n, 0.0);
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t i = 0; i < length; ++i)
            residues[k] += x[k * length + i] != gap ? 1.0 : 0.0;
    for (std::size_t i = 0; i < length; ++i)
    {
        std::array<int, 20> count{};
        for (std::size_t k = 0; k < n; ++k)
            if (auto const a = x[k * length + i]; a >= 0 && a < 20)
                ++count[static_cast<std::size_t>(a)];
        auto const distinct = std::count_if(count.begin(), count.end(), [](int c) { return c > 0; });
        for (std::size_t k = 0; k < n && distinct > 0; ++k)
            if (auto const a = x[k * length + i]; a >= 0 && a < 20)
                w[k] +=
                    1.0 / (count[static_cast<std::size_t>(a)] * static_cast<double>(distinct) * (residues[k] + 30.0));
    }
    double total = 0;
    for (auto v : w)
        total += v;
    for (auto & v : w)
        v /= total;
    return w;
}
} // namespace

msa_profile profile_from_alignment(std::span<std::string const> rows, msa_profile_settings const & settings)
{
    msa_profile out;
    out.sequences = rows.size();
    if (rows.empty())
        return out;
    auto const n = rows.size(), length = rows[0].size();
    auto const x = codes(rows, length);
    auto const w = sequence_weights(x, n, length);
    auto const & bg = blosum62_background;
    // Weighted frequencies per column; their diversity 2^entropy, averaged, is the alignment's Neff.
    std::vector<std::array<double, 20>> f(length);
    std::vector<double> occupied(length, 0.0); // weight of the rows with a residue in the column
    double diversity = 0;
    for (std::size_t i = 0; i < length; ++i)
    {
        double z = 0;
        for (std::size_t k = 0; k < n; ++k)
            if (auto const a = x[k * length + i]; a != gap)
            {
                occupied[i] += w[k];
                if (a < 20)
                {
                    f[i][static_cast<std::size_t>(a)] += w[k];
                    z += w[k];
                }
            }
        double entropy = 0;
        for (std::size_t a = 0; a < 20; ++a)
        {
            f[i][a] = z > 0 ? f[i][a] / z : bg[a];
            if (f[i][a] > 1e-10)
                entropy -= f[i][a] * std::log2(f[i][a]);
        }
        diversity += std::exp2(entropy);
    }
    out.neff = length > 0 ? diversity / static_cast<double>(length) : 1.0;
    // Neff per column (HH-suite): lower where fewer sequences cover the column.
    double const limit = std::max(10.0, out.neff + 1.0);
    double const scale = std::log2((limit - out.neff) / (limit - 1.0));
    auto const & r = substitution_probabilities();
    out.scores.resize(length * 20);
    for (std::size_t i = 0; i < length; ++i)
    {
        double const share = occupied[i] - 1.0 / static_cast<double>(n);
        double const neff = share < 0 ? 1.0 : limit - (limit - 1.0) * std::exp2(scale * share);
        double const tau = std::min(1.0, settings.pca / (1.0 + neff / settings.pcb));
        for (std::size_t a = 0; a < 20; ++a)
        {
            double pseudo = 0;
            for (std::size_t b = 0; b < 20; ++b)
                pseudo += r[a][b] * f[i][b];
            double const p = (1.0 - tau) * f[i][a] + tau * pseudo;
            double const s = std::round(2.0 * std::log2(p / bg[a]));
            out.scores[i * 20 + a] = static_cast<float>(std::clamp(s, -20.0, 20.0));
        }
    }
    return out;
}

} // namespace ssrnn::encode
