#include <ssrnn/base/parallel.hpp>
#include <ssrnn/train/gradient_step.hpp>

#include <algorithm>
#include <cmath>

namespace ssrnn::train
{

gradient_step::gradient_step(std::size_t params, int shards)
    : shard_grads_(static_cast<std::size_t>(std::max(1, shards)), std::vector<float>(params)),
      ws_(static_cast<std::size_t>(std::max(1, shards))), grad_(params)
{
}

nn::loss_sum gradient_step::run(nn::network<float> const & net, std::span<nn::sequence_input const> batch,
                                nn::dropout_config const & drop, float scale, int threads, int bptt_k,
                                nn::objective const & obj)
{
    auto const shards = ws_.size();
    std::vector<nn::loss_sum> sums(shards);
    parallel_for(static_cast<long>(shards), threads,
                 [&](long s)
                 {
                     auto const su = static_cast<std::size_t>(s);
                     std::fill(shard_grads_[su].begin(), shard_grads_[su].end(), 0.0F);
                     std::vector<nn::sequence_input> in;
                     for (std::size_t k = su; k < batch.size(); k += shards)
                         in.push_back(batch[k]);
                     if (!in.empty())
                         sums[su] = ws_[su].forward_backward(net, in, drop, scale, shard_grads_[su], bptt_k, obj);
                 });
    // Fixed-order reduction: shard 0, then 1, ... whatever thread computed them.
    auto const n = static_cast<std::ptrdiff_t>(grad_.size());
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < n; ++i)
    {
        auto const iu = static_cast<std::size_t>(i);
        float acc = shard_grads_[0][iu];
        for (std::size_t s = 1; s < shards; ++s)
            acc += shard_grads_[s][iu];
        grad_[iu] = acc;
    }
    nn::loss_sum total;
    for (auto const & s : sums)
    {
        total.loss += s.loss;
        total.count += s.count;
        total.correct += s.correct;
    }
    return total;
}

step_outcome train_step(nn::network<float> & net, adam & opt, gradient_step & step,
                        std::span<nn::sequence_input const> batch, step_settings const & s)
{
    step_outcome out;
    out.sums = step.run(net, batch, s.drop, s.scale, s.threads, s.bptt_k, s.objective);
    auto & grad = step.grad();
    out.norm = global_norm(grad);
    out.finite = std::isfinite(out.sums.loss) && std::isfinite(out.norm);
    if (!out.finite)
        return out;
    bool const by_norm = clip_global_norm(grad, out.norm, s.clip_norm);
    bool const by_value = clip_elements(grad, s.clip_value);
    out.clipped = by_norm || by_value;
    opt.update(net.params(), grad, s.lr, s.threads);
    return out;
}

} // namespace ssrnn::train
