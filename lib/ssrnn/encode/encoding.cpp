#include <ssrnn/base/names.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace ssrnn::encode
{
namespace
{
// BLOSUM62 (Henikoff & Henikoff 1992), rows/columns in ARNDCQEGHILKMFPSTWYV order, last row X.
constexpr std::array<std::array<signed char, 20>, 21> blosum_table{{
    {4, -1, -2, -2, 0, -1, -1, 0, -2, -1, -1, -1, -1, -2, -1, 1, 0, -3, -2, 0},
    {-1, 5, 0, -2, -3, 1, 0, -2, 0, -3, -2, 2, -1, -3, -2, -1, -1, -3, -2, -3},
    {-2, 0, 6, 1, -3, 0, 0, 0, 1, -3, -3, 0, -2, -3, -2, 1, 0, -4, -2, -3},
    {-2, -2, 1, 6, -3, 0, 2, -1, -1, -3, -4, -1, -3, -3, -1, 0, -1, -4, -3, -3},
    {0, -3, -3, -3, 9, -3, -4, -3, -3, -1, -1, -3, -1, -2, -3, -1, -1, -2, -2, -1},
    {-1, 1, 0, 0, -3, 5, 2, -2, 0, -3, -2, 1, 0, -3, -1, 0, -1, -2, -1, -2},
    {-1, 0, 0, 2, -4, 2, 5, -2, 0, -3, -3, 1, -2, -3, -1, 0, -1, -3, -2, -2},
    {0, -2, 0, -1, -3, -2, -2, 6, -2, -4, -4, -2, -3, -3, -2, 0, -2, -2, -3, -3},
    {-2, 0, 1, -1, -3, 0, 0, -2, 8, -3, -3, -1, -2, -1, -2, -1, -2, -2, 2, -3},
    {-1, -3, -3, -3, -1, -3, -3, -4, -3, 4, 2, -3, 1, 0, -3, -2, -1, -3, -1, 3},
    {-1, -2, -3, -4, -1, -2, -3, -4, -3, 2, 4, -2, 2, 0, -3, -2, -1, -2, -1, 1},
    {-1, 2, 0, -1, -3, 1, 1, -2, -1, -3, -2, 5, -1, -3, -1, 0, -1, -3, -2, -2},
    {-1, -1, -2, -3, -1, 0, -2, -3, -2, 1, 2, -1, 5, 0, -2, -1, -1, -1, -1, 1},
    {-2, -3, -3, -3, -2, -3, -3, -3, -1, 0, 0, -3, 0, 6, -4, -2, -2, 1, 3, -1},
    {-1, -2, -2, -1, -3, -1, -1, -2, -2, -3, -3, -1, -2, -4, 7, -1, -1, -4, -3, -2},
    {1, -1, 1, 0, -1, 0, 0, 0, -1, -2, -2, 0, -1, -2, -1, 4, 1, -3, -2, -2},
    {0, -1, 0, -1, -1, -1, -1, -2, -2, -1, -1, -1, -1, -2, -1, 1, 5, -2, -2, 0},
    {-3, -3, -4, -4, -2, -2, -3, -2, -2, -3, -2, -3, -1, 1, -4, -3, -2, 11, 2, -3},
    {-2, -2, -2, -3, -2, -1, -2, -3, 2, -1, -1, -2, -1, 3, -3, -2, -2, 2, 7, -1},
    {0, -3, -3, -3, -1, -2, -2, -3, -3, 3, 1, -2, 1, -1, -2, -2, 0, -3, -1, 4},
    {0, -1, -1, -1, -2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -2, 0, 0, -2, -1, -1},
}};
} // namespace

std::string to_string(encoding_kind k)
{
    return base::name_of(encoding_names, k);
}

encoding_kind parse_encoding(std::string_view name)
{
    return base::parse_name<encoding_kind>(
        encoding_names, name, "unknown encoding '" + std::string{name} + "' (expected onehot, blosum or both)");
}

int encoding_dim(encoding_kind k) noexcept
{
    switch (k)
    {
    case encoding_kind::onehot:
        return residue_count;
    case encoding_kind::blosum:
        return 20;
    case encoding_kind::both:
        return residue_count + 20;
    }
    return residue_count;
}

int blosum62(int a, int b) noexcept
{
    if (b == unknown_residue)
        std::swap(a, b);
    if (b == unknown_residue)
        return -1; // X vs X
    return blosum_table[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)];
}

std::vector<std::uint8_t> residues_from_letters(std::string_view seq)
{
    std::vector<std::uint8_t> out(seq.size());
    for (std::size_t i = 0; i < seq.size(); ++i)
    {
        int const r = residue_index(seq[i]);
        if (r < 0)
            throw input_error("residue " + std::to_string(i + 1) + ": invalid character '" + std::string(1, seq[i]) +
                              "' (expected an amino-acid letter)");
        out[i] = static_cast<std::uint8_t>(r);
    }
    return out;
}

void append_profile_features(std::span<float const> scores, double depth, std::vector<float> & out)
{
    // Not recorded (PSI-BLAST and MMseqs2 PSSMs, HHMs): NaN, which a "pssm+depth" model refuses
    // (nn::workspace) and a "pssm" model never reads.
    auto const depth_feature = depth > 0 ? static_cast<float>(std::min(1.0, std::log10(std::max(1.0, depth)) / 3.0))
                                         : std::numeric_limits<float>::quiet_NaN();
    auto const & bg = blosum62_background;
    auto const n = scores.size() / 20;
    out.reserve(out.size() + n * profile_dim);
    for (std::size_t i = 0; i < n; ++i)
    {
        auto const row = scores.subspan(i * 20, 20);
        std::array<double, 20> p{};
        double z = 0;
        for (std::size_t c = 0; c < 20; ++c)
        {
            out.push_back(static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(row[c])))));
            p[c] = bg[c] * std::exp2(static_cast<double>(row[c]) / 2.0);
            z += p[c];
        }
        double info = 0;
        for (std::size_t c = 0; c < 20; ++c)
            if (p[c] > 0)
                info += p[c] / z * std::log2(p[c] / z / bg[c]);
        out.push_back(static_cast<float>(info / 4.0));
        out.push_back(depth_feature);
    }
}

std::vector<float> no_homolog_features(std::span<std::uint8_t const> residues)
{
    std::vector<float> scores(residues.size() * 20, 0.0F);
    for (std::size_t i = 0; i < residues.size(); ++i)
        if (residues[i] != unknown_residue)
            for (int c = 0; c < 20; ++c)
                scores[i * 20 + static_cast<std::size_t>(c)] = static_cast<float>(blosum62(residues[i], c));
    std::vector<float> out;
    append_profile_features(scores, 1.0, out);
    return out;
}

template <typename scalar>
void encode_residue(encoding_kind k, int r, scalar * out) noexcept
{
    int pos = 0;
    if (k == encoding_kind::onehot || k == encoding_kind::both)
    {
        for (int i = 0; i < residue_count; ++i)
            out[i] = i == r ? scalar(1) : scalar(0);
        pos = residue_count;
    }
    if (k == encoding_kind::blosum || k == encoding_kind::both)
    {
        for (int i = 0; i < 20; ++i)
            out[pos + i] = static_cast<scalar>(blosum62(r, i)) / scalar(5);
    }
}

template void encode_residue<float>(encoding_kind, int, float *) noexcept;
template void encode_residue<double>(encoding_kind, int, double *) noexcept;

} // namespace ssrnn::encode
