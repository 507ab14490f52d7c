// CLI tests: run the built tools and check output formats, messages and exit codes.
#include "helpers.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

using namespace ssrnn_cli;

TEST_CASE("every tool prints its version in one line, has help, and rejects unknown options", "[cli]")
{
    for (std::string tool :
         {"predict-structure", "train-structure", "evaluate-structure", "analyze-gradients", "combine-models"})
    {
        auto const v = run(tool + " --version");
        CHECK(v.code == 0);
        CHECK(std::regex_match(v.out, std::regex(tool + " [0-9]+\\.[0-9]+\\.[0-9]+\n")));
        auto const h = run(tool + " --help");
        CHECK(h.code == 0);
        CHECK_THAT(h.out, Catch::Contains("Usage: " + tool));
        auto const bad = run(tool + " --no-such-option");
        CHECK(bad.code == 1);
        CHECK_THAT(bad.err, Catch::Contains(tool + ": error:"));
    }
}

TEST_CASE("predict-structure ss8 and ss3 write 3-line records in input order", "[cli][predict]")
{
    auto const r = run("predict-structure -q --model " + tiny_model() + " ok.fasta");
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    auto const l = lines(r.out);
    REQUIRE(l.size() == 9);
    CHECK(l[0] == ">seq1");
    CHECK(l[1] == "MKVLAAGIVGLLKDE");
    CHECK(std::regex_match(l[2], std::regex("[HGIEBTSC]{15}")));
    CHECK(l[3] == ">seq2");
    CHECK(l[6] == ">seq3");
    auto const r3 = run("predict-structure --model " + tiny_model() + " --format ss3 ok.fasta");
    REQUIRE(r3.code == 0);
    CHECK(std::regex_match(lines(r3.out)[2], std::regex("[HEC]{15}")));
    CHECK_THAT(r3.err, Catch::Contains("3 records"));
}

TEST_CASE("predict-structure ss2 and horiz follow PSIPRED's VFORMAT and HFORMAT", "[cli][predict]")
{
    auto const r = run("predict-structure -q --model " + tiny_model() + " --format ss2 ok.fasta");
    REQUIRE(r.code == 0);
    auto const l = lines(r.out);
    CHECK(l[0] == "# PSIPRED VFORMAT (PSIPRED V4.0)");
    CHECK(l[1].empty());
    CHECK(std::regex_match(l[2], std::regex("   1 M [CHE]   [01]\\.[0-9]{3}  [01]\\.[0-9]{3}  [01]\\.[0-9]{3}")));
    CHECK(l[16].substr(0, 6) == "  15 E");
    CHECK(l[17] == "# PSIPRED VFORMAT (PSIPRED V4.0)");
    auto const h = run("predict-structure -q --model " + tiny_model() + " --format horiz ok.fasta");
    REQUIRE(h.code == 0);
    auto const hl = lines(h.out);
    CHECK(hl[0] == "# PSIPRED HFORMAT (PSIPRED V4.0)");
    CHECK(hl[1].empty());
    CHECK(std::regex_match(hl[2], std::regex("Conf: [0-9]{15}")));
    CHECK(std::regex_match(hl[3], std::regex("Pred: [CHE]{15}")));
    CHECK(hl[4] == "  AA: MKVLAAGIVGLLKDE");
    CHECK(hl[5] == "              10   "); // PSIPRED's ruler: the 0 of 10 under residue 10
}

TEST_CASE("predict-structure tsv and json", "[cli][predict]")
{
    auto const t = run("predict-structure -q --model " + tiny_model() + " --format tsv ok.fasta");
    REQUIRE(t.code == 0);
    auto const l = lines(t.out);
    REQUIRE(l.size() == 1 + 15 + 13 + 26);
    CHECK(l[0] == "id\tpos\tresidue\tss8\tss3\tp_H\tp_G\tp_I\tp_E\tp_B\tp_T\tp_S\tp_C\tp3_H\tp3_E\tp3_C");
    CHECK(std::regex_match(l[1], std::regex("seq1\t1\tM\t[HGIEBTSC]\t[HEC](\t[01]\\.[0-9]{4}){11}")));
    auto const j = run("predict-structure -q --model " + tiny_model() + " --format json ok.fasta");
    REQUIRE(j.code == 0);
    auto const jl = lines(j.out);
    REQUIRE(jl.size() == 3);
    auto const o = nlohmann::json::parse(jl[1]);
    CHECK(o["id"] == "seq2");
    CHECK(o["sequence"] == "MKVLAAGIVGWWY");
    CHECK(o["ss8"].get<std::string>().size() == 13);
    CHECK(o["prob8"].size() == 13);
    CHECK(o["prob3"][0].size() == 3);
}

TEST_CASE("stdin, gzip and thread counts give byte-identical output", "[cli][predict]")
{
    auto const base = run("predict-structure -q --model " + tiny_model() + " --format tsv ok.fasta");
    auto const in = run("predict-structure -q --model " + tiny_model() + " --format tsv - < ok.fasta");
    auto const gz = run("predict-structure -q --model " + tiny_model() + " --format tsv ok.fasta.gz");
    auto const t2 = run("predict-structure -q --threads 2 --model " + tiny_model() + " --format tsv ok.fasta");
    CHECK(in.out == base.out);
    CHECK(gz.out == base.out);
    CHECK(t2.out == base.out);
    auto const file = scratch() / "out.tsv";
    auto const o =
        run("predict-structure -q --model " + tiny_model() + " --format tsv -o " + file.string() + " ok.fasta");
    CHECK(o.code == 0);
    CHECK(o.out.empty());
    CHECK(slurp(file) == base.out);
}

TEST_CASE("predict-structure --precision auto computes as float32 or bf16, says which, and is quiet with -q",
          "[cli][predict]")
{
    std::string const cmd = "predict-structure --model " + tiny_model() + " --format tsv ok.fasta --precision ";
    auto const a = run(cmd + "auto");
    REQUIRE(a.code == 0);
    bool const f32 = a.err.find("--precision auto: float32 on this CPU") != std::string::npos;
    bool const bf = a.err.find("--precision auto: bf16 on this CPU") != std::string::npos;
    REQUIRE(f32 != bf);
    CHECK(a.out == run(cmd + (f32 ? "float32" : "bf16")).out);
    auto const q = run(cmd + "auto -q");
    CHECK(q.out == a.out);
    CHECK(q.err.empty());
    auto const bad = run(cmd + "fp8");
    CHECK(bad.code == 1);
    CHECK(bad.err.find("--precision must be") != std::string::npos);
}

TEST_CASE("empty input gives empty output and exit 0", "[cli][predict]")
{
    for (std::string f : {"ss8", "tsv", "json", "ss2"})
    {
        auto const r = run("predict-structure -q --model " + tiny_model() + " --format " + f + " empty.fasta");
        CHECK(r.code == 0);
        CHECK(r.out.empty());
    }
}

TEST_CASE("bad input: exit 2, file/record/position in the message, no output file", "[cli][predict]")
{
    auto const file = scratch() / "never.ss8";
    struct bad_case
    {
        char const * file;
        char const * expect;
    };
    for (auto c :
         {bad_case{"digit.fasta", "digit.fasta: record 1 ('seq1'), line 2, column 4: residue 4: invalid character '1'"},
          bad_case{"semicolon.fasta", "record 2 ('seq2')"}, bad_case{"empty_record.fasta", "empty record"},
          bad_case{"no_header.fasta", "expected a FASTA header"}, bad_case{"binary.fasta", "FASTA"}})
    {
        auto const r = run("predict-structure --model " + tiny_model() + " -o " + file.string() + " " + c.file);
        INFO(c.file);
        CHECK(r.code == 2);
        CHECK_THAT(r.err, Catch::Contains(c.expect));
        CHECK_FALSE(fs::exists(file));
    }
    for (auto const & entry : fs::directory_iterator(scratch())) // no temporary file left behind either
        CHECK_FALSE(entry.path().filename().string().starts_with("never.ss8"));
}

TEST_CASE("model and I/O errors have their own exit codes", "[cli]")
{
    auto const missing = run("predict-structure --model /nonexistent/model.ssrnn ok.fasta");
    CHECK(missing.code == 4);
    auto const junk = run("predict-structure --model ok.fasta ok.fasta");
    CHECK(junk.code == 3);
    CHECK_THAT(junk.err, Catch::Contains("wrong magic"));
    auto const noinput = run("predict-structure --model " + tiny_model() + " no-such-file.fasta");
    CHECK(noinput.code == 4);
    CHECK_THAT(noinput.err, Catch::Contains("no-such-file.fasta"));
    auto const fmt = run("predict-structure --model " + tiny_model() + " --format xml ok.fasta");
    CHECK(fmt.code == 1);
    auto const train = run("train-structure --out x.ssrnn");
    CHECK(train.code == 1);
    CHECK_THAT(train.err, Catch::Contains("--train is required"));
    auto const rd = run("train-structure --train ok.fasta --recurrent-dropout 1.5 --out x.ssrnn");
    CHECK(rd.code == 1);
    CHECK_THAT(rd.err, Catch::Contains("--recurrent-dropout must be in [0, 1)"));
}

TEST_CASE("evaluate-structure reports Q8/Q3, classes and confusion, masks restrict scoring", "[cli][evaluate]")
{
    auto const j = run("evaluate-structure --model " + tiny_model() + " --data ok.ss8 --mask ok.mask --format json");
    REQUIRE(j.code == 0);
    auto const o = nlohmann::json::parse(j.out);
    CHECK(o["residues"] == 12);
    CHECK(o["records"] == 2);
    CHECK(o["q8"].get<double>() >= 0.0);
    CHECK(o["q3"].get<double>() >= o["q8"].get<double>());
    CHECK(o["per_class"].size() == 8);
    CHECK(o["confusion"]["counts"].size() == 8);
    auto const all = run("evaluate-structure --model " + tiny_model() + " --data ok.ss8 --format json");
    CHECK(nlohmann::json::parse(all.out)["residues"] == 14);
    auto const text = run("evaluate-structure --model " + tiny_model() + " --data ok.ss8");
    CHECK_THAT(text.out, Catch::Contains("Q8\t") && Catch::Contains("confusion"));
    auto const bad = run("evaluate-structure --model " + tiny_model() + " --data badlabel.ss8");
    CHECK(bad.code == 2);
    CHECK_THAT(bad.err, Catch::Contains("badlabel.ss8, line 3: record 'a', position 5"));
}

TEST_CASE("evaluate-structure scores every predict-structure format like the model itself", "[cli][evaluate]")
{
    auto const direct =
        nlohmann::json::parse(run("evaluate-structure --model " + tiny_model() + " --data toy.ss8 --format json").out);
    CHECK(direct["sov3"].get<double>() > 0.0);
    CHECK(direct["sov8"].get<double>() > 0.0);
    CHECK(direct["per_protein"]["records"] == direct["records"]);
    CHECK(direct["calibration3"]["bins"].size() == 10);
    CHECK(direct["calibration8"]["ece"].get<double>() >= 0.0);
    CHECK(direct["confidence_digits"].size() == 10);
    // toy.ss8 as FASTA, predicted in every format, then scored without the model.
    {
        std::ofstream fasta{scratch() / "toy.fasta"};
        std::size_t k = 0;
        for (auto const & l : lines(slurp(fs::path{SSRNN_TEST_DATA} / "toy.ss8")))
            if (k++ % 3 != 2)
                fasta << l << '\n';
    }
    for (std::string const fmt : {"ss8", "ss3", "ss2", "horiz", "tsv", "json"})
    {
        INFO(fmt);
        auto const pred = (scratch() / ("toy." + fmt)).string();
        REQUIRE(run("predict-structure --model " + tiny_model() + " --format " + fmt + " -o " + pred + " " +
                    (scratch() / "toy.fasta").string())
                    .code == 0);
        auto const r = run("evaluate-structure --predictions " + pred + " --data toy.ss8 --format json");
        INFO(r.err);
        REQUIRE(r.code == 0);
        auto const j = nlohmann::json::parse(r.out);
        // An ss8 file carries only the 8-state letters: its 3 states are mapped from them, which can
        // differ from the model's 3-state call (the argmax of the summed probabilities).
        if (fmt != "ss8")
        {
            CHECK(j["q3"].get<double>() == Approx(direct["q3"].get<double>()));
            CHECK(j["sov3"].get<double>() == Approx(direct["sov3"].get<double>()));
        }
        bool const eight = fmt == "ss8" || fmt == "tsv" || fmt == "json";
        CHECK(j.contains("q8") == eight);
        if (eight)
        {
            CHECK(j["q8"].get<double>() == Approx(direct["q8"].get<double>()));
            CHECK(j["sov8"].get<double>() == Approx(direct["sov8"].get<double>()));
        }
    }
    auto const plot = (scratch() / "calibration.svg").string();
    CHECK(run("evaluate-structure --model " + tiny_model() + " --data toy.ss8 --plot " + plot).code == 0);
    CHECK_THAT(slurp(plot), Catch::Contains("<svg"));
    auto const wrong = run("evaluate-structure --predictions " + (scratch() / "toy.ss8").string() + " --data ok.ss8");
    CHECK(wrong.code == 2);
    CHECK_THAT(wrong.err, Catch::Contains("no prediction for record"));
}

TEST_CASE("train-structure --write-valid writes the validation split and trains nothing", "[cli][train]")
{
    auto const split = (scratch() / "valid.ss8").string();
    auto const r = run("train-structure --train toy.ss8 --out " + (scratch() / "unused.ssrnn").string() +
                       " --valid-fraction 0.2 --seed 3 --write-valid " + split);
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK_FALSE(fs::exists(scratch() / "unused.ssrnn"));
    auto const recs = lines(slurp(split));
    CHECK(recs.size() == 3 * 12); // 20 % of toy.ss8's 60 records
    // The split is the one training with the same seed and fraction validates on: same Q8.
    auto const trained = run("train-structure --train toy.ss8 --out " + (scratch() / "split.ssrnn").string() +
                             " --layers 1 --hidden 8 --epochs 1 --batch 8 --seed 3 --valid-fraction 0.2");
    REQUIRE(trained.code == 0);
    auto const e = run("evaluate-structure --model " + (scratch() / "split.ssrnn").string() + " --data " + split +
                       " --mask " + split + ".mask --format json");
    REQUIRE(e.code == 0);
    std::smatch m;
    REQUIRE(std::regex_search(trained.err, m, std::regex("valid Q8 ([0-9.]+)")));
    CHECK(nlohmann::json::parse(e.out)["q8"].get<double>() == Approx(std::stod(m[1].str())).margin(0.006));
}

TEST_CASE("train-structure --split-seed shares one validation split between runs with different seeds", "[cli][train]")
{
    auto split_for = [&](std::string const & name, std::string const & seeds)
    {
        auto const path = (scratch() / name).string();
        auto const r = run("train-structure --train toy.ss8 --out " + (scratch() / "unused.ssrnn").string() +
                           " --valid-fraction 0.2 " + seeds + " --write-valid " + path);
        REQUIRE(r.code == 0);
        return slurp(path);
    };
    auto const base = split_for("s3.ss8", "--seed 3");
    CHECK(split_for("s9_3.ss8", "--seed 9 --split-seed 3") == base);
    CHECK(split_for("s9.ss8", "--seed 9") != base);
}

TEST_CASE("train-structure --save-epochs keeps every epoch and combine-models --average averages them", "[cli][train]")
{
    auto const out = (scratch() / "epochs.ssrnn").string();
    auto const trained = run("train-structure --train toy.ss8 --out " + out +
                             " --layers 1 --hidden 8 --epochs 2 --batch 8 --seed 3 --valid-fraction 0.2"
                             " --label-smoothing 0.1 --q3-weight 0.5 --save-epochs");
    INFO(trained.err);
    REQUIRE(trained.code == 0);
    CHECK_THAT(trained.err, Catch::Contains("label smoothing 0.1, q3 weight 0.5"));
    REQUIRE(fs::exists(out + ".epoch1"));
    REQUIRE(fs::exists(out + ".epoch2"));
    auto const again = run("train-structure --train toy.ss8 --out " + out +
                           " --layers 1 --hidden 8 --epochs 2 --batch 8 --seed 3 --valid-fraction 0.2"
                           " --label-smoothing 0.1 --q3-weight 0.5 --save-epochs --resume");
    CHECK(again.code == 0); // a finished run resumes to nothing
    CHECK_THAT(again.err, Catch::Contains("nothing to train"));
    auto const other_split = run("train-structure --train toy.ss8 --out " + out +
                                 " --layers 1 --hidden 8 --epochs 3 --batch 8 --seed 3 --split-seed 4"
                                 " --valid-fraction 0.2 --resume");
    CHECK(other_split.code == 1);
    CHECK_THAT(other_split.err, Catch::Contains("split seed"));
    auto const avg = (scratch() / "avg.ssrnn").string();
    auto const c = run("combine-models --average -o " + avg + " " + out + ".epoch1 " + out + ".epoch2");
    INFO(c.err);
    REQUIRE(c.code == 0);
    CHECK(run("evaluate-structure --model " + avg + " --data toy.ss8").code == 0);
    auto const h4 = (scratch() / "h4.ssrnn").string();
    REQUIRE(run("train-structure --train toy.ss8 --out " + h4 +
                " --layers 1 --hidden 4 --epochs 1 --batch 8 --seed 3 --valid-fraction 0.2")
                .code == 0);
    auto const mixed = run("combine-models --average -o " + (scratch() / "bad.ssrnn").string() + " " + out + " " + h4);
    CHECK(mixed.code != 0);
    CHECK_THAT(mixed.err, Catch::Contains("different architectures"));
    CHECK_FALSE(fs::exists(scratch() / "bad.ssrnn"));

    // --member K takes one network back out of an ensemble: the members again make the same ensemble
    auto const ens = (scratch() / "ens.ssrnn").string(), m2 = (scratch() / "m2.ssrnn").string();
    REQUIRE(run("combine-models -o " + ens + " " + out + ".epoch1 " + h4).code == 0);
    auto const took = run("combine-models --member 2 -o " + m2 + " " + ens);
    INFO(took.err);
    REQUIRE(took.code == 0);
    auto const p = [](std::string const & models)
    {
        return run("predict-structure -f tsv " + models + " ok.fasta").out;
    };
    CHECK(p("-m " + m2) == p("-m " + h4));
    CHECK(p("-m " + out + ".epoch1 -m " + m2) == p("-m " + ens));
    auto const beyond = run("combine-models --member 3 -o " + (scratch() / "m3.ssrnn").string() + " " + ens);
    CHECK(beyond.code == 1);
    CHECK_THAT(beyond.err, Catch::Contains("--member 3: the inputs have 2 members"));
    CHECK_FALSE(fs::exists(scratch() / "m3.ssrnn"));
}

TEST_CASE("the bundled default model predicts out of the box", "[cli][default-model]")
{
    auto const r = run("predict-structure ok.fasta");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(lines(r.out).size() == 9);
}

TEST_CASE("short and bad input on a pipe is handled like a file", "[cli][predict]")
{
    std::string const tool = std::string{SSRNN_BIN_DIR} + "/predict-structure -q --model " + tiny_model() + " -";
    auto const empty_rec = run("printf '>x\\n' | " + tool, false);
    CHECK(empty_rec.code == 2);
    CHECK_THAT(empty_rec.err, Catch::Contains("<stdin>: record 1 ('x')") && Catch::Contains("empty record"));
    auto const tiny = run("printf '>x\\nMK\\n' | " + tool, false);
    CHECK(tiny.code == 0);
    CHECK(lines(tiny.out).size() == 3);
    auto const gz = run("cat corrupt.fasta.gz | " + tool, false);
    CHECK(gz.code == 2);
    CHECK_THAT(gz.err, Catch::Contains("corrupt gzip data"));
}

TEST_CASE("a diverging training run exits with code 5 and writes no model", "[cli][train]")
{
    auto const out = scratch() / "diverged.ssrnn";
    auto const r = run("train-structure --train toy.ss8 --out " + out.string() +
                       " --layers 1 --hidden 8 --epochs 3 --lr 1e38 --clip-norm 0 --valid-fraction 0.2");
    CHECK(r.code == 5);
    CHECK_THAT(r.err, Catch::Contains("training diverged"));
    CHECK_FALSE(fs::exists(out));
}

TEST_CASE("analyze-gradients prints TSV with a header and draws SVG", "[cli][analyze]")
{
    auto const v = run("analyze-gradients --version");
    CHECK(v.code == 0);
    CHECK(std::regex_match(v.out, std::regex("analyze-gradients [0-9.]+\n")));
    auto const svg = scratch() / "flow.svg";
    // d = 0..T: the last row, distance T, is the initial state c_{-1}.
    auto const f = run("analyze-gradients flow --forget-gate 0.99 --input-gate 0.5 --steps 50 --plot " + svg.string());
    REQUIRE(f.code == 0);
    auto const l = lines(f.out);
    REQUIRE(l.size() == 52);
    CHECK(l[0] == "distance\tgrad_norm\tratio\texpected_ratio");
    CHECK_THAT(l[51], Catch::StartsWith("50\t") && Catch::Contains("\t0.605006"));
    CHECK_THAT(f.err, Catch::Contains("T 50") && Catch::Contains("grad_norm[50]") && Catch::Contains("ratio 0.605006"));
    CHECK_THAT(slurp(svg), Catch::StartsWith("<svg") && Catch::Contains("polyline"));
    auto const c = run("analyze-gradients check --cell rnn");
    CHECK(c.code == 0);
    CHECK(lines(c.out)[0] == "tensor\tparams\tmax_rel_error");
    CHECK_THAT(c.err, Catch::Contains("pass"));
    auto const rc = run("analyze-gradients check --recurrent-dropout 0.4");
    CHECK(rc.code == 0);
    CHECK_THAT(rc.err, Catch::Contains("pass"));
    auto const bad_rd = run("analyze-gradients check --recurrent-dropout 1");
    CHECK(bad_rd.code == 1);
    CHECK_THAT(bad_rd.err, Catch::Contains("--recurrent-dropout must be in [0, 1)"));
    auto const t = run("analyze-gradients truncation --steps 40 --k 5,40");
    CHECK(t.code == 0);
    auto const tl = lines(t.out);
    REQUIRE(tl.size() == 3);
    CHECK(tl[0] == "k\tfull_norm\ttruncated_norm\trel_diff\tdropped_norm\tidentity_error");
    CHECK_THAT(tl[2], Catch::StartsWith("40\t") && Catch::Contains("\t0.000000e+00\t"));
    CHECK_THAT(t.err, Catch::StartsWith("identity_error "));
    CHECK(run("analyze-gradients truncation --k 5,x").code == 1);
    auto const m = run("analyze-gradients modes --cell rnn --hidden 4,8 --steps 10");
    CHECK(m.code == 0);
    auto const ml = lines(m.out);
    REQUIRE(ml.size() == 3);
    CHECK(ml[0] == "hidden\tparams\tforward_passes\treverse_passes\tforward_seconds\treverse_seconds\tmax_rel_diff");
    CHECK_THAT(ml[1], Catch::StartsWith("4\t104\t104\t1\t"));
    CHECK(run("analyze-gradients transmogrify").code == 1);
    auto const png = run("analyze-gradients flow --plot x.png");
    CHECK(png.code == 1);
    CHECK(png.out.empty());
}

TEST_CASE("train-structure: a malformed checkpoint exits 3 naming the file", "[cli][train]")
{
    auto const dir = scratch() / "bad-checkpoint";
    fs::create_directories(dir);
    auto const out = (dir / "m.ssrnn").string();
    auto const common =
        "train-structure --train toy.ss8 --layers 1 --hidden 4 --epochs 2 --batch 8 --resume --out " + out;
    // A model file as the checkpoint.
    auto const as_model = run(common + " --checkpoint " + tiny_model());
    CHECK(as_model.code == 3);
    CHECK_THAT(as_model.err, Catch::Contains(tiny_model() + ": not an ssrnn checkpoint"));
    // Garbage where the checkpoint should be.
    std::ofstream(dir / "junk.ckpt") << "not a checkpoint";
    auto const junk = run(common + " --checkpoint " + (dir / "junk.ckpt").string());
    CHECK(junk.code == 3);
    CHECK_THAT(junk.err, Catch::Contains((dir / "junk.ckpt").string()));
    CHECK_FALSE(fs::exists(out));
}

TEST_CASE("train-structure: a run stopped by --time-limit exits 75 with a checkpoint; the resumed run exits 0",
          "[cli][train][resume]")
{
    auto const dir = scratch() / "time-limit";
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto const out = (dir / "m.ssrnn").string();
    auto const common = "train-structure --train toy.ss8 --layers 1 --hidden 4 --epochs 2 --batch 8 --out " + out;
    auto const cut = run(common + " --time-limit 0.000001");
    INFO(cut.err);
    CHECK(cut.code == 75);
    CHECK(fs::exists(out + ".ckpt"));
    CHECK_FALSE(fs::exists(out));
    auto const resumed = run(common + " --resume");
    INFO(resumed.err);
    CHECK(resumed.code == 0);
    CHECK(fs::exists(out));
}

TEST_CASE("train-structure killed with SIGKILL mid-run resumes to the same model bytes", "[cli][train][resume]")
{
    // Two runs with the same command line (relative output paths) in two folders: A is killed
    // once its first checkpoint exists and resumed; B runs uninterrupted.
    auto const a = scratch() / "killed", b = scratch() / "whole";
    fs::create_directories(a);
    fs::create_directories(b);
    std::string const cmd = std::string{SSRNN_BIN_DIR} + "/train-structure --train " + SSRNN_TEST_DATA +
                            "/toy.ss8 --layers 2 --hidden 48 --epochs 40 --batch 4 --seed 11 --threads 2 "
                            "--out m.ssrnn --resume";
    auto const killed = run("cd '" + a.string() + "' && (" + cmd +
                                " 2> log & pid=$!; i=0; while [ ! -f m.ssrnn.ckpt ] && [ $i -lt 3000 ]; do sleep 0.01; "
                                "i=$((i+1)); done; sleep 0.05; kill -9 $pid; wait $pid; echo status $?)",
                            false);
    CHECK_THAT(killed.out, Catch::Contains("status 137")); // killed, not finished
    auto const resumed = run("cd '" + a.string() + "' && " + cmd, false);
    REQUIRE(resumed.code == 0);
    CHECK_THAT(resumed.err, Catch::Contains("resuming from m.ssrnn.ckpt"));
    auto const whole = run("cd '" + b.string() + "' && " + cmd, false);
    REQUIRE(whole.code == 0);
    CHECK(slurp(a / "m.ssrnn") == slurp(b / "m.ssrnn"));
    CHECK(slurp(a / "m.ssrnn.ckpt") == slurp(b / "m.ssrnn.ckpt"));
}

TEST_CASE("predict-structure --outdir writes one file per record, named from its ID", "[cli][predict]")
{
    auto const dir = scratch() / "outdir";
    fs::remove_all(dir);
    auto const r =
        run("predict-structure -q --model " + tiny_model() + " --format ss2 --outdir " + dir.string() + " ok.fasta");
    REQUIRE(r.code == 0);
    CHECK(r.out.empty());
    auto const whole = run("predict-structure -q --model " + tiny_model() + " --format ss2 ok.fasta");
    CHECK(slurp(dir / "seq1.ss2") + slurp(dir / "seq2.ss2") + slurp(dir / "seq3.ss2") == whole.out);
    // IDs made file-safe; repeats and IDs that become equal get _2, _3; tsv files have their header.
    auto const odd = scratch() / "odd.fasta";
    std::ofstream(odd) << ">sp|P1|X desc\nMKV\n>sp_P1_X\nMKVL\n>sp|P1|X\nMK\n>..\nM\n";
    auto const d2 = scratch() / "outdir2";
    fs::remove_all(d2);
    REQUIRE(run("predict-structure -q --model " + tiny_model() + " -f tsv --outdir " + d2.string() + " " + odd.string())
                .code == 0);
    CHECK(fs::exists(d2 / "sp_P1_X.tsv"));
    CHECK(fs::exists(d2 / "sp_P1_X_2.tsv"));
    CHECK(fs::exists(d2 / "sp_P1_X_3.tsv"));
    CHECK(fs::exists(d2 / "_...tsv"));
    CHECK_THAT(slurp(d2 / "sp_P1_X_2.tsv"), Catch::StartsWith("id\tpos\t") && Catch::Contains("sp_P1_X\t4\tL"));
    auto const both =
        run("predict-structure --model " + tiny_model() + " -o x.ss8 --outdir " + d2.string() + " ok.fasta");
    CHECK(both.code == 1);
    CHECK_THAT(both.err, Catch::Contains("not both"));
    auto const d3 = scratch() / "outdir3";
    fs::remove_all(d3);
    CHECK(run("predict-structure -q --model " + tiny_model() + " --outdir " + d3.string() + " empty.fasta").code == 0);
    CHECK(fs::is_directory(d3));
    CHECK(fs::is_empty(d3));
}

#ifdef SSRNN_TEST_SERIAL_BUILD
TEST_CASE("a build without MPI refuses to run as several ranks", "[cli][mpi]")
{
    // Started by mpirun as 2 ranks, each would train a model of its own into the same file.
    auto const r = run("env OMPI_COMM_WORLD_SIZE=2 " + std::string{SSRNN_BIN_DIR} +
                           "/train-structure --train toy.ss8 --out " + (scratch() / "two.ssrnn").string(),
                       false);
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("this build has no MPI"));
    CHECK_FALSE(fs::exists(scratch() / "two.ssrnn"));
}
#endif

TEST_CASE("pictures: svg and html outputs, empty input, evaluate's prediction against structure", "[cli][chart]")
{
    auto const html = (scratch() / "r.html").string(), html2 = (scratch() / "r2.html").string();
    auto const m = " --model " + tiny_model();
    REQUIRE(run("predict-structure -q -f html -o " + html + m + " ok.fasta").code == 0);
    auto const text = slurp(html);
    CHECK(text.starts_with("<!DOCTYPE html>"));
    CHECK(text.find("<code>" + std::string{SSRNN_BIN_DIR} + "/predict-structure -f html -o") != std::string::npos);
    // The same bytes for any --threads: the command line shown leaves --threads (and -q) out.
    REQUIRE(run("predict-structure -q --threads 2 -f html -o " + html2 + m + " ok.fasta").code == 0);
    auto text2 = slurp(html2);
    auto const at = text2.find(html2);
    REQUIRE(at != std::string::npos);
    text2.replace(at, html2.size(), html);
    CHECK(text2 == text);
    // Empty input: a valid empty document.
    auto const empty = run("predict-structure -q -f svg" + m + " empty.fasta");
    CHECK(empty.code == 0);
    CHECK(empty.out.find("<svg xmlns") != std::string::npos);
    CHECK(empty.out.ends_with("</svg>\n"));
    CHECK(run("predict-structure -q -f html" + m + " empty.fasta").out.find("0 records") != std::string::npos);
    // evaluate-structure draws prediction against structure; --predictions files are not drawn.
    auto const ev = run("evaluate-structure --format svg --data ok.ss8" + m);
    CHECK(ev.code == 0);
    CHECK(ev.out.find(">DSSP<") != std::string::npos);
    CHECK(ev.out.find("Q3 ") != std::string::npos);
    auto const bad = run("evaluate-structure --format svg --predictions ok.ss8 --data ok.ss8");
    CHECK(bad.code == 1);
    CHECK(bad.err.find("score --predictions as text or json") != std::string::npos);
}

TEST_CASE("make-labels: DSSP files into 3-line data and mask that train and evaluate", "[cli][labels]")
{
    auto const out = (scratch() / "s.ss8").string();
    auto const r = run("make-labels break.dssp ok.ss8 -o " + out);
    REQUIRE(r.code == 0);
    CHECK(r.err.find("make-labels: 2 files,") != std::string::npos);
    auto const text = slurp(out);
    CHECK(text.starts_with(">2BEG_A\nLVCFXXXAE\nCEEC"));
    CHECK(slurp(out + ".mask").starts_with(">2BEG_A\nLVCFXXXAE\n111100011\n"));
    // train-structure and evaluate-structure read DSSP files directly, too.
    auto const ev = run("evaluate-structure --format json --data break.dssp --model " + tiny_model());
    CHECK(ev.code == 0);
    CHECK(ev.out.find("\"residues\": 8") != std::string::npos);
    // Bad input: a FASTA is not labelled data (exit 2, named); nothing is written.
    auto const bad = run("make-labels ok.fasta -o " + (scratch() / "bad.ss8").string());
    CHECK(bad.code == 2);
    CHECK(bad.err.find("ok.fasta") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(scratch() / "bad.ss8"));
    CHECK(run("make-labels break.dssp").code == 1); // no --output
}

TEST_CASE("make-labels, train-structure and evaluate-structure on a folder of real structures",
          "[cli][labels][structure]")
{
    auto const structures = fs::path{SSRNN_SOURCE_DIR} / ".." / "shared" / "data" / "structures";
    if (!fs::exists(structures) || run("mkdssp --version", false).code != 0)
    {
        WARN("skipped: needs ../shared/data/structures and mkdssp (package dssp)");
        return;
    }
    auto const out = (scratch() / "structures.ss8").string();
    auto const r = run("make-labels -t 2 '" + structures.string() + "' -o " + out + " --exclude ok.fasta");
    INFO(r.err);
    REQUIRE(r.code == 0);
    // Every file is read (the DSSP file too); the summary says what was kept and skipped.
    CHECK(r.err.find("[15/15]") != std::string::npos);
    CHECK(r.err.find("15 structure files: 25 protein chains kept; skipped: 2 non-protein, 1 too short") !=
          std::string::npos);
    CHECK(r.err.find("make-labels: 16 files, 24 records") != std::string::npos);
    auto const text = slurp(out);
    CHECK(text.find(">2BEG_A\nDAEFRHDSGYEVHHQKLVFFAEDVGSNKGAIIGLMVGGVVIA\n") != std::string::npos);
    CHECK(slurp(out + ".mask").find(">2BEG_A\nDAEFRHDSGYEVHHQKLVFFAEDVGSNKGAIIGLMVGGVVIA\n0000000000000000111111") !=
          std::string::npos);
    // Output does not depend on --threads.
    auto const one = (scratch() / "structures1.ss8").string();
    REQUIRE(run("make-labels -t 1 '" + structures.string() + "' -o " + one).code == 0);
    CHECK(slurp(one) == text);
    // A model trains on the converted labels and is scored against the structures themselves.
    auto const model = (scratch() / "structures.ssrnn").string();
    auto const t = run("train-structure --train " + out + " --train-mask " + out + ".mask --out " + model +
                       " --layers 1 --hidden 8 --epochs 1 --batch 8 --seed 3 --valid-fraction 0.2 --exclude ok.fasta");
    INFO(t.err);
    REQUIRE(t.code == 0);
    CHECK(t.err.find("--exclude: 0 training records") != std::string::npos);
    auto const ev =
        run("evaluate-structure --format json --model " + model + " --structures '" +
            (structures / "1A8O.cif.gz").string() + "' --structures '" + (structures / "2BEG.cif.gz").string() + "'");
    INFO(ev.err);
    REQUIRE(ev.code == 0);
    CHECK(ev.out.find("\"records\": 6") != std::string::npos);
    CHECK(ev.out.find("\"residues\": 200") != std::string::npos); // 70 + 5 x 26 observed
    // Not a structure, and a missing mkdssp: clear errors, nothing written.
    auto const bad = (scratch() / "bad.ss8").string();
    auto const no = run("make-labels --input-format structure ok.ss8 -o " + bad);
    CHECK(no.code == 2);
    CHECK(no.err.find("ok.ss8: not a structure") != std::string::npos);
    auto const gone =
        run("make-labels --dssp /nonexistent/mkdssp '" + (structures / "1A8O.cif.gz").string() + "' -o " + bad);
    CHECK(gone.code == 6);
    CHECK(gone.err.find("cannot run mkdssp") != std::string::npos);
    auto const failing = run("make-labels --dssp /bin/false '" + (structures / "1A8O.cif.gz").string() + "' -o " + bad);
    CHECK(failing.code == 6);
    CHECK(failing.err.find("mkdssp failed in 'DSSP of") != std::string::npos);
    CHECK_FALSE(fs::exists(bad));
    CHECK(run("evaluate-structure --model " + model + " --structures ok.ss8 --data ok.ss8").code == 1);
}

TEST_CASE("ssrnn-addss: an A3M with >ss_pred and >ss_conf where addss.pl puts them", "[cli][integrations]")
{
    auto const a3m = scratch() / "q.a3m";
    std::ofstream{a3m}
        << "#q\n>ss_dssp\nCEEEC\n>ss_pred old\nHHHHH\n>ss_conf old\n00000\n>q query\nMKVLA\n>h1\nMKaaVLA\n>h2\n-KVL-\n";
    auto const r = run("ssrnn-addss " + a3m.string());
    INFO(r.err);
    REQUIRE(r.code == 0);
    // The leading line and >ss_dssp first, the new prediction, then the sequences; the old
    // prediction replaced.
    CHECK(r.out.starts_with("#q\n>ss_dssp\nCEEEC\n>ss_pred ssrnn predicted secondary structure\n"));
    auto const pred = r.out.find(">ss_pred"), conf = r.out.find(">ss_conf"), query = r.out.find(">q query");
    REQUIRE(pred != std::string::npos);
    REQUIRE(conf != std::string::npos);
    CHECK(pred < conf);
    CHECK(conf < query);
    CHECK(r.out.find("HHHHH") == std::string::npos);
    CHECK(r.out.ends_with(">q query\nMKVLA\n>h1\nMKaaVLA\n>h2\n-KVL-\n"));
    auto const line = [&](std::size_t at)
    {
        return r.out.substr(r.out.find('\n', at) + 1, 5);
    };
    CHECK(line(pred).find_first_not_of("HEC") == std::string::npos);
    CHECK(line(conf).find_first_not_of("0123456789") == std::string::npos);
    // stdin to stdout (ffindex_apply), the same bytes; --ss-only: RoseTTAFold's two records.
    CHECK(run("ssrnn-addss < " + a3m.string()).out == r.out);
    auto const only = run("ssrnn-addss --ss-only - < " + a3m.string());
    CHECK(only.out == ">ss_pred\n" + line(pred) + "\n>ss_conf\n" + line(conf) + "\n");
    // Output does not depend on --threads; OUTPUT as addss.pl's second argument.
    auto const file = scratch() / "q.ss.a3m";
    REQUIRE(run("ssrnn-addss -t 2 " + a3m.string() + " " + file.string()).code == 0);
    CHECK(slurp(file) == r.out);
    // Bad alignments: file, record and column named, exit 2, nothing written.
    auto const bad = [&](std::string const & text, std::string const & message)
    {
        std::ofstream{scratch() / "bad.a3m"} << text;
        auto const b = run("ssrnn-addss " + (scratch() / "bad.a3m").string() + " " + (scratch() / "bad.out").string());
        INFO(text);
        CHECK(b.code == 2);
        CHECK(b.err.find(message) != std::string::npos);
        CHECK_FALSE(fs::exists(scratch() / "bad.out"));
    };
    bad(">q\nMK-LA\n", "record 1 ('q'), column 3: a gap in the query");
    bad(">q\nMKvLA\n", "column 3: a lowercase letter (an insert state) in the query");
    bad(">q\nMKVLA\n>h\nMKVL\n", "record 2 ('h'): 4 match columns but the query has 5");
    bad(">q\nMKVLA\n>h\nMK1LA\n", "record 2 ('h'), column 3: the character '1'");
    bad("", "no sequences");
    bad(">ss_dssp\nCCC\n>q\nMKVLA\n", "record 1 ('ss_dssp'): 3 states but the query has 5 residues");
}

TEST_CASE("ssrnn-runpsipred_single: PSIPRED's file set in the current directory", "[cli][integrations]")
{
    auto const dir = scratch() / "psipred";
    fs::create_directories(dir);
    std::ofstream{dir / "query.fasta"} << ">query test\nMKVLAAGIEWRTPQSDFGHNLKMV\n";
    auto const r =
        run("cd " + dir.string() + " && " + std::string{SSRNN_BIN_DIR} + "/ssrnn-runpsipred_single query.fasta", false);
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto const ss = slurp(dir / "query.ss"), ss2 = slurp(dir / "query.ss2"), horiz = slurp(dir / "query.horiz");
    // ss2: PSIPRED's header, a blank line, fixed columns; the .ss rows are the same without the header.
    CHECK(ss2.starts_with("# PSIPRED VFORMAT (PSIPRED V4.0)\n\n   1 M "));
    CHECK(ss2.substr(ss2.find("\n\n") + 2) == ss);
    CHECK(std::count(ss.begin(), ss.end(), '\n') == 24);
    // psipass2 reads the rows by fixed columns: "%4d %c %c  %6.3f %6.3f %6.3f".
    CHECK(std::regex_match(ss.substr(0, ss.find('\n')),
                           std::regex{R"(   1 M [CHE]  [ 0-9]{2}\.[0-9]{3} [ 0-9]{2}\.[0-9]{3} [ 0-9]{2}\.[0-9]{3})"}));
    CHECK(horiz.starts_with("# PSIPRED HFORMAT (PSIPRED V4.0)\n"));
    CHECK(horiz.find("\nConf: ") != std::string::npos);
    CHECK(horiz.find("\n  AA: MKVLAAGIEWRTPQSDFGHNLKMV\n") != std::string::npos);
    // Rosetta's fragment picker tells an ss2 file by its first line's first four tokens.
    std::istringstream first{ss2.substr(0, ss2.find('\n'))};
    std::vector<std::string> tokens{std::istream_iterator<std::string>{first}, {}};
    REQUIRE(tokens.size() >= 4);
    CHECK(tokens[0] == "#");
    CHECK(tokens[1] == "PSIPRED");
    CHECK(tokens[2] == "VFORMAT");
    CHECK(tokens[3] == "(PSIPRED");
    // The same numbers as predict-structure --format ss2.
    CHECK(run("predict-structure --format ss2 " + (dir / "query.fasta").string()).out == ss2);
    // More than one record, or profile mode without a database: an error, no files.
    std::ofstream{dir / "two.fasta"} << ">a\nMKV\n>b\nMKV\n";
    auto const two =
        run("cd " + dir.string() + " && " + std::string{SSRNN_BIN_DIR} + "/ssrnn-runpsipred_single two.fasta", false);
    CHECK(two.code == 2);
    CHECK(two.err.find("two.fasta: 2 records") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "two.ss2"));
    auto const nodb = run("cd " + dir.string() + " && env -u SSRNN_SEARCH_DB " + std::string{SSRNN_BIN_DIR} +
                              "/ssrnn-runpsipred query.fasta",
                          false);
    CHECK(nodb.code == 1);
    CHECK(nodb.err.find("SSRNN_SEARCH_DB") != std::string::npos);
}

TEST_CASE("predict-structure --format jalview: a Jalview annotation file", "[cli][integrations]")
{
    auto const r = run("predict-structure --format jalview ok.fasta");
    REQUIRE(r.code == 0);
    CHECK(r.out.starts_with("JALVIEW_ANNOTATION\n"));
    // Per record: SEQUENCE_REF and three rows of one value per residue, tab-separated fields.
    auto const ref = r.out.find("\nSEQUENCE_REF\t");
    REQUIRE(ref != std::string::npos);
    std::istringstream lines{r.out.substr(ref + 1)};
    std::string line;
    std::getline(lines, line);
    auto const id = line.substr(13, line.rfind('\t') - 13);
    auto const seq = run("predict-structure --format ss8 ok.fasta").out;
    auto const length = seq.substr(seq.find('\n') + 1, seq.find('\n', seq.find('\n') + 1) - seq.find('\n') - 1).size();
    for (std::string const row : {"NO_GRAPH\tssrnn SS3\t", "NO_GRAPH\tssrnn SS8\t", "BAR_GRAPH\tssrnn confidence\t"})
    {
        REQUIRE(std::getline(lines, line));
        CHECK(line.starts_with(row));
        auto const values = line.substr(line.rfind('\t') + 1);
        CHECK(static_cast<std::size_t>(std::count(values.begin(), values.end(), '|')) + 1 == length);
    }
    CHECK(seq.starts_with(">" + id));
    CHECK(run("predict-structure --format jalview empty.fasta").out.empty()); // empty input, empty output
}
