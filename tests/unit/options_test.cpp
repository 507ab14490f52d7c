// Options declared once (ssrnn/options.hpp) and whole jobs through the public API (ssrnn/jobs.hpp):
// the tables bind every field with the library's defaults, values are typed and checked, and
// train_model / evaluate / predict / combine_models do what the tools do.
#include <ssrnn/eval/evaluate.hpp>
#include <ssrnn/predict/predictor.hpp>
#include <ssrnn/search/profile_builder.hpp>
#include <ssrnn/ssrnn.hpp>
#include <ssrnn/train/config.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <sstream>

namespace
{
namespace fs = std::filesystem;
using ssrnn::job;
using ssrnn::option_type;
using ssrnn::settings;

std::string const data_dir = SSRNN_TEST_DATA;

fs::path scratch(std::string const & name)
{
    auto const dir = fs::temp_directory_path() / ("ssrnn_options_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

//! A tiny training run's settings (toy data, 1 x 8 LSTM, 2 epochs).
settings tiny_training(std::string const & out)
{
    settings s{job::train};
    s.set("train", data_dir + "/toy.ss8");
    s.set("out", out);
    s.set("layers", std::int64_t{1});
    s.set("hidden", std::int64_t{8});
    s.set("epochs", std::int64_t{2});
    s.set("batch", std::int64_t{8});
    s.set("valid-fraction", 0.2);
    return s;
}
} // namespace

TEST_CASE("options: every job declares unique names, help, and defaults that are the config's", "[options]")
{
    for (auto const kind : ssrnn::all_jobs)
    {
        settings const s{kind};
        std::set<std::string> names;
        for (auto const & o : s.options())
        {
            INFO(ssrnn::tool_name(kind) << " --" << o.name);
            CHECK(names.insert(o.name).second);
            CHECK(!o.help.empty());
            CHECK(s.find(o.python_name()) == &o);
            if (o.type == option_type::choice)
                CHECK(!o.choices.empty());
        }
    }
    // The shown defaults are the library structs' own (the tools cannot drift from them).
    settings const t{job::train};
    ssrnn::train::train_config const tc;
    CHECK(std::get<double>(t.get("lr")) == tc.lr);
    CHECK(std::get<std::int64_t>(t.get("hidden")) == tc.arch.hidden);
    CHECK(t.find("lr")->default_text == "0.002");
    CHECK(t.find("cell")->default_text == "lstm");
    CHECK(t.find("dropout")->range == "[0, 1)");
    settings const p{job::predict};
    ssrnn::predict::predict_config const pc;
    CHECK(std::get<std::int64_t>(p.get("search-max-seqs")) == pc.search.max_seqs);
    CHECK(std::get<std::int64_t>(p.get("max-residues")) == static_cast<std::int64_t>(pc.max_residues));
    CHECK(p.find("input")->positional);
    CHECK(p.find("output")->cli_only);
    CHECK(ssrnn::tool_name(job::gradient_flow) == "analyze-gradients flow");
}

TEST_CASE("options: values are typed, choices and integers checked, names given in errors", "[options]")
{
    settings s{job::train};
    s.set("epochs", std::int64_t{3});
    s.set_text("lr", "0.01");
    s.set_text("cell", "gru");
    s.set("save_epochs", true); // Python spelling
    s.set_text("train-profiles", "a.profiles");
    s.set_text("train-profiles", "b.profiles"); // a list grows, as a repeated option
    CHECK(std::get<std::int64_t>(s.get("epochs")) == 3);
    CHECK(std::get<double>(s.get("lr")) == 0.01);
    CHECK(std::get<std::string>(s.get("cell")) == "gru");
    CHECK(std::get<bool>(s.get("save-epochs")));
    CHECK(std::get<std::vector<std::string>>(s.get("train_profiles")) ==
          std::vector<std::string>{"a.profiles", "b.profiles"});
    s.set("lr", std::int64_t{1}); // an integer is a number
    CHECK(std::get<double>(s.get("lr")) == 1.0);

    CHECK_THROWS_WITH(s.set("epoch", std::int64_t{1}), "unknown option 'epoch' of train-structure");
    CHECK_THROWS_WITH(s.set("epochs", 2.5), "--epochs takes an integer");
    CHECK_THROWS_WITH(s.set("resume", std::string{"yes"}), "--resume takes true or false");
    CHECK_THROWS_WITH(s.set_text("epochs", "3x"), "--epochs takes an integer, not '3x'");
    CHECK_THROWS_WITH(s.set_text("lr", "fast"), "--lr takes a number, not 'fast'");
    CHECK_THROWS_WITH(s.set_text("cell", "lstn"), "--cell must be lstm, gru or rnn (got 'lstn')");
    CHECK_THROWS_AS(s.set("layers", std::int64_t{1} << 40), ssrnn::config_error);
    CHECK_THROWS_AS(s.set("seed", std::int64_t{-1}), ssrnn::config_error); // unsigned field

    // Copies are independent values.
    settings copy = s;
    copy.set("epochs", std::int64_t{7});
    CHECK(std::get<std::int64_t>(s.get("epochs")) == 3);
}

TEST_CASE("options: ranges are checked when the job starts, with the declared interval", "[options]")
{
    auto s = tiny_training(scratch("never.ssrnn").string());
    s.set("dropout", 1.0);
    std::ostringstream log;
    CHECK_THROWS_WITH(ssrnn::train_model(s, log), "--dropout must be in [0, 1) (got 1)");
    settings p{job::predict};
    p.set("search-evalue", 0.0);
    auto const model = ssrnn::model::load_default();
    CHECK_THROWS_WITH(model.predict({{"a", "MKV"}}, p), "--search-evalue must be in (0, 100] (got 0)");
    settings e{job::evaluate};
    CHECK_THROWS_WITH(ssrnn::train_model(e, log), "settings of evaluate-structure given to train-structure");
}

TEST_CASE("jobs: train, evaluate, predict and combine through the public API", "[options][jobs]")
{
    auto const out = scratch("api.ssrnn").string();
    auto s = tiny_training(out);

    struct events : ssrnn::training_progress
    {
        int starts = 0, epochs = 0, batches = 0;
        std::string config;
        void started(ssrnn::training_start const & i) override
        {
            ++starts;
            config = i.config_json;
        }
        void batch_done(int, int, std::size_t, std::size_t, double) override { ++batches; }
        void epoch_done(ssrnn::training_epoch const & e) override { epochs = e.epoch; }
    } progress;
    auto const r = ssrnn::train_model(s, progress);
    CHECK(r.epochs_done == 2);
    CHECK(r.model == out);
    CHECK(progress.starts == 1);
    CHECK(progress.epochs == 2);
    CHECK(progress.batches > 0);
    CHECK(progress.config.find("\"hidden\":8") != std::string::npos);

    // A stop request before the first batch: a checkpoint, stop_signal, and resume finishes it.
    auto const cut = scratch("cut.ssrnn").string();
    auto c = tiny_training(cut);
    std::atomic<int> const stop{15};
    std::ostringstream log;
    auto const stopped = ssrnn::train_model(c, log, {.stop = &stop, .command_line = "test", .distributed = false});
    CHECK(stopped.stopped_early);
    CHECK(stopped.stop_signal == 15);
    c.set("resume", true);
    auto const resumed = ssrnn::train_model(c, log);
    CHECK(resumed.epochs_done == 2);
    CHECK(resumed.best_q8 == r.best_q8); // the same run, interrupted and resumed

    // Evaluate the trained model with settings; predict with settings (precision option).
    settings e{job::evaluate};
    e.set("model", std::vector<std::string>{out});
    e.set("data", data_dir + "/toy.ss8");
    auto const ev = ssrnn::evaluate(e);
    CHECK(ev.records > 0);
    CHECK(ev.report_json.find("\"q8\"") != std::string::npos);
    auto const model = ssrnn::model::load(out);
    settings p{job::predict};
    p.set("threads", std::int64_t{2});
    p.set("precision", std::string{"bf16"}); // float32 on CPUs without AVX-512 BF16
    auto const pred = model.predict({{"x", "MKVLAAGIVG"}}, p);
    CHECK(pred.at(0).ss8.size() == 10);
    p.set("max-residues", std::int64_t{5});
    CHECK_THROWS_WITH(model.predict({{"x", "MKVLAAGIVG"}}, p),
                      "record 1 ('x') has 10 residues, more than max-residues 5");

    // combine-models through the API.
    settings m{job::combine};
    auto const both = scratch("both.ssrnn").string();
    m.set("input", std::vector<std::string>{out, cut});
    m.set("out", both);
    ssrnn::combine_models(m, log);
    CHECK(ssrnn::model::load(both).members() == 2);
    fs::remove_all(scratch("").parent_path());
}
