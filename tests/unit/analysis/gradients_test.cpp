// The BPTT claims as tested facts: the forget-gate highway, vanishing and exploding gradients.
#include <ssrnn/analysis/gradients.hpp>
#include <ssrnn/error.hpp>

#include <catch2/catch.hpp>

#include <cmath>

using namespace ssrnn;

TEST_CASE("with clamped gates the LSTM cell-state gradient decays exactly as F^d", "[analysis][flow]")
{
    analysis::flow_config c;
    c.steps = 50; // d = 0..50: d = 50 is the initial state c_{-1}
    c.input_gate = 0.5;
    c.forget_gate = 1.0;
    auto const keep = analysis::gradient_flow(c);
    REQUIRE(keep.size() == 51);
    for (double g : keep)
        CHECK(g == Approx(keep[0]).epsilon(1e-12));
    c.forget_gate = 0.99;
    auto const decay = analysis::gradient_flow(c);
    for (std::size_t d = 0; d < decay.size(); ++d)
        CHECK(decay[d] / decay[0] == Approx(std::pow(0.99, static_cast<double>(d))).epsilon(1e-10));
    CHECK(decay[50] / decay[0] == Approx(0.605006).epsilon(1e-6));
}

TEST_CASE("a plain RNN's gradient vanishes below spectral radius 1 and explodes above", "[analysis][flow]")
{
    analysis::flow_config c;
    c.cell = nn::cell_kind::rnn;
    c.steps = 51;
    c.input_scale = 0.0; // the state stays at 0, so each step's Jacobian is exactly W_hh^T
    c.spectral_radius = 0.5;
    auto const v = analysis::gradient_flow(c);
    CHECK(v[50] / v[0] < 1e-12);
    c.spectral_radius = 1.5;
    auto const e = analysis::gradient_flow(c);
    CHECK(e[50] / e[0] > 1e6);
    c.cell = nn::cell_kind::gru;
    c.forget_gate = 0.5;
    CHECK_THROWS_AS(analysis::gradient_flow(c), config_error);
}

TEST_CASE("gradient check passes for every cell type", "[analysis][check]")
{
    for (auto cell : {nn::cell_kind::lstm, nn::cell_kind::gru, nn::cell_kind::rnn})
    {
        nn::architecture a;
        a.cell = cell;
        a.hidden = 3;
        for (auto const & row : analysis::gradient_check(a, {5, 3}, 0.2F, 2))
        {
            INFO(nn::to_string(cell) << ' ' << row.tensor);
            CHECK(row.max_rel_error < 1e-6);
        }
    }
}

TEST_CASE("truncation drops exactly the long-range terms, K >= T changes nothing", "[analysis][truncation]")
{
    for (auto cell : {nn::cell_kind::lstm, nn::cell_kind::gru, nn::cell_kind::rnn})
    {
        analysis::flow_config c;
        c.cell = cell;
        c.hidden = 8;
        c.steps = 30;
        auto const rows = analysis::truncation_analysis(c, {1, 4, 29, 30, 50});
        REQUIRE(rows.size() == 5);
        for (auto const & r : rows)
        {
            INFO(nn::to_string(cell) << " K=" << r.k);
            CHECK(r.identity_error < 1e-12);
            if (r.k >= 30)
            {
                CHECK(r.rel_diff == 0.0);
                CHECK(r.truncated_norm == r.full_norm);
            }
            else
                CHECK(r.rel_diff > 0.0);
        }
        CHECK(rows[0].rel_diff > rows[2].rel_diff); // shorter K, larger bias
    }
}

TEST_CASE("forward mode and reverse mode give the same gradient, forward needs one pass per parameter",
          "[analysis][modes]")
{
    for (auto cell : {nn::cell_kind::lstm, nn::cell_kind::gru, nn::cell_kind::rnn})
    {
        analysis::flow_config c;
        c.cell = cell;
        c.steps = 12;
        auto const rows = analysis::mode_comparison(c, {3, 6});
        REQUIRE(rows.size() == 2);
        for (auto const & r : rows)
        {
            INFO(nn::to_string(cell) << " H=" << r.hidden);
            CHECK(r.max_rel_diff < 1e-12);
            CHECK(r.forward_passes == r.params);
            CHECK(r.reverse_passes == 1);
        }
        CHECK(rows[1].params > rows[0].params);
    }
}
