#pragma once
//! \file The options of a training run (train-structure's command line, the API's argument):
//! one struct whose defaults are the documented defaults, its validation and its JSON form.
#include <ssrnn/base/names.hpp>
#include <ssrnn/dist/communicator.hpp>
#include <ssrnn/nn/architecture.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ssrnn::base
{
template <typename Config>
struct option;
} // namespace ssrnn::base

namespace ssrnn::train
{

//! Backpropagation through time: over the whole sequence, or cut every K steps.
enum class bptt_mode
{
    full,     //!< gradients flow over the whole sequence
    truncated //!< the recurrent gradient is cut every `bptt_k` steps (docs/bptt.md)
};
//! BPTT mode names in enum order.
inline constexpr std::array<std::string_view, 2> bptt_names = {"full", "truncated"};
//! Name of a BPTT mode.
[[nodiscard]] inline std::string to_string(bptt_mode m)
{
    return base::name_of(bptt_names, m);
}
//! Parses a BPTT mode name; throws config_error.
[[nodiscard]] bptt_mode parse_bptt(std::string_view name);

//! Learning-rate schedule over all steps of the run.
enum class lr_schedule
{
    constant, //!< the peak rate throughout
    cosine    //!< cosine decay from the peak rate to 1/20 of it
};
//! Schedule names in enum order.
inline constexpr std::array<std::string_view, 2> schedule_names = {"constant", "cosine"};
//! Name of a schedule.
[[nodiscard]] inline std::string to_string(lr_schedule s)
{
    return base::name_of(schedule_names, s);
}
//! Parses a schedule name; throws config_error.
[[nodiscard]] lr_schedule parse_schedule(std::string_view name);

//! Options of train-structure (all defaults are the documented CLI defaults: the tool takes
//! them from here).
struct train_config
{
    std::string train;                    //!< 3-line labelled training file, or a soft-label file (io/soft_labels.hpp)
    std::string train_mask;               //!< optional mask for `train`
    std::vector<std::string> extra_train; //!< more 3-line or soft-label training files (no masks; never validation)
    std::vector<std::string> exclude;     //!< test sequences: training records overlapping them are dropped
    std::string valid;                    //!< optional validation file (else split off `train`)
    std::string valid_mask;               //!< optional mask for `valid`
    double valid_fraction = 0.05;         //!< fraction of training records held out when `valid` is empty
    std::vector<std::string>
        train_profiles; //!< profiles of `train`'s records (and so of a split); makes a profile model
    std::vector<std::string> valid_profiles;       //!< profiles of `valid`'s records
    std::vector<std::string> extra_train_profiles; //!< profiles of the `extra_train` records
    bool profile_depth = false;                    //!< the alignment's depth as one more input
    double profile_dropout = 0.0;                  //!< fraction of training sequences per epoch shown without homologs
    std::string out;                               //!< model file to write (best validation Q8)
    std::string checkpoint;                        //!< checkpoint file; empty = `<out>.ckpt`
    bool resume = false;                           //!< continue from the checkpoint if it exists
    std::string init;      //!< start from this model's weights (fine-tuning); its architecture replaces `arch`
    nn::architecture arch; //!< network shape (`profile` is ignored: `train_profiles` make a profile model)
    int epochs = 10;       //!< passes over the training set
    int batch = 32;        //!< sequences per update
    double lr = 2e-3;      //!< peak Adam learning rate
    lr_schedule schedule = lr_schedule::cosine; //!< learning-rate schedule
    float dropout = 0.25F;                      //!< dropout between layers and before the output layer
    float recurrent_dropout = 0.0F;             //!< probability of dropping each W_hh weight per update
    double label_smoothing = 0.0;               //!< target (1 - e) one-hot + e/8 instead of one-hot
    double q3_weight = 0.0;                     //!< weight of the added 3-state cross-entropy (joint Q8 + Q3)
    bool save_epochs = false;                   //!< also write the model of every epoch to `<out>.epoch<N>`
    double clip_norm = 1.0;                     //!< global L2 gradient clipping threshold; 0 disables
    double clip_value = 0.0;           //!< clamp every gradient element to [-X, X] after norm clipping; 0 = off
    bptt_mode bptt = bptt_mode::full;  //!< full or truncated BPTT
    int bptt_k = 0;                    //!< truncation length K (required for truncated)
    float forget_bias = 1.0F;          //!< initial LSTM forget-gate bias
    int threads = 1;                   //!< OpenMP threads (results do not depend on it)
    int shards = 2;                    //!< fixed work units per batch (results depend on it, not on threads)
    std::uint64_t seed = 1;            //!< seed for initialisation, split, order and dropout
    std::uint64_t split_seed = 0;      //!< seed of the validation split only; 0 = `seed`
    double time_limit_minutes = 0;     //!< stop cleanly (checkpoint written) after this long; 0 = none
    double comm_timeout_seconds = 600; //!< MPI: a rank that waits this long for the others fails (exit 7)
    std::string command_line;          //!< recorded in the model's provenance
    std::string write_valid;           //!< if set: write the validation records here (3-line, plus `.mask`) and stop
    //! If set: polled before every batch; when it holds a non-zero value (a signal number, set
    //! e.g. by a SIGTERM handler) the run writes a checkpoint and returns (train_result::stop_signal).
    std::atomic<int> const * stop_request = nullptr;
    //! The processes of a data-parallel run (nullptr: this process alone). Every rank runs train()
    //! with the same configuration; rank 0 writes the model and checkpoints.
    dist::communicator * comm = nullptr;

    //! The seed of the validation split (`split_seed`, or `seed` when it is 0).
    [[nodiscard]] std::uint64_t effective_split_seed() const noexcept { return split_seed ? split_seed : seed; }
    //! The checkpoint path (`checkpoint`, or `<out>.ckpt`).
    [[nodiscard]] std::string checkpoint_path() const { return checkpoint.empty() ? out + ".ckpt" : checkpoint; }
};

//! Every option of train-structure, bound to its field (base/option_table.hpp): the tool's command
//! line, the Python keywords and the docs come from it.
[[nodiscard]] std::span<base::option<train_config> const> option_table();

//! Checks the options' ranges (option_table()) and cross-field consistency; throws config_error.
void validate(train_config const & cfg);

//! The effective configuration (every option, enums by name; not the command line): printed in
//! the training log and recorded in the model's provenance.
[[nodiscard]] nlohmann::json to_json(train_config const & cfg);

} // namespace ssrnn::train
