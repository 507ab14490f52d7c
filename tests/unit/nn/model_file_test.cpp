// Packed layout, model file round trips and rejection of damaged files.
#include <ssrnn/error.hpp>
#include <ssrnn/io/container_file.hpp>
#include <ssrnn/nn/container.hpp>
#include <ssrnn/nn/ensemble.hpp>
#include <ssrnn/nn/model.hpp>
#include <ssrnn/nn/packed_batch.hpp>
#include <ssrnn/predict/predictor.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ssrnn;

namespace
{
std::string tmp_path(std::string const & name)
{
    return (std::filesystem::temp_directory_path() / ("ssrnn_test_" + std::to_string(::getpid()) + "_" + name))
        .string();
}

std::string read_all(std::string const & p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_all(std::string const & p, std::string const & d)
{
    std::ofstream out(p, std::ios::binary);
    out << d;
}

nn::network<float> small_net()
{
    nn::architecture a;
    a.hidden = 5;
    a.layers = 2;
    a.encoding = encode::encoding_kind::blosum;
    nn::network<float> n{a};
    n.init(42);
    return n;
}
} // namespace

TEST_CASE("packed layout: longest first, active sequences are a prefix, reverse map", "[nn][layout]")
{
    std::vector<int> const lengths{2, 4, 1, 4};
    auto const p = nn::make_layout(lengths);
    CHECK(p.order == std::vector<int>{1, 3, 0, 2});
    CHECK(p.batch_sizes == std::vector<int>{4, 3, 2, 2});
    CHECK(p.offsets == std::vector<int>{0, 4, 7, 9, 11});
    CHECK(p.total() == 11);
    // Sequence b=2 (length 2): reverse step 0 reads its last residue (t=1).
    CHECK(p.reverse[static_cast<std::size_t>(p.column(2, 0))] == p.column(2, 1));
    CHECK(p.reverse[static_cast<std::size_t>(p.column(3, 0))] == p.column(3, 0));
    CHECK(p.reverse[static_cast<std::size_t>(p.column(0, 3))] == p.column(0, 0));
}

TEST_CASE("save -> load gives identical parameters and predictions", "[nn][model]")
{
    auto const net = small_net();
    auto const path = tmp_path("roundtrip.ssrnn");
    nn::save_model(path, net, {{"seed", 42}});
    auto const m = nn::load_model(path);
    CHECK(m.net.params() == net.params());
    CHECK(m.header["provenance"]["seed"] == 42);
    CHECK(m.header["architecture"]["encoding"] == "blosum");
    std::vector<std::vector<std::uint8_t>> seqs{{1, 2, 3, 4, 5, 20}, {7, 7, 7}};
    CHECK(predict::predict_probabilities(net, seqs, 1) == predict::predict_probabilities(m.net, seqs, 2));
    std::filesystem::remove(path);
}

TEST_CASE("the container encodes to and decodes from bytes as its file does", "[nn][model]")
{
    auto const net = small_net();
    auto const path = tmp_path("bytes.ssrnn");
    nn::save_model(path, net, {{"seed", 7}});
    std::ostringstream encoded;
    auto header = nn::file_header("model");
    header["architecture"] = nn::to_json(net.arch());
    header["provenance"] = {{"seed", 7}};
    nn::encode_container(encoded, header, nn::network_tensors(net));
    std::ifstream in(path, std::ios::binary);
    std::string const file{std::istreambuf_iterator<char>{in}, {}};
    CHECK(encoded.str() == file); // the file is exactly the encoded bytes
    auto const m = nn::model_from_container(nn::decode_container(encoded.str(), "memory"), "memory");
    CHECK(m.net.params() == net.params());
    CHECK_THROWS_WITH(nn::decode_container(file.substr(0, 30), "memory"), Catch::StartsWith("memory: not a usable"));
    CHECK_THROWS_AS(io::read_container(std::filesystem::temp_directory_path().string()), io_error); // a directory
    CHECK_THROWS_AS(io::read_container(tmp_path("missing.ssrnn")), io_error);
    std::filesystem::remove(path);
}

TEST_CASE("an ensemble file averages its members' probabilities", "[nn][model][ensemble]")
{
    auto const a = small_net();
    nn::architecture arch;
    arch.cell = nn::cell_kind::gru;
    arch.layers = 1;
    arch.hidden = 5;
    nn::network<float> b{arch};
    b.init(9);
    auto const pa = tmp_path("member_a.ssrnn"), pb = tmp_path("member_b.ssrnn"), pe = tmp_path("ens.ssrnn");
    nn::save_model(pa, a, {{"seed", 1}});
    nn::save_model(pb, b, {{"seed", 9}});
    auto const loose = nn::load_ensemble({pa, pb});
    REQUIRE(loose.members.size() == 2);
    nn::save_ensemble(pe, loose.members);
    auto const packed = nn::load_ensemble({pe});
    REQUIRE(packed.members.size() == 2);
    CHECK(packed.members[0].net.params() == a.params());
    CHECK(packed.members[1].net.params() == b.params());
    CHECK(packed.members[1].net.arch().cell == nn::cell_kind::gru);
    CHECK(packed.members[1].header["provenance"]["seed"] == 9);
    std::vector<std::vector<std::uint8_t>> seqs{{1, 2, 3, 4, 5, 20}, {7, 7, 7}};
    auto const avg = predict::predict_probabilities(packed, seqs, 2);
    auto const one = predict::predict_probabilities(a, seqs, 1), two = predict::predict_probabilities(b, seqs, 1);
    for (std::size_t k = 0; k < seqs.size(); ++k)
        for (std::size_t i = 0; i < avg[k].size(); ++i)
            CHECK(avg[k][i] == Approx((one[k][i] + two[k][i]) / 2).margin(1e-7));
    CHECK(predict::predict_probabilities(loose, seqs, 1) == avg);
    CHECK_THROWS_AS(nn::load_model(pe), model_format_error); // a single-model reader refuses ensembles
    for (auto const & p : {pa, pb, pe})
        std::filesystem::remove(p);
}

TEST_CASE("checkpoint averaging takes the mean of every weight and refuses mixed architectures", "[nn][model]")
{
    auto const a = small_net();
    auto b = small_net();
    b.init(77);
    nn::ensemble e;
    e.members.push_back({a, {{"provenance", {{"epoch", 3}}}}, std::nullopt});
    e.members.push_back({b, {{"provenance", {{"epoch", 4}}}}, std::nullopt});
    e.sources = {"a.ssrnn", "b.ssrnn"};
    auto const m = nn::average_weights(e);
    REQUIRE(m.net.params().size() == a.params().size());
    for (std::size_t i = 0; i < a.params().size(); ++i)
        CHECK(m.net.params()[i] == Approx((a.params()[i] + b.params()[i]) / 2).margin(1e-7));
    CHECK(m.header["provenance"]["averaged"][1]["epoch"] == 4);
    nn::architecture other = a.arch();
    other.hidden += 1;
    nn::network<float> c{other};
    c.init(1);
    e.members.push_back({c, {}, std::nullopt});
    e.sources.push_back("c.ssrnn");
    try
    {
        (void)nn::average_weights(e);
        FAIL("no error");
    }
    catch (model_format_error const & err)
    {
        CHECK_THAT(err.what(), Catch::Contains("c.ssrnn") && Catch::Contains("different architectures"));
    }
    CHECK_THROWS_AS(nn::average_weights(nn::ensemble{}), model_format_error);
}

TEST_CASE("damaged or foreign model files are rejected with a clear message", "[nn][model]")
{
    auto const net = small_net();
    auto const path = tmp_path("good.ssrnn");
    nn::save_model(path, net, {});
    auto const good = read_all(path);
    auto const bad = tmp_path("bad.ssrnn");
    auto expect_error = [&](std::string const & bytes, std::string const & what)
    {
        write_all(bad, bytes);
        try
        {
            (void)nn::load_model(bad);
            FAIL("no error for: " << what);
        }
        catch (model_format_error const & e)
        {
            CHECK_THAT(std::string{e.what()}, Catch::Contains(what));
        }
    };
    expect_error("hello world, this is not a model", "wrong magic");
    expect_error(good.substr(0, good.size() - 7), "truncated");
    expect_error(good.substr(0, 30), "truncated");
    expect_error(good + "x", "trailing data");
    std::string flipped = good;
    flipped[flipped.size() - 3] ^= 0x40;
    expect_error(flipped, "checksum");
    std::string newer = good;
    newer[8] = 9;
    expect_error(newer, "newer");
    std::string header_broken = good;
    header_broken[26] = '#';
    expect_error(header_broken, "JSON");
    expect_error("", "wrong magic");
    // A checkpoint is not a model.
    nlohmann::json h{{"kind", "checkpoint"}};
    auto const t = nn::network_tensors(net);
    io::write_container(bad, h, t);
    CHECK_THROWS_WITH(nn::load_model(bad), Catch::Contains("expected 'model'"));
    CHECK_THROWS_AS(nn::load_model(tmp_path("missing.ssrnn")), io_error);
    std::filesystem::remove(path);
    std::filesystem::remove(bad);
}

TEST_CASE("wrong shapes and unknown tensors are rejected", "[nn][model]")
{
    auto const net = small_net();
    auto const path = tmp_path("shapes.ssrnn");
    nlohmann::json h{{"kind", "model"}, {"architecture", nn::to_json(net.arch())}, {"labels", "HGIEBTSC"}};
    auto t = nn::network_tensors(net);
    std::vector<float> extra(3, 0.0F);
    t.push_back({"mystery", 3, 1, extra});
    io::write_container(path, h, t);
    CHECK_THROWS_WITH(nn::load_model(path), Catch::Contains("unknown tensor 'mystery'"));
    t.pop_back();
    t[0].rows = 1;
    t[0].cols = static_cast<int>(t[0].data.size());
    io::write_container(path, h, t);
    CHECK_THROWS_WITH(nn::load_model(path), Catch::Contains("lstm.0.fwd.w_ih") && Catch::Contains("expected [20, 20]"));
    t.erase(t.begin());
    io::write_container(path, h, t);
    CHECK_THROWS_WITH(nn::load_model(path), Catch::Contains("missing tensor 'lstm.0.fwd.w_ih'"));
    std::filesystem::remove(path);
}

TEST_CASE("predictions do not depend on the thread count or on the other sequences", "[nn][predict]")
{
    auto const net = small_net();
    std::vector<std::vector<std::uint8_t>> seqs;
    for (int k = 0; k < 40; ++k)
        seqs.push_back(
            std::vector<std::uint8_t>(static_cast<std::size_t>(5 + (k * 7) % 23), static_cast<std::uint8_t>(k % 21)));
    auto const a = predict::predict_probabilities(net, seqs, 1);
    auto const b = predict::predict_probabilities(net, seqs, 2);
    CHECK(a == b);
    std::vector<std::vector<std::uint8_t>> one{seqs[5]};
    auto const c = predict::predict_probabilities(net, one, 1);
    REQUIRE(c[0].size() == a[5].size());
    for (std::size_t i = 0; i < c[0].size(); ++i)
        CHECK(c[0][i] == Approx(a[5][i]).margin(1e-6));
}

TEST_CASE("GRU and RNN models round-trip through the model file", "[nn][model]")
{
    for (auto cell : {nn::cell_kind::gru, nn::cell_kind::rnn})
    {
        nn::architecture a;
        a.cell = cell;
        a.hidden = 6;
        nn::network<float> net{a};
        net.init(9);
        auto const path = tmp_path(nn::to_string(cell) + ".ssrnn");
        nn::save_model(path, net, {});
        auto const m = nn::load_model(path);
        CHECK(m.net.arch().cell == cell);
        CHECK(m.net.params() == net.params());
        std::vector<std::vector<std::uint8_t>> seqs{{1, 2, 3, 4}, {5, 6}};
        CHECK(predict::predict_probabilities(net, seqs, 1) == predict::predict_probabilities(m.net, seqs, 1));
        std::filesystem::remove(path);
    }
    CHECK(nn::parse_cell("gru") == nn::cell_kind::gru);
    CHECK_THROWS_WITH(nn::parse_cell("transformer"), Catch::Contains("supported: lstm, gru, rnn"));
    auto j = nn::to_json(nn::architecture{});
    j["cell"] = "transformer";
    CHECK_THROWS_AS(nn::architecture_from_json(j), model_format_error);
}

TEST_CASE("a header cannot make the loader allocate more than the file holds", "[nn][model]")
{
    // 16 layers of 2 x 4096 LSTM units would be about 25 GB of weights; the file has none.
    nn::architecture huge;
    huge.layers = 16;
    huge.hidden = 4096;
    auto const path = tmp_path("huge.ssrnn");
    nlohmann::json h{{"kind", "model"}, {"architecture", nn::to_json(huge)}, {"labels", "HGIEBTSC"}};
    io::write_container(path, h, {});
    CHECK_THROWS_MATCHES(nn::load_model(path), model_format_error,
                         Catch::Message(path + ": not a usable ssrnn model: missing tensor 'lstm.0.fwd.w_ih'"));
    nlohmann::json e{
        {"kind", "ensemble"}, {"labels", "HGIEBTSC"}, {"members", {{{"architecture", nn::to_json(huge)}}}}};
    io::write_container(path, e, {});
    CHECK_THROWS_AS(nn::load_ensemble({path}), model_format_error);
    std::filesystem::remove(path);
}

TEST_CASE("an empty tensor reads back empty (fuzzing found a memcpy to null here)", "[nn][model]")
{
    // tests/fuzz/regressions/model/empty-tensor-memcpy: a tensor of shape [0, 5].
    auto const path = tmp_path("empty-tensor.ssrnn");
    std::vector<float> const none;
    std::vector<nn::tensor_out> const t{{"nothing", 0, 5, none}};
    io::write_container(path, {{"kind", "model"}}, t);
    auto const c = io::read_container(path);
    REQUIRE(c.data.count("nothing") == 1);
    CHECK(c.data.at("nothing").empty());
    CHECK_THROWS_AS(nn::load_model(path), model_format_error); // no architecture: still a clean error
    std::filesystem::remove(path);
}

namespace
{
//! A small profile network's architecture ("pssm"; one-hot + BLOSUM62 input).
nn::architecture small_profile_arch(int layers)
{
    nn::architecture a;
    a.hidden = 4;
    a.layers = layers;
    a.encoding = encode::encoding_kind::both;
    a.profile = true;
    return a;
}
} // namespace

TEST_CASE("the depth input starts at zero weight: the widened network predicts what it did", "[nn][model][profiles]")
{
    auto const a = small_profile_arch(2);
    nn::network<float> n{a};
    n.init(11);
    auto wide_arch = a;
    wide_arch.profile_depth = true;
    CHECK(wide_arch.input_dim() == a.input_dim() + 1);
    nn::network<float> wide{wide_arch};
    wide.params() = nn::with_depth_input(a, n.params());
    REQUIRE(wide.params().size() == n.params().size() + 2 * 4 * 4);
    // Features of two residues from alignments of 1 and 1000 sequences: the depth feature differs.
    std::vector<float> const scores{3,  -1, 0, 2, 0, 1, -2, 0, 4, 1, 0, -1, 2, 0, 1, 3, -3, 0,  1, 2,
                                    -1, 2,  0, 0, 5, 1, -2, 1, 0, 0, 2, -1, 0, 1, 1, 0, 2,  -4, 0, 1};
    std::vector<float> f1;
    std::vector<float> f1000;
    encode::append_profile_features(scores, 1, f1);
    encode::append_profile_features(scores, 1000, f1000);
    REQUIRE(f1.size() == 2 * encode::profile_dim);
    CHECK(f1[encode::profile_dim - 1] == 0.0F);
    CHECK(f1000[encode::profile_dim - 1] == 1.0F);
    std::vector<std::vector<std::uint8_t>> const seqs{{0, 1}};
    std::vector<std::vector<float>> const p1{f1};
    std::vector<std::vector<float>> const p1000{f1000};
    auto const before = predict::predict_probabilities(n, seqs, 1, 32, 16384, false, p1);
    CHECK(predict::predict_probabilities(wide, seqs, 1, 32, 16384, false, p1) == before);
    CHECK(predict::predict_probabilities(wide, seqs, 1, 32, 16384, false, p1000) == before);
    // A profile without a recorded depth (PSI-BLAST, MMseqs2, HHM): "pssm" reads it, "pssm+depth" refuses it.
    std::vector<float> f0;
    encode::append_profile_features(scores, 0, f0);
    std::vector<std::vector<float>> const p0{f0};
    CHECK(predict::predict_probabilities(n, seqs, 1, 32, 16384, false, p0) == before);
    CHECK_THROWS_WITH(predict::predict_probabilities(wide, seqs, 1, 32, 16384, false, p0),
                      Catch::Contains("does not record"));
    // Once the depth weights are not zero, the depth changes the prediction.
    auto const t = nn::tensor_table(wide_arch);
    wide.params()[t[0].offset + t[0].size() - 1] = 0.5F;
    CHECK(predict::predict_probabilities(wide, seqs, 1, 32, 16384, false, p1000) != before);
    // The model file says "pssm+depth" and reads back as such; only a "pssm" model can be widened.
    auto const path = tmp_path("depth.ssrnn");
    nn::save_model(path, wide, {});
    CHECK(read_all(path).find("\"profile\": \"pssm+depth\"") != std::string::npos);
    CHECK(nn::load_model(path).net.arch() == wide_arch);
    CHECK_THROWS_AS(nn::with_depth_input(wide_arch, wide.params()), config_error);
    CHECK_THROWS_AS(nn::with_depth_input(small_net().arch(), small_net().params()), config_error);
    std::filesystem::remove(path);
}

TEST_CASE("a profile model's file round trip keeps its profile input", "[nn][model][profiles]")
{
    auto const a = small_profile_arch(1);
    CHECK(a.input_dim() == 41 + encode::profile_dim - 1);
    nn::network<float> n{a};
    n.init(7);
    auto const path = tmp_path("profile.ssrnn");
    nn::save_model(path, n, {});
    auto const back = nn::load_model(path);
    CHECK(back.net.arch() == a);
    CHECK(back.net.params() == n.params());
    // The same network predicts differently when the profile changes, and refuses no profile.
    std::vector<std::vector<std::uint8_t>> const seqs{{0, 1, 2, 3, 4}};
    std::vector<std::vector<float>> p1{std::vector<float>(5 * encode::profile_dim, 0.1F)};
    std::vector<std::vector<float>> p2{std::vector<float>(5 * encode::profile_dim, 0.9F)};
    auto const a1 = predict::predict_probabilities(back.net, seqs, 1, 32, 16384, false, p1);
    auto const a2 = predict::predict_probabilities(back.net, seqs, 1, 32, 16384, false, p2);
    CHECK(a1 != a2);
    CHECK_THROWS_AS(predict::predict_probabilities(back.net, seqs, 1), config_error);
    // A single-sequence model's header has no "profile" key, so its bytes are what they were.
    auto const plain = tmp_path("plain.ssrnn");
    nn::save_model(plain, small_net(), {});
    CHECK(read_all(plain).find("\"profile\"") == std::string::npos);
    CHECK(read_all(path).find("\"profile\": \"pssm\"") != std::string::npos);
    // An unknown profile kind (a newer ssrnn's) is a model-format error.
    auto text = read_all(path);
    auto const at = text.find("\"pssm\"");
    text.replace(at, 6, "\"hmm2\"");
    write_all(path, text);
    CHECK_THROWS_WITH(nn::load_model(path), Catch::Contains("unknown profile features"));
    std::filesystem::remove(path);
    std::filesystem::remove(plain);
}
