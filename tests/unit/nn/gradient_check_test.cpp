// Gradient checks: analytic BPTT gradients against central finite differences in double precision.
#include <ssrnn/analysis/gradients.hpp>
#include <ssrnn/nn/network.hpp>
#include <ssrnn/nn/random.hpp>
#include <ssrnn/nn/workspace.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <utility>
#include <vector>

using namespace ssrnn;

namespace
{
struct toy_batch
{
    std::vector<std::vector<std::uint8_t>> res;
    std::vector<std::vector<std::int8_t>> lab;
    std::vector<nn::sequence_input> in;
};

toy_batch make_batch(std::vector<int> const & lengths, std::uint64_t seed)
{
    toy_batch b;
    nn::splitmix rng{seed};
    for (int len : lengths)
    {
        std::vector<std::uint8_t> r(static_cast<std::size_t>(len));
        std::vector<std::int8_t> l(static_cast<std::size_t>(len));
        for (int i = 0; i < len; ++i)
        {
            r[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(rng.below(21));
            l[static_cast<std::size_t>(i)] = i % 5 == 3 ? std::int8_t{-1} : static_cast<std::int8_t>(rng.below(8));
        }
        b.res.push_back(std::move(r));
        b.lab.push_back(std::move(l));
    }
    for (std::size_t k = 0; k < b.res.size(); ++k)
        b.in.push_back({b.res[k], b.lab[k], k, {}, {}});
    return b;
}

//! Every tensor's analytic gradient agrees with finite differences (analysis::gradient_check).
void check_all(nn::architecture const & a, std::vector<int> const & lengths, float dropout,
               nn::objective const & obj = {}, bool soft = false, float recurrent_dropout = 0.0F)
{
    for (auto const & row : analysis::gradient_check(a, lengths, dropout, 7, obj, soft, recurrent_dropout))
    {
        INFO("tensor " << row.tensor);
        CHECK(row.max_rel_error < 1e-6);
    }
}
} // namespace

TEST_CASE("BPTT gradients match finite differences for every tensor", "[nn][gradient]")
{
    nn::architecture a;
    a.hidden = 3;
    a.layers = 2;
    SECTION("one-hot input, variable lengths, no dropout")
    {
        check_all(a, {7, 4, 4, 1}, 0.0F);
    }
    SECTION("both encodings, dropout between layers")
    {
        a.encoding = encode::encoding_kind::both;
        check_all(a, {6, 3}, 0.3F);
    }
    SECTION("GRU cells")
    {
        a.cell = nn::cell_kind::gru;
        check_all(a, {7, 4, 4, 1}, 0.2F);
    }
    SECTION("plain tanh RNN cells")
    {
        a.cell = nn::cell_kind::rnn;
        check_all(a, {7, 4, 4, 1}, 0.2F);
    }
    SECTION("label smoothing and the joint Q8 + Q3 objective")
    {
        check_all(a, {7, 4, 1}, 0.2F, {0.1, 0.5});
        check_all(a, {5, 3}, 0.0F, {0.0, 1.0});
        check_all(a, {5, 3}, 0.0F, {0.2, 0.0});
    }
    SECTION("soft labels (distillation), plain and with smoothing and the Q3 term")
    {
        check_all(a, {7, 4, 1}, 0.2F, {}, true);
        check_all(a, {6, 3}, 0.0F, {0.1, 0.5}, true);
    }
    SECTION("recurrent dropout (dropped W_hh weights) for every cell, with dropout and soft labels")
    {
        check_all(a, {7, 4, 4, 1}, 0.0F, {}, false, 0.3F);
        check_all(a, {6, 3}, 0.2F, {0.1, 0.5}, true, 0.5F);
        a.cell = nn::cell_kind::gru;
        check_all(a, {7, 4, 1}, 0.2F, {}, false, 0.3F);
        a.cell = nn::cell_kind::rnn;
        check_all(a, {7, 4, 1}, 0.2F, {}, false, 0.3F);
    }
    SECTION("single layer, single sequence")
    {
        a.layers = 1;
        check_all(a, {9}, 0.0F);
    }
}

TEST_CASE("the loss is the masked cross-entropy of the softmax, plus the optional smoothing and Q3 terms", "[nn]")
{
    // (e, w) = (0, 0) is plain -log p(y); e smooths the target, w adds -w log P(3-state group of y).
    auto const [e, w] = GENERATE(std::pair{0.0, 0.0}, std::pair{0.1, 0.7}, std::pair{0.0, 1.0});
    nn::architecture a;
    a.hidden = 4;
    a.layers = 1;
    nn::network<double> net{a};
    net.init(2);
    auto const b = make_batch({6, 4}, 3);
    nn::workspace<double> ws;
    std::vector<double> g(net.params().size());
    auto const s = ws.forward_backward(net, b.in, {}, 1.0, g, 0, {e, w});
    double expect = 0.0;
    std::size_t count = 0;
    std::vector<double> p(6 * 8);
    for (int k = 0; k < 2; ++k)
    {
        ws.sequence_probabilities(k, p);
        for (std::size_t i = 0; i < b.lab[static_cast<std::size_t>(k)].size(); ++i)
        {
            double sum = 0;
            for (int c = 0; c < 8; ++c)
                sum += p[i * 8 + static_cast<std::size_t>(c)];
            CHECK(sum == Approx(1.0).epsilon(1e-12));
            auto const y = b.lab[static_cast<std::size_t>(k)][i];
            if (y < 0)
                continue;
            ++count;
            double p3 = 0.0;
            for (int c = 0; c < 8; ++c)
            {
                double const pc = p[i * 8 + static_cast<std::size_t>(c)];
                expect -= ((c == y ? 1.0 - e : 0.0) + e / 8) * std::log(pc);
                // H = HGI (0..2), E = EB (3..4), C = TSC (5..7)
                int const g3 = c < 3 ? 0 : c < 5 ? 1 : 2;
                int const y3 = y < 3 ? 0 : y < 5 ? 1 : 2;
                p3 += g3 == y3 ? pc : 0.0;
            }
            expect -= w * std::log(p3);
        }
    }
    CHECK(s.count == count);
    CHECK(s.loss == Approx(expect).epsilon(1e-12));
}

TEST_CASE("truncated BPTT with K >= T is exactly full BPTT, shorter K drops long-range terms", "[nn][bptt]")
{
    nn::architecture a;
    a.cell = GENERATE(nn::cell_kind::lstm, nn::cell_kind::gru, nn::cell_kind::rnn);
    a.hidden = 4;
    a.layers = 2;
    nn::network<double> net{a};
    net.init(3);
    auto const b = make_batch({12, 7, 3}, 5);
    auto grad_for = [&](int k)
    {
        nn::workspace<double> ws;
        std::vector<double> g(net.params().size(), 0.0);
        ws.forward_backward(net, b.in, {}, 1.0, g, k);
        return g;
    };
    auto const full = grad_for(0);
    CHECK(grad_for(12) == full);
    CHECK(grad_for(100) == full);
    auto const k5 = grad_for(5);
    CHECK(k5 != full);
    // The output layer sees no recurrence: its gradient is the same under truncation.
    auto const & out = net.tensors()[net.tensors().size() - 2];
    for (std::size_t i = 0; i < out.size(); ++i)
        CHECK(k5[out.offset + i] == full[out.offset + i]);
}

TEST_CASE("truncated BPTT with recomputation: same gradient, activations bounded by the chunk", "[nn][bptt]")
{
    nn::architecture a;
    a.hidden = 5;
    a.layers = 1;
    nn::network<double> net{a};
    net.init(11);
    std::vector<int> const lengths{23, 17, 9, 2};
    auto const lay = nn::make_layout(lengths);
    nn::splitmix rng{7};
    auto random = [&](Eigen::Index r, Eigen::Index c)
    {
        nn::matrix<double> m(r, c);
        for (Eigen::Index j = 0; j < m.size(); ++j)
            m.data()[j] = static_cast<double>(rng.below(2001)) / 1000.0 - 1.0;
        return m;
    };
    auto const x = random(a.input_dim(), lay.total());
    auto const dh = random(a.hidden, lay.total());
    for (int k : {1, 2, 3, 5, 8, 22})
    {
        INFO("K = " << k);
        auto run = [&](int chunk, nn::recurrent_state<double> & st, nn::matrix<double> & dx)
        {
            st.chunk = chunk;
            nn::cell_forward(net, 0, 0, lay, x, st);
            std::vector<double> g(net.params().size(), 0.0);
            nn::cell_backward(net, 0, 0, lay, x, dh, st, std::span<double>(g), &dx, k);
            return g;
        };
        nn::recurrent_state<double> stored, recomputed;
        nn::matrix<double> dx_stored, dx_recomputed;
        auto const g_stored = run(0, stored, dx_stored);
        auto const g_recomputed = run(k, recomputed, dx_recomputed);
        CHECK((recomputed.h - stored.h).cwiseAbs().maxCoeff() < 1e-12);
        CHECK((dx_recomputed - dx_stored).cwiseAbs().maxCoeff() < 1e-12);
        for (std::size_t i = 0; i < g_stored.size(); ++i)
            REQUIRE(g_recomputed[i] == Approx(g_stored[i]).margin(1e-12));
        // Gates and cell states of at most one chunk are held (k steps of at most 4 sequences).
        CHECK(stored.gates.cols() == lay.total());
        CHECK(recomputed.gates.cols() <= 4 * k);
        CHECK(recomputed.c.cols() <= 4 * k);
    }
}

TEST_CASE("prediction keeps LSTM gates one chunk at a time and gives the same probabilities bit for bit", "[nn]")
{
    // forward() is the prediction path: chunks of 256 steps, the reverse direction's input gathered
    // per chunk, outputs freed layer by layer and the last layer's sent straight into the logits;
    // forward_backward's forward pass (training, full BPTT) keeps everything and chunks nothing.
    // Lengths cross chunk ends; 1 to 3 layers and every cell kind.
    auto const cell = GENERATE(nn::cell_kind::lstm, nn::cell_kind::gru, nn::cell_kind::rnn);
    auto const layers = GENERATE(1, 2, 3);
    nn::architecture a;
    a.cell = cell;
    a.hidden = 16;
    a.layers = layers;
    nn::network<float> net{a};
    net.init(5);
    auto b = make_batch({700, 513, 256, 40}, 9);
    nn::workspace<float> predict, train;
    predict.forward(net, b.in);
    std::vector<float> grad(net.params().size());
    train.forward_backward(net, b.in, {}, 1.0F, grad);
    for (int k = 0; k < 4; ++k)
    {
        auto const n = b.res[static_cast<std::size_t>(k)].size() * 8;
        std::vector<float> p(n), q(n);
        predict.sequence_probabilities(k, p);
        train.sequence_probabilities(k, q);
        INFO("layers " << layers << ", cell " << static_cast<int>(cell) << ", sequence " << k);
        CHECK(p == q);
    }
}
