#pragma once
//! \file train-disorder-head: adds a disorder head (nn/disorder_head.hpp) to a trained model or to
//! every member of an ensemble. The network stays frozen (its tensors are copied bit for bit), so
//! its secondary structure does not change; the head learns P(disordered) from the top layer's
//! states, with "disordered" = the residue has no label (mask 0: unobserved in the structure). The
//! validation split is train-structure's (same fraction and split seed), the epoch with the best
//! validation AUC is kept, and the binary call's threshold is the validation MCC's best.
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::base
{
template <typename Config>
struct option;
} // namespace ssrnn::base

namespace ssrnn::train
{

//! Options of train-disorder-head.
struct disorder_config
{
    std::string model;                       //!< model or ensemble file to add heads to
    std::string train;                       //!< labelled training data (its mask 0 = disordered)
    std::string train_mask;                  //!< its mask
    std::vector<std::string> train_profiles; //!< profiles of `train` (a profile model)
    double valid_fraction = 0.05;            //!< records held out for validation (train-structure's split)
    std::uint64_t split_seed = 1;            //!< seed of that split (1: the shipped models' split)
    int hidden = 32;                         //!< hidden units of the head
    int epochs = 6;                          //!< passes over the training residues
    double lr = 0.002;                       //!< Adam learning rate
    int batch = 2048;                        //!< residues per update
    double positive_weight = 1.0;            //!< loss weight of a disordered residue (class balance)
    std::uint64_t seed = 1;                  //!< initialisation and residue order (member k uses seed + k)
    int threads = 1;                         //!< worker threads (the output does not depend on them)
    std::string out;                         //!< model file to write (atomically)
};

//! Every option of train-disorder-head, bound to its field (base/option_table.hpp).
[[nodiscard]] std::span<base::option<disorder_config> const> disorder_option_table();

//! Checks the options; throws config_error.
void validate(disorder_config const & cfg);

//! Runs train-disorder-head: reads the model and data, trains a head per member, writes `out`;
//! progress on `log`. Throws config_error, input_error, io_error, model_format_error.
void train_disorder_heads(disorder_config const & cfg, std::ostream & log);

} // namespace ssrnn::train
