// The disorder head: model files of format version 2 carry it (models and ensembles), version 1
// files keep loading without it, damaged heads are refused, and the head never changes the 8-state
// probabilities.
#include <ssrnn/error.hpp>
#include <ssrnn/io/container_file.hpp>
#include <ssrnn/nn/ensemble.hpp>
#include <ssrnn/nn/model.hpp>
#include <ssrnn/predict/predictor.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ssrnn;

namespace
{
std::string tmp_path(std::string const & name)
{
    return (std::filesystem::temp_directory_path() / ("ssrnn_dhead_" + std::to_string(::getpid()) + "_" + name))
        .string();
}

nn::network<float> small_net(std::uint64_t seed = 42)
{
    nn::architecture a;
    a.hidden = 6;
    a.layers = 2;
    a.encoding = encode::encoding_kind::blosum;
    nn::network<float> n{a};
    n.init(seed);
    return n;
}

nn::disorder_head small_head(int width, float threshold = 0.3F)
{
    auto h = nn::make_disorder_head(3, width);
    for (Eigen::Index i = 0; i < h.w1.size(); ++i)
        h.w1.data()[i] = static_cast<float>(std::sin(0.7 * static_cast<double>(i)));
    h.b1 << 0.1F, -0.2F, 0.3F;
    h.w2 << 1.5F, -0.5F, 0.8F;
    h.b2 = -1.0F;
    h.threshold = threshold;
    return h;
}

std::uint32_t version_of(std::string const & path)
{
    std::ifstream in(path, std::ios::binary);
    char b[12] = {};
    in.read(b, 12);
    std::uint32_t v = 0;
    std::memcpy(&v, b + 8, 4);
    return v;
}

std::vector<std::vector<std::uint8_t>> sequences()
{
    return {{0, 4, 7, 9, 12, 3, 3, 1, 19, 5}, {2, 2, 8}, {10, 11, 12, 13, 14, 15, 16}};
}
} // namespace

TEST_CASE("disorder head: saved as format version 2, loaded back exactly; the network unchanged", "[nn][disorder]")
{
    auto const net = small_net();
    auto const head = small_head(12);
    auto const plain = tmp_path("plain.ssrnn"), with = tmp_path("with.ssrnn");
    nn::save_model(plain, net, {{"seed", 1}});
    nn::save_model(with, net, {{"seed", 1}}, &head);
    CHECK(version_of(plain) == 1);
    CHECK(version_of(with) == 2);
    auto const a = nn::load_model(plain);
    auto const b = nn::load_model(with);
    CHECK(!a.disorder);
    REQUIRE(b.disorder);
    CHECK(b.disorder->w1 == head.w1);
    CHECK(b.disorder->b1 == head.b1);
    CHECK(b.disorder->w2 == head.w2);
    CHECK(b.disorder->b2 == head.b2);
    CHECK(b.disorder->threshold == head.threshold);
    CHECK(b.net.params() == net.params());

    // Prediction: the same 8-state probabilities with and without the head; P(disordered) as the
    // head's formula gives it from the top layer's states.
    auto const seqs = sequences();
    std::vector<std::vector<float>> d;
    auto const p0 = predict::predict_probabilities(a.net, seqs, 1);
    auto const p1 = predict::predict_probabilities(b.net, seqs, 2, 32, 16384, false, {}, &*b.disorder, &d);
    CHECK(p0 == p1);
    REQUIRE(d.size() == seqs.size());
    for (std::size_t k = 0; k < seqs.size(); ++k)
    {
        REQUIRE(d[k].size() == seqs[k].size());
        for (float p : d[k])
            CHECK((p > 0.0F && p < 1.0F));
    }
    // independent of grouping and threads
    std::vector<std::vector<float>> d1;
    (void)predict::predict_probabilities(b.net, seqs, 1, 1, 16384, false, {}, &*b.disorder, &d1);
    for (std::size_t k = 0; k < seqs.size(); ++k)
        for (std::size_t t = 0; t < d[k].size(); ++t)
            CHECK(d1[k][t] == Approx(d[k][t]).margin(1e-6));

    // an ensemble without heads gives no disorder; one with heads averages its members'
    nn::ensemble e1 = nn::load_ensemble({plain});
    std::vector<std::vector<float>> none{{1.0F}};
    (void)predict::predict_probabilities(e1, seqs, 1, false, {}, &none);
    CHECK(none.empty());
    std::filesystem::remove(plain);
    std::filesystem::remove(with);
}

TEST_CASE("disorder head: ensembles carry one per member and the ensemble's threshold", "[nn][disorder]")
{
    auto const width = 12;
    std::vector<nn::model> members;
    members.push_back({small_net(1), {{"provenance", {{"seed", 1}}}}, small_head(width, 0.2F)});
    members.push_back({small_net(2), {{"provenance", {{"seed", 2}}}}, small_head(width, 0.4F)});
    auto const path = tmp_path("ens.ssrnn");
    nn::save_ensemble(path, members, 0.35F);
    CHECK(version_of(path) == 2);
    auto const e = nn::load_ensemble({path});
    REQUIRE(nn::has_disorder(e));
    CHECK(nn::disorder_threshold(e) == Approx(0.35));
    CHECK(e.members[1].disorder->threshold == Approx(0.4));
    auto const seqs = sequences();
    std::vector<std::vector<float>> d, d0, d1;
    (void)predict::predict_probabilities(e, seqs, 1, false, {}, &d);
    (void)predict::predict_probabilities(e.members[0].net, seqs, 1, 32, 16384, false, {}, &*e.members[0].disorder, &d0);
    (void)predict::predict_probabilities(e.members[1].net, seqs, 1, 32, 16384, false, {}, &*e.members[1].disorder, &d1);
    for (std::size_t k = 0; k < seqs.size(); ++k)
        for (std::size_t t = 0; t < seqs[k].size(); ++t)
            CHECK(d[k][t] == Approx((d0[k][t] + d1[k][t]) / 2).margin(1e-6));
    // without the ensemble's own threshold: the mean of the members'
    nn::save_ensemble(path, members);
    CHECK(nn::disorder_threshold(nn::load_ensemble({path})) == Approx(0.3));
    // a member without a head: a version 1 file without any
    members[1].disorder.reset();
    nn::save_ensemble(path, members);
    CHECK(version_of(path) == 1);
    CHECK(!nn::has_disorder(nn::load_ensemble({path})));
    std::filesystem::remove(path);
}

TEST_CASE("disorder head: damaged files are refused with the reason", "[nn][disorder]")
{
    auto const net = small_net();
    auto const head = small_head(12);
    auto const path = tmp_path("bad.ssrnn");
    auto expect = [&](nlohmann::json header, std::vector<nn::tensor_out> tensors, std::string const & why)
    {
        io::write_container(path, header, tensors);
        try
        {
            (void)nn::load_ensemble({path});
            FAIL("loaded: " + why);
        }
        catch (model_format_error const & e)
        {
            CHECK_THAT(e.what(), Catch::Contains(why));
        }
    };
    auto header = nn::file_header("model");
    header["architecture"] = nn::to_json(net.arch());
    header["provenance"] = nlohmann::json::object();
    auto t = nn::network_tensors(net);
    auto const d = nn::disorder_tensors(head);
    // head tensors in a file without a 'disorder' object (version 1)
    auto both = t;
    both.insert(both.end(), d.begin(), d.end());
    expect(header, both, "unknown tensor 'disorder.");
    // a 'disorder' object without its tensors
    auto h2 = header;
    h2["disorder"] = nn::disorder_json(head);
    expect(h2, t, "missing tensor 'disorder.w1'");
    // a wrong shape
    auto wrong = t;
    wrong.insert(wrong.end(), d.begin(), d.end());
    wrong[wrong.size() - 4].cols = 11;
    wrong[wrong.size() - 4].data = wrong[wrong.size() - 4].data.first(33);
    expect(h2, wrong, "has shape [3, 11], expected [3, 12]");
    // a threshold outside (0, 1)
    auto h3 = h2;
    h3["disorder"]["threshold"] = 1.5;
    expect(h3, both, "threshold must be in (0, 1)");
    // version 2 claimed by a file without a head
    io::write_container(path, header, t);
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(8);
        std::uint32_t const v = 2;
        f.write(reinterpret_cast<char const *>(&v), 4);
    }
    try
    {
        (void)nn::load_model(path);
        FAIL("loaded a version 2 file without a head");
    }
    catch (model_format_error const & e)
    {
        CHECK_THAT(e.what(), Catch::Contains("format version 2"));
    }
    std::filesystem::remove(path);
}
