#pragma once
//! \file The gradient of one training batch: the batch is split into a fixed number of shards
//! (sequence k goes to shard k mod shards), the shards run on OpenMP threads, and their gradients
//! are summed in shard order, so the result depends on the shard count but never on the threads.
//! With several processes (dist::communicator) each computes a contiguous block of the shards;
//! process q then receives slice q of every shard's gradient, sums the shards in the same order
//! and the sums are gathered: the result does not depend on the number of processes either, and
//! each process exchanges about (its shards + 1) x 4 bytes per parameter per update, whatever
//! the number of processes.
#include <ssrnn/dist/communicator.hpp>
#include <ssrnn/nn/workspace.hpp>
#include <ssrnn/train/adam.hpp>

#include <optional>
#include <span>
#include <vector>

namespace ssrnn::train
{

//! Reusable buffers for batch gradients of one network size.
class gradient_step
{
public:
    //! Buffers for a network of `params` parameters split into `shards` work units, spread over
    //! the processes of `comm`.
    gradient_step(std::size_t params, int shards, dist::communicator & comm = dist::serial());

    //! Computes the gradient of the summed loss of `batch` times `scale` into grad() and returns
    //! the loss sums. `bptt_k` > 0 truncates backpropagation every K steps; `obj` is the loss.
    nn::loss_sum run(nn::network<float> const & net, std::span<nn::sequence_input const> batch,
                     nn::dropout_config const & drop, float scale, int threads, int bptt_k = 0,
                     nn::objective const & obj = {});

    //! The gradient of the last run (laid out like the parameters).
    [[nodiscard]] std::vector<float> & grad() noexcept { return grad_; }
    //! Number of shards.
    [[nodiscard]] int shards() const noexcept { return static_cast<int>(ws_.size()); }
    //! The first shard of rank `r` (rank r computes shards first(r) .. first(r + 1) - 1).
    [[nodiscard]] std::size_t first_shard(int r) const noexcept;

    //! Recurrent dropout for one update (nn::recurrent_weight_mask): returns a copy of `net` whose
    //! W_hh connections are dropped and rescaled; weight_mask() holds the multipliers. Buffers are reused.
    nn::network<float> const & drop_recurrent(nn::network<float> const & net, float rate, std::uint64_t seed,
                                              std::uint64_t update);
    //! The multipliers of the last drop_recurrent (one per parameter).
    [[nodiscard]] std::vector<float> const & weight_mask() const noexcept { return weight_mask_; }

private:
    //! The fixed-order sum of all shards' gradients into grad_ (over the processes if several).
    void reduce(int threads);

    dist::communicator & comm_;
    std::size_t params_;
    std::size_t first_ = 0, last_ = 0; //!< this process's shards
    std::vector<float> shard_grads_;   //!< local shard s at [(s - first) * params, (s - first + 1) * params)
    std::vector<float> send_, recv_;   //!< exchange buffers (several processes)
    std::vector<nn::workspace<float>> ws_;
    std::vector<float> grad_;
    std::optional<nn::network<float>> dropped_; //!< the network with dropped recurrent weights
    std::vector<float> weight_mask_;
};

//! Settings of one training update.
struct step_settings
{
    nn::dropout_config drop; //!< dropout (rate, seed, epoch)
    float scale = 1.0F;      //!< loss scale, usually 1 / labelled residues of the batch
    int threads = 1;         //!< OpenMP threads (results do not depend on it)
    int bptt_k = 0;          //!< truncated BPTT every K steps; 0 = full
    nn::objective objective; //!< the loss
    double clip_norm = 0.0;  //!< global L2 norm clipping threshold; 0 = off
    double clip_value = 0.0; //!< element clipping threshold; 0 = off
    double lr = 1e-3;        //!< learning rate of this update
    //! Recurrent dropout: probability of dropping each recurrent weight for one update (0 = off).
    float recurrent_dropout = 0.0F;
};

//! What one update did.
struct step_outcome
{
    nn::loss_sum sums;    //!< loss, labelled and correct residues of the batch
    double norm = 0.0;    //!< global L2 norm of the gradient before clipping
    bool clipped = false; //!< the gradient was clipped (by norm or by value)
    bool finite = true;   //!< loss and gradient were finite; if not, nothing was updated
};

//! One training update: the batch gradient (sharded as in gradient_step; with recurrent dropout,
//! of the network with the update's dropped recurrent weights, keyed by the seed and Adam's step
//! count), then, if loss and gradient are finite, clipping and an Adam step on `net`. The trainer and ssrnn-bench both
//! train through this function.
step_outcome train_step(nn::network<float> & net, adam & opt, gradient_step & step,
                        std::span<nn::sequence_input const> batch, step_settings const & s);

} // namespace ssrnn::train
