#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/nn/cells.hpp>
#include <ssrnn/nn/network.hpp>
#include <ssrnn/nn/random.hpp>

#include <cmath>
#include <complex>

namespace ssrnn::nn
{

void validate(architecture const & a)
{
    if (a.cell != "lstm" && a.cell != "gru" && a.cell != "rnn")
        throw config_error("unknown cell type '" + a.cell + "' (supported: lstm, gru, rnn)");
    if (a.layers < 1 || a.layers > 16)
        throw config_error("layers must be between 1 and 16 (got " + std::to_string(a.layers) + ")");
    if (a.hidden < 1 || a.hidden > 4096)
        throw config_error("hidden units must be between 1 and 4096 (got " + std::to_string(a.hidden) + ")");
    if (a.outputs != encode::ss8_count)
        throw config_error("the output layer must have 8 classes (got " + std::to_string(a.outputs) + ")");
}

std::vector<tensor_spec> tensor_table(architecture const & a)
{
    validate(a);
    std::vector<tensor_spec> t;
    std::size_t off = 0;
    auto add = [&](std::string name, int r, int c)
    {
        t.push_back({std::move(name), r, c, off});
        off += t.back().size();
    };
    int const H = a.hidden;
    for (int l = 0; l < a.layers; ++l)
    {
        int const in = l == 0 ? a.input_dim() : 2 * H;
        for (int d = 0; d < 2; ++d)
        {
            std::string const p = a.cell + "." + std::to_string(l) + (d == 0 ? ".fwd." : ".rev.");
            int const G = a.gates() * H;
            add(p + "w_ih", G, in);
            add(p + "w_hh", G, H);
            add(p + "bias", G, 1);
            if (a.cell == "gru")
                add(p + "bias_hn", H, 1);
        }
    }
    add("out.weight", a.outputs, 2 * H);
    add("out.bias", a.outputs, 1);
    return t;
}

template <typename T>
network<T>::network(architecture a) : arch_{std::move(a)}, specs_{tensor_table(arch_)}
{
    params_.assign(specs_.back().offset + specs_.back().size(), T(0));
}

template <typename T>
void network<T>::init(std::uint64_t seed, T forget_bias)
{
    splitmix rng{hash_keys({seed, 0x1417})};
    int const H = arch_.hidden;
    for (auto const & s : specs_)
    {
        double const fan = s.name.rfind("out.", 0) == 0 ? 2.0 * H : H;
        double const k = 1.0 / std::sqrt(fan);
        for (std::size_t i = 0; i < s.size(); ++i)
            params_[s.offset + i] = static_cast<T>((2.0 * rng.uniform() - 1.0) * k);
        if (arch_.cell == "lstm" && s.name.ends_with(".bias") && s.name.rfind("lstm.", 0) == 0)
            for (int r = 0; r < H; ++r)
                params_[s.offset + static_cast<std::size_t>(H + r)] = forget_bias;
    }
}

template <typename T>
lstm_params<T> network<T>::lstm(int layer, int dir) const
{
    auto const k = lstm_tensor(layer, dir);
    auto view = [&](std::size_t i)
    {
        auto const & s = specs_[i];
        return cmatrix_map<T>(params_.data() + s.offset, s.rows, s.cols);
    };
    return {view(k), view(k + 1), view(k + 2)};
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
    auto const & s = specs_[specs_.size() - 2];
    return cmatrix_map<T>(params_.data() + s.offset, s.rows, s.cols);
}

template <typename T>
cmatrix_map<T> network<T>::out_bias() const
{
    auto const & s = specs_.back();
    return cmatrix_map<T>(params_.data() + s.offset, s.rows, s.cols);
}

template <typename T>
void cell_forward(network<T> const & net, int layer, int dir, packed_layout const & lay, matrix<T> const & x,
                  lstm_state<T> & st)
{
    auto const & cell = net.arch().cell;
    if (cell == "lstm")
        lstm_forward(net.lstm(layer, dir), lay, x, st);
    else if (cell == "gru")
        gru_forward(net.lstm(layer, dir), net.tensor(net.lstm_tensor(layer, dir) + 3), lay, x, st);
    else
        rnn_forward(net.lstm(layer, dir), lay, x, st);
}

template <typename T>
void cell_backward(network<T> const & net, int layer, int dir, packed_layout const & lay, matrix<T> const & x,
                   matrix<T> const & dh, lstm_state<T> & st, std::span<T> grad, matrix<T> * dx, int bptt_k)
{
    auto const & specs = net.tensors();
    auto gview = [&](std::size_t i)
    {
        auto const & s = specs[i];
        return matrix_map<T>(grad.data() + s.offset, s.rows, s.cols);
    };
    auto const k = net.lstm_tensor(layer, dir);
    lstm_grads<T> g{gview(k), gview(k + 1), gview(k + 2)};
    auto const & cell = net.arch().cell;
    if (cell == "lstm")
        lstm_backward(net.lstm(layer, dir), lay, x, dh, st, g, dx, bptt_k);
    else if (cell == "gru")
    {
        auto gb = gview(k + 3);
        gru_backward(net.lstm(layer, dir), net.tensor(k + 3), lay, x, dh, st, g, gb, dx, bptt_k);
    }
    else
        rnn_backward(net.lstm(layer, dir), lay, x, dh, st, g, dx, bptt_k);
}

template <typename T>
void workspace<T>::make_dropout_mask(int which, int rows, std::span<sequence_input const> seqs,
                                     dropout_config const & d)
{
    auto & m = masks_[static_cast<std::size_t>(which)];
    m.resize(rows, lay_.total());
    T const keep_scale = T(1) / (T(1) - static_cast<T>(d.rate));
    auto const threshold = static_cast<std::uint64_t>(static_cast<double>(d.rate) * 18446744073709551615.0);
    for (int t = 0; t < lay_.steps(); ++t)
        for (int b = 0; b < lay_.batch_sizes[static_cast<std::size_t>(t)]; ++b)
        {
            auto const & s = seqs[static_cast<std::size_t>(lay_.order[static_cast<std::size_t>(b)])];
            std::uint64_t const base =
                hash_keys({d.seed, d.epoch, s.id, static_cast<std::uint64_t>(which), static_cast<std::uint64_t>(t)});
            T * col = m.col(lay_.column(b, t)).data();
            for (int u = 0; u < rows; ++u)
                col[u] = mix64(base + static_cast<std::uint64_t>(u)) >= threshold ? keep_scale : T(0);
        }
}

template <typename T>
void workspace<T>::forward(network<T> const & net, std::span<sequence_input const> seqs, dropout_config const & drop,
                           bool keep_activations)
{
    auto const & a = net.arch();
    int const L = a.layers;
    int const H = a.hidden;
    std::vector<int> lengths(seqs.size());
    for (std::size_t k = 0; k < seqs.size(); ++k)
        lengths[k] = static_cast<int>(seqs[k].residues.size());
    lay_ = make_layout(lengths);
    inv_order_.resize(seqs.size());
    for (std::size_t b = 0; b < lay_.order.size(); ++b)
        inv_order_[static_cast<std::size_t>(lay_.order[b])] = static_cast<int>(b);
    int const N = lay_.total();
    auto const slots = static_cast<std::size_t>(keep_activations ? L : 1);
    inputs_.resize(slots);
    rev_inputs_.resize(slots);
    outputs_.resize(slots);
    states_.resize(2 * slots);
    masks_.resize(static_cast<std::size_t>(L));
    bool const dropping = drop.rate > 0.0F;

    // Encode residues into packed columns.
    auto & x0 = inputs_[0];
    x0.resize(a.input_dim(), N);
    for (int t = 0; t < lay_.steps(); ++t)
        for (int b = 0; b < lay_.batch_sizes[static_cast<std::size_t>(t)]; ++b)
        {
            auto const & s = seqs[static_cast<std::size_t>(lay_.order[static_cast<std::size_t>(b)])];
            encode::encode_residue(a.encoding, s.residues[static_cast<std::size_t>(t)],
                                   x0.col(lay_.column(b, t)).data());
        }

    for (int l = 0; l < L; ++l)
    {
        auto const ls = keep_activations ? static_cast<std::size_t>(l) : 0;
        auto & in = inputs_[ls];
        if (l > 0)
        {
            in = outputs_[keep_activations ? ls - 1 : 0];
            if (dropping)
            {
                make_dropout_mask(l - 1, 2 * H, seqs, drop);
                in.array() *= masks_[static_cast<std::size_t>(l - 1)].array();
            }
        }
        auto & xr = rev_inputs_[ls];
        xr.resize(in.rows(), N);
        for (int j = 0; j < N; ++j)
            xr.col(j) = in.col(lay_.reverse[static_cast<std::size_t>(j)]);
        auto & sf = states_[2 * ls];
        auto & sr = states_[2 * ls + 1];
        sf.chunk = sr.chunk = keep_activations ? recompute_k_ : 0;
        sf.bf16 = sr.bf16 = bf16_ && !keep_activations;
        cell_forward(net, l, 0, lay_, in, sf);
        cell_forward(net, l, 1, lay_, xr, sr);
        auto & y = outputs_[ls];
        y.resize(2 * H, N);
        y.topRows(H) = sf.h;
        for (int j = 0; j < N; ++j)
            y.col(lay_.reverse[static_cast<std::size_t>(j)]).bottomRows(H) = sr.h.col(j);
    }
    top_ = outputs_.back();
    if (dropping)
    {
        make_dropout_mask(L - 1, 2 * H, seqs, drop);
        top_.array() *= masks_.back().array();
    }
    probs_.noalias() = net.out_weight() * top_;
    probs_.colwise() += net.out_bias().col(0);
    for (int j = 0; j < N; ++j)
    {
        auto col = probs_.col(j);
        T const mx = col.maxCoeff();
        col.array() = (col.array() - mx).exp();
        col /= col.sum();
    }
}

template <typename T>
loss_sum workspace<T>::forward_backward(network<T> const & net, std::span<sequence_input const> seqs,
                                        dropout_config const & drop, T scale, std::span<T> grad, int bptt_k,
                                        objective const & obj)
{
    recompute_k_ = bptt_k; // truncated BPTT: LSTM layers keep one chunk of activations at a time
    forward(net, seqs, drop, true);
    recompute_k_ = 0;
    auto const & a = net.arch();
    int const L = a.layers;
    int const H = a.hidden;
    int const N = lay_.total();
    bool const dropping = drop.rate > 0.0F;
    auto const & specs = net.tensors();
    auto gview = [&](std::size_t i)
    {
        auto const & s = specs[i];
        return matrix_map<T>(grad.data() + s.offset, s.rows, s.cols);
    };

    loss_sum ls;
    bool const plain = obj.label_smoothing == 0.0 && obj.q3_weight == 0.0;
    dlogits_.setZero(a.outputs, N);
    for (int t = 0; t < lay_.steps(); ++t)
        for (int b = 0; b < lay_.batch_sizes[static_cast<std::size_t>(t)]; ++b)
        {
            auto const & s = seqs[static_cast<std::size_t>(lay_.order[static_cast<std::size_t>(b)])];
            if (s.labels.empty())
                continue;
            int const y = s.labels[static_cast<std::size_t>(t)];
            if (y < 0)
                continue;
            int const j = lay_.column(b, t);
            auto p = probs_.col(j);
            ++ls.count;
            Eigen::Index arg = 0;
            p.maxCoeff(&arg);
            ls.correct += arg == y ? 1 : 0;
            auto d = dlogits_.col(j);
            if (plain) // the general path below with e = w = 0, kept bit-identical to earlier trained models
            {
                ls.loss -= std::log(std::max(static_cast<double>(p(y)), 1e-30));
                d = p * scale;
                d(y) -= scale;
                continue;
            }
            // d(-sum_k q_k log p_k)/dz = p - q with the smoothed target q.
            double const e = obj.label_smoothing;
            double const w = obj.q3_weight;
            double loss = 0.0;
            for (int k = 0; k < a.outputs; ++k)
            {
                double const q = (k == y ? 1.0 - e : 0.0) + e / a.outputs;
                loss -= q * std::log(std::max(static_cast<double>(p(k)), 1e-30));
                d(k) = static_cast<T>((static_cast<double>(p(k)) - q) * static_cast<double>(scale));
            }
            if (w > 0.0)
            {
                // -log P with P = sum over the 3-state group g of y; d/dz_k = p_k - [k in g] p_k / P.
                int const g = encode::ss8_to_ss3[static_cast<std::size_t>(y)];
                double big_p = 0.0;
                for (int k = 0; k < a.outputs; ++k)
                    if (encode::ss8_to_ss3[static_cast<std::size_t>(k)] == g)
                        big_p += static_cast<double>(p(k));
                big_p = std::max(big_p, 1e-30);
                loss -= w * std::log(big_p);
                for (int k = 0; k < a.outputs; ++k)
                {
                    double const pk = static_cast<double>(p(k));
                    double const in_g = encode::ss8_to_ss3[static_cast<std::size_t>(k)] == g ? pk / big_p : 0.0;
                    d(k) += static_cast<T>(w * (pk - in_g) * static_cast<double>(scale));
                }
            }
            ls.loss += loss;
        }

    auto gw = gview(specs.size() - 2);
    auto gb = gview(specs.size() - 1);
    gw.noalias() += dlogits_ * top_.transpose();
    gb.col(0) += dlogits_.rowwise().sum();
    dtop_.noalias() = net.out_weight().transpose() * dlogits_;
    if (dropping)
        dtop_.array() *= masks_.back().array();

    for (int l = L - 1; l >= 0; --l)
    {
        auto const lsz = static_cast<std::size_t>(l);
        dh_fwd_ = dtop_.topRows(H);
        dh_rev_.resize(H, N);
        for (int j = 0; j < N; ++j)
            dh_rev_.col(j) = dtop_.col(lay_.reverse[static_cast<std::size_t>(j)]).bottomRows(H);
        bool const need_dx = l > 0;
        cell_backward(net, l, 0, lay_, inputs_[lsz], dh_fwd_, states_[2 * lsz], grad, need_dx ? &dx_fwd_ : nullptr,
                      bptt_k);
        cell_backward(net, l, 1, lay_, rev_inputs_[lsz], dh_rev_, states_[2 * lsz + 1], grad,
                      need_dx ? &dx_rev_ : nullptr, bptt_k);
        if (need_dx)
        {
            dtop_ = dx_fwd_;
            for (int j = 0; j < N; ++j)
                dtop_.col(lay_.reverse[static_cast<std::size_t>(j)]) += dx_rev_.col(j);
            if (dropping)
                dtop_.array() *= masks_[lsz - 1].array();
        }
    }
    return ls;
}

template <typename T>
void workspace<T>::sequence_probabilities(int k, std::span<T> out) const
{
    int const b = inv_order_[static_cast<std::size_t>(k)];
    int const len = lay_.lengths[static_cast<std::size_t>(b)];
    auto const C = probs_.rows();
    for (int t = 0; t < len; ++t)
        for (Eigen::Index c = 0; c < C; ++c)
            out[static_cast<std::size_t>(t * C + c)] = probs_(c, lay_.column(b, t));
}

template class network<float>;
template class network<double>;
template class network<std::complex<double>>;
template void cell_forward<std::complex<double>>(network<std::complex<double>> const &, int, int, packed_layout const &,
                                                 matrix<std::complex<double>> const &,
                                                 lstm_state<std::complex<double>> &);
template class workspace<float>;
template class workspace<double>;
template void cell_forward<float>(network<float> const &, int, int, packed_layout const &, matrix<float> const &,
                                  lstm_state<float> &);
template void cell_forward<double>(network<double> const &, int, int, packed_layout const &, matrix<double> const &,
                                   lstm_state<double> &);
template void cell_backward<float>(network<float> const &, int, int, packed_layout const &, matrix<float> const &,
                                   matrix<float> const &, lstm_state<float> &, std::span<float>, matrix<float> *, int);
template void cell_backward<double>(network<double> const &, int, int, packed_layout const &, matrix<double> const &,
                                    matrix<double> const &, lstm_state<double> &, std::span<double>, matrix<double> *,
                                    int);

} // namespace ssrnn::nn
