#pragma once
//! \file Training by full backpropagation through time: masked cross-entropy, Adam, global-norm
//! clipping, OpenMP over fixed shards of each batch with a fixed-order reduction (bit-identical
//! weights for any thread count), best-validation model selection, resumable checkpoints.
#include <ssrnn/nn/network.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace ssrnn::train
{

//! Options of train-structure (all defaults are the documented CLI defaults).
struct train_config
{
    std::string train;                    //!< 3-line labelled training file
    std::string train_mask;               //!< optional mask for `train`
    std::vector<std::string> extra_train; //!< more 3-line training files (no masks; never used for validation)
    std::string valid;                    //!< optional validation file (else split off `train`)
    std::string valid_mask;               //!< optional mask for `valid`
    double valid_fraction = 0.05;         //!< fraction of training records held out when `valid` is empty
    std::string out;                      //!< model file to write (best validation Q8)
    std::string checkpoint;               //!< checkpoint file; empty = `<out>.ckpt`
    bool resume = false;                  //!< continue from the checkpoint if it exists
    nn::architecture arch;                //!< network shape
    int epochs = 10;                      //!< passes over the training set
    int batch = 32;                       //!< sequences per update
    double lr = 2e-3;                     //!< peak Adam learning rate
    std::string schedule = "cosine";      //!< learning-rate schedule: constant or cosine (to lr/20)
    float dropout = 0.25F;                //!< dropout between layers and before the output layer
    double label_smoothing = 0.0;         //!< target (1 - e) one-hot + e/8 instead of one-hot
    double q3_weight = 0.0;               //!< weight of the added 3-state cross-entropy (joint Q8 + Q3 objective)
    bool save_epochs = false;             //!< also write the model of every epoch to `<out>.epoch<N>`
    double clip_norm = 1.0;               //!< global L2 gradient clipping threshold; 0 disables
    double clip_value = 0.0;              //!< clamp every gradient element to [-X, X] after norm clipping; 0 = off
    std::string bptt = "full";            //!< "full" or "truncated"
    int bptt_k = 0;                       //!< truncation length K (required for "truncated")
    float forget_bias = 1.0F;             //!< initial LSTM forget-gate bias
    int threads = 1;                      //!< OpenMP threads (results do not depend on it)
    int shards = 2;                       //!< fixed work units per batch (results depend on it, not on threads)
    std::uint64_t seed = 1;               //!< seed for initialisation, split, order and dropout
    std::uint64_t split_seed = 0;         //!< seed of the validation split only; 0 = `seed`
    double time_limit_minutes = 0;        //!< stop cleanly (checkpoint written) after this long; 0 = none
    std::string command_line;             //!< recorded in the model's provenance
    std::string write_valid;              //!< if set: write the validation records here (3-line, plus `.mask`) and stop
};

//! Checks cross-field consistency; throws config_error.
void validate(train_config const & cfg);

//! Outcome of a training run.
struct train_result
{
    int epochs_done = 0;        //!< completed epochs (including resumed ones)
    int best_epoch = 0;         //!< epoch whose model was kept (1-based)
    double best_q8 = 0;         //!< validation Q8 of the kept model (percent)
    double best_q3 = 0;         //!< validation Q3 of the kept model (percent)
    bool stopped_early = false; //!< the time limit stopped the run; resume to continue
    double last_train_loss = 0; //!< mean training loss of the last completed epoch
    int epochs_run = 0;         //!< epochs trained by this call (0: a resumed run was already finished)
};

//! Trains as configured; progress and summaries go to `log`. Throws numeric_error on a
//! non-finite loss or gradient (the best model file written so far is left untouched).
train_result train(train_config const & cfg, std::ostream & log);

} // namespace ssrnn::train
