// Training: it must fit a learnable toy problem, be bit-identical across thread counts,
// and resume from a checkpoint to the same weights as an uninterrupted run.
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/container_file.hpp>
#include <ssrnn/io/soft_labels.hpp>
#include <ssrnn/nn/architecture.hpp>
#include <ssrnn/nn/container.hpp>
#include <ssrnn/nn/dropout.hpp>
#include <ssrnn/nn/model.hpp>
#include <ssrnn/nn/random.hpp>
#include <ssrnn/train/adam.hpp>
#include <ssrnn/train/batching.hpp>
#include <ssrnn/train/checkpoint.hpp>
#include <ssrnn/train/dataset.hpp>
#include <ssrnn/train/trainer.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ssrnn;

namespace
{
std::string tmp_path(std::string const & name)
{
    return (std::filesystem::temp_directory_path() / ("ssrnn_train_" + std::to_string(::getpid()) + "_" + name))
        .string();
}

//! A toy labelling that needs context from both sides: a residue is helix (H) if it and its
//! right neighbour are in "AELMKQ", strand (E) if it and its left neighbour are in "VIYFWT",
//! else coil (C).
std::string write_toy(int records, std::uint64_t seed)
{
    auto const path = tmp_path("toy_" + std::to_string(seed) + ".ss8");
    std::ofstream out(path);
    nn::splitmix rng{seed};
    std::string const helix = "AELMKQ", strand = "VIYFWT", all = "ARNDCQEGHILKMFPSTWYV";
    for (int r = 0; r < records; ++r)
    {
        int const len = 20 + static_cast<int>(rng.below(40));
        std::string seq, ss;
        for (int i = 0; i < len; ++i)
            seq += all[rng.below(all.size())];
        for (int i = 0; i < len; ++i)
        {
            bool const h = helix.find(seq[static_cast<std::size_t>(i)]) != std::string::npos && i + 1 < len &&
                           helix.find(seq[static_cast<std::size_t>(i + 1)]) != std::string::npos;
            bool const e = strand.find(seq[static_cast<std::size_t>(i)]) != std::string::npos && i > 0 &&
                           strand.find(seq[static_cast<std::size_t>(i - 1)]) != std::string::npos;
            ss += h ? 'H' : e ? 'E' : 'C';
        }
        out << ">toy" << r << '\n' << seq << '\n' << ss << '\n';
    }
    return path;
}

//! Removes the model files and checkpoints of the given runs and the data file.
void cleanup(std::initializer_list<std::string> models, std::string const & data)
{
    for (auto const & p : models)
    {
        std::filesystem::remove(p);
        std::filesystem::remove(p + ".ckpt");
    }
    std::filesystem::remove(data);
}

train::train_config toy_config(std::string const & data, std::string const & out)
{
    train::train_config c;
    c.train = data;
    c.out = out;
    c.arch.hidden = 16;
    c.arch.layers = 1;
    c.epochs = 12;
    c.batch = 16;
    c.lr = 0.02;
    c.dropout = 0.0F;
    c.valid_fraction = 0.1;
    c.seed = 5;
    return c;
}
} // namespace

TEST_CASE("training fits a toy problem that needs both directions", "[train]")
{
    auto const data = write_toy(200, 1);
    auto cfg = toy_config(data, tmp_path("fit.ssrnn"));
    std::ostringstream log;
    auto const r = train::train(cfg, log);
    INFO(log.str());
    CHECK(r.epochs_done == 12);
    CHECK(r.best_q8 > 97.0);
    auto const m = nn::load_model(cfg.out);
    CHECK(m.header["provenance"]["validation"]["q8"].get<double>() == Approx(r.best_q8));
    CHECK(m.header["provenance"]["bptt"] == "full");
    cleanup({cfg.out}, data);
}

TEST_CASE("the same seed gives bit-identical weights with 1 and 2 threads", "[train][determinism]")
{
    auto const data = write_toy(60, 2);
    auto c1 = toy_config(data, tmp_path("t1.ssrnn"));
    c1.epochs = 2;
    c1.dropout = 0.3F;
    c1.arch.layers = 2;
    auto c2 = c1;
    c2.out = tmp_path("t2.ssrnn");
    c2.threads = 2;
    std::ostringstream log;
    train::train(c1, log);
    train::train(c2, log);
    auto const a = io::read_container(c1.out + ".ckpt");
    auto const b = io::read_container(c2.out + ".ckpt");
    CHECK(a.data == b.data);
    cleanup({c1.out, c2.out}, data);
}

TEST_CASE("a run stopped by its time limit resumes to the same weights", "[train][resume]")
{
    auto const data = write_toy(60, 3);
    auto full = toy_config(data, tmp_path("full.ssrnn"));
    full.epochs = 3;
    std::ostringstream log;
    train::train(full, log);
    auto part = full;
    part.out = tmp_path("part.ssrnn");
    part.time_limit_minutes = 1e-9; // stops before the first batch, writing a checkpoint
    auto const r1 = train::train(part, log);
    CHECK(r1.stopped_early);
    part.time_limit_minutes = 0;
    part.resume = true;
    auto const r2 = train::train(part, log);
    CHECK_FALSE(r2.stopped_early);
    CHECK(io::read_container(full.out + ".ckpt").data == io::read_container(part.out + ".ckpt").data);
    cleanup({full.out, part.out}, data);
}

TEST_CASE("recurrent dropout drops only W_hh weights, at its rate, keyed by seed and update", "[train][dropout]")
{
    nn::architecture a;
    a.hidden = 64;
    a.layers = 2;
    a.cell = nn::cell_kind::gru;
    auto const tensors = nn::tensor_table(a);
    std::vector<float> m, same, next;
    nn::recurrent_weight_mask(m, std::span<nn::tensor_spec const>(tensors), 0.25F, 9, 4);
    nn::recurrent_weight_mask(same, std::span<nn::tensor_spec const>(tensors), 0.25F, 9, 4);
    nn::recurrent_weight_mask(next, std::span<nn::tensor_spec const>(tensors), 0.25F, 9, 5);
    CHECK(m == same);
    CHECK(m != next);
    std::size_t recurrent = 0, dropped = 0;
    for (auto const & t : tensors)
        for (std::size_t i = t.offset; i < t.offset + t.size(); ++i)
        {
            if (!t.name.ends_with(".w_hh"))
            {
                REQUIRE(m[i] == 1.0F);
                continue;
            }
            ++recurrent;
            dropped += m[i] == 0.0F ? 1 : 0;
            REQUIRE((m[i] == 0.0F || m[i] == 1.0F / 0.75F));
        }
    CHECK(recurrent == 4U * 3U * 64U * 64U);
    CHECK(static_cast<double>(dropped) / static_cast<double>(recurrent) == Approx(0.25).margin(0.01));
    nn::recurrent_weight_mask(m, std::span<nn::tensor_spec const>(tensors), 0.0F, 9, 4);
    CHECK(std::all_of(m.begin(), m.end(), [](float v) { return v == 1.0F; }));
}

TEST_CASE("recurrent dropout trains bit-identically for any thread count, resumes, and is recorded",
          "[train][dropout][determinism]")
{
    auto const data = write_toy(200, 8);
    auto c1 = toy_config(data, tmp_path("rd1.ssrnn"));
    c1.epochs = 12;
    c1.recurrent_dropout = 0.3F;
    auto c2 = c1;
    c2.out = tmp_path("rd2.ssrnn");
    c2.threads = 2;
    auto c0 = c1;
    c0.out = tmp_path("rd0.ssrnn");
    c0.recurrent_dropout = 0.0F;
    std::ostringstream log;
    auto const r1 = train::train(c1, log);
    CHECK(r1.best_q8 > 97.0); // it still learns the toy rule
    // The second run is stopped in its second epoch (as by a signal) and resumed: the masks are
    // keyed by Adam's step count, which the checkpoint keeps.
    struct stopper : train::progress_reporter
    {
        std::atomic<int> flag{0};
        int batches = 0;
        void batch_done(int, int, std::size_t, std::size_t, double) override
        {
            if (++batches == 17)
                flag = 15;
        }
    } stop;
    c2.stop_request = &stop.flag;
    auto const cut = train::train(c2, stop);
    REQUIRE(cut.stopped_early);
    c2.stop_request = nullptr;
    c2.resume = true;
    train::train(c2, log);
    train::train(c0, log);
    auto const a = io::read_container(c1.out + ".ckpt");
    CHECK(a.data == io::read_container(c2.out + ".ckpt").data);
    CHECK(a.data != io::read_container(c0.out + ".ckpt").data);
    auto const m = nn::load_model(c1.out);
    CHECK(m.header["provenance"]["hyperparameters"]["regularization"]["recurrent_dropout"].get<double>() ==
          Approx(0.3));
    CHECK_FALSE(
        nn::load_model(c0.out).header["provenance"]["hyperparameters"]["regularization"].contains("recurrent_dropout"));
    auto bad = c1;
    bad.recurrent_dropout = 1.0F;
    CHECK_THROWS_WITH(train::validate(bad), Catch::Contains("--recurrent-dropout"));
    cleanup({c0.out, c1.out, c2.out}, data);
}

TEST_CASE("divergence is a numeric_error and leaves no model behind", "[train]")
{
    auto const data = write_toy(40, 4);
    auto c = toy_config(data, tmp_path("nan.ssrnn"));
    c.lr = 1e38;
    c.clip_norm = 0;
    c.epochs = 3;
    std::ostringstream log;
    // Either the first epoch's update overflows or a later loss does; both must be caught.
    CHECK_THROWS_AS(train::train(c, log), numeric_error);
    cleanup({c.out}, data);
}

TEST_CASE("configuration errors are caught in the library", "[train]")
{
    train::train_config c;
    CHECK_THROWS_AS(train::validate(c), config_error);
    c.train = "x";
    c.out = "y";
    CHECK_NOTHROW(train::validate(c));
    c.valid_fraction = 1.5;
    CHECK_THROWS_WITH(train::validate(c), Catch::Contains("--valid-fraction"));
    c.valid_fraction = 0.1;
    c.dropout = 1.0F;
    CHECK_THROWS_AS(train::validate(c), config_error);
}

TEST_CASE("global-norm clipping and Adam", "[train]")
{
    std::vector<float> g{3.0F, 4.0F};
    CHECK(train::global_norm(g) == Approx(5.0));
    CHECK(train::clip_global_norm(g, 5.0, 1.0));
    CHECK(train::global_norm(g) == Approx(1.0));
    CHECK_FALSE(train::clip_global_norm(g, 1.0, 2.0));
    std::vector<float> e{0.5F, -3.0F, 2.0F};
    CHECK(train::clip_elements(e, 1.0));
    CHECK(e == std::vector<float>{0.5F, -1.0F, 1.0F});
    CHECK_FALSE(train::clip_elements(e, 0.0));
    train::adam opt;
    std::vector<float> p{1.0F};
    std::vector<float> grad{0.5F};
    opt.update(p, grad, 0.1, 1);
    CHECK(p[0] == Approx(0.9).margin(1e-6)); // first Adam step moves by lr * sign(g)
}

TEST_CASE("truncated BPTT trains and is recorded in the model", "[train][bptt]")
{
    auto const data = write_toy(200, 6);
    auto cfg = toy_config(data, tmp_path("tbptt.ssrnn"));
    cfg.bptt = train::bptt_mode::truncated;
    cfg.bptt_k = 5;
    std::ostringstream log;
    auto const r = train::train(cfg, log);
    CHECK(r.best_q8 > 95.0); // the toy rule needs only one neighbour
    auto const m = nn::load_model(cfg.out);
    CHECK(m.header["provenance"]["bptt"] == "truncated");
    CHECK(m.header["provenance"]["bptt_k"] == 5);
    cleanup({cfg.out}, data);
    train::train_config bad = cfg;
    bad.bptt_k = 0;
    CHECK_THROWS_WITH(train::validate(bad), Catch::Contains("--bptt-k"));
}

TEST_CASE("GRU and plain RNN cells train too", "[train][cells]")
{
    auto const data = write_toy(200, 7);
    for (auto cell : {nn::cell_kind::gru, nn::cell_kind::rnn})
    {
        auto cfg = toy_config(data, tmp_path(nn::to_string(cell) + ".ssrnn"));
        cfg.arch.cell = cell;
        std::ostringstream log;
        auto const r = train::train(cfg, log);
        INFO(nn::to_string(cell) << '\n' << log.str());
        CHECK(r.best_q8 > 95.0);
        CHECK(nn::load_model(cfg.out).net.arch().cell == cell);
        std::filesystem::remove(cfg.out);
        std::filesystem::remove(cfg.out + ".ckpt");
    }
    std::filesystem::remove(data);
}

namespace
{
//! Records the events of a run.
struct recorder : train::progress_reporter
{
    int n_started = 0, n_failed = 0;
    std::size_t batches = 0;
    std::vector<train::epoch_report> epochs;
    std::vector<std::string> messages;
    train::run_info info;
    void started(train::run_info const & i) override
    {
        ++n_started;
        info = i;
    }
    void batch_done(int, int, std::size_t, std::size_t, double) override { ++batches; }
    void epoch_done(train::epoch_report const & r) override { epochs.push_back(r); }
    void message(std::string const & m) override { messages.push_back(m); }
    void failed() override { ++n_failed; }
};
} // namespace

TEST_CASE("API users get structured progress", "[train][progress]")
{
    auto const data = write_toy(60, 8);
    auto cfg = toy_config(data, tmp_path("progress.ssrnn"));
    cfg.epochs = 3;
    recorder rec;
    auto const r = train::train(cfg, rec);
    CHECK(rec.n_started == 1);
    CHECK(rec.info.train_records == 54);
    CHECK(rec.info.valid_records == 6);
    REQUIRE(rec.epochs.size() == 3);
    CHECK(rec.batches == 3 * train::batches_per_epoch(54, cfg.batch));
    for (std::size_t e = 0; e < 3; ++e)
    {
        CHECK(rec.epochs[e].epoch == static_cast<int>(e) + 1);
        CHECK(rec.epochs[e].updates == train::batches_per_epoch(54, cfg.batch));
    }
    CHECK(rec.epochs[static_cast<std::size_t>(r.best_epoch - 1)].saved);
    CHECK(rec.epochs[static_cast<std::size_t>(r.best_epoch - 1)].valid_q8 == r.best_q8);
    CHECK(rec.n_failed == 0);
    cfg.lr = 1e38;
    cfg.clip_norm = 0;
    CHECK_THROWS_AS(train::train(cfg, rec), numeric_error);
    CHECK(rec.n_failed == 1);
    cleanup({cfg.out}, data);
}

TEST_CASE("each epoch's batches cover every record once and depend only on (seed, epoch)", "[train]")
{
    std::vector<train::example> data(100);
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i].residues.resize(10 + i % 37);
    auto const a = train::make_batches(data, 8, 3, 0);
    CHECK(a == train::make_batches(data, 8, 3, 0));
    CHECK(a != train::make_batches(data, 8, 3, 1));
    CHECK(a.size() == train::batches_per_epoch(100, 8));
    std::vector<int> seen(100);
    for (auto const & b : a)
        for (auto k : b)
            ++seen[k];
    CHECK(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
}

TEST_CASE("a malformed checkpoint is a model-file error naming the file", "[train][resume]")
{
    auto const data = write_toy(40, 9);
    auto cfg = toy_config(data, tmp_path("ckpt.ssrnn"));
    cfg.epochs = 1;
    train::progress_reporter quiet;
    REQUIRE(train::train(cfg, quiet).epochs_run == 1);
    auto const ckpt = cfg.out + ".ckpt";
    train::run_identity const id{cfg.arch, cfg.seed, cfg.seed};
    nn::network<float> net{cfg.arch};
    train::adam opt;
    auto const pos = train::load_checkpoint(ckpt, id, net, opt);
    CHECK(pos.epoch == 1);
    CHECK(opt.m.size() == net.params().size());

    SECTION("a model file given as the checkpoint")
    {
        CHECK_THROWS_MATCHES(train::load_checkpoint(cfg.out, id, net, opt), model_format_error,
                             Catch::Message(cfg.out + ": not an ssrnn checkpoint (file kind is 'model'; a model file "
                                                      "cannot be given as --checkpoint)"));
    }
    SECTION("a checkpoint without optimizer state, or with a missing field")
    {
        auto c = io::read_container(ckpt);
        std::vector<nn::tensor_out> t = nn::network_tensors(net);
        c.header.erase("tensors");
        auto const damaged = tmp_path("damaged.ckpt");
        io::write_container(damaged, c.header, t);
        CHECK_THROWS_WITH(train::load_checkpoint(damaged, id, net, opt),
                          Catch::StartsWith(damaged) && Catch::Contains("no optimizer state"));
        auto h = c.header;
        h.erase("adam_step");
        io::write_container(damaged, h, t);
        CHECK_THROWS_AS(train::load_checkpoint(damaged, id, net, opt), model_format_error);
        CHECK_THROWS_WITH(train::load_checkpoint(damaged, id, net, opt), Catch::StartsWith(damaged));
        std::vector<float> short_m(3);
        t.push_back({"adam.m", 3, 1, short_m});
        t.push_back({"adam.v", 3, 1, short_m});
        io::write_container(damaged, c.header, t);
        CHECK_THROWS_WITH(train::load_checkpoint(damaged, id, net, opt), Catch::Contains("3 values for"));
        std::filesystem::remove(damaged);
    }
    SECTION("a checkpoint of another run is refused as a configuration error")
    {
        auto other = id;
        other.seed = 99;
        CHECK_THROWS_AS(train::load_checkpoint(ckpt, other, net, opt), config_error);
    }
    cleanup({cfg.out}, data);
}

TEST_CASE("the effective configuration names every enum", "[train]")
{
    train::train_config c;
    c.schedule = train::parse_schedule("constant");
    c.bptt = train::parse_bptt("truncated");
    auto const j = train::to_json(c);
    CHECK(j["optimizer"]["schedule"] == "constant");
    CHECK(j["bptt"]["mode"] == "truncated");
    CHECK(j["architecture"]["cell"] == "lstm");
    CHECK(j["optimizer"]["lr"] == c.lr);
    CHECK_THROWS_WITH(train::parse_schedule("linear"), "--schedule must be constant or cosine");
    CHECK_THROWS_WITH(train::parse_bptt("partial"), "--bptt must be full or truncated");
}

TEST_CASE("soft-label training data costs 9 bytes per residue, encoded per batch", "[train][soft][memory]")
{
    // Streaming: the dataset keeps raw residues and quantised labels only, so 100 M residues of
    // soft labels need about 0.9 GB (plus the network and one batch's activations).
    auto const path = tmp_path("mem.soft");
    std::size_t residues = 0;
    {
        std::ofstream out{path};
        io::write_soft_labels_header(out);
        nn::splitmix rng{5};
        for (int r = 0; r < 300; ++r)
        {
            auto const len = 50 + rng.below(300);
            std::string seq(len, 'A');
            std::vector<float> p(8 * len, 0.0F);
            for (std::size_t i = 0; i < len; ++i)
            {
                seq[i] = "ARNDCQEGHILKMFPSTWYV"[rng.below(20)];
                p[8 * i + rng.below(8)] = 1.0F;
            }
            io::write_soft_record(out, "r" + std::to_string(r), "", seq, p);
            residues += len;
        }
    }
    train::train_config cfg;
    cfg.train = path;
    cfg.valid = write_toy(10, 3);
    cfg.out = tmp_path("mem.ssrnn");
    auto const ds = train::load_dataset(cfg);
    REQUIRE(ds.train.size() == 300);
    CHECK(ds.train_residues == residues);
    std::size_t bytes = 0;
    for (auto const & e : ds.train)
    {
        CHECK(e.labelled == e.residues.size());
        CHECK(e.labels.empty());
        bytes += e.residues.capacity() + e.soft.capacity() + e.labels.capacity() + 4 * e.profile.capacity();
    }
    CHECK(static_cast<double>(bytes) / static_cast<double>(residues) <= 9.0);
    std::filesystem::remove(path);
}
