#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/encode/msa_profile.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace ssrnn;

namespace
{
float score(encode::msa_profile const & p, std::size_t pos, char residue)
{
    return p.scores[pos * 20 + encode::residue_letters.find(residue)];
}
//! P(a | b) from BLOSUM62, as docs/profiles.md defines it.
double conditional(int a, int b)
{
    auto const & bg = encode::blosum62_background;
    double z = 0;
    for (int c = 0; c < 20; ++c)
        z += bg[static_cast<std::size_t>(c)] * std::exp2(encode::blosum62(c, b) / 2.0);
    return bg[static_cast<std::size_t>(a)] * std::exp2(encode::blosum62(a, b) / 2.0) / z;
}
} // namespace

TEST_CASE("msa profile: a lone query is its pseudo-counts, and copies of it add nothing", "[encode][msa]")
{
    std::vector<std::string> const one{"WAKV"};
    auto const p = encode::profile_from_alignment(one);
    CHECK(p.sequences == 1);
    CHECK(p.neff == Approx(1.0));
    REQUIRE(p.scores.size() == 4 * 20);
    // Neff 1: tau = 1.1 / (1 + 1 / 4.1); p(a) = (1 - tau) [a = W] + tau P(a | W)
    double const tau = 1.1 / (1.0 + 1.0 / 4.1);
    int const w = encode::residue_index('W'), a = encode::residue_index('A');
    auto const expect = [&](int x)
    {
        double const prob = (x == w ? 1.0 - tau : 0.0) + tau * conditional(x, w);
        return static_cast<float>(std::clamp(
            std::round(2.0 * std::log2(prob / encode::blosum62_background[static_cast<std::size_t>(x)])), -20.0, 20.0));
    };
    CHECK(score(p, 0, 'W') == expect(w));
    CHECK(score(p, 0, 'A') == expect(a));
    CHECK(score(p, 0, 'W') > score(p, 0, 'Y'));
    CHECK(score(p, 0, 'Y') > score(p, 0, 'D'));

    std::vector<std::string> const copies{"WAKV", "WAKV", "WAKV"};
    auto const c = encode::profile_from_alignment(copies);
    CHECK(c.sequences == 3);
    CHECK(c.neff == Approx(1.0));
    CHECK(c.scores == p.scores);
}

TEST_CASE("msa profile: variation spreads a column, gaps and unknown letters add no frequency", "[encode][msa]")
{
    std::vector<std::string> const rows{"LAKV", "IAKV", "VAR-", "MAKX", "FAEV"};
    auto const p = encode::profile_from_alignment(rows);
    CHECK(p.neff > 1.5);
    // column 1 is conserved (A), column 0 varies among hydrophobics
    CHECK(score(p, 1, 'A') > score(p, 0, 'L'));
    CHECK(score(p, 0, 'I') > 0);
    CHECK(score(p, 0, 'V') > 0);
    CHECK(score(p, 0, 'D') < 0);
    // column 3: V three times, a gap and an X: V dominates as much as a column of V alone would allow
    CHECK(score(p, 3, 'V') > score(p, 3, 'I'));
    std::vector<std::string> const lone{"LAKV"};
    auto const q = encode::profile_from_alignment(lone);
    CHECK(score(p, 0, 'L') < score(q, 0, 'L')); // homologs with other residues lower the query's own
    for (auto s : p.scores)
        CHECK((s >= -20 && s <= 20 && s == std::round(s)));
}
