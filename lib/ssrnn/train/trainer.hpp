#pragma once
//! \file Training by backpropagation through time: the epoch loop over the parts in this folder
//! (config, dataset, batching, schedule, gradient_step, checkpoint, progress).
//!
//! Masked cross-entropy (or the objective of nn/objective.hpp), Adam, global-norm clipping,
//! OpenMP over fixed shards of each batch with a fixed-order reduction (bit-identical weights for
//! any thread count), best-validation model selection, resumable checkpoints.
#include <ssrnn/train/config.hpp>
#include <ssrnn/train/progress.hpp>

#include <iosfwd>

namespace ssrnn::train
{

//! Outcome of a training run.
struct train_result
{
    int epochs_done = 0;        //!< completed epochs (including resumed ones)
    int best_epoch = 0;         //!< epoch whose model was kept (1-based)
    double best_q8 = 0;         //!< validation Q8 of the kept model (percent)
    double best_q3 = 0;         //!< validation Q3 of the kept model (percent)
    bool stopped_early = false; //!< the time limit or a stop request stopped the run; resume to continue
    int stop_signal = 0;        //!< the value of train_config::stop_request that stopped it (0: none)
    double last_train_loss = 0; //!< mean training loss of the last completed epoch
    int epochs_run = 0;         //!< epochs trained by this call (0: a resumed run was already finished)
};

//! Trains as configured, reporting to `progress`. Writes the best model to `cfg.out` and a
//! checkpoint after every epoch (and when the time limit stops the run). Throws config_error,
//! input_error, io_error, model_format_error (an unusable checkpoint) and numeric_error on a
//! non-finite loss or gradient (the best model file written so far is left untouched).
train_result train(train_config const & cfg, progress_reporter & progress);

//! The same with train-structure's log written to `log` (a progress bar if stderr is a terminal).
train_result train(train_config const & cfg, std::ostream & log);

} // namespace ssrnn::train
