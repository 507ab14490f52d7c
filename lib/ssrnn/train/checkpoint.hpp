#pragma once
//! \file Checkpoints: everything a training run needs to continue exactly where it stopped
//! (weights, Adam moments and step, position in the run, best model so far), in the `.ssrnn`
//! container with `kind: "checkpoint"` (docs/model-format.md).
#include <ssrnn/nn/container.hpp>
#include <ssrnn/nn/network.hpp>
#include <ssrnn/train/adam.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace ssrnn::train
{

//! Which run a checkpoint belongs to: resuming with another architecture or seed is refused.
struct run_identity
{
    nn::architecture arch;        //!< network shape
    std::uint64_t seed = 1;       //!< training seed
    std::uint64_t split_seed = 1; //!< seed of the validation split
};

//! Where a run stands.
struct run_position
{
    int epoch = 0;         //!< completed epochs
    std::size_t batch = 0; //!< batches of epoch `epoch` already done (0 at an epoch boundary)
    int best_epoch = 0;    //!< epoch of the best model so far (1-based; 0 = none yet)
    double best_q8 = 0;    //!< its validation Q8
    double best_q3 = 0;    //!< its validation Q3
};

//! Writes a checkpoint atomically. Throws io_error.
void save_checkpoint(std::string const & path, run_identity const & id, nn::network<float> const & net,
                     adam const & opt, run_position const & pos);

//! Reads the checkpoint at `path` into `net` and `opt` and returns its position. Throws
//! model_format_error naming `path` for anything malformed (not a checkpoint, missing or
//! mistyped fields, missing, misshapen or unknown tensors, optimizer state of the wrong size),
//! config_error if it belongs to another run (`id`), io_error if it cannot be read.
[[nodiscard]] run_position load_checkpoint(std::string const & path, run_identity const & id, nn::network<float> & net,
                                           adam & opt);
//! The same from a decoded container; `source` names it in errors. Throws as above (no io_error).
[[nodiscard]] run_position checkpoint_from_container(nn::container c, std::string const & source,
                                                     run_identity const & id, nn::network<float> & net, adam & opt);

} // namespace ssrnn::train
