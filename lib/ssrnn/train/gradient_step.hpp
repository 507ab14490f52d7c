#pragma once
//! \file The gradient of one training batch: the batch is split into a fixed number of shards
//! (sequence k goes to shard k mod shards), the shards run on OpenMP threads, and their gradients
//! are summed in shard order, so the result depends on the shard count but never on the threads.
#include <ssrnn/nn/network.hpp>

#include <span>
#include <vector>

namespace ssrnn::train
{

//! Reusable buffers for batch gradients of one network size.
class gradient_step
{
public:
    //! Buffers for a network of `params` parameters split into `shards` work units.
    gradient_step(std::size_t params, int shards);

    //! Computes the gradient of the summed loss of `batch` times `scale` into grad() and returns
    //! the loss sums. `bptt_k` > 0 truncates backpropagation every K steps; `obj` is the loss.
    nn::loss_sum run(nn::network<float> const & net, std::span<nn::sequence_input const> batch,
                     nn::dropout_config const & drop, float scale, int threads, int bptt_k = 0,
                     nn::objective const & obj = {});

    //! The gradient of the last run (laid out like the parameters).
    [[nodiscard]] std::vector<float> & grad() noexcept { return grad_; }
    //! Number of shards.
    [[nodiscard]] int shards() const noexcept { return static_cast<int>(ws_.size()); }

private:
    std::vector<std::vector<float>> shard_grads_;
    std::vector<nn::workspace<float>> ws_;
    std::vector<float> grad_;
};

} // namespace ssrnn::train
