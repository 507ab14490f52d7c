#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/nn/workspace.hpp>

#include <array>

namespace ssrnn::nn
{

template <typename T>
void workspace<T>::encode_inputs(network<T> const & net, std::span<sequence_input const> seqs)
{
    auto const & a = net.arch();
    auto & x0 = inputs_[0];
    x0.resize(a.input_dim(), lay_.total());
    int const enc = encode::encoding_dim(a.encoding);
    if (a.profile)
        for (auto const & s : seqs)
            if (s.profile.size() != s.residues.size() * encode::profile_dim)
                throw config_error("this model needs a profile for every sequence");
    for (int t = 0; t < lay_.steps(); ++t)
        for (int b = 0; b < lay_.batch_sizes[static_cast<std::size_t>(t)]; ++b)
        {
            auto const & s = seqs[static_cast<std::size_t>(lay_.order[static_cast<std::size_t>(b)])];
            T * x = x0.col(lay_.column(b, t)).data();
            encode::encode_residue(a.encoding, s.residues[static_cast<std::size_t>(t)], x);
            if (a.profile)
                for (int f = 0; f < encode::profile_dim; ++f)
                    x[enc + f] = static_cast<T>(
                        s.profile[static_cast<std::size_t>(t) * encode::profile_dim + static_cast<std::size_t>(f)]);
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
    encode_inputs(net, seqs);
    for (int l = 0; l < L; ++l)
    {
        auto const ls = keep_activations ? static_cast<std::size_t>(l) : 0;
        auto & in = inputs_[ls];
        if (l > 0)
        {
            // Training keeps every layer's output for the backward pass; prediction hands the
            // previous output over without a copy.
            if (keep_activations)
                in = outputs_[ls - 1];
            else
                in.swap(outputs_[0]);
            if (drop.rate > 0.0F)
            {
                make_dropout_mask(masks_[static_cast<std::size_t>(l - 1)], l - 1, 2 * H, lay_, seqs, drop);
                in.array() *= masks_[static_cast<std::size_t>(l - 1)].array();
            }
        }
        auto & sf = states_[2 * ls];
        auto & sr = states_[2 * ls + 1];
        // The reverse direction reads its input reversed. Training keeps a reversed copy for the
        // backward pass; an LSTM predicting gathers the columns of one chunk at a time instead.
        bool const gather = !keep_activations && a.cell == cell_kind::lstm;
        sr.gather = gather ? &lay_.reverse : nullptr;
        auto & xr = rev_inputs_[ls];
        if (gather)
            xr.resize(0, 0);
        else
        {
            xr.resize(in.rows(), N);
            for (int j = 0; j < N; ++j)
                xr.col(j) = in.col(lay_.reverse[static_cast<std::size_t>(j)]);
        }
        // Prediction keeps an LSTM's gates and cell states for one chunk of steps at a time (the
        // same numbers: every column's products are independent of the chunk).
        sf.chunk = sr.chunk = keep_activations ? recompute_k_ : inference_chunk;
        sf.bf16 = sr.bf16 = bf16_ && !keep_activations;
        cell_forward(net, l, 0, lay_, in, sf);
        cell_forward(net, l, 1, lay_, gather ? in : xr, sr);
        if (!keep_activations)
        {
            // Prediction is done with this layer's input (and a GRU's or RNN's reversed copy):
            // their memory goes to the output, so an LSTM layer costs 4 floats per hidden unit
            // and residue (input 2H, both directions' outputs H each), not 8.
            xr.resize(0, 0);
            in.resize(0, 0);
        }
        auto & y = outputs_[ls];
        y.resize(2 * H, N);
        y.topRows(H) = sf.h;
        for (int j = 0; j < N; ++j)
            y.col(lay_.reverse[static_cast<std::size_t>(j)]).bottomRows(H) = sr.h.col(j);
    }
    output_layer(net, seqs, drop);
}

template <typename T>
void workspace<T>::output_layer(network<T> const & net, std::span<sequence_input const> seqs,
                                dropout_config const & drop)
{
    int const L = net.arch().layers;
    top_used_ = &outputs_.back(); // no copy without dropout (prediction)
    if (drop.rate > 0.0F)
    {
        make_dropout_mask(masks_.back(), L - 1, 2 * net.arch().hidden, lay_, seqs, drop);
        top_ = outputs_.back();
        top_.array() *= masks_.back().array();
        top_used_ = &top_;
    }
    probs_.noalias() = net.out_weight() * *top_used_;
    probs_.colwise() += net.out_bias().col(0);
    for (int j = 0; j < lay_.total(); ++j)
    {
        auto col = probs_.col(j);
        T const mx = col.maxCoeff();
        col.array() = (col.array() - mx).exp();
        col /= col.sum();
    }
}

template <typename T>
void workspace<T>::soft_residue_loss(sequence_input const & s, int t, int j, T scale, objective const & obj,
                                     loss_sum & ls)
{
    auto const C = static_cast<std::size_t>(probs_.rows());
    auto const bytes = s.soft.subspan(static_cast<std::size_t>(t) * C, C);
    std::array<float, 8> q{};
    unsigned sum = 0;
    std::size_t arg_q = 0;
    for (std::size_t k = 0; k < C; ++k)
    {
        sum += bytes[k];
        arg_q = bytes[k] > bytes[arg_q] ? k : arg_q;
    }
    if (sum == 0)
        return;
    for (std::size_t k = 0; k < C; ++k)
        q[k] = static_cast<float>(bytes[k]) / static_cast<float>(sum);
    auto p = probs_.col(j);
    ++ls.count;
    Eigen::Index arg = 0;
    p.maxCoeff(&arg);
    ls.correct += static_cast<std::size_t>(arg) == arg_q ? 1 : 0;
    ls.loss += residue_loss_soft<T>(std::span<T const>(p.data(), C), std::span<float const>(q.data(), C), obj, scale,
                                    std::span<T>(dlogits_.col(j).data(), C));
}

template <typename T>
loss_sum workspace<T>::output_loss(std::span<sequence_input const> seqs, T scale, objective const & obj)
{
    loss_sum ls;
    auto const C = static_cast<std::size_t>(probs_.rows());
    dlogits_.setZero(probs_.rows(), lay_.total());
    for (int t = 0; t < lay_.steps(); ++t)
        for (int b = 0; b < lay_.batch_sizes[static_cast<std::size_t>(t)]; ++b)
        {
            auto const & s = seqs[static_cast<std::size_t>(lay_.order[static_cast<std::size_t>(b)])];
            if (!s.soft.empty())
            {
                soft_residue_loss(s, t, lay_.column(b, t), scale, obj, ls);
                continue;
            }
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
            ls.loss += residue_loss<T>(std::span<T const>(p.data(), C), y, obj, scale,
                                       std::span<T>(dlogits_.col(j).data(), C));
        }
    return ls;
}

template <typename T>
void workspace<T>::backward_layers(network<T> const & net, bool dropping, std::span<T> grad, int bptt_k)
{
    int const H = net.arch().hidden;
    int const N = lay_.total();
    for (int l = net.arch().layers - 1; l >= 0; --l)
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
}

template <typename T>
loss_sum workspace<T>::forward_backward(network<T> const & net, std::span<sequence_input const> seqs,
                                        dropout_config const & drop, T scale, std::span<T> grad, int bptt_k,
                                        objective const & obj)
{
    recompute_k_ = bptt_k; // truncated BPTT: LSTM layers keep one chunk of activations at a time
    forward(net, seqs, drop, true);
    recompute_k_ = 0;
    auto const ls = output_loss(seqs, scale, obj);
    auto const & specs = net.tensors();
    auto gview = [&](std::size_t i)
    {
        auto const & s = specs[i];
        return matrix_map<T>(grad.data() + s.offset, s.rows, s.cols);
    };
    auto gw = gview(specs.size() - 2);
    auto gb = gview(specs.size() - 1);
    gw.noalias() += dlogits_ * top_used_->transpose();
    gb.col(0) += dlogits_.rowwise().sum();
    dtop_.noalias() = net.out_weight().transpose() * dlogits_;
    bool const dropping = drop.rate > 0.0F;
    if (dropping)
        dtop_.array() *= masks_.back().array();
    backward_layers(net, dropping, grad, bptt_k);
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

template class workspace<float>;
template class workspace<double>;

} // namespace ssrnn::nn
