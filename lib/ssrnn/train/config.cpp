#include <ssrnn/base/names.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/train/config.hpp>

#include <algorithm>
#include <cmath>

namespace ssrnn::train
{

bptt_mode parse_bptt(std::string_view name)
{
    return base::parse_name<bptt_mode>(bptt_names, name, "--bptt must be " + base::list_names(bptt_names));
}

lr_schedule parse_schedule(std::string_view name)
{
    return base::parse_name<lr_schedule>(schedule_names, name,
                                         "--schedule must be " + base::list_names(schedule_names));
}

namespace
{
//! Files: what to train on, what to write, where to resume from.
void add_data_options(base::option_list<train_config> & o)
{
    o.add(
         "train", [](auto & c) -> auto & { return c.train; },
         "training data: 3-line, classic DSSP, a PDB/mmCIF structure or a directory of them (through mkdssp), "
         "NetSurfP-2.0 CSV, TAPE JSON (docs/training.md), or a soft-label file (teacher probabilities; needs --valid)")
        .add(
            "train-mask", [](auto & c) -> auto & { return c.train_mask; }, "mask for --train (1 = labelled)")
        .add(
            "extra-train", [](auto & c) -> auto & { return c.extra_train; },
            "more training data (3-line or soft-label files, no mask; repeatable; never split for validation)")
        .add(
            "exclude", [](auto & c) -> auto & { return c.exclude; },
            "test sequences (FASTA or labelled files; repeatable): training records identical to one, or sharing a "
            "30-residue stretch with one, are dropped (the leakage guard)")
        .add(
            "valid", [](auto & c) -> auto & { return c.valid; }, "validation data (default: split off --train)")
        .add(
            "valid-mask", [](auto & c) -> auto & { return c.valid_mask; }, "mask for --valid")
        .add(
            "valid-fraction", [](auto & c) -> auto & { return c.valid_fraction; },
            "fraction of training records held out for validation when --valid is not given")
        .add(
            "out", [](auto & c) -> auto & { return c.out; },
            "model file to write (best validation Q8, written atomically)", {}, 'o')
        .add(
            "checkpoint", [](auto & c) -> auto & { return c.checkpoint; }, "checkpoint file (default: OUT.ckpt)")
        .add(
            "resume", [](auto & c) -> auto & { return c.resume; }, "continue from the checkpoint if it exists")
        .add(
            "init", [](auto & c) -> auto & { return c.init; },
            "start from this model's weights (fine-tuning; its architecture replaces --cell/--layers/--hidden/"
            "--encoding)")
        .add(
            "time-limit", [](auto & c) -> auto & { return c.time_limit_minutes; },
            "stop after this many minutes with a checkpoint and exit code 75 (0 = no limit)", base::at_least(0));
}

//! The network and the optimisation.
void add_model_options(base::option_list<train_config> & o)
{
    using base::at_least, base::between, base::from_below;
    o.choice(
         "cell", [](auto & c) -> auto & { return c.arch.cell; }, nn::cell_names, "recurrent cell: lstm, gru or rnn")
        .add(
            "layers", [](auto & c) -> auto & { return c.arch.layers; }, "bidirectional recurrent layers")
        .add(
            "hidden", [](auto & c) -> auto & { return c.arch.hidden; }, "units per direction")
        .choice(
            "encoding", [](auto & c) -> auto & { return c.arch.encoding; }, encode::encoding_names,
            "onehot, blosum or both")
        .add(
            "epochs", [](auto & c) -> auto & { return c.epochs; }, "passes over the training data", between(1, 100000))
        .add(
            "batch", [](auto & c) -> auto & { return c.batch; }, "sequences per update", between(1, 100000))
        .add(
            "lr", [](auto & c) -> auto & { return c.lr; }, "peak Adam learning rate", base::above(0))
        .choice(
            "schedule", [](auto & c) -> auto & { return c.schedule; }, schedule_names, "constant or cosine")
        .add(
            "dropout", [](auto & c) -> auto & { return c.dropout; }, "dropout between layers", from_below(0, 1))
        .add(
            "recurrent-dropout", [](auto & c) -> auto & { return c.recurrent_dropout; },
            "drop each recurrent weight (W_hh) with this probability per update (weight dropping)", from_below(0, 1))
        .add(
            "label-smoothing", [](auto & c) -> auto & { return c.label_smoothing; },
            "train on targets (1-e) one-hot + e/8", from_below(0, 1))
        .add(
            "q3-weight", [](auto & c) -> auto & { return c.q3_weight; },
            "add this times the 3-state cross-entropy to the loss", between(0, 100))
        .add(
            "save-epochs", [](auto & c) -> auto & { return c.save_epochs; },
            "also write the model after every epoch to OUT.epoch<N> (for checkpoint averaging)")
        .add(
            "clip-norm", [](auto & c) -> auto & { return c.clip_norm; },
            "clip the global gradient L2 norm to this (0 = off)", at_least(0))
        .add(
            "clip-value", [](auto & c) -> auto & { return c.clip_value; },
            "clamp each gradient element to [-X, X] (0 = off)", at_least(0))
        .choice(
            "bptt", [](auto & c) -> auto & { return c.bptt; }, bptt_names,
            "full or truncated backpropagation through time")
        .add(
            "bptt-k", [](auto & c) -> auto & { return c.bptt_k; },
            "with --bptt truncated: cut the gradient every K steps in each direction", at_least(0))
        .add(
            "forget-bias", [](auto & c) -> auto & { return c.forget_bias; }, "initial forget-gate bias")
        .add(
            "shards", [](auto & c) -> auto & { return c.shards; },
            "fixed work units per batch (results depend on this, never on --threads)", between(1, 1024))
        .add(
            "seed", [](auto & c) -> auto & { return c.seed; }, "random seed")
        .add(
            "split-seed", [](auto & c) -> auto & { return c.split_seed; },
            "seed of the validation split alone (0 = --seed): models with different seeds can share one split");
}

//! Profiles (profile models) and the MPI job.
void add_profile_options(base::option_list<train_config> & o)
{
    o.add(
         "write-valid", [](auto & c) -> auto & { return c.write_valid; },
         "write the validation split to FILE (3-line) and FILE.mask, then stop without training")
        .add(
            "train-profiles", [](auto & c) -> auto & { return c.train_profiles; },
            "profiles of the --train records (repeatable; docs/profiles.md): trains a profile model")
        .add(
            "valid-profiles", [](auto & c) -> auto & { return c.valid_profiles; }, "profiles of the --valid records")
        .add(
            "extra-train-profiles", [](auto & c) -> auto & { return c.extra_train_profiles; },
            "profiles of the --extra-train records")
        .add(
            "profile-depth", [](auto & c) -> auto & { return c.profile_depth; },
            "the alignment's depth as one more input (architecture \"pssm+depth\"); with --init of a \"pssm\" "
            "model, its weights for that input start at zero")
        .add(
            "profile-dropout", [](auto & c) -> auto & { return c.profile_dropout; },
            "fraction of training sequences per epoch shown as if they had no homologs", base::between(0, 1))
        .add(
            "comm-timeout", [](auto & c) -> auto & { return c.comm_timeout_seconds; },
            "under mpirun/srun: end the job (exit 7) when the other ranks do not answer for this many seconds",
            base::at_least(0));
}
} // namespace

std::span<base::option<train_config> const> option_table()
{
    static auto const table = []
    {
        base::option_list<train_config> o;
        o.add(
            "threads", [](auto & c) -> auto & { return c.threads; }, "worker threads (output does not depend on it)",
            base::between(1, 1024), 't');
        add_data_options(o);
        add_model_options(o);
        add_profile_options(o);
        return o.done();
    }();
    return table;
}

namespace
{
void validate_data(train_config const & cfg)
{
    if (cfg.train.empty())
        throw config_error("--train is required");
    if (cfg.out.empty())
        throw config_error("--out is required");
    if (!cfg.valid_mask.empty() && cfg.valid.empty())
        throw config_error("--valid-mask needs --valid");
    if (cfg.valid.empty() && !(cfg.valid_fraction > 0.0 && cfg.valid_fraction < 1.0))
        throw config_error("--valid-fraction must be in (0, 1) when no --valid file is given");
    if (cfg.train_profiles.empty() && (!cfg.valid_profiles.empty() || !cfg.extra_train_profiles.empty()))
        throw config_error("--valid-profiles and --extra-train-profiles need --train-profiles");
    if (!cfg.valid.empty() && !cfg.train_profiles.empty() && cfg.valid_profiles.empty())
        throw config_error("--valid with a profile model needs --valid-profiles");
    if (!cfg.extra_train.empty() && !cfg.train_profiles.empty() && cfg.extra_train_profiles.empty())
        throw config_error("--extra-train with a profile model needs --extra-train-profiles");
    if (cfg.profile_depth && cfg.train_profiles.empty())
        throw config_error("--profile-depth needs --train-profiles");
    if (cfg.profile_dropout > 0.0 && cfg.train_profiles.empty())
        throw config_error("--profile-dropout needs --train-profiles");
}

void validate_optimisation(train_config const & cfg)
{
    if (cfg.bptt == bptt_mode::truncated && cfg.bptt_k < 1)
        throw config_error("--bptt truncated needs --bptt-k K >= 1");
    if (cfg.bptt == bptt_mode::full && cfg.bptt_k != 0)
        throw config_error("--bptt-k needs --bptt truncated");
}
} // namespace

void validate(train_config const & cfg)
{
    base::check_ranges(option_table(), cfg);
    nn::validate(cfg.arch);
    validate_data(cfg);
    validate_optimisation(cfg);
}

nlohmann::json to_json(train_config const & cfg)
{
    nlohmann::json j;
    j["data"] = {{"train", cfg.train}, {"train_mask", cfg.train_mask}, {"extra_train", cfg.extra_train}};
    if (!cfg.exclude.empty()) // only when given: earlier model files keep their bytes
        j["data"]["exclude"] = cfg.exclude;
    if (!cfg.init.empty()) // only when given, so other runs keep their provenance bytes
        j["init"] = cfg.init;
    j["validation"] = {{"file", cfg.valid},
                       {"mask", cfg.valid_mask},
                       {"fraction", cfg.valid_fraction},
                       {"split_seed", cfg.effective_split_seed()}};
    if (!cfg.train_profiles.empty()) // only for profile models, so other runs keep their provenance bytes
        j["profiles"] = {{"train", cfg.train_profiles},
                         {"valid", cfg.valid_profiles},
                         {"extra_train", cfg.extra_train_profiles},
                         {"dropout", cfg.profile_dropout}};
    j["architecture"] = nn::to_json(cfg.arch);
    j["optimizer"] = {{"name", "adam"},
                      {"epochs", cfg.epochs},
                      {"batch", cfg.batch},
                      {"lr", cfg.lr},
                      {"schedule", to_string(cfg.schedule)}};
    j["regularization"] = {{"dropout", cfg.dropout},
                           {"clip_norm", cfg.clip_norm},
                           {"clip_value", cfg.clip_value},
                           {"forget_bias", cfg.forget_bias}};
    if (cfg.recurrent_dropout > 0.0F) // only when used, so other runs keep their provenance bytes
        j["regularization"]["recurrent_dropout"] = cfg.recurrent_dropout;
    j["objective"] = {{"label_smoothing", cfg.label_smoothing}, {"q3_weight", cfg.q3_weight}};
    j["bptt"] = {{"mode", to_string(cfg.bptt)}, {"k", cfg.bptt_k}};
    j["seed"] = cfg.seed;
    j["shards"] = std::min(cfg.shards, cfg.batch);
    return j;
}

} // namespace ssrnn::train
