// The training objective on its own: loss values by hand, gradients against finite differences.
#include <ssrnn/nn/objective.hpp>
#include <ssrnn/nn/random.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <tuple>

using namespace ssrnn;

namespace
{
std::array<double, 8> softmax(std::array<double, 8> z)
{
    double mx = z[0], sum = 0.0;
    for (double v : z)
        mx = std::max(mx, v);
    for (double & v : z)
        sum += v = std::exp(v - mx);
    for (double & v : z)
        v /= sum;
    return z;
}

std::array<double, 8> random_logits(nn::splitmix & rng)
{
    std::array<double, 8> z{};
    for (double & v : z)
        v = 4.0 * rng.uniform() - 2.0;
    return z;
}

//! `loss(p, scale, dlogits)` returns the loss of probabilities p and writes scale x its gradient
//! w.r.t. the logits; checks that gradient at logits `z` against central finite differences.
template <typename Loss>
void check_logit_gradient(std::array<double, 8> const & z, Loss const & loss)
{
    double const scale = 0.75;
    std::array<double, 8> d{}, unused{};
    loss(softmax(z), scale, d);
    for (std::size_t k = 0; k < 8; ++k)
    {
        double const h = 1e-6;
        auto up = z, down = z;
        up[k] += h;
        down[k] -= h;
        double const numeric = (loss(softmax(up), 1.0, unused) - loss(softmax(down), 1.0, unused)) / (2 * h);
        INFO("logit " << k);
        CHECK(d[k] == Approx(scale * numeric).margin(1e-8));
    }
}
} // namespace

TEST_CASE("objective: loss values by hand", "[nn][objective]")
{
    std::array<double, 8> const p = {0.4, 0.1, 0.05, 0.2, 0.05, 0.1, 0.05, 0.05};
    std::array<double, 8> d{};
    CHECK(nn::residue_loss<double>(p, 3, {}, 1.0, d) == Approx(-std::log(0.2)).epsilon(1e-15));
    // Smoothing e = 0.2: target 0.8 one-hot + 0.025 everywhere.
    double smooth = 0.0;
    for (int k = 0; k < 8; ++k)
        smooth -= ((k == 3 ? 0.8 : 0.0) + 0.025) * std::log(p[static_cast<std::size_t>(k)]);
    CHECK(nn::residue_loss<double>(p, 3, {0.2, 0.0}, 1.0, d) == Approx(smooth).epsilon(1e-14));
    // Q3 term for label E (index 3): E and B (indices 3, 4) sum to 0.25.
    CHECK(nn::residue_loss<double>(p, 3, {0.0, 0.5}, 1.0, d) ==
          Approx(-std::log(0.2) - 0.5 * std::log(0.25)).epsilon(1e-14));
    // The plain gradient is p - onehot, scaled.
    nn::residue_loss<double>(p, 0, {}, 2.0, d);
    CHECK(d[0] == Approx(2.0 * (0.4 - 1.0)));
    CHECK(d[5] == Approx(2.0 * 0.1));
}

TEST_CASE("objective: gradient w.r.t. the logits matches central finite differences", "[nn][objective]")
{
    auto const [e, w] =
        GENERATE(std::tuple{0.0, 0.0}, std::tuple{0.1, 0.0}, std::tuple{0.0, 1.0}, std::tuple{0.15, 0.7});
    nn::objective const obj{e, w};
    nn::splitmix rng{nn::hash_keys({7, static_cast<std::uint64_t>(e * 100), static_cast<std::uint64_t>(w * 100)})};
    for (int trial = 0; trial < 20; ++trial)
    {
        int const y = static_cast<int>(rng.below(8));
        INFO("e " << e << " w " << w << " label " << y);
        check_logit_gradient(random_logits(rng), [&](auto const & p, double scale, auto & d)
                             { return nn::residue_loss<double>(p, y, obj, scale, d); });
    }
}

TEST_CASE("objective: float and double agree, and the plain path is the general one with e = w = 0", "[nn][objective]")
{
    std::array<float, 8> const pf = {0.4F, 0.1F, 0.05F, 0.2F, 0.05F, 0.1F, 0.05F, 0.05F};
    std::array<double, 8> pd{};
    for (std::size_t k = 0; k < 8; ++k)
        pd[k] = pf[k];
    std::array<float, 8> df{};
    std::array<double, 8> dd{}, dg{};
    CHECK(nn::residue_loss<float>(pf, 6, {}, 1.0F, df) == Approx(nn::residue_loss<double>(pd, 6, {}, 1.0, dd)));
    // A vanishing smoothing takes the general path; it must agree with the plain one.
    CHECK(nn::residue_loss<double>(pd, 6, {1e-300, 0.0}, 1.0, dg) ==
          Approx(nn::residue_loss<double>(pd, 6, {}, 1.0, dd)));
    for (std::size_t k = 0; k < 8; ++k)
    {
        CHECK(static_cast<double>(df[k]) == Approx(dd[k]).epsilon(1e-6));
        CHECK(dg[k] == Approx(dd[k]).epsilon(1e-12));
    }
}

namespace
{
std::array<float, 8> random_distribution(nn::splitmix & rng)
{
    std::array<float, 8> q{};
    float sum = 0.0F;
    for (float & v : q)
        sum += v = static_cast<float>(std::exp(3.0 * rng.uniform()));
    for (float & v : q)
        v /= sum;
    return q;
}

} // namespace

TEST_CASE("objective: soft labels give the hard loss and gradient for a one-hot target", "[nn][objective][soft]")
{
    auto const [e, w] =
        GENERATE(std::tuple{0.0, 0.0}, std::tuple{0.1, 0.0}, std::tuple{0.0, 0.8}, std::tuple{0.2, 0.5});
    nn::objective const obj{e, w};
    std::array<double, 8> const p = {0.4, 0.1, 0.05, 0.2, 0.05, 0.1, 0.05, 0.05};
    for (int y = 0; y < 8; ++y)
    {
        std::array<float, 8> q{};
        q[static_cast<std::size_t>(y)] = 1.0F;
        std::array<double, 8> dh{}, ds{};
        double const hard = nn::residue_loss<double>(p, y, obj, 0.5, dh);
        double const soft = nn::residue_loss_soft<double>(p, q, obj, 0.5, ds);
        INFO("e " << e << " w " << w << " label " << y);
        CHECK(soft == Approx(hard).epsilon(1e-14));
        for (std::size_t k = 0; k < 8; ++k)
            CHECK(ds[k] == Approx(dh[k]).margin(1e-14));
    }
}

TEST_CASE("objective: the soft-label gradient matches central finite differences", "[nn][objective][soft]")
{
    auto const [e, w] =
        GENERATE(std::tuple{0.0, 0.0}, std::tuple{0.1, 0.0}, std::tuple{0.0, 1.0}, std::tuple{0.15, 0.7});
    nn::objective const obj{e, w};
    nn::splitmix rng{nn::hash_keys({11, static_cast<std::uint64_t>(e * 100), static_cast<std::uint64_t>(w * 100)})};
    for (int trial = 0; trial < 20; ++trial)
    {
        auto const q = random_distribution(rng);
        INFO("e " << e << " w " << w << " trial " << trial);
        check_logit_gradient(random_logits(rng), [&](auto const & p, double scale, auto & d)
                             { return nn::residue_loss_soft<double>(p, q, obj, scale, d); });
    }
}

TEST_CASE("objective: the soft loss is smallest where the prediction is the teacher", "[nn][objective][soft]")
{
    // KL(q || p) = loss(p) - loss(q) >= 0, zero only at p = q: the gradient vanishes at p = q.
    nn::splitmix rng{nn::hash_keys({12})};
    auto const q = random_distribution(rng);
    std::array<double, 8> pq{};
    for (std::size_t k = 0; k < 8; ++k)
        pq[k] = q[k];
    std::array<double, 8> d{};
    double const at_teacher = nn::residue_loss_soft<double>(pq, q, {}, 1.0, d);
    for (double v : d)
        CHECK(v == Approx(0.0).margin(1e-7));
    for (int trial = 0; trial < 20; ++trial)
    {
        auto const other = random_distribution(rng);
        std::array<double, 8> po{};
        for (std::size_t k = 0; k < 8; ++k)
            po[k] = other[k];
        CHECK(nn::residue_loss_soft<double>(po, q, {}, 1.0, d) > at_teacher);
    }
}
