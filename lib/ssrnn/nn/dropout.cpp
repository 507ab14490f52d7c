#include <ssrnn/nn/dropout.hpp>
#include <ssrnn/nn/random.hpp>

#include <algorithm>

namespace ssrnn::nn
{

template <typename T>
void make_dropout_mask(matrix<T> & m, int which, int rows, packed_layout const & lay,
                       std::span<sequence_input const> seqs, dropout_config const & d)
{
    m.resize(rows, lay.total());
    T const keep_scale = T(1) / (T(1) - static_cast<T>(d.rate));
    auto const threshold = static_cast<std::uint64_t>(static_cast<double>(d.rate) * 18446744073709551615.0);
    for (int t = 0; t < lay.steps(); ++t)
        for (int b = 0; b < lay.batch_sizes[static_cast<std::size_t>(t)]; ++b)
        {
            auto const & s = seqs[static_cast<std::size_t>(lay.order[static_cast<std::size_t>(b)])];
            std::uint64_t const base =
                hash_keys({d.seed, d.epoch, s.id, static_cast<std::uint64_t>(which), static_cast<std::uint64_t>(t)});
            T * col = m.col(lay.column(b, t)).data();
            for (int u = 0; u < rows; ++u)
                col[u] = mix64(base + static_cast<std::uint64_t>(u)) >= threshold ? keep_scale : T(0);
        }
}

template void make_dropout_mask<float>(matrix<float> &, int, int, packed_layout const &,
                                       std::span<sequence_input const>, dropout_config const &);
template void make_dropout_mask<double>(matrix<double> &, int, int, packed_layout const &,
                                        std::span<sequence_input const>, dropout_config const &);

template <typename T>
void recurrent_weight_mask(std::vector<T> & mask, std::span<tensor_spec const> tensors, float rate, std::uint64_t seed,
                           std::uint64_t update)
{
    std::size_t total = 0;
    for (auto const & t : tensors)
        total = std::max(total, t.offset + t.size());
    mask.assign(total, T(1));
    T const keep_scale = T(1) / (T(1) - static_cast<T>(rate));
    auto const threshold = static_cast<std::uint64_t>(static_cast<double>(rate) * 18446744073709551615.0);
    std::uint64_t const base = hash_keys({seed, update, stream::recurrent_dropout});
    for (auto const & t : tensors)
    {
        if (!t.name.ends_with(".w_hh"))
            continue;
        for (std::size_t i = t.offset; i < t.offset + t.size(); ++i)
            mask[i] = mix64(base + static_cast<std::uint64_t>(i)) >= threshold ? keep_scale : T(0);
    }
}

template void recurrent_weight_mask<float>(std::vector<float> &, std::span<tensor_spec const>, float, std::uint64_t,
                                           std::uint64_t);
template void recurrent_weight_mask<double>(std::vector<double> &, std::span<tensor_spec const>, float, std::uint64_t,
                                            std::uint64_t);

} // namespace ssrnn::nn
