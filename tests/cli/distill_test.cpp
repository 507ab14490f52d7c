// Distillation from the command line: predict-structure --format soft writes a teacher's soft
// labels, train-structure learns from them and fine-tunes with --init.
#include "helpers.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <string>

using namespace ssrnn_cli;

namespace
{
std::string path_of(std::string const & name)
{
    return (scratch() / name).string();
}

double q8_of(std::string const & model, std::string const & data, std::string const & mask = "")
{
    auto const e = run("evaluate-structure --format json --model " + model + " --data " + data +
                       (mask.empty() ? "" : " --mask " + mask));
    INFO(e.err);
    REQUIRE(e.code == 0);
    return nlohmann::json::parse(e.out)["q8"].get<double>();
}

//! The teacher's soft labels of toy.ss8's sequences and the validation split of toy.ss8.
struct distill_data
{
    std::string soft = path_of("toy.soft"), hard = path_of("teacher.ss8"), valid = path_of("dvalid.ss8");
    distill_data()
    {
        {
            auto const l = lines(slurp(std::string{SSRNN_TEST_DATA} + "/toy.ss8"));
            std::ofstream fa{path_of("toy.fa")};
            for (std::size_t i = 0; i + 1 < l.size(); i += 3)
                fa << l[i] << '\n' << l[i + 1] << '\n';
        }
        REQUIRE(
            run("predict-structure -q --model " + tiny_model() + " --format soft -o " + soft + " " + path_of("toy.fa"))
                .code == 0);
        REQUIRE(run("predict-structure -q --model " + tiny_model() + " -o " + hard + " " + path_of("toy.fa")).code ==
                0);
        REQUIRE(run("train-structure --train toy.ss8 --out " + path_of("unused.ssrnn") +
                    " --valid-fraction 0.2 --seed 3 --write-valid " + valid)
                    .code == 0);
    }
};

std::string const small = " --layers 1 --hidden 8 --batch 8 --seed 5 --dropout 0 --lr 0.01";
} // namespace

TEST_CASE("predict-structure --format soft writes a soft-label file evaluate-structure scores", "[cli][distill]")
{
    distill_data const d;
    auto const l = lines(slurp(d.soft));
    REQUIRE(l.size() >= 2 + 3 * 60);
    CHECK(l[0] == "#ssrnn-soft-labels 1 states=HGIEBTSC scale=255");
    CHECK(l[2] == ">toy00");
    CHECK(std::regex_match(l[4], std::regex("([0-9a-f]{16}){40}")));
    // The file scores as the teacher's own predictions do (bytes keep the argmax but for near-ties).
    auto const e = run("evaluate-structure --format json --predictions " + d.soft + " --data toy.ss8");
    INFO(e.err);
    REQUIRE(e.code == 0);
    CHECK(nlohmann::json::parse(e.out)["q8"].get<double>() == Approx(q8_of(tiny_model(), "toy.ss8")).margin(0.5));
    // Thread counts do not change it.
    auto const t2 =
        run("predict-structure -q --threads 2 --model " + tiny_model() + " --format soft " + path_of("toy.fa"));
    CHECK(t2.out == slurp(d.soft));
}

TEST_CASE("train-structure learns a teacher from soft labels, for any thread count", "[cli][distill][train]")
{
    distill_data const d;
    auto const student = path_of("student.ssrnn"), student2 = path_of("student2.ssrnn"),
               hard_student = path_of("hard_student.ssrnn");
    auto const valid = " --valid " + d.valid + " --valid-mask " + d.valid + ".mask";
    auto const r = run("train-structure --train " + d.soft + valid + " --out " + student + small + " --epochs 8");
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto const r2 =
        run("train-structure --threads 2 --train " + d.soft + valid + " --out " + student2 + small + " --epochs 8");
    REQUIRE(r2.code == 0);
    // Same weights (the files differ only in the recorded command line): identical probabilities.
    auto const p1 = run("predict-structure -q -f tsv --model " + student + " " + path_of("toy.fa"));
    auto const p2 = run("predict-structure -q -f tsv --model " + student2 + " " + path_of("toy.fa"));
    REQUIRE(p1.code == 0);
    CHECK(p1.out == p2.out);
    // Learning the teacher's labels from its soft labels beats learning them from the real ones:
    // the student agrees with the teacher more than a model trained on toy.ss8 does.
    REQUIRE(run("train-structure --train toy.ss8" + valid + " --out " + hard_student + small + " --epochs 8").code ==
            0);
    CHECK(q8_of(student, d.hard) > q8_of(hard_student, d.hard));
}

TEST_CASE("train-structure --init fine-tunes from a model's weights and architecture", "[cli][distill][train]")
{
    distill_data const d;
    auto const student = path_of("init_student.ssrnn"), tuned = path_of("tuned.ssrnn");
    auto const valid = " --valid " + d.valid + " --valid-mask " + d.valid + ".mask";
    REQUIRE(run("train-structure --train " + d.soft + valid + " --out " + student + small + " --epochs 2").code == 0);
    // A vanishing learning rate keeps the weights: the fine-tuned model scores as its start does.
    // The architecture comes from the model (--hidden 8), not from the defaults.
    auto const t = run("train-structure --train toy.ss8" + valid + " --out " + tuned + " --init " + student +
                       " --epochs 1 --lr 1e-12 --dropout 0 --seed 7");
    INFO(t.err);
    REQUIRE(t.code == 0);
    CHECK_THAT(t.err, Catch::Contains("hidden 8"));
    CHECK(q8_of(tuned, d.valid, d.valid + ".mask") == Approx(q8_of(student, d.valid, d.valid + ".mask")));
    CHECK_THAT(slurp(tuned), Catch::Contains("\"init\""));
}

TEST_CASE("soft-label training errors: no validation file, bad files, wrong --init", "[cli][distill][train]")
{
    distill_data const d;
    auto const no_valid = run("train-structure --train " + d.soft + " --out " + path_of("x.ssrnn"));
    CHECK(no_valid.code == 1);
    CHECK_THAT(no_valid.err, Catch::Contains("soft labels: give --valid"));
    auto const bad = path_of("bad.soft");
    {
        auto const l = lines(slurp(d.soft));
        std::ofstream{bad} << l[0] << '\n' << l[1] << '\n' << l[2] << '\n' << l[3] << '\n';
    }
    auto const b = run("train-structure --train " + bad + " --valid " + d.valid + " --out " + path_of("x.ssrnn"));
    CHECK(b.code == 2);
    CHECK_THAT(b.err, Catch::Contains(bad + ", line 4") && Catch::Contains("record 'toy00'"));
    CHECK_FALSE(fs::exists(path_of("x.ssrnn")));
    auto const missing = run("train-structure --train toy.ss8 --out " + path_of("x.ssrnn") + " --init " +
                             path_of("no-such-model.ssrnn"));
    CHECK(missing.code != 0);
    CHECK_THAT(missing.err, Catch::Contains("no-such-model.ssrnn"));
    CHECK_FALSE(fs::exists(path_of("x.ssrnn")));
}
