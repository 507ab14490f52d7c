// train-structure: train a bidirectional LSTM by backpropagation through time.
#include "common.hpp"

#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/train/trainer.hpp>

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run(
        "train-structure",
        [&]
        {
            auto const start = std::chrono::steady_clock::now();
            train::train_config cfg;
            std::string encoding = "onehot";
            tools::po::options_description d{"Options"};
            tools::add_common(d, cfg.threads);
            d.add_options()("train", tools::po::value(&cfg.train), "training data (3-line format)")(
                "train-mask", tools::po::value(&cfg.train_mask), "mask for --train (1 = labelled)")(
                "extra-train", tools::po::value(&cfg.extra_train)->composing(),
                "more training data (3-line format, no mask; repeatable; never split for validation)")(
                "valid", tools::po::value(&cfg.valid), "validation data (default: split off --train)")(
                "valid-mask", tools::po::value(&cfg.valid_mask), "mask for --valid")(
                "valid-fraction", tools::po::value(&cfg.valid_fraction)->default_value(0.05, "0.05"),
                "fraction of training records held out for validation when --valid is not given")(
                "out,o", tools::po::value(&cfg.out), "model file to write (best validation Q8, written atomically)")(
                "checkpoint", tools::po::value(&cfg.checkpoint), "checkpoint file (default: OUT.ckpt)")(
                "resume", tools::po::bool_switch(&cfg.resume), "continue from the checkpoint if it exists")(
                "time-limit", tools::po::value(&cfg.time_limit_minutes)->default_value(0),
                "stop after this many minutes with a checkpoint (0 = no limit)")(
                "cell", tools::po::value(&cfg.arch.cell)->default_value("lstm"), "recurrent cell: lstm, gru or rnn")(
                "layers", tools::po::value(&cfg.arch.layers)->default_value(2), "bidirectional recurrent layers")(
                "hidden", tools::po::value(&cfg.arch.hidden)->default_value(128), "units per direction")(
                "encoding", tools::po::value(&encoding)->default_value("onehot"), "onehot, blosum or both")(
                "epochs", tools::po::value(&cfg.epochs)->default_value(10), "passes over the training data")(
                "batch", tools::po::value(&cfg.batch)->default_value(32), "sequences per update")(
                "lr", tools::po::value(&cfg.lr)->default_value(2e-3, "0.002"), "peak Adam learning rate")(
                "schedule", tools::po::value(&cfg.schedule)->default_value("cosine"), "constant or cosine")(
                "dropout", tools::po::value(&cfg.dropout)->default_value(0.25F, "0.25"), "dropout between layers")(
                "label-smoothing", tools::po::value(&cfg.label_smoothing)->default_value(0.0, "0"),
                "train on targets (1-e) one-hot + e/8")("q3-weight",
                                                        tools::po::value(&cfg.q3_weight)->default_value(0.0, "0"),
                                                        "add this times the 3-state cross-entropy to the loss")(
                "save-epochs", tools::po::bool_switch(&cfg.save_epochs),
                "also write the model after every epoch to OUT.epoch<N> (for checkpoint averaging)")(
                "clip-norm", tools::po::value(&cfg.clip_norm)->default_value(1.0, "1"),
                "clip the global gradient L2 norm to this (0 = off)")(
                "clip-value", tools::po::value(&cfg.clip_value)->default_value(0),
                "clamp each gradient element to [-X, X] (0 = off)")("bptt",
                                                                    tools::po::value(&cfg.bptt)->default_value("full"),
                                                                    "full or truncated backpropagation through time")(
                "bptt-k", tools::po::value(&cfg.bptt_k)->default_value(0),
                "with --bptt truncated: cut the gradient every K steps in each direction")(
                "forget-bias", tools::po::value(&cfg.forget_bias)->default_value(1.0F, "1"),
                "initial forget-gate bias")("shards", tools::po::value(&cfg.shards)->default_value(2),
                                            "fixed work units per batch (results depend on this, never on --threads)")(
                "seed", tools::po::value(&cfg.seed)->default_value(1), "random seed")(
                "split-seed", tools::po::value(&cfg.split_seed)->default_value(0),
                "seed of the validation split alone (0 = --seed): models with different seeds can share one split")(
                "write-valid", tools::po::value(&cfg.write_valid),
                "write the validation split to FILE (3-line) and FILE.mask, then stop without training");
            if (!tools::parse(argc, argv, d, nullptr, "train-structure", "--train FILE --out FILE [options]"))
                return 0;
            cfg.arch.encoding = encode::parse_encoding(encoding);
            cfg.command_line = tools::command_line(argc, argv);
            auto const r = train::train(cfg, std::cerr);
            if (!cfg.write_valid.empty())
                return 0;
            if (!r.stopped_early && r.epochs_run == 0)
                std::cerr << "the checkpoint has finished all " << cfg.epochs << " epochs; nothing to train (best "
                          << "validation Q8 " << r.best_q8 << " at epoch " << r.best_epoch
                          << ", written to --out by that run)\n";
            else if (!r.stopped_early)
                std::cerr << "best validation Q8 " << r.best_q8 << " Q3 " << r.best_q3 << " at epoch " << r.best_epoch
                          << "; model written to " << cfg.out << '\n';
            tools::report_resources("train-structure", start);
            return 0;
        });
}
