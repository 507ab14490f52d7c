#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/eval/metrics.hpp>

#include <catch2/catch.hpp>

using namespace ssrnn;

TEST_CASE("Q8, Q3 and per-class scores from a hand-worked confusion", "[eval]")
{
    eval::metrics m;
    // truth H predicted H (3-state H), truth G predicted H (Q8 wrong, Q3 right),
    // truth E predicted C, truth C predicted C.
    m.add(0, 0, 0);
    m.add(1, 0, 0);
    m.add(3, 7, 2);
    m.add(7, 7, 2);
    m.add_record();
    CHECK(m.q8() == Approx(50.0));
    CHECK(m.q3() == Approx(75.0));
    CHECK(m.residues() == 4);
    auto const h = m.class8(0);
    CHECK(h.precision == Approx(0.5));
    CHECK(h.recall == Approx(1.0));
    CHECK(h.f1 == Approx(2.0 / 3.0));
    auto const j = m.to_json();
    CHECK(j["q8"] == Approx(50.0));
    CHECK(j["records"] == 1);
    CHECK(j["confusion"]["counts"][1][0] == 1);
    CHECK(j["per_class"]["E"]["recall"] == 0.0);
}

TEST_CASE("3-state probabilities are sums of the 8-state ones", "[eval]")
{
    std::array<float, 8> p{0.1F, 0.1F, 0.05F, 0.3F, 0.05F, 0.1F, 0.1F, 0.2F};
    auto const p3 = encode::to_ss3(p);
    CHECK(p3[0] == Approx(0.25));
    CHECK(p3[1] == Approx(0.35));
    CHECK(p3[2] == Approx(0.4));
    CHECK(encode::argmax(p3) == 2);
    CHECK(encode::argmax(p) == 3);
}
