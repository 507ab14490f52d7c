#include <ssrnn/nn/cells.hpp>
#include <ssrnn/nn/lstm.hpp>
#include <ssrnn/nn/network.hpp>
#include <ssrnn/nn/random.hpp>

#include <cmath>
#include <complex>

namespace ssrnn::nn
{

template <typename T>
network<T>::network(architecture a) : arch_{std::move(a)}, specs_{tensor_table(arch_)}
{
    params_.assign(specs_.back().offset + specs_.back().size(), T(0));
}

template <typename T>
void network<T>::init(std::uint64_t seed, T forget_bias)
{
    splitmix rng{hash_keys({seed, stream::init})};
    int const H = arch_.hidden;
    for (auto const & s : specs_)
    {
        double const fan = s.name.rfind("out.", 0) == 0 ? 2.0 * H : H;
        double const k = 1.0 / std::sqrt(fan);
        for (std::size_t i = 0; i < s.size(); ++i)
            params_[s.offset + i] = static_cast<T>((2.0 * rng.uniform() - 1.0) * k);
        if (arch_.cell == cell_kind::lstm && s.name.ends_with(".bias") && s.name.rfind("lstm.", 0) == 0)
            for (int r = 0; r < H; ++r)
                params_[s.offset + static_cast<std::size_t>(H + r)] = forget_bias;
    }
}

template <typename T>
recurrent_params<T> network<T>::recurrent(int layer, int dir) const
{
    auto const k = layer_tensor(layer, dir);
    return {tensor(k), tensor(k + 1), tensor(k + 2)};
}

template <typename T>
cmatrix_map<T> network<T>::tensor(std::size_t i) const
{
    auto const & s = specs_[i];
    return cmatrix_map<T>(params_.data() + s.offset, s.rows, s.cols);
}

template <typename T>
cmatrix_map<T> network<T>::out_weight() const
{
    return tensor(specs_.size() - 2);
}

template <typename T>
cmatrix_map<T> network<T>::out_bias() const
{
    return tensor(specs_.size() - 1);
}

template <typename T>
void cell_forward(network<T> const & net, int layer, int dir, packed_layout const & lay, matrix<T> const & x,
                  recurrent_state<T> & st)
{
    switch (net.arch().cell)
    {
    case cell_kind::lstm:
        lstm_forward(net.recurrent(layer, dir), lay, x, st);
        break;
    case cell_kind::gru:
        gru_forward(net.recurrent(layer, dir), net.tensor(net.layer_tensor(layer, dir) + 3), lay, x, st);
        break;
    case cell_kind::rnn:
        rnn_forward(net.recurrent(layer, dir), lay, x, st);
        break;
    }
}

template <typename T>
void cell_backward(network<T> const & net, int layer, int dir, packed_layout const & lay, matrix<T> const & x,
                   matrix<T> const & dh, recurrent_state<T> & st, std::span<T> grad, matrix<T> * dx, int bptt_k)
{
    auto const & specs = net.tensors();
    auto gview = [&](std::size_t i)
    {
        auto const & s = specs[i];
        return matrix_map<T>(grad.data() + s.offset, s.rows, s.cols);
    };
    auto const k = net.layer_tensor(layer, dir);
    recurrent_grads<T> g{gview(k), gview(k + 1), gview(k + 2)};
    switch (net.arch().cell)
    {
    case cell_kind::lstm:
        lstm_backward(net.recurrent(layer, dir), lay, x, dh, st, g, dx, bptt_k);
        break;
    case cell_kind::gru:
    {
        auto gb = gview(k + 3);
        gru_backward(net.recurrent(layer, dir), net.tensor(k + 3), lay, x, dh, st, g, gb, dx, bptt_k);
        break;
    }
    case cell_kind::rnn:
        rnn_backward(net.recurrent(layer, dir), lay, x, dh, st, g, dx, bptt_k);
        break;
    }
}

template class network<float>;
template class network<double>;
template class network<std::complex<double>>;
template void cell_forward<std::complex<double>>(network<std::complex<double>> const &, int, int, packed_layout const &,
                                                 matrix<std::complex<double>> const &,
                                                 recurrent_state<std::complex<double>> &);
template void cell_forward<float>(network<float> const &, int, int, packed_layout const &, matrix<float> const &,
                                  recurrent_state<float> &);
template void cell_forward<double>(network<double> const &, int, int, packed_layout const &, matrix<double> const &,
                                   recurrent_state<double> &);
template void cell_backward<float>(network<float> const &, int, int, packed_layout const &, matrix<float> const &,
                                   matrix<float> const &, recurrent_state<float> &, std::span<float>, matrix<float> *,
                                   int);
template void cell_backward<double>(network<double> const &, int, int, packed_layout const &, matrix<double> const &,
                                    matrix<double> const &, recurrent_state<double> &, std::span<double>,
                                    matrix<double> *, int);

} // namespace ssrnn::nn
