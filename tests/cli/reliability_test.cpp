// Reliability of the tools: outputs that are not regular files, write errors, signals and kills
// during training, concurrent writers, odd IDs and oversized records (docs/reliability.md).
#include "helpers.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <random>
#include <regex>

using namespace ssrnn_cli;

TEST_CASE("outputs onto a FIFO, a symlink or a device are written through, never replaced", "[cli][reliability]")
{
    auto const dir = scratch() / "outputs";
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto const expect = run("predict-structure -q --model " + tiny_model() + " ok.fasta").out;
    // A FIFO: the reader gets the output, the FIFO stays a FIFO.
    auto const fifo = dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto const r =
        run("(cat '" + fifo.string() + "' > '" + (dir / "from-fifo").string() + "' &) ; " + SSRNN_BIN_DIR +
                "/predict-structure -q --model " + tiny_model() + " -o '" + fifo.string() + "' ok.fasta; sleep 0.2",
            false);
    CHECK(r.code == 0);
    CHECK(fs::is_fifo(fifo));
    CHECK(slurp(dir / "from-fifo") == expect);
    // A symlink: its target is replaced atomically, the link stays a link.
    std::ofstream(dir / "target.ss8") << "old";
    fs::create_symlink(dir / "target.ss8", dir / "link.ss8");
    CHECK(
        run("predict-structure -q --model " + tiny_model() + " -o " + (dir / "link.ss8").string() + " ok.fasta").code ==
        0);
    CHECK(fs::is_symlink(dir / "link.ss8"));
    CHECK(slurp(dir / "target.ss8") == expect);
    // /dev/stdout names the open standard output: written in place.
    auto const out = run("predict-structure -q --model " + tiny_model() + " -o /dev/stdout ok.fasta");
    CHECK(out.code == 0);
    CHECK(out.out == expect);
    CHECK(fs::is_symlink("/dev/stdout"));
    // /dev/null stays a device.
    CHECK(run("predict-structure -q --model " + tiny_model() + " -o /dev/null ok.fasta").code == 0);
    CHECK(fs::is_character_file("/dev/null"));
    // A model written onto a symlink keeps the link too.
    fs::create_symlink(dir / "model-target.ssrnn", dir / "model-link.ssrnn");
    CHECK(run("combine-models -o " + (dir / "model-link.ssrnn").string() + " " + tiny_model()).code == 0);
    CHECK(fs::is_symlink(dir / "model-link.ssrnn"));
    CHECK(fs::file_size(dir / "model-target.ssrnn") > 0);
}

TEST_CASE("a full device or a closed pipe is a write error: exit 4 naming the path", "[cli][reliability]")
{
    if (fs::is_character_file("/dev/full"))
    {
        auto const full = run("predict-structure -q --model " + tiny_model() + " -o /dev/full ok.fasta");
        CHECK(full.code == 4);
        CHECK_THAT(full.err, Catch::Contains("/dev/full: write error") && Catch::Contains("No space left"));
        CHECK(fs::is_character_file("/dev/full"));
        auto const full_stdout = run("sh -c '" + std::string{SSRNN_BIN_DIR} + "/predict-structure -q --model " +
                                         tiny_model() + " ok.fasta > /dev/full'",
                                     false);
        CHECK(full_stdout.code == 4);
        CHECK_THAT(full_stdout.err, Catch::Contains("<stdout>: write error"));
    }
    // A reader that goes away: EPIPE, not a silent death by SIGPIPE.
    auto const big = scratch() / "many.fasta";
    {
        std::ofstream f(big);
        for (int k = 0; k < 3000; ++k)
            f << ">r" << k << "\nMKVLAAGIVGLLKDEMKVLAAGIVGLLKDE\n";
    }
    auto const pipe = run("sh -c '" + std::string{SSRNN_BIN_DIR} + "/predict-structure -q --model " + tiny_model() +
                              " -f tsv " + big.string() + " 2> " + (scratch() / "pipe.err").string() + "; echo $? > " +
                              (scratch() / "pipe.code").string() + "' | head -c 10",
                          false);
    CHECK(slurp(scratch() / "pipe.code") == "4\n");
    CHECK_THAT(slurp(scratch() / "pipe.err"), Catch::Contains("<stdout>: write error: Broken pipe"));
}

TEST_CASE("eight processes writing one -o path or one --outdir leave complete files", "[cli][reliability]")
{
    auto const out = scratch() / "shared.tsv";
    std::string cmd;
    for (int k = 0; k < 8; ++k)
        cmd += std::string{SSRNN_BIN_DIR} + "/predict-structure -q --model " + tiny_model() + " -f tsv -o " +
               out.string() + " ok.fasta & ";
    CHECK(run("(" + cmd + "wait)", false).code == 0);
    CHECK(slurp(out) == run("predict-structure -q --model " + tiny_model() + " -f tsv ok.fasta").out);
    std::size_t leftovers = 0;
    for (auto const & e : fs::directory_iterator(scratch()))
        leftovers += e.path().filename().string().rfind("shared.tsv.tmp", 0) == 0 ? 1 : 0;
    CHECK(leftovers == 0);
    // The same for one --outdir: every record's file complete, nothing else left.
    auto const dir = scratch() / "shared-outdir";
    fs::remove_all(dir);
    std::string many;
    for (int k = 0; k < 8; ++k)
        many += std::string{SSRNN_BIN_DIR} + "/predict-structure -q --model " + tiny_model() + " -f ss2 --outdir " +
                dir.string() + " ok.fasta & ";
    CHECK(run("(" + many + "wait)", false).code == 0);
    auto const whole = run("predict-structure -q --model " + tiny_model() + " -f ss2 ok.fasta").out;
    CHECK(slurp(dir / "seq1.ss2") + slurp(dir / "seq2.ss2") + slurp(dir / "seq3.ss2") == whole);
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}) == 3);
}

TEST_CASE("odd IDs: non-UTF-8 bytes in JSON output, very long IDs, --max-residues", "[cli][reliability]")
{
    auto const odd = scratch() / "odd-ids.fasta";
    std::ofstream(odd) << ">bad\xff\xfe id\nMKV\n>" << std::string(5000, 'x') << "\nMKVL\n";
    auto const json = run("predict-structure -q --model " + tiny_model() + " -f json " + odd.string());
    CHECK(json.code == 0);
    CHECK_THAT(json.out, Catch::Contains("bad\xef\xbf\xbd\xef\xbf\xbd")); // U+FFFD twice
    auto const dir = scratch() / "long-ids";
    CHECK(run("predict-structure -q --model " + tiny_model() + " --outdir " + dir.string() + " " + odd.string()).code ==
          0);
    CHECK(fs::exists(dir / (std::string(200, 'x') + ".ss8")));
    auto const longrec = scratch() / "long-record.fasta";
    std::ofstream(longrec) << ">short\nMKV\n>long\n" << std::string(2001, 'A') << "\n";
    auto const refused = run("predict-structure --model " + tiny_model() + " --max-residues 2000 -o " +
                             (scratch() / "refused.ss8").string() + " " + longrec.string());
    CHECK(refused.code == 2);
    CHECK_THAT(refused.err, Catch::Contains("record 2 ('long') has 2001 residues, more than --max-residues 2000"));
    CHECK_FALSE(fs::exists(scratch() / "refused.ss8"));
}

TEST_CASE("SIGTERM stops training after the batch with a checkpoint, and the resumed run ends as an uninterrupted one",
          "[cli][reliability][train]")
{
    auto const a = scratch() / "sigterm", b = scratch() / "sigterm-whole";
    fs::create_directories(a);
    fs::create_directories(b);
    std::string const cmd = std::string{SSRNN_BIN_DIR} + "/train-structure --train " + SSRNN_TEST_DATA +
                            "/toy.ss8 --layers 2 --hidden 32 --epochs 12 --batch 4 --seed 5 --out m.ssrnn --resume";
    auto const stopped = run("cd '" + a.string() + "' && (" + cmd +
                                 " 2> log & pid=$!; i=0; while [ ! -f m.ssrnn.ckpt ] && [ $i -lt 3000 ]; do sleep "
                                 "0.01; i=$((i+1)); done; kill -TERM $pid; wait $pid; echo status $?)",
                             false);
    CHECK_THAT(stopped.out, Catch::Contains("status 143"));
    CHECK_THAT(slurp(a / "log"), Catch::Contains("stopped by signal 15") && Catch::Contains("resume with --resume"));
    REQUIRE(run("cd '" + a.string() + "' && " + cmd, false).code == 0);
    REQUIRE(run("cd '" + b.string() + "' && " + cmd, false).code == 0);
    CHECK(slurp(a / "m.ssrnn") == slurp(b / "m.ssrnn"));
}

TEST_CASE("20 SIGKILLs at random moments never leave an unloadable model or checkpoint", "[cli][reliability][train]")
{
    auto const a = scratch() / "kills", b = scratch() / "kills-whole";
    fs::create_directories(a);
    fs::create_directories(b);
    std::string const cmd = std::string{SSRNN_BIN_DIR} + "/train-structure --train " + SSRNN_TEST_DATA +
                            "/toy.ss8 --layers 2 --hidden 48 --epochs 80 --batch 4 --seed 8 --out m.ssrnn --resume";
    std::mt19937 rng{2026};
    std::uniform_int_distribution<int> ms{30, 300};
    int killed = 0;
    for (int k = 0; k < 20; ++k)
    {
        auto const r =
            run("cd '" + a.string() + "' && (" + cmd + " 2> log." + std::to_string(k) + " & pid=$!; sleep " +
                    std::to_string(ms(rng) / 1000.0) + "; kill -9 $pid 2>/dev/null; wait $pid; echo status $?)",
                false);
        killed += r.out.find("status 137") != std::string::npos ? 1 : 0;
        INFO("kill " << k << ": " << r.out << slurp(a / ("log." + std::to_string(k))));
        // Whatever was interrupted, what is there loads: the model predicts, the checkpoint resumes.
        CHECK((r.out == "status 137\n" || r.out == "status 0\n"));
        if (fs::exists(a / "m.ssrnn"))
            CHECK(run("predict-structure -q --model " + (a / "m.ssrnn").string() + " ok.fasta").code == 0);
    }
    CHECK(killed >= 10);
    REQUIRE(run("cd '" + a.string() + "' && " + cmd, false).code == 0);
    REQUIRE(run("cd '" + b.string() + "' && " + cmd, false).code == 0);
    CHECK(slurp(a / "m.ssrnn") == slurp(b / "m.ssrnn"));
    CHECK(slurp(a / "m.ssrnn.ckpt") == slurp(b / "m.ssrnn.ckpt"));
}
