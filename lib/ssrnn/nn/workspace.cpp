#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/nn/workspace.hpp>

#include <array>
#include <cmath>

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
        {
            if (s.profile.size() != s.residues.size() * encode::profile_dim)
                throw config_error("this model needs a profile for every sequence");
            if (a.profile_depth && !s.residues.empty() && std::isnan(s.profile[encode::profile_dim - 1]))
                throw config_error("this model reads the alignment's depth, which this profile does not record "
                                   "(PSI-BLAST and MMseqs2 PSSMs, HHMs): give an alignment (--msa) or a profile "
                                   "file written by build-profiles");
        }
    for (int t = 0; t < lay_.steps(); ++t)
        for (int b = 0; b < lay_.batch_sizes[static_cast<std::size_t>(t)]; ++b)
        {
            auto const & s = seqs[static_cast<std::size_t>(lay_.order[static_cast<std::size_t>(b)])];
            T * x = x0.col(lay_.column(b, t)).data();
            encode::encode_residue(a.encoding, s.residues[static_cast<std::size_t>(t)], x);
            if (a.profile)
                for (int f = 0; f < a.profile_width(); ++f)
                    x[enc + f] = static_cast<T>(
                        s.profile[static_cast<std::size_t>(t) * encode::profile_dim + static_cast<std::size_t>(f)]);
        }
}

namespace
{

//! Adds the logits one direction contributes to column `jd` of `logits`: W_dir h, where W_dir is
//! the output weights' block of that direction and h column `js` of its outputs. One column at a
//! time, so the sums are the same whatever the batch, the column order or the path (training or
//! prediction).
template <typename T>
void add_logits(cmatrix_map<T> const & w, int dir, int H, matrix<T> const & h, int js, int rows_from,
                matrix<T> & logits, int jd)
{
    logits.col(jd).noalias() += w.middleCols(dir * H, H) * h.col(js).segment(rows_from, H);
}

template <typename T>
void softmax_columns(matrix<T> & z)
{
    for (Eigen::Index j = 0; j < z.cols(); ++j)
    {
        auto col = z.col(j);
        T const mx = col.maxCoeff();
        col.array() = (col.array() - mx).exp();
        col /= col.sum();
    }
}

template <typename T>
void release(matrix<T> & m)
{
    m.resize(0, 0);
}

} // namespace

template <typename T>
void workspace<T>::begin_forward(std::span<sequence_input const> seqs)
{
    std::vector<int> lengths(seqs.size());
    for (std::size_t k = 0; k < seqs.size(); ++k)
        lengths[k] = static_cast<int>(seqs[k].residues.size());
    lay_ = make_layout(lengths);
    inv_order_.resize(seqs.size());
    for (std::size_t b = 0; b < lay_.order.size(); ++b)
        inv_order_[static_cast<std::size_t>(lay_.order[b])] = static_cast<int>(b);
}

template <typename T>
void workspace<T>::forward(network<T> const & net, std::span<sequence_input const> seqs, matrix<T> const & proj)
{
    forward_impl(net, seqs, &proj);
}

template <typename T>
void workspace<T>::forward(network<T> const & net, std::span<sequence_input const> seqs)
{
    forward_impl(net, seqs, nullptr);
}

template <typename T>
void workspace<T>::forward_impl(network<T> const & net, std::span<sequence_input const> seqs, matrix<T> const * proj)
{
    proj_ = proj;
    auto const & a = net.arch();
    begin_forward(seqs);
    inputs_.resize(1);
    rev_inputs_.resize(1);
    outputs_.resize(1);
    states_.resize(2);
    encode_inputs(net, seqs);
    auto & sf = states_[0];
    auto & sr = states_[1];
    // Gates and cell states of one chunk of steps at a time (the same numbers: every column's
    // products are independent of the chunk); an LSTM's reverse direction gathers its input a
    // chunk at a time instead of reading a reversed copy.
    sf.chunk = sr.chunk = inference_chunk;
    sf.bf16 = sr.bf16 = bf16_;
    sr.gather = a.cell == cell_kind::lstm ? &lay_.reverse : nullptr;
    probs_.setZero(a.outputs, lay_.total());
    if (proj_ != nullptr)
        proj_out_.setZero(proj_->rows(), lay_.total());
    for (int l = 0; l < a.layers; ++l)
    {
        if (l > 0)
            inputs_[0].swap(outputs_[0]);
        predict_layer(net, l);
    }
    probs_.colwise() += net.out_bias().col(0);
    softmax_columns(probs_);
    proj_ = nullptr; // the caller's matrix: not kept past the pass
}

template <typename T>
void workspace<T>::predict_layer(network<T> const & net, int l)
{
    // Each direction's output moves on as soon as it is complete, and what is done with is freed:
    // the last layer's outputs go straight into the logits (3 floats per hidden unit and residue:
    // the input, 2H, and one direction), an earlier layer's into the next input (the input plus
    // 3H if the input is narrower than H, as the first layer's is, else 4H).
    auto const & a = net.arch();
    int const H = a.hidden;
    int const N = lay_.total();
    bool const last = l + 1 == a.layers;
    bool const early = !last && inputs_[0].rows() < H;
    auto & in = inputs_[0];
    auto & xr = rev_inputs_[0];
    auto & y = outputs_[0];
    auto & sf = states_[0];
    auto & sr = states_[1];
    auto const w = net.out_weight();
    auto forward_to_output = [&]
    {
        y.resize(2 * H, N);
        y.topRows(H) = sf.h;
        release(sf.h);
    };
    cell_forward(net, l, 0, lay_, in, sf);
    if (last)
    {
        for (int j = 0; j < N; ++j)
            add_logits(w, 0, H, sf.h, j, 0, probs_, j);
        if (proj_ != nullptr)
            proj_out_.noalias() += proj_->leftCols(H) * sf.h;
        release(sf.h);
    }
    else if (early)
        forward_to_output();
    if (sr.gather == nullptr)
    {
        xr.resize(in.rows(), N);
        for (int j = 0; j < N; ++j)
            xr.col(j) = in.col(lay_.reverse[static_cast<std::size_t>(j)]);
    }
    cell_forward(net, l, 1, lay_, sr.gather ? in : xr, sr);
    release(xr);
    release(in);
    if (last)
    {
        for (int j = 0; j < N; ++j)
            add_logits(w, 1, H, sr.h, j, 0, probs_, lay_.reverse[static_cast<std::size_t>(j)]);
        if (proj_ != nullptr)
        {
            matrix<T> const r = proj_->middleCols(H, H) * sr.h; // reverse-direction column order
            for (int j = 0; j < N; ++j)
                proj_out_.col(lay_.reverse[static_cast<std::size_t>(j)]) += r.col(j);
        }
    }
    else
    {
        if (!early)
            forward_to_output();
        for (int j = 0; j < N; ++j)
            y.col(lay_.reverse[static_cast<std::size_t>(j)]).bottomRows(H) = sr.h.col(j);
    }
    release(sr.h);
}

template <typename T>
void workspace<T>::forward_train(network<T> const & net, std::span<sequence_input const> seqs,
                                 dropout_config const & drop)
{
    auto const & a = net.arch();
    int const L = a.layers;
    int const H = a.hidden;
    begin_forward(seqs);
    int const N = lay_.total();
    auto const slots = static_cast<std::size_t>(L);
    inputs_.resize(slots);
    rev_inputs_.resize(slots);
    outputs_.resize(slots);
    states_.resize(2 * slots);
    masks_.resize(static_cast<std::size_t>(L));
    encode_inputs(net, seqs);
    for (int l = 0; l < L; ++l)
    {
        auto const ls = static_cast<std::size_t>(l);
        auto & in = inputs_[ls];
        if (l > 0)
        {
            in = outputs_[ls - 1]; // every layer's output is kept for the backward pass
            if (drop.rate > 0.0F)
            {
                make_dropout_mask(masks_[ls - 1], l - 1, 2 * H, lay_, seqs, drop);
                in.array() *= masks_[ls - 1].array();
            }
        }
        auto & sf = states_[2 * ls];
        auto & sr = states_[2 * ls + 1];
        // The reverse direction reads its input reversed; the copy is kept for the backward pass.
        sr.gather = nullptr;
        auto & xr = rev_inputs_[ls];
        xr.resize(in.rows(), N);
        for (int j = 0; j < N; ++j)
            xr.col(j) = in.col(lay_.reverse[static_cast<std::size_t>(j)]);
        sf.chunk = sr.chunk = recompute_k_;
        sf.bf16 = sr.bf16 = false;
        cell_forward(net, l, 0, lay_, in, sf);
        cell_forward(net, l, 1, lay_, xr, sr);
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
    int const H = net.arch().hidden;
    top_used_ = &outputs_.back();
    if (drop.rate > 0.0F)
    {
        make_dropout_mask(masks_.back(), L - 1, 2 * H, lay_, seqs, drop);
        top_ = outputs_.back();
        top_.array() *= masks_.back().array();
        top_used_ = &top_;
    }
    // The same sums, in the same order, as prediction's (forward()).
    auto const w = net.out_weight();
    probs_.setZero(net.arch().outputs, lay_.total());
    for (int j = 0; j < lay_.total(); ++j)
    {
        add_logits(w, 0, H, *top_used_, j, 0, probs_, j);
        add_logits(w, 1, H, *top_used_, j, H, probs_, j);
    }
    probs_.colwise() += net.out_bias().col(0);
    softmax_columns(probs_);
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
    forward_train(net, seqs, drop);
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
