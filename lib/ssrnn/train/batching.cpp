#include <ssrnn/nn/random.hpp>
#include <ssrnn/train/batching.hpp>

#include <algorithm>

namespace ssrnn::train
{

std::vector<std::vector<std::size_t>> make_batches(std::vector<example> const & data, int batch, std::uint64_t seed,
                                                   int epoch)
{
    nn::splitmix rng{nn::hash_keys({seed, nn::stream::batch_order, static_cast<std::uint64_t>(epoch)})};
    std::vector<std::size_t> order(data.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    nn::shuffle(order, rng);
    std::size_t const window = static_cast<std::size_t>(batch) * 16;
    std::vector<std::vector<std::size_t>> batches;
    for (std::size_t w = 0; w < order.size(); w += window)
    {
        auto const e = std::min(order.size(), w + window);
        std::stable_sort(order.begin() + static_cast<std::ptrdiff_t>(w), order.begin() + static_cast<std::ptrdiff_t>(e),
                         [&](std::size_t a, std::size_t b)
                         { return data[a].residues.size() > data[b].residues.size(); });
        for (std::size_t b = w; b < e; b += static_cast<std::size_t>(batch))
            batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(b),
                                 order.begin() +
                                     static_cast<std::ptrdiff_t>(std::min(e, b + static_cast<std::size_t>(batch))));
    }
    nn::shuffle(batches, rng);
    return batches;
}

std::uint64_t batches_per_epoch(std::size_t records, int batch) noexcept
{
    return (records + static_cast<std::size_t>(batch) - 1) / static_cast<std::size_t>(batch);
}

} // namespace ssrnn::train
