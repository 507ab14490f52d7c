#include <ssrnn/nn/packed_batch.hpp>

#include <algorithm>
#include <numeric>

namespace ssrnn::nn
{

packed_layout make_layout(std::span<int const> lengths)
{
    packed_layout p;
    p.order.resize(lengths.size());
    std::iota(p.order.begin(), p.order.end(), 0);
    std::stable_sort(p.order.begin(), p.order.end(), [&](int a, int b) { return lengths[a] > lengths[b]; });
    p.lengths.resize(lengths.size());
    for (std::size_t b = 0; b < lengths.size(); ++b)
        p.lengths[b] = lengths[static_cast<std::size_t>(p.order[b])];
    int const steps = p.lengths.empty() ? 0 : p.lengths.front();
    p.batch_sizes.assign(static_cast<std::size_t>(steps), 0);
    for (int len : p.lengths)
        for (int t = 0; t < len; ++t)
            ++p.batch_sizes[static_cast<std::size_t>(t)];
    p.offsets.assign(static_cast<std::size_t>(steps) + 1, 0);
    for (int t = 0; t < steps; ++t)
        p.offsets[static_cast<std::size_t>(t) + 1] =
            p.offsets[static_cast<std::size_t>(t)] + p.batch_sizes[static_cast<std::size_t>(t)];
    p.reverse.resize(static_cast<std::size_t>(p.total()));
    for (int t = 0; t < steps; ++t)
        for (int b = 0; b < p.batch_sizes[static_cast<std::size_t>(t)]; ++b)
            p.reverse[static_cast<std::size_t>(p.column(b, t))] =
                p.column(b, p.lengths[static_cast<std::size_t>(b)] - 1 - t);
    return p;
}

} // namespace ssrnn::nn
