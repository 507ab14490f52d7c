// train-disorder-head end to end on the toy set (its first and last residues masked as unobserved):
// the head leaves the secondary structure bit for bit, predict-structure's tsv/json carry
// p_disorder, evaluate-structure reports the disorder metrics from a model or a predictions file,
// and the errors: no mask, a model without the head, a predictions file without the column.
#include "helpers.hpp"

#include <nlohmann/json.hpp>

using namespace ssrnn_cli;

namespace
{
//! toy.ss8's mask with the first two and last two residues of every record unobserved.
std::string const & toy_mask()
{
    static std::string const path = []
    {
        auto const p = (scratch() / "toy_ends.mask").string();
        std::ofstream out(p);
        auto const l = lines(slurp(fs::path{SSRNN_TEST_DATA} / "toy.ss8"));
        for (std::size_t i = 0; i + 2 < l.size(); i += 3)
        {
            std::string m(l[i + 1].size(), '1');
            for (std::size_t k = 0; k < m.size(); ++k)
                if (k < 2 || k + 2 >= m.size())
                    m[k] = '0';
            out << l[i] << '\n' << l[i + 1] << '\n' << m << '\n';
        }
        return p;
    }();
    return path;
}

//! toy.ss8's records as FASTA.
std::string const & toy_fasta()
{
    static std::string const path = []
    {
        auto const p = (scratch() / "toy.fasta").string();
        std::ofstream out(p);
        auto const l = lines(slurp(fs::path{SSRNN_TEST_DATA} / "toy.ss8"));
        for (std::size_t i = 0; i + 2 < l.size(); i += 3)
            out << l[i] << '\n' << l[i + 1] << '\n';
        return p;
    }();
    return path;
}

std::string const & head_model()
{
    static std::string const path = []
    {
        auto const p = (scratch() / "tiny_head.ssrnn").string();
        auto const r = run("train-disorder-head --model " + tiny_model() + " --train toy.ss8 --train-mask " +
                           toy_mask() + " --valid-fraction 0.2 --hidden 4 --epochs 3 --batch 64 -t 2 -o " + p);
        INFO(r.err);
        REQUIRE(r.code == 0);
        CHECK_THAT(r.err, Catch::Contains("validation: AUC"));
        return p;
    }();
    return path;
}
} // namespace

TEST_CASE("train-disorder-head: same secondary structure, p_disorder in tsv and json, any thread count",
          "[cli][disorder]")
{
    auto const & m = head_model();
    auto const before = run("predict-structure -q --model " + tiny_model() + " -f ss8 ok.fasta");
    auto const after = run("predict-structure -q --model " + m + " -f ss8 ok.fasta");
    REQUIRE(before.code == 0);
    CHECK(after.out == before.out);
    auto const plain = run("predict-structure -q --model " + tiny_model() + " -f tsv ok.fasta");
    CHECK(lines(plain.out)[0].find("p_disorder") == std::string::npos);
    auto const tsv = run("predict-structure -q --model " + m + " -f tsv ok.fasta");
    REQUIRE(tsv.code == 0);
    CHECK(lines(tsv.out)[0].ends_with("\tp3_C\tp_disorder"));
    CHECK(lines(tsv.out)[1].substr(0, lines(tsv.out)[1].rfind('\t')) == lines(plain.out)[1]);
    auto const json = run("predict-structure -q --model " + m + " -f json ok.fasta");
    auto const j = nlohmann::json::parse(lines(json.out)[0]);
    CHECK(j["p_disorder"].size() == j["sequence"].get<std::string>().size());
    // PSIPRED formats unchanged
    CHECK(run("predict-structure -q --model " + m + " -f ss2 ok.fasta").out ==
          run("predict-structure -q --model " + tiny_model() + " -f ss2 ok.fasta").out);
    // the same file from one thread
    auto const one = (scratch() / "tiny_head1.ssrnn").string();
    REQUIRE(run("train-disorder-head --model " + tiny_model() + " --train toy.ss8 --train-mask " + toy_mask() +
                " --valid-fraction 0.2 --hidden 4 --epochs 3 --batch 64 -t 1 -o " + one)
                .code == 0);
    CHECK(slurp(one) == slurp(m));
}

TEST_CASE("evaluate-structure: disorder metrics from a model and from a predictions file", "[cli][disorder]")
{
    auto const & m = head_model();
    auto const text = run("evaluate-structure --model " + m + " --data toy.ss8 --mask " + toy_mask());
    REQUIRE(text.code == 0);
    CHECK_THAT(text.out, Catch::Contains("disorder (residues unobserved in the structure"));
    CHECK_THAT(text.out, Catch::Contains("baseline"));
    auto const plot = (scratch() / "dis.svg").string();
    auto const js = run("evaluate-structure --model " + m + " --data toy.ss8 --mask " + toy_mask() +
                        " --format json --disorder --disorder-plot " + plot);
    REQUIRE(js.code == 0);
    auto const j = nlohmann::json::parse(js.out);
    CHECK(j["disorder"]["all"]["disordered"].get<int>() == 4 * 60);
    CHECK(j["disorder"]["all"]["auc"].get<double>() > 0.5);
    CHECK(j["disorder"].contains("terminal"));
    CHECK_THAT(slurp(plot), Catch::Contains("<svg"));
    // the same numbers from its tsv predictions, at the model's threshold
    auto const preds = (scratch() / "toy_preds.tsv").string();
    REQUIRE(run("predict-structure -q --model " + m + " -f tsv -o " + preds + " " + toy_fasta()).code == 0);
    auto const thr = j["disorder"]["all"]["threshold"].get<double>();
    auto const fp = run("evaluate-structure --predictions " + preds + " --data toy.ss8 --mask " + toy_mask() +
                        " --format json --disorder --disorder-threshold " + std::to_string(thr));
    REQUIRE(fp.code == 0);
    auto const jf = nlohmann::json::parse(fp.out);
    CHECK(jf["disorder"]["all"]["auc"].get<double>() == Approx(j["disorder"]["all"]["auc"].get<double>()).margin(2e-3));
    // (the file's probabilities have 4 decimals: a residue at the threshold may be called otherwise)
    CHECK(jf["disorder"]["all"]["mcc"].get<double>() == Approx(j["disorder"]["all"]["mcc"].get<double>()).margin(0.05));
}

TEST_CASE("disorder: errors name what is missing", "[cli][disorder]")
{
    auto const no_head =
        run("evaluate-structure --model " + tiny_model() + " --data toy.ss8 --mask " + toy_mask() + " --disorder");
    CHECK(no_head.code == 1);
    CHECK_THAT(no_head.err, Catch::Contains("has no disorder head"));
    // without --disorder an old model's report simply has no disorder section
    auto const old = run("evaluate-structure --model " + tiny_model() + " --data toy.ss8 --mask " + toy_mask());
    CHECK(old.code == 0);
    CHECK(old.out.find("disorder (") == std::string::npos);
    auto const ss8 = (scratch() / "toy_preds.ss8").string();
    REQUIRE(run("predict-structure -q --model " + head_model() + " -o " + ss8 + " " + toy_fasta()).code == 0);
    auto const no_column =
        run("evaluate-structure --predictions " + ss8 + " --data toy.ss8 --mask " + toy_mask() + " --disorder");
    CHECK(no_column.code == 2);
    CHECK_THAT(no_column.err, Catch::Contains("no p_disorder column"));
    auto const no_mask = run("evaluate-structure --model " + head_model() + " --data toy.ss8 --disorder");
    CHECK(no_mask.code == 1);
    CHECK_THAT(no_mask.err, Catch::Contains("no residue without a label"));
    auto const unmasked = run("train-disorder-head --model " + tiny_model() +
                              " --train toy.ss8 --valid-fraction 0.2 -o " + (scratch() / "x.ssrnn").string());
    CHECK(unmasked.code == 2);
    CHECK_THAT(unmasked.err, Catch::Contains("give --train-mask"));
    CHECK(!fs::exists(scratch() / "x.ssrnn"));
    auto const short_mask = (scratch() / "short.mask").string();
    std::ofstream(short_mask) << ">toy00\nCM\n11\n";
    auto const bad = run("evaluate-structure --model " + head_model() + " --data toy.ss8 --mask " + short_mask);
    CHECK(bad.code == 2);
}
