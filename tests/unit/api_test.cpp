// The public API (ssrnn/ssrnn.hpp): what it predicts, what it throws, that it shares weights.
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/nn/model.hpp>
#include <ssrnn/predict/predictor.hpp>
#include <ssrnn/ssrnn.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

namespace
{
std::string tiny_model_file()
{
    auto const path =
        (std::filesystem::temp_directory_path() / ("ssrnn_api_" + std::to_string(::getpid()) + ".ssrnn")).string();
    ssrnn::nn::architecture a;
    a.layers = 1;
    a.hidden = 6;
    ssrnn::nn::network<float> net{a};
    net.init(4);
    ssrnn::nn::save_model(path, net, {});
    return path;
}
} // namespace

TEST_CASE("api: predictions are predict-structure's, with labels and 3-state sums", "[api]")
{
    auto const path = tiny_model_file();
    auto const model = ssrnn::model::load(path);
    CHECK(model.members() == 1);
    CHECK(model.source() == path);
    std::vector<ssrnn::record> const in{{"a", "MKVLAAGIVG"}, {"b", "wyx"}, {"empty", ""}};
    auto const out = model.predict(in, {.threads = 2});
    REQUIRE(out.size() == 3);
    auto const net = ssrnn::nn::load_model(path);
    std::vector<std::vector<std::uint8_t>> seqs;
    for (auto const & r : in)
        seqs.push_back(ssrnn::encode::residues_from_letters(r.sequence));
    auto const expect = ssrnn::predict::predict_probabilities(net.net, seqs, 1);
    for (std::size_t k = 0; k < in.size(); ++k)
    {
        auto const & p = out[k];
        CHECK(p.id == in[k].id);
        CHECK(p.sequence == in[k].sequence);
        CHECK(p.prob8 == expect[k]); // bit for bit, whatever the thread count
        REQUIRE(p.ss8.size() == p.sequence.size());
        REQUIRE(p.prob3.size() == 3 * p.sequence.size());
        for (std::size_t i = 0; i < p.sequence.size(); ++i)
        {
            auto const p8 = p.probabilities8(i);
            auto const p3 = p.probabilities3(i);
            CHECK(p3[0] == p8[0] + p8[1] + p8[2]);
            CHECK(p3[1] == p8[3] + p8[4]);
            CHECK(std::string{"HGIEBTSC"}.find(p.ss8[i]) != std::string::npos);
            CHECK(std::string{"HEC"}.find(p.ss3[i]) != std::string::npos);
        }
    }
    CHECK(model.predict("MKVLAAGIVG").prob8 == out[0].prob8);
    std::filesystem::remove(path);
}

TEST_CASE("api: errors are typed and name what was wrong", "[api]")
{
    CHECK_THROWS_AS(ssrnn::model::load("/no/such/model.ssrnn"), ssrnn::io_error);
    CHECK_THROWS_AS(ssrnn::model::load(std::vector<std::string>{}), ssrnn::config_error);
    auto const path = tiny_model_file();
    auto const model = ssrnn::model::load(path);
    CHECK_THROWS_WITH(
        model.predict({{"ok", "MKV"}, {"bad", "MK7V"}}),
        Catch::Equals("record 2 ('bad'): residue 3: invalid character '7' (expected an amino-acid letter)"));
    CHECK_THROWS_AS(model.predict("MKV", {.threads = 0}), ssrnn::config_error);
    std::filesystem::remove(path);
}

TEST_CASE("api: copies share one model, concurrent predict calls agree", "[api]")
{
    auto const path = tiny_model_file();
    auto const model = ssrnn::model::load(path);
    auto const copy = model;
    std::vector<ssrnn::prediction> a, b;
    std::thread t1{[&]
                   {
                       a = model.predict({{"x", "MKVLAAGIVGLLKDE"}, {"y", "ACDEFGHIKLMNPQRSTVWY"}});
                   }};
    std::thread t2{[&]
                   {
                       b = copy.predict({{"x", "MKVLAAGIVGLLKDE"}, {"y", "ACDEFGHIKLMNPQRSTVWY"}});
                   }};
    t1.join();
    t2.join();
    REQUIRE(a.size() == 2);
    CHECK(a[0].prob8 == b[0].prob8);
    CHECK(a[1].ss8 == b[1].ss8);
    std::filesystem::remove(path);
}

TEST_CASE("api: the bundled default model loads", "[api]")
{
    auto const model = ssrnn::model::load_default();
    CHECK(model.members() == 1);
    CHECK(model.predict("MKTAYIAKQRQISFVKSHFSRQ").ss3.size() == 22);
}

TEST_CASE("api: read_fasta reads records as the tools do and names the place of bad input", "[api]")
{
    std::string const data = SSRNN_TEST_DATA;
    auto const records = ssrnn::read_fasta(data + "/ok.fasta");
    REQUIRE_FALSE(records.empty());
    CHECK(records == ssrnn::read_fasta(data + "/ok.fasta.gz"));
    CHECK(records == ssrnn::read_fasta(data + "/ok.fasta.bz2"));
    CHECK_THROWS_WITH(ssrnn::read_fasta(data + "/digit.fasta"), Catch::Contains("digit.fasta"));
    CHECK_THROWS_AS(ssrnn::read_fasta(data + "/digit.fasta"), ssrnn::input_error);
    CHECK_THROWS_AS(ssrnn::read_fasta(data + "/no-such-file.fasta"), ssrnn::io_error);
    CHECK(ssrnn::read_fasta(data + "/empty.fasta").empty());
}

TEST_CASE("api: evaluate reports what evaluate-structure --format json prints", "[api]")
{
    std::string const data = std::string{SSRNN_TEST_DATA} + "/toy.ss8";
    auto const path = tiny_model_file();
    auto const model = ssrnn::model::load(path);
    auto const e = ssrnn::evaluate(model, data, {}, {.threads = 2});
    auto const out = std::filesystem::temp_directory_path() / ("ssrnn_api_eval_" + std::to_string(::getpid()));
    auto const cmd = std::string{SSRNN_BIN_DIR} + "/evaluate-structure --model " + path + " --data " + data +
                     " --format json > " + out.string() + " 2>/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::ifstream in{out};
    std::string const tool{std::istreambuf_iterator<char>{in}, {}};
    CHECK(e.report_json == tool);
    CHECK(e.records == 60);
    CHECK(e.residues > 0);
    CHECK(e.q3 >= e.q8);
    CHECK(e.q8 > 0);
    CHECK(e.ece3 >= 0);
    CHECK(!e.has_disorder); // a model without a disorder head
    // The bundled model has one: with a mask that leaves residues out, the disorder scores.
    auto const d = ssrnn::evaluate(ssrnn::model::load_default(), std::string{SSRNN_TEST_DATA} + "/ok.ss8",
                                   {std::string{SSRNN_TEST_DATA} + "/ok.mask"});
    CHECK(d.has_disorder);
    CHECK(d.disorder_auc >= 0);
    CHECK(d.disorder_auc <= 1);
    // A predictions file is scored the same way.
    auto const preds = out.string() + ".tsv";               // with the 3-state column: the same Q3 as the model
    auto const fasta = "awk 'NR % 3 != 0' " + data + " | "; // the records without their labels
    REQUIRE(std::system(
                (fasta + SSRNN_BIN_DIR + "/predict-structure -q -f tsv --model " + path + " - > " + preds).c_str()) ==
            0);
    auto const p = ssrnn::evaluate_predictions(preds, data, {});
    CHECK(p.q8 == Approx(e.q8));
    CHECK(p.q3 == Approx(e.q3));
    CHECK_THROWS_AS(ssrnn::evaluate(model, data + ".missing", {}), ssrnn::io_error);
    std::filesystem::remove(out);
    std::filesystem::remove(preds);
}
