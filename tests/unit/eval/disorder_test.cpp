// Disorder scores: MCC, precision, recall, balanced accuracy and AUC on hand-counted examples; the
// threshold search; the terminal/internal split and the distance-to-the-end baseline.
#include <ssrnn/eval/disorder.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace ssrnn;

TEST_CASE("disorder scores: confusion, MCC, AUC with ties", "[eval][disorder]")
{
    std::vector<float> const p{0.9F, 0.8F, 0.3F, 0.6F, 0.1F, 0.3F};
    std::vector<std::uint8_t> const y{1, 1, 1, 0, 0, 0};
    auto const s = eval::score_disorder(p, y, 0.5);
    CHECK(s.tp == 2);
    CHECK(s.fn == 1);
    CHECK(s.fp == 1);
    CHECK(s.tn == 2);
    CHECK(s.precision == Approx(2.0 / 3));
    CHECK(s.recall == Approx(2.0 / 3));
    CHECK(s.balanced_accuracy == Approx(2.0 / 3));
    CHECK(s.mcc == Approx((2.0 * 2 - 1.0 * 1) / 9.0)); // (tp tn - fp fn) / sqrt(3^4)
    // AUC: of the 9 (positive, negative) pairs, 7 ordered right, one tie (0.3, 0.3) counting half, one wrong
    CHECK(s.auc == Approx(7.5 / 9));
    // perfect and chance
    CHECK(eval::score_disorder(std::vector<float>{0.9F, 0.1F}, std::vector<std::uint8_t>{1, 0}, 0.5).mcc == 1.0);
    CHECK(eval::score_disorder(std::vector<float>{0.5F, 0.5F}, std::vector<std::uint8_t>{1, 0}, 0.5).auc == 0.5);
    // no positive: every ratio 0, no NaN
    auto const z = eval::score_disorder(std::vector<float>{0.2F}, std::vector<std::uint8_t>{0}, 0.5);
    CHECK(z.mcc == 0.0);
    CHECK(z.auc == 0.0);
}

TEST_CASE("disorder scores: the best-MCC threshold separates a separable set", "[eval][disorder]")
{
    std::vector<float> const p{0.05F, 0.12F, 0.2F, 0.31F, 0.47F, 0.52F, 0.9F};
    std::vector<std::uint8_t> const y{0, 0, 0, 1, 1, 1, 1};
    auto const t = eval::best_mcc_threshold(p, y);
    CHECK(t > 0.2);
    CHECK(t <= 0.31);
    CHECK(eval::score_disorder(p, y, t).mcc == Approx(1.0));
}

TEST_CASE("disorder evaluation: terminal and internal residues, baseline, calibration", "[eval][disorder]")
{
    eval::disorder_evaluation ev;
    // 30 residues: the first 3 disordered (terminal), one internal disordered residue at 15
    std::vector<float> p(30, 0.05F);
    std::vector<std::uint8_t> y(30, 0);
    for (int i = 0; i < 3; ++i)
    {
        p[static_cast<std::size_t>(i)] = 0.95F;
        y[static_cast<std::size_t>(i)] = 1;
    }
    p[15] = 0.85F;
    y[15] = 1;
    ev.add_record(p, y);
    auto const j = ev.to_json(0.5);
    CHECK(j["all"]["mcc"].get<double>() == Approx(1.0));
    CHECK(j["terminal"]["residues"].get<int>() == 2 * eval::terminal_window);
    CHECK(j["terminal"]["disordered"].get<int>() == 3);
    CHECK(j["internal"]["disordered"].get<int>() == 1);
    // the baseline ranks the chain ends first: it misses the internal residue
    CHECK(j["baseline"]["auc"].get<double>() < 1.0);
    CHECK(j["baseline"]["auc"].get<double>() > 0.5);
    int residues = 0;
    for (auto const & b : j["calibration"])
        residues += b["residues"].get<int>();
    CHECK(residues == 30);
    CHECK(j["calibration"][9]["observed"].get<double>() == 1.0);
    CHECK_THAT(ev.to_text(0.5), Catch::Contains("baseline"));
}
