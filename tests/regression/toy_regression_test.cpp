// Regression: a fixed tiny training run must keep producing the stored validation score.
// If a change moves this number on purpose (new initialisation, new batching), update the stored
// value in the same commit and say why.
#include <ssrnn/train/trainer.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <sstream>

TEST_CASE("toy training run reproduces its stored loss and validation Q8", "[regression]")
{
    ssrnn::train::train_config c;
    c.train = std::string{SSRNN_TEST_DATA} + "/toy.ss8";
    c.out = (std::filesystem::temp_directory_path() / ("ssrnn_regression_" + std::to_string(::getpid()) + ".ssrnn"))
                .string();
    c.arch.layers = 1;
    c.arch.hidden = 16;
    c.epochs = 8;
    c.batch = 4;
    c.dropout = 0.0F;
    c.lr = 0.02;
    c.seed = 3;
    c.valid_fraction = 0.2;
    std::ostringstream log;
    auto const r = ssrnn::train::train(c, log);
    INFO(log.str());
    CHECK(r.last_train_loss == Approx(0.3397199).epsilon(1e-5));
    CHECK(r.best_q8 == Approx(84.665).margin(0.01));
    std::filesystem::remove(c.out);
    std::filesystem::remove(c.out + ".ckpt");
}
