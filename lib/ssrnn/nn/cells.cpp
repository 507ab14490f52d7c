#include <ssrnn/nn/cells.hpp>
#include <ssrnn/nn/kernels.hpp>

#include <complex>

namespace ssrnn::nn
{
namespace
{
using detail::input_grads;
using detail::recurrent_weight_grads;
using detail::sigmoid_inplace;

template <typename T>
void prepare_backward(packed_layout const & lay, recurrent_state<T> & st, Eigen::Index rows)
{
    auto const H = st.h.rows();
    int const n0 = lay.batch_sizes[0];
    st.dgates.resize(rows, lay.total());
    st.carry_h.setZero(H, n0);
    st.dh_t.resize(H, n0);
    if (st.trace)
        st.trace->setZero(H, lay.total());
}
//! dL/dh_{t-1} of a GRU step from its gate gradients: W_hr^T da_r + W_hz^T da_z + W_hn^T dahn + dL/dh_t z.
template <typename T, typename da_t, typename dahn_t, typename dht_t, typename z_t, typename out_t>
void gru_carry(recurrent_params<T> const & p, da_t const & da, dahn_t const & dahn, dht_t const & dht, z_t const & z,
               out_t && out)
{
    auto const H = p.wh.cols();
    out.noalias() = p.wh.topRows(2 * H).transpose() * da.topRows(2 * H);
    out.noalias() += p.wh.bottomRows(H).transpose() * dahn;
    out.array() += dht * z;
}
} // namespace

template <typename T>
void gru_forward(recurrent_params<T> const & p, cmatrix_map<T> const & b_hn, packed_layout const & lay,
                 matrix<T> const & x, recurrent_state<T> & st)
{
    auto const H = p.wh.cols();
    auto const N = lay.total();
    st.gates.resize(3 * H, N);
    st.hn.resize(H, N);
    st.h.resize(H, N);
    st.wh_h.resize(3 * H, lay.steps() ? lay.batch_sizes[0] : 0);
    st.gates.noalias() = p.wx * x;
    st.gates.colwise() += p.b.col(0);
    for (int t = 0; t < lay.steps(); ++t)
    {
        auto const ts = static_cast<std::size_t>(t);
        int const n = lay.batch_sizes[ts];
        int const c0 = lay.offsets[ts];
        auto a = st.gates.middleCols(c0, n);
        auto hn = st.hn.middleCols(c0, n);
        auto ah = st.wh_h.leftCols(n);
        if (t > 0)
            ah.noalias() = p.wh * st.h.middleCols(lay.offsets[ts - 1], n);
        else
            ah.setZero();
        a.topRows(2 * H) += ah.topRows(2 * H);
        sigmoid_inplace(a.topRows(2 * H));
        hn = ah.bottomRows(H);
        hn.colwise() += b_hn.col(0);
        a.bottomRows(H).array() = (a.bottomRows(H).array() + a.topRows(H).array() * hn.array()).tanh();
        auto h = st.h.middleCols(c0, n).array();
        h = (T(1) - a.middleRows(H, H).array()) * a.bottomRows(H).array();
        if (t > 0)
            h += a.middleRows(H, H).array() * st.h.middleCols(lay.offsets[ts - 1], n).array();
    }
}

template <typename T>
void gru_backward(recurrent_params<T> const & p, cmatrix_map<T> const & b_hn, packed_layout const & lay,
                  matrix<T> const & x, matrix<T> const & dh, recurrent_state<T> & st, recurrent_grads<T> & g,
                  matrix_map<T> & g_bhn, matrix<T> * dx, int bptt_k)
{
    (void)b_hn;
    auto const H = p.wh.cols();
    auto const N = lay.total();
    if (N == 0)
        return;
    int const steps = lay.steps();
    prepare_backward(lay, st, 3 * H);
    st.dahn.resize(H, N); // the n-part of dA_h (da_n * r), stored for all steps
    for (int t = steps - 1; t >= 0; --t)
    {
        auto const ts = static_cast<std::size_t>(t);
        auto const [n, c0, n_ended] = detail::begin_backward_step(lay, t, st);
        auto a = st.gates.middleCols(c0, n);
        auto da = st.dgates.middleCols(c0, n);
        auto r = a.topRows(H).array();
        auto z = a.middleRows(H, H).array();
        auto nn_ = a.bottomRows(H).array();
        auto dht = st.dh_t.leftCols(n).array();
        dht = dh.middleCols(c0, n).array() + st.carry_h.leftCols(n).array();
        if (st.trace)
            st.trace->middleCols(c0, n) = dht.matrix();
        auto dan = da.bottomRows(H).array();
        dan = dht * (T(1) - z) * (T(1) - nn_ * nn_);
        da.topRows(H).array() = dan * st.hn.middleCols(c0, n).array() * r * (T(1) - r);
        auto dahn = st.dahn.middleCols(c0, n).array();
        dahn = dan * r;
        if (t > 0)
        {
            auto hprev = st.h.middleCols(lay.offsets[ts - 1], n).array();
            da.middleRows(H, H).array() = dht * (hprev - nn_) * z * (T(1) - z);
            if (bptt_k > 0 && t % bptt_k == 0)
                st.carry_h.leftCols(n).setZero();
            else
                gru_carry(p, da, st.dahn.middleCols(c0, n), dht, z, st.carry_h.leftCols(n));
        }
        else
        {
            da.middleRows(H, H).array() = -dht * nn_ * z * (T(1) - z); // h_{-1} = 0
            if (st.trace_initial)
            {
                st.trace_initial->resize(H, n);
                gru_carry(p, da, st.dahn.middleCols(c0, n), dht, z, st.trace_initial->leftCols(n));
            }
        }
    }
    // dA_h differs from dA_x only in its n-part: use dgates for the input side first, then
    // overwrite its n-part for the recurrent side.
    input_grads(x, st.dgates, st, g);
    if (dx)
    {
        dx->resize(p.wx.cols(), st.dgates.cols());
        detail::pack_input_transpose(p, st);
        detail::input_backward(p, st.dgates, 0, static_cast<int>(st.dgates.cols()), st, *dx, 0);
    }
    g_bhn.col(0) += st.dahn.rowwise().sum();
    st.dgates.bottomRows(H) = st.dahn;
    recurrent_weight_grads(lay, st.dgates, st, g);
}

template <typename T>
void rnn_forward(recurrent_params<T> const & p, packed_layout const & lay, matrix<T> const & x, recurrent_state<T> & st)
{
    auto const N = lay.total();
    st.h.resize(p.wh.cols(), N);
    st.h.noalias() = p.wx * x;
    st.h.colwise() += p.b.col(0);
    for (int t = 0; t < lay.steps(); ++t)
    {
        auto const ts = static_cast<std::size_t>(t);
        int const n = lay.batch_sizes[ts];
        auto a = st.h.middleCols(lay.offsets[ts], n);
        if (t > 0)
            a.noalias() += p.wh * st.h.middleCols(lay.offsets[ts - 1], n);
        a.array() = a.array().tanh();
    }
}

template <typename T>
void rnn_backward(recurrent_params<T> const & p, packed_layout const & lay, matrix<T> const & x, matrix<T> const & dh,
                  recurrent_state<T> & st, recurrent_grads<T> & g, matrix<T> * dx, int bptt_k)
{
    auto const H = p.wh.cols();
    auto const N = lay.total();
    if (N == 0)
        return;
    int const steps = lay.steps();
    prepare_backward(lay, st, H);
    for (int t = steps - 1; t >= 0; --t)
    {
        auto const [n, c0, n_ended] = detail::begin_backward_step(lay, t, st);
        auto h = st.h.middleCols(c0, n).array();
        auto da = st.dgates.middleCols(c0, n);
        auto dht = st.dh_t.leftCols(n).array();
        dht = dh.middleCols(c0, n).array() + st.carry_h.leftCols(n).array();
        if (st.trace)
            st.trace->middleCols(c0, n) = dht.matrix();
        da.array() = dht * (T(1) - h * h);
        if (t > 0)
        {
            if (bptt_k > 0 && t % bptt_k == 0)
                st.carry_h.leftCols(n).setZero();
            else
                st.carry_h.leftCols(n).noalias() = p.wh.transpose() * da;
        }
        else if (st.trace_initial)
            st.trace_initial->noalias() = p.wh.transpose() * da;
    }
    input_grads(x, st.dgates, st, g);
    recurrent_weight_grads(lay, st.dgates, st, g);
    if (dx)
    {
        dx->resize(p.wx.cols(), st.dgates.cols());
        detail::pack_input_transpose(p, st);
        detail::input_backward(p, st.dgates, 0, static_cast<int>(st.dgates.cols()), st, *dx, 0);
    }
}

#define SSRNN_INSTANTIATE_CELLS(T)                                                                                     \
    template void gru_forward<T>(recurrent_params<T> const &, cmatrix_map<T> const &, packed_layout const &,           \
                                 matrix<T> const &, recurrent_state<T> &);                                             \
    template void gru_backward<T>(recurrent_params<T> const &, cmatrix_map<T> const &, packed_layout const &,          \
                                  matrix<T> const &, matrix<T> const &, recurrent_state<T> &, recurrent_grads<T> &,    \
                                  matrix_map<T> &, matrix<T> *, int);                                                  \
    template void rnn_forward<T>(recurrent_params<T> const &, packed_layout const &, matrix<T> const &,                \
                                 recurrent_state<T> &);                                                                \
    template void rnn_backward<T>(recurrent_params<T> const &, packed_layout const &, matrix<T> const &,               \
                                  matrix<T> const &, recurrent_state<T> &, recurrent_grads<T> &, matrix<T> *, int);
SSRNN_INSTANTIATE_CELLS(float)
SSRNN_INSTANTIATE_CELLS(double)
// Complex scalars: complex-step (forward-mode) differentiation in analyze-gradients modes.
template void gru_forward<std::complex<double>>(recurrent_params<std::complex<double>> const &,
                                                cmatrix_map<std::complex<double>> const &, packed_layout const &,
                                                matrix<std::complex<double>> const &,
                                                recurrent_state<std::complex<double>> &);
template void rnn_forward<std::complex<double>>(recurrent_params<std::complex<double>> const &, packed_layout const &,
                                                matrix<std::complex<double>> const &,
                                                recurrent_state<std::complex<double>> &);
#undef SSRNN_INSTANTIATE_CELLS

} // namespace ssrnn::nn
