// train-structure: train a bidirectional LSTM by backpropagation through time.
#include "common.hpp"

#include <ssrnn/dist/communicator.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/train/trainer.hpp>

#include <atomic>
#include <csignal>

namespace
{
std::atomic<int> stop_signal{0};

//! SIGINT/SIGTERM: ask the trainer to stop after the current batch with a checkpoint; a second
//! signal gets the default action (ends the process at once).
extern "C" void request_stop(int sig)
{
    stop_signal.store(sig);
    std::signal(sig, SIG_DFL);
}

//! The text of the options that name a value of an enum (parsed after the command line).
struct enum_names
{
    std::string cell, encoding, schedule, bptt;
};

//! Every option of train-structure, bound to `cfg` (defaults are its values), `names` and `comm_timeout`.
void describe_options(ssrnn::tools::po::options_description & d, ssrnn::train::train_config & cfg, enum_names & names,
                      double & comm_timeout)
{
    using namespace ssrnn;
    tools::add_common(d, cfg.threads);
    using tools::with_default;
    d.add_options()("train", tools::po::value(&cfg.train),
                    "training data: 3-line format, or a soft-label file (teacher probabilities; needs --valid)")(
        "train-mask", tools::po::value(&cfg.train_mask), "mask for --train (1 = labelled)")(
        "extra-train", tools::po::value(&cfg.extra_train)->composing(),
        "more training data (3-line or soft-label files, no mask; repeatable; never split for validation)")(
        "valid", tools::po::value(&cfg.valid), "validation data (default: split off --train)")(
        "valid-mask", tools::po::value(&cfg.valid_mask),
        "mask for --valid")("valid-fraction", with_default(cfg.valid_fraction),
                            "fraction of training records held out for validation when --valid is not given")(
        "out,o", tools::po::value(&cfg.out), "model file to write (best validation Q8, written atomically)")(
        "checkpoint", tools::po::value(&cfg.checkpoint), "checkpoint file (default: OUT.ckpt)")(
        "resume", tools::po::bool_switch(&cfg.resume), "continue from the checkpoint if it exists")(
        "init", tools::po::value(&cfg.init),
        "start from this model's weights (fine-tuning; its architecture replaces --cell/--layers/--hidden/"
        "--encoding)")("time-limit", with_default(cfg.time_limit_minutes),
                       "stop after this many minutes with a checkpoint and exit code 75 (0 = no limit)")(
        "cell", with_default(names.cell), "recurrent cell: lstm, gru or rnn")("layers", with_default(cfg.arch.layers),
                                                                              "bidirectional recurrent layers")(
        "hidden", with_default(cfg.arch.hidden), "units per direction")("encoding", with_default(names.encoding),
                                                                        "onehot, blosum or both")(
        "epochs", with_default(cfg.epochs),
        "passes over the training data")("batch", with_default(cfg.batch),
                                         "sequences per update")("lr", with_default(cfg.lr), "peak Adam learning rate")(
        "schedule", with_default(names.schedule), "constant or cosine")("dropout", with_default(cfg.dropout),
                                                                        "dropout between layers")(
        "recurrent-dropout", with_default(cfg.recurrent_dropout),
        "drop each recurrent weight (W_hh) with this probability per update (weight dropping)")(
        "label-smoothing", with_default(cfg.label_smoothing), "train on targets (1-e) one-hot + e/8")(
        "q3-weight", with_default(cfg.q3_weight), "add this times the 3-state cross-entropy to the loss")(
        "save-epochs", tools::po::bool_switch(&cfg.save_epochs),
        "also write the model after every epoch to OUT.epoch<N> (for checkpoint averaging)")(
        "clip-norm", with_default(cfg.clip_norm), "clip the global gradient L2 norm to this (0 = off)")(
        "clip-value", with_default(cfg.clip_value), "clamp each gradient element to [-X, X] (0 = off)")(
        "bptt", with_default(names.bptt), "full or truncated backpropagation through time")(
        "bptt-k", with_default(cfg.bptt_k), "with --bptt truncated: cut the gradient every K steps in each direction")(
        "forget-bias", with_default(cfg.forget_bias), "initial forget-gate bias")(
        "shards", with_default(cfg.shards), "fixed work units per batch (results depend on this, never on --threads)")(
        "seed", with_default(cfg.seed), "random seed")(
        "split-seed", with_default(cfg.split_seed),
        "seed of the validation split alone (0 = --seed): models with different seeds can share one split")(
        "write-valid", tools::po::value(&cfg.write_valid),
        "write the validation split to FILE (3-line) and FILE.mask, then stop without training")(
        "train-profiles", tools::po::value(&cfg.train_profiles)->composing(),
        "profiles of the --train records (repeatable; docs/profiles.md): trains a profile model")(
        "valid-profiles", tools::po::value(&cfg.valid_profiles)->composing(), "profiles of the --valid records")(
        "extra-train-profiles", tools::po::value(&cfg.extra_train_profiles)->composing(),
        "profiles of the --extra-train records")(
        "profile-dropout", with_default(cfg.profile_dropout),
        "fraction of training sequences per epoch shown as if they had no homologs")(
        "comm-timeout", with_default(comm_timeout),
        "under mpirun/srun: end the job (exit 7) when the other ranks do not answer for this many seconds");
}
} // namespace

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    dist::communicator * comm = nullptr;
    double comm_timeout = 600;
    int const code = tools::run(
        "train-structure",
        [&]
        {
            auto const start = std::chrono::steady_clock::now();
            train::train_config cfg;
            enum_names names{nn::to_string(cfg.arch.cell), encode::to_string(cfg.arch.encoding),
                             train::to_string(cfg.schedule), train::to_string(cfg.bptt)};
            tools::po::options_description d{"Options"};
            describe_options(d, cfg, names, comm_timeout);
            if (!tools::parse(argc, argv, d, nullptr, "train-structure", "--train FILE --out FILE [options]"))
                return 0;
            cfg.arch.cell = nn::parse_cell(names.cell);
            cfg.arch.encoding = encode::parse_encoding(names.encoding);
            cfg.schedule = train::parse_schedule(names.schedule);
            cfg.bptt = train::parse_bptt(names.bptt);
            cfg.command_line = tools::command_line(argc, argv);
            if (!(comm_timeout >= 0))
                throw config_error("--comm-timeout must be >= 0 (0 = wait forever)");
            comm = &dist::world(comm_timeout);
            cfg.comm = comm;
            std::ostream quiet{nullptr}; // ranks other than 0 keep quiet: the log is rank 0's
            std::ostream & log = comm->rank() == 0 ? std::cerr : quiet;
            cfg.stop_request = &stop_signal;
            std::signal(SIGINT, request_stop);
            std::signal(SIGTERM, request_stop);
            if (comm->size() > 1)
                log << "train-structure: " << comm->size() << " MPI ranks, " << cfg.threads << " threads each\n";
            auto const r = train::train(cfg, log);
            if (!cfg.write_valid.empty())
                return 0;
            if (!r.stopped_early && r.epochs_run == 0)
                log << "the checkpoint has finished all " << cfg.epochs << " epochs; nothing to train (best "
                    << "validation Q8 " << r.best_q8 << " at epoch " << r.best_epoch
                    << ", written to --out by that run)\n";
            else if (!r.stopped_early)
                log << "best validation Q8 " << r.best_q8 << " Q3 " << r.best_q3 << " at epoch " << r.best_epoch
                    << "; model written to " << cfg.out << '\n';
            if (comm->rank() == 0)
                tools::report_resources("train-structure", start);
            if (r.stop_signal != 0)
                return 128 + r.stop_signal; // as a shell reports a process ended by that signal
            // The time limit: exit 75 from rank 0 alone (after its checkpoint), so that mpirun, which
            // ends a job when a rank exits non-zero, cannot end rank 0 before it has written.
            bool const cut = r.stopped_early && comm->rank() == 0;
            return static_cast<int>(cut ? exit_code::time_limit : exit_code::ok);
        });
    // A rank that failed (bad input, an error) ends every rank with its exit code: the others would
    // wait for it at their next exchange. The time limit stops every rank at the same batch.
    if (code != 0 && code < 128 && code != static_cast<int>(exit_code::time_limit) && comm != nullptr &&
        comm->size() > 1)
        tools::end_every_rank(code, "train-structure: rank " + std::to_string(comm->rank()) + " failed (exit code " +
                                        std::to_string(code) + "); ending every rank");
    return code;
}
