#include <ssrnn/base/json_text.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/eval/evaluate.hpp>
#include <ssrnn/nn/model.hpp>
#include <ssrnn/nn/random.hpp>
#include <ssrnn/train/batching.hpp>
#include <ssrnn/train/checkpoint.hpp>
#include <ssrnn/train/dataset.hpp>
#include <ssrnn/train/gradient_step.hpp>
#include <ssrnn/train/schedule.hpp>
#include <ssrnn/train/trainer.hpp>
#include <ssrnn/version.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

namespace ssrnn::train
{
namespace
{
constexpr int time_limit_flag = 1000; //!< larger than any signal number

//! The state of a run: its data, network, optimiser and position.
struct run
{
    std::chrono::steady_clock::time_point start; //!< when train() was called (elapsed time, time limit)
    train_config const & cfg;
    progress_reporter & progress;
    dataset data;
    nn::network<float> net;
    adam opt;
    run_position pos;
    std::vector<float> init_params; //!< --init: the starting weights (empty: random initialisation)
    dist::communicator & comm;      //!< the processes of the run (rank 0 writes files)

    [[nodiscard]] double elapsed() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    [[nodiscard]] run_identity identity() const { return {cfg.arch, cfg.seed, cfg.effective_split_seed()}; }
    void checkpoint(int epoch, std::size_t batch)
    {
        if (comm.rank() != 0)
            return;
        auto p = pos;
        p.epoch = epoch;
        p.batch = batch;
        save_checkpoint(cfg.checkpoint_path(), identity(), net, opt, p);
    }
};

//! Sums over the updates of one epoch.
struct epoch_sums
{
    double loss = 0.0;
    std::size_t count = 0, correct = 0, residues = 0, clipped = 0, updates = 0;
    bool stopped = false; //!< the time limit or a stop request stopped the epoch
    int signal = 0;       //!< the stop request's value
};

//! The model's provenance: the effective configuration, data and validation scores.
nlohmann::json provenance(run const & r, eval::metrics const & vm, int epoch)
{
    auto const & cfg = r.cfg;
    nlohmann::json prov;
    prov["tool"] = std::string{"ssrnn train-structure "} + version_string;
    prov["command"] = cfg.command_line;
    prov["seed"] = cfg.seed;
    prov["bptt"] = to_string(cfg.bptt);
    prov["bptt_k"] = cfg.bptt_k;
    prov["train"] = {{"file", cfg.train},
                     {"mask", cfg.train_mask},
                     {"records", r.data.train.size()},
                     {"residues", r.data.train_residues},
                     {"extra", cfg.extra_train},
                     {"fnv1a64_of_files", r.data.checksum}};
    prov["validation"] = {{"source", r.data.valid_desc},
                          {"records", r.data.valid.records.size()},
                          {"residues", vm.residues()},
                          {"q8", vm.q8()},
                          {"q3", vm.q3()}};
    prov["hyperparameters"] = to_json(cfg);
    prov["epoch"] = epoch;
    return prov;
}

//! Runs the updates of epoch `epoch` from batch `first`; stops early at the time limit.
epoch_sums run_epoch(run & r, int epoch, std::size_t first, gradient_step & step, std::uint64_t total_steps)
{
    auto const & cfg = r.cfg;
    auto const batches = make_batches(r.data.train, cfg.batch, cfg.seed, epoch);
    epoch_sums sums;
    step_settings s{{cfg.dropout, cfg.seed, static_cast<std::uint64_t>(epoch)},
                    1.0F,
                    cfg.threads,
                    cfg.bptt_k,
                    {cfg.label_smoothing, cfg.q3_weight},
                    cfg.clip_norm,
                    cfg.clip_value,
                    cfg.lr};
    s.recurrent_dropout = cfg.recurrent_dropout;
    for (std::size_t bi = first; bi < batches.size(); ++bi)
    {
        // Every rank stops at the same batch: a signal or the time limit on any rank stops all.
        int const signal_seen = cfg.stop_request ? cfg.stop_request->load() : 0;
        bool const late = cfg.time_limit_minutes > 0 && r.elapsed() > cfg.time_limit_minutes * 60.0;
        int stop = signal_seen != 0 ? signal_seen : (late ? time_limit_flag : 0);
        if (r.comm.size() > 1)
            stop = r.comm.max(stop);
        if (stop != 0)
        {
            int const signal = stop == time_limit_flag ? 0 : stop;
            r.checkpoint(epoch, bi);
            r.progress.message((signal ? "stopped by signal " + std::to_string(signal) : "time limit reached") +
                               " after " + format_seconds(r.elapsed()) + "; checkpoint " + cfg.checkpoint_path() +
                               " written at epoch " + std::to_string(epoch + 1) + ", batch " + std::to_string(bi) +
                               " (resume with --resume)");
            sums.stopped = true;
            sums.signal = signal;
            return sums;
        }
        std::size_t labelled = 0;
        std::vector<nn::sequence_input> in;
        std::vector<std::vector<float>> dropped; // no-homolog features of this batch's dropped profiles
        dropped.reserve(batches[bi].size());
        for (auto k : batches[bi])
        {
            auto const & e = r.data.train[k];
            labelled += e.labelled;
            sums.residues += e.residues.size();
            in.push_back({e.residues, e.labels, e.id, e.profile, e.soft});
            if (cfg.profile_dropout > 0 &&
                nn::to_unit(nn::hash_keys({cfg.seed, static_cast<std::uint64_t>(epoch), e.id,
                                           nn::stream::profile_dropout})) < cfg.profile_dropout)
                in.back().profile = dropped.emplace_back(encode::no_homolog_features(e.residues));
        }
        if (labelled == 0)
            continue;
        s.scale = 1.0F / static_cast<float>(labelled);
        s.lr = learning_rate(cfg.schedule, cfg.lr, r.opt.step, total_steps);
        auto const out = train_step(r.net, r.opt, step, in, s);
        if (!out.finite)
            throw numeric_error(
                "training diverged: " + std::string(std::isfinite(out.sums.loss) ? "gradient" : "loss") +
                " is not finite at epoch " + std::to_string(epoch + 1) + ", batch " + std::to_string(bi + 1) +
                " (try a lower --lr or a smaller --clip-norm); " + "the last saved model is unchanged");
        sums.loss += out.sums.loss;
        sums.count += out.sums.count;
        sums.correct += out.sums.correct;
        sums.clipped += out.clipped ? 1 : 0;
        r.progress.batch_done(epoch + 1, cfg.epochs, bi + 1, batches.size(),
                              sums.count ? sums.loss / static_cast<double>(sums.count) : 0.0);
    }
    sums.updates = batches.size() - first;
    return sums;
}

//! Validation scores; with several ranks each scores every size()-th record and the counts are
//! summed (integers: the same scores as one process).
eval::metrics validate(run & r)
{
    auto const & cfg = r.cfg;
    if (r.comm.size() == 1)
        return eval::evaluate(r.net, r.data.valid, cfg.threads, r.data.valid_profiles);
    io::labelled_set part;
    std::vector<std::vector<float>> profiles;
    auto const R = static_cast<std::size_t>(r.comm.size());
    for (auto k = static_cast<std::size_t>(r.comm.rank()); k < r.data.valid.records.size(); k += R)
    {
        part.records.push_back(r.data.valid.records[k]);
        if (!r.data.valid_profiles.empty())
            profiles.push_back(r.data.valid_profiles[k]);
    }
    auto counts = eval::evaluate(r.net, part, cfg.threads, profiles).counts();
    r.comm.sum(counts);
    return eval::metrics::from_counts(counts);
}

//! Validates after epoch `epoch` (0-based), keeps the best model, reports the epoch.
void finish_epoch(run & r, int epoch, epoch_sums const & sums, double train_seconds)
{
    auto const & cfg = r.cfg;
    auto const vm = validate(r);
    bool const best = vm.q8() > r.pos.best_q8 || r.pos.best_epoch == 0;
    if (best)
    {
        r.pos.best_q8 = vm.q8();
        r.pos.best_q3 = vm.q3();
        r.pos.best_epoch = epoch + 1;
    }
    if ((best || cfg.save_epochs) && r.comm.rank() == 0)
    {
        auto const prov = provenance(r, vm, epoch + 1);
        if (best)
            nn::save_model(cfg.out, r.net, prov);
        if (cfg.save_epochs)
            nn::save_model(cfg.out + ".epoch" + std::to_string(epoch + 1), r.net, prov);
    }
    double const n = static_cast<double>(sums.count);
    r.progress.epoch_done({epoch + 1, cfg.epochs, sums.count ? sums.loss / n : 0.0,
                           sums.count ? 100.0 * static_cast<double>(sums.correct) / n : 0.0, vm.q8(), vm.q3(),
                           static_cast<double>(sums.residues) / std::max(train_seconds, 1e-9), r.elapsed(),
                           sums.clipped, sums.updates, best});
}

//! Continues from the checkpoint if asked to and it exists.
void resume(run & r)
{
    auto const path = r.cfg.checkpoint_path();
    if (!r.cfg.resume || !std::filesystem::exists(path))
        return;
    r.pos = load_checkpoint(path, r.identity(), r.net, r.opt);
    r.progress.message("resuming from " + path + " at epoch " + std::to_string(r.pos.epoch + 1) + ", batch " +
                       std::to_string(r.pos.batch));
}

train_result train_loop(run & r)
{
    auto const & cfg = r.cfg;
    r.net.init(cfg.seed, cfg.forget_bias);
    if (!r.init_params.empty())
        std::copy(r.init_params.begin(), r.init_params.end(), r.net.params().begin());
    resume(r);
    settings const effective{std::make_unique<base::typed_settings<train_config>>(job::train, option_table(), cfg)};
    r.progress.started({r.data.train.size(), r.data.train_residues, r.data.valid.records.size(), r.data.valid_desc,
                        r.net.params().size(), base::json_text(to_json(cfg)), &effective, r.data.excluded_records});
    auto const P = r.net.params().size();
    if (r.opt.m.size() != P)
    {
        r.opt.m.assign(P, 0.0F);
        r.opt.v.assign(P, 0.0F);
    }
    gradient_step step{P, std::min(cfg.shards, cfg.batch), r.comm};
    auto const total_steps = batches_per_epoch(r.data.train.size(), cfg.batch) * static_cast<std::uint64_t>(cfg.epochs);
    train_result res;
    int const start_epoch = r.pos.epoch;
    for (int epoch = start_epoch; epoch < cfg.epochs; ++epoch)
    {
        auto const t_epoch = r.elapsed();
        auto const sums = run_epoch(r, epoch, epoch == start_epoch ? r.pos.batch : 0, step, total_steps);
        if (sums.stopped)
        {
            res.epochs_done = epoch;
            res.stopped_early = true;
            res.stop_signal = sums.signal;
            break;
        }
        finish_epoch(r, epoch, sums, r.elapsed() - t_epoch);
        res.epochs_done = epoch + 1;
        ++res.epochs_run;
        res.last_train_loss = sums.count ? sums.loss / static_cast<double>(sums.count) : 0.0;
        r.checkpoint(epoch + 1, 0);
    }
    res.best_epoch = r.pos.best_epoch;
    res.best_q8 = r.pos.best_q8;
    res.best_q3 = r.pos.best_q3;
    return res;
}

//! The configuration the run uses: a profile model exactly when there are training profiles, and
//! --init's architecture and weights.
std::pair<train_config, std::vector<float>> with_init(train_config const & given)
{
    auto cfg = given;
    cfg.arch.profile = !cfg.train_profiles.empty();
    cfg.arch.profile_depth = cfg.profile_depth;
    if (cfg.init.empty())
        return {cfg, {}};
    auto m = nn::load_model(cfg.init);
    if (m.net.arch().profile != cfg.arch.profile)
        throw config_error(cfg.init + (m.net.arch().profile ? " is a profile model: --init it with --train-profiles"
                                                            : " is a single-sequence model: --init it without "
                                                              "--train-profiles"));
    auto const p = m.net.params();
    cfg.arch = m.net.arch();
    if (cfg.profile_depth && !cfg.arch.profile_depth)
    {
        auto w = nn::with_depth_input(cfg.arch, p);
        cfg.arch.profile_depth = true;
        return {cfg, std::move(w)};
    }
    return {cfg, std::vector<float>(p.begin(), p.end())};
}
} // namespace

train_result train(train_config const & given, progress_reporter & progress)
{
    auto const start = std::chrono::steady_clock::now();
    validate(given);
    try
    {
        auto [cfg, init] = with_init(given);
        auto & comm = cfg.comm != nullptr ? *cfg.comm : dist::serial();
        run r{start,
              cfg,
              progress,
              load_dataset(cfg, cfg.write_valid.empty()),
              nn::network<float>{cfg.arch},
              {},
              {},
              std::move(init),
              comm};
        if (!cfg.write_valid.empty())
        {
            if (comm.rank() != 0)
                return {};
            // The validation split as files, so ensembles and other tools can be scored on it.
            io::write_labelled(cfg.write_valid, cfg.write_valid + ".mask", r.data.valid);
            progress.message("validation split (" + r.data.valid_desc + ") written to " + cfg.write_valid + " and " +
                             cfg.write_valid + ".mask");
            return {};
        }
        return train_loop(r);
    }
    catch (...)
    {
        progress.failed();
        throw;
    }
}

train_result train(train_config const & cfg, std::ostream & log)
{
    log_reporter reporter{log, ::isatty(2) != 0};
    return train(cfg, reporter);
}

} // namespace ssrnn::train
