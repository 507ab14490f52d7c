// Every output format round-trips through its reader: what predict-structure writes,
// evaluate-structure reads back (format detected or given).
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/predictions.hpp>
#include <ssrnn/nn/random.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace ssrnn;

namespace
{
std::string tmp_path(std::string const & name)
{
    return (std::filesystem::temp_directory_path() / ("ssrnn_pred_" + std::to_string(::getpid()) + "_" + name))
        .string();
}

struct sample
{
    std::string id, sequence;
    std::vector<float> prob8;
};

//! Random probabilities; the first record is long enough for two horiz blocks.
std::vector<sample> samples()
{
    std::vector<sample> out{{"first", std::string(75, 'A'), {}}, {"second", "MKVLAAGIVG", {}}};
    nn::splitmix rng{42};
    for (auto & s : out)
    {
        for (auto & c : s.sequence)
            c = encode::residue_letters[rng.below(20)];
        for (std::size_t i = 0; i < s.sequence.size(); ++i)
        {
            float sum = 0;
            std::array<float, 8> p{};
            for (auto & v : p)
                sum += v = static_cast<float>(rng.uniform()) + 0.01F;
            for (auto & v : p)
                s.prob8.push_back(v / sum);
        }
    }
    return out;
}
} // namespace

TEST_CASE("every output format round-trips through its reader", "[io][predictions]")
{
    auto const format =
        GENERATE(io::output_format::ss8, io::output_format::ss3, io::output_format::ss2, io::output_format::horiz,
                 io::output_format::tsv, io::output_format::json, io::output_format::soft);
    INFO(io::to_string(format));
    auto const in = samples();
    auto const path = tmp_path(io::to_string(format));
    {
        std::ofstream out{path};
        for (std::size_t k = 0; k < in.size(); ++k)
            io::write_record(out, format, {in[k].id, "", in[k].sequence, in[k].prob8, {}}, k == 0);
    }
    for (auto const given : {std::optional<io::output_format>{}, std::optional{format}})
    {
        auto const set = io::read_predictions(path, given);
        CHECK(set.format == format);
        REQUIRE(set.records.size() == in.size());
        for (std::size_t k = 0; k < in.size(); ++k)
        {
            auto const & r = set.records[k];
            CHECK(r.sequence == in[k].sequence);
            CHECK(r.id == (set.has_ids() ? in[k].id : ""));
            REQUIRE(r.pred3.size() == in[k].sequence.size());
            for (std::size_t i = 0; i < r.sequence.size(); ++i)
            {
                std::span<float const, 8> p(in[k].prob8.data() + 8 * i, 8);
                auto const p3 = encode::to_ss3(p);
                if (format == io::output_format::soft)
                {
                    // Bytes (1/255 steps) may swap near-ties: the state read is a maximum to within a step.
                    CHECK(p[static_cast<std::size_t>(r.pred8[i])] >=
                          p[static_cast<std::size_t>(encode::argmax(p))] - 4e-3F);
                    CHECK(p3[static_cast<std::size_t>(r.pred3[i])] >=
                          p3[static_cast<std::size_t>(encode::argmax(p3))] - 1e-2F);
                }
                // ss8 carries 8-state labels only: its 3-state labels are derived from them.
                else
                    CHECK(r.pred3[i] == (format == io::output_format::ss8
                                             ? encode::ss8_to_ss3[static_cast<std::size_t>(encode::argmax(p))]
                                             : encode::argmax(p3)));
                if (!r.pred8.empty() && format != io::output_format::soft)
                    CHECK(r.pred8[i] == encode::argmax(p));
                // soft stores bytes (1/255 steps).
                double const tol8 = format == io::output_format::soft ? 1.0 / 255 : 5e-5;
                double const tol3 = format == io::output_format::soft ? 3.0 / 255 : 5e-4;
                for (std::size_t c = 0; c < r.prob8.size() / r.sequence.size(); ++c)
                    CHECK(r.prob8[8 * i + c] == Approx(p[c]).margin(tol8));
                for (std::size_t c = 0; c < r.prob3.size() / r.sequence.size(); ++c)
                    CHECK(r.prob3[3 * i + c] == Approx(p3[c]).margin(tol3));
                if (!r.conf.empty())
                    CHECK(r.conf[i] == io::horiz_confidence(p3));
            }
        }
    }
    std::filesystem::remove(path);
}

TEST_CASE("format names parse both ways, bad predictions files name file and line", "[io][predictions]")
{
    for (auto name : io::format_names)
        CHECK(io::to_string(io::parse_output_format(name)) == name);
    CHECK_THROWS_WITH(
        io::parse_output_format("xml"),
        "unknown output format 'xml' (expected ss8, ss3, ss2, horiz, tsv, json, soft, svg, html or jalview)");
    CHECK_THROWS_AS(io::parse_predictions_format("svg"), config_error); // pictures are not read back
    CHECK_FALSE(io::parse_predictions_format("auto").has_value());
    CHECK(io::parse_predictions_format("tsv") == io::output_format::tsv);
    CHECK_THROWS_AS(io::parse_predictions_format("xml"), config_error);
    auto const path = tmp_path("bad.ss8");
    std::ofstream{path} << ">a\nMKV\nHXH\n";
    CHECK_THROWS_WITH(io::read_predictions(path, io::output_format::ss8),
                      Catch::StartsWith(path + ", line 3") && Catch::Contains("'X'"));
    std::ofstream{path} << "";
    CHECK(io::read_predictions(path, std::nullopt).records.empty());
    std::filesystem::remove(path);
}
