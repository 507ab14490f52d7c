#include <ssrnn/base/parallel.hpp>
#include <ssrnn/train/gradient_step.hpp>

#include <algorithm>
#include <cmath>

namespace ssrnn::train
{

gradient_step::gradient_step(std::size_t params, int shards, dist::communicator & comm)
    : comm_{comm}, params_{params}, ws_(static_cast<std::size_t>(std::max(1, shards))), grad_(params)
{
    first_ = first_shard(comm_.rank());
    last_ = first_shard(comm_.rank() + 1);
    shard_grads_.resize((last_ - first_) * params_);
}

std::size_t gradient_step::first_shard(int r) const noexcept
{
    return ws_.size() * static_cast<std::size_t>(r) / static_cast<std::size_t>(comm_.size());
}

nn::loss_sum gradient_step::run(nn::network<float> const & net, std::span<nn::sequence_input const> batch,
                                nn::dropout_config const & drop, float scale, int threads, int bptt_k,
                                nn::objective const & obj)
{
    auto const shards = ws_.size();
    std::vector<double> sums(3 * shards); // loss, count, correct per shard
    parallel_for(static_cast<long>(last_ - first_), threads,
                 [&](long i)
                 {
                     auto const su = first_ + static_cast<std::size_t>(i);
                     auto const g =
                         std::span<float>(shard_grads_).subspan(static_cast<std::size_t>(i) * params_, params_);
                     std::fill(g.begin(), g.end(), 0.0F);
                     std::vector<nn::sequence_input> in;
                     for (std::size_t k = su; k < batch.size(); k += shards)
                         in.push_back(batch[k]);
                     if (in.empty())
                         return;
                     auto const ls = ws_[su].forward_backward(net, in, drop, scale, g, bptt_k, obj);
                     sums[3 * su] = ls.loss;
                     sums[3 * su + 1] = static_cast<double>(ls.count);
                     sums[3 * su + 2] = static_cast<double>(ls.correct);
                 });
    reduce(threads);
    if (comm_.size() > 1)
    {
        std::vector<std::size_t> blocks;
        for (int r = 0; r <= comm_.size(); ++r)
            blocks.push_back(first_shard(r) * 3);
        comm_.allgather(std::span<double>(sums), blocks);
    }
    nn::loss_sum total;
    for (std::size_t s = 0; s < shards; ++s)
    {
        total.loss += sums[3 * s];
        total.count += static_cast<std::size_t>(sums[3 * s + 1]);
        total.correct += static_cast<std::size_t>(sums[3 * s + 2]);
    }
    return total;
}

void gradient_step::reduce(int threads)
{
    auto const shards = ws_.size();
    auto const R = comm_.size();
    auto const me = static_cast<std::size_t>(comm_.rank());
    auto slice = [&](std::size_t q)
    {
        return params_ * q / static_cast<std::size_t>(R);
    };
    std::span<float const> parts = shard_grads_; // shard s of the own slice at [s * len, (s + 1) * len)
    std::size_t const len = slice(me + 1) - slice(me);
    if (R > 1)
    {
        // Slice q of every local shard goes to rank q; this rank receives its slice of all shards.
        auto const local = last_ - first_;
        send_.resize(local * params_);
        recv_.resize(shards * len);
        std::vector<std::size_t> send_at, recv_at;
        for (std::size_t q = 0; q <= static_cast<std::size_t>(R); ++q)
        {
            send_at.push_back(local * slice(q));
            recv_at.push_back(first_shard(static_cast<int>(q)) * len);
        }
        for (std::size_t q = 0; q < static_cast<std::size_t>(R); ++q)
            for (std::size_t s = 0; s < local; ++s)
                std::copy_n(shard_grads_.begin() + static_cast<std::ptrdiff_t>(s * params_ + slice(q)),
                            slice(q + 1) - slice(q),
                            send_.begin() + static_cast<std::ptrdiff_t>(send_at[q] + s * (slice(q + 1) - slice(q))));
        comm_.alltoall(send_, send_at, recv_, recv_at);
        parts = recv_;
    }
    // Fixed-order reduction: shard 0, then 1, ... whatever thread or process computed them.
    auto const stride = R > 1 ? len : params_;
    auto const out = slice(me);
    auto const n = static_cast<std::ptrdiff_t>(len);
#pragma omp parallel for schedule(static) num_threads(threads)
    for (std::ptrdiff_t i = 0; i < n; ++i)
    {
        auto const iu = static_cast<std::size_t>(i);
        float acc = parts[iu];
        for (std::size_t s = 1; s < shards; ++s)
            acc += parts[s * stride + iu];
        grad_[out + iu] = acc;
    }
    if (R > 1)
    {
        std::vector<std::size_t> at;
        for (std::size_t q = 0; q <= static_cast<std::size_t>(R); ++q)
            at.push_back(slice(q));
        comm_.allgather(std::span<float>(grad_), at);
    }
}

nn::network<float> const & gradient_step::drop_recurrent(nn::network<float> const & net, float rate, std::uint64_t seed,
                                                         std::uint64_t update)
{
    if (!dropped_ || dropped_->arch() != net.arch())
        dropped_.emplace(net.arch());
    nn::recurrent_weight_mask(weight_mask_, std::span<nn::tensor_spec const>(net.tensors()), rate, seed, update);
    auto const & w = net.params();
    auto & d = dropped_->params();
    for (std::size_t i = 0; i < w.size(); ++i)
        d[i] = w[i] * weight_mask_[i];
    return *dropped_;
}

step_outcome train_step(nn::network<float> & net, adam & opt, gradient_step & step,
                        std::span<nn::sequence_input const> batch, step_settings const & s)
{
    step_outcome out;
    auto & grad = step.grad();
    if (s.recurrent_dropout > 0.0F)
    {
        auto const & dropped = step.drop_recurrent(net, s.recurrent_dropout, s.drop.seed, opt.step);
        out.sums = step.run(dropped, batch, s.drop, s.scale, s.threads, s.bptt_k, s.objective);
        auto const & mask = step.weight_mask();
        for (std::size_t i = 0; i < grad.size(); ++i)
            grad[i] *= mask[i];
    }
    else
        out.sums = step.run(net, batch, s.drop, s.scale, s.threads, s.bptt_k, s.objective);
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
