// Data-parallel training under mpirun (built with -DSSRNN_MPI=ON): bit-identical to one process
// for 1, 2 and 4 ranks and any thread count, resumable with another rank count, and a rank that
// dies, hangs or finds bad input ends the whole job with a message.
#include "helpers.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <string>

using namespace ssrnn_cli;

namespace
{
// Open MPI refuses root without these (CI containers run as root); --oversubscribe lets 4 ranks
// share 2 cores.
std::string const mpi_env = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ";
std::string const mpirun = mpi_env + "mpirun --oversubscribe ";
std::string const tool = std::string{SSRNN_BIN_DIR} + "/train-structure";
std::string const toy = std::string{SSRNN_TEST_DATA} + "/toy.ss8";
std::string options(int epochs = 3)
{
    return " --train " + toy + " --layers 2 --hidden 12 --epochs " + std::to_string(epochs) +
           " --batch 8 --seed 5 --valid-fraction 0.2 --shards 4 --out m.ssrnn";
}

//! Runs `launcher` + train-structure + `extra` in a fresh folder `name` of the scratch folder;
//! returns the result and the folder.
std::pair<result, fs::path> train_in(std::string const & name, std::string const & launcher,
                                     std::string const & extra = "")
{
    auto const dir = scratch() / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto const r = run("cd '" + dir.string() + "' && " + launcher + tool + options() + extra, false);
    return {r, dir};
}
} // namespace

TEST_CASE("mpirun -np 2 and 4 train the model of one process, bit for bit, for any thread count", "[cli][mpi]")
{
    auto const [one, d1] = train_in("np1", "");
    INFO(one.err);
    REQUIRE(one.code == 0);
    auto const model = slurp(d1 / "m.ssrnn");
    auto const ckpt = slurp(d1 / "m.ssrnn.ckpt");
    for (auto const & [name, launcher, threads] :
         {std::tuple{"np2", mpirun + "-np 2 ", ""}, std::tuple{"np2t2", mpirun + "-np 2 ", " --threads 2"},
          std::tuple{"np4", mpirun + "-np 4 ", ""}, std::tuple{"np1mpi", mpirun + "-np 1 ", ""}})
    {
        auto const [r, d] = train_in(name, launcher, threads);
        INFO(name << ": " << r.err);
        REQUIRE(r.code == 0);
        if (std::string{threads}.empty()) // the command line (in the provenance) is the same
            CHECK(slurp(d / "m.ssrnn") == model);
        CHECK(slurp(d / "m.ssrnn.ckpt").substr(ckpt.size() / 2) == ckpt.substr(ckpt.size() / 2)); // the tensors
        if (std::string{name} == "np4")
            CHECK_THAT(r.err, Catch::Contains("4 MPI ranks"));
    }
    // Recurrent dropout: every rank draws the same dropped weights for an update.
    auto const [rd1, e1] = train_in("rd1", "", " --recurrent-dropout 0.3");
    auto const [rd2, e2] = train_in("rd2", mpirun + "-np 2 ", " --recurrent-dropout 0.3");
    INFO(rd2.err);
    REQUIRE(rd1.code == 0);
    REQUIRE(rd2.code == 0);
    CHECK(slurp(e2 / "m.ssrnn") == slurp(e1 / "m.ssrnn"));
    CHECK(slurp(e1 / "m.ssrnn") != model);
}

TEST_CASE("a run stopped under mpirun resumes with another number of ranks to the same weights", "[cli][mpi][resume]")
{
    auto const [one, d1] = train_in("resume1", "", " --resume"); // nothing to resume: a whole run
    REQUIRE(one.code == 0);
    auto const [cut, dc] = train_in("resume2", mpirun + "-np 2 ", " --time-limit 0.00001");
    INFO(cut.err);
    REQUIRE(cut.code == 75); // exit_code::time_limit, from rank 0 after its checkpoint
    CHECK_THAT(cut.err, Catch::Contains("time limit reached"));
    CHECK_FALSE(fs::exists(dc / "m.ssrnn"));
    auto const resumed = run("cd '" + dc.string() + "' && " + tool + options() + " --resume", false);
    INFO(resumed.err);
    REQUIRE(resumed.code == 0);
    CHECK(slurp(dc / "m.ssrnn") == slurp(d1 / "m.ssrnn")); // resumed with one rank, same command line
}

TEST_CASE("a rank that dies, hangs or finds bad input ends the whole job", "[cli][mpi][failure]")
{
    auto timed =
        [](std::string const & name, std::string const & rank1_prefix, std::string const & extra, int epochs = 100000)
    {
        auto const dir = scratch() / name;
        fs::remove_all(dir);
        fs::create_directories(dir);
        // Rank 1 runs `rank1_prefix`, then becomes train-structure (exec keeps its PID).
        std::ofstream{dir / "rank.sh"} << "if [ \"$OMPI_COMM_WORLD_RANK\" = 1 ]; then\n"
                                       << rank1_prefix << "\nfi\n"
                                       << "exec " << tool << options(epochs) << extra << " \"$@\"\n";
        auto const t0 = std::chrono::steady_clock::now();
        auto const r = run(
            "cd '" + dir.string() + "' && " + mpi_env + "timeout 120 mpirun --oversubscribe -np 2 sh rank.sh", false);
        double const s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        return std::pair{r, s};
    };
    SECTION("killed")
    {
        auto const [r, s] = timed("killed", "(sleep 2; kill -9 $$) &", "");
        INFO(r.err);
        CHECK(r.code != 0);
        CHECK(r.code != 124); // not the test's timeout: the job ended by itself
        CHECK(s < 60);
        CHECK_THAT(r.err, Catch::Contains("signal 9") || Catch::Contains("Killed"));
    }
    SECTION("hangs (stopped): the others give up after --comm-timeout, exit 7")
    {
        auto const [r, s] = timed("hung", "(sleep 2; kill -STOP $$) &", " --comm-timeout 3");
        INFO(r.err);
        CHECK(r.code == 7);
        CHECK(s < 60);
        CHECK_THAT(r.err, Catch::Contains("no answer from the other ranks"));
    }
    SECTION("bad input on one rank: exit 2 with the message, no model")
    {
        std::ofstream{scratch() / "bad.ss8"} << ">a\nMKV\nHXH\n";
        auto const [r, s] = timed("bad", "set -- --extra-train " + (scratch() / "bad.ss8").string(), "", 3);
        INFO(r.err);
        CHECK(r.code == 2);
        CHECK_THAT(r.err, Catch::Contains("bad.ss8") && Catch::Contains("ending every rank"));
        CHECK_FALSE(fs::exists(scratch() / "bad" / "m.ssrnn"));
    }
}
