#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/eval/scorer.hpp>
#include <ssrnn/eval/sov.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace
{
//! 3-state string to indices; '-' = not scored.
std::vector<std::int8_t> states(std::string const & s)
{
    std::vector<std::int8_t> v;
    for (char c : s)
        v.push_back(c == '-' ? std::int8_t{-1} : static_cast<std::int8_t>(ssrnn::encode::ss3_letters.find(c)));
    return v;
}
double sov(std::string const & truth, std::string const & pred)
{
    return ssrnn::eval::sov99(states(truth), states(pred)).percent();
}
} // namespace

TEST_CASE("SOV'99 on hand-worked cases", "[eval][sov]")
{
    // Identical strings.
    CHECK(sov("CCHHHHEEEC", "CCHHHHEEEC") == Approx(100.0));
    // Boundary shifts are forgiven by delta: H (6 vs 4): minov 4, maxov 6, delta min(2,4,3,2) = 2 -> 6/6*6;
    // each C end segment (2 vs 3): minov 2, maxov 3, delta 1 -> 3/3*2. SOV 100 while Q3 is 80.
    CHECK(sov("CCHHHHHHCC", "CCCHHHHCCC") == Approx(100.0));
    // A helix broken in two: two pairs, each (4 + min(6, 4, 5, 2)) / 10 * 10 = 6; N counts s1 twice: 12 / 20.
    CHECK(sov("HHHHHHHHHH", "HHHHCCHHHH") == Approx(60.0));
    // No overlap of the same state: the observed segment only adds to N.
    CHECK(sov("HHHH", "EEEE") == Approx(0.0));
    // Short segments: truth HHHCCC, pred HCCCCC. H: minov 1, maxov 3, delta min(2, 1, 1, 0) = 0 -> 1/3*3 = 1.
    // C: s1 = 3..5 (3), s2 = 1..5 (5): minov 3, maxov 5, delta min(2, 3, 1, 2) = 1 -> 4/5*3 = 2.4. (1 + 2.4) / 6.
    CHECK(sov("HHHCCC", "HCCCCC") == Approx(100.0 * 3.4 / 6.0));
    // An unscored residue ends segments in both strings: the two halves are scored separately.
    CHECK(sov("HHHH-HHHH", "HHHHHHHHH") == Approx(100.0));
    CHECK(ssrnn::eval::sov99(states("HHHH-HHHH"), states("HHHHHHHHH")).norm == Approx(8.0));
    // Nothing scored: nothing to add.
    CHECK(ssrnn::eval::sov99(states("---"), states("HHH")).norm == 0.0);
}

TEST_CASE("per-protein averages and calibration tables", "[eval][calibration]")
{
    using namespace ssrnn::eval;
    // Two one-residue-class records: the first all right, the second half right.
    std::vector<std::int8_t> t1{0, 0}, p1{0, 0}, t2{3, 3, 3, 3}, p2{3, 3, 7, 7};
    std::vector<std::int8_t> q1{0, 0}, q2{1, 1, 2, 2};
    std::vector<float> prob3a{0.95F, 0.03F, 0.02F, 0.95F, 0.03F, 0.02F};
    std::vector<float> prob3b{0.1F, 0.85F, 0.05F, 0.1F, 0.85F, 0.05F, 0.2F, 0.25F, 0.55F, 0.2F, 0.25F, 0.55F};
    scorer sc;
    sc.add({t1, p1, q1, {}, prob3a, {}});
    sc.add({t2, p2, q2, {}, prob3b, {}});
    auto const j = sc.to_json();
    CHECK(j["q3"].get<double>() == Approx(100.0 * 4 / 6));
    CHECK(j["per_protein"]["q3"].get<double>() == Approx((100.0 + 50.0) / 2));
    CHECK(j["per_protein"]["records"] == 2);
    auto const & bins = j["calibration3"]["bins"];
    CHECK(bins[9]["count"] == 2); // the two 0.95s, both right
    CHECK(bins[9]["accuracy"].get<double>() == Approx(1.0));
    CHECK(bins[8]["count"] == 2); // the two 0.85s, both right
    CHECK(bins[5]["count"] == 2); // the two 0.55s, both wrong
    CHECK(bins[5]["accuracy"].get<double>() == Approx(0.0));
    // ECE = sum over bins |correct - sum of confidences| / n.
    double const ece = (std::abs(2 - 1.9) + std::abs(2 - 1.7) + std::abs(0 - 1.1)) / 6 * 100;
    CHECK(j["calibration3"]["ece"].get<double>() == Approx(ece).epsilon(1e-6));
    CHECK_FALSE(j.contains("calibration8"));
}
