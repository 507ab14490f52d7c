#include <ssrnn/nn/kernels.hpp>
#include <ssrnn/nn/lstm.hpp>

#include <complex>
#include <type_traits>

namespace ssrnn::nn
{
using detail::sigmoid_inplace;

template <typename T>
void lstm_forward(lstm_params<T> const & p, packed_layout const & lay, matrix<T> const & x, lstm_state<T> & st)
{
    auto const H = p.wh.cols();
    auto const N = lay.total();
    st.gates.resize(4 * H, N);
    st.c.resize(H, N);
    st.h.resize(H, N);
    // Input projections for every time step at once.
    st.gates.noalias() = p.wx * x;
    st.gates.colwise() += p.b.col(0);
    constexpr bool packed = std::is_same_v<T, float>;
    if constexpr (packed)
        st.wh_packed.pack(p.wh.data(), static_cast<int>(4 * H), static_cast<int>(H), static_cast<int>(4 * H));
    for (int t = 0; t < lay.steps(); ++t)
    {
        int const n = lay.batch_sizes[static_cast<std::size_t>(t)];
        int const c0 = lay.offsets[static_cast<std::size_t>(t)];
        auto a = st.gates.middleCols(c0, n);
        if (t > 0)
        {
            auto const prev = lay.offsets[static_cast<std::size_t>(t) - 1];
            if constexpr (packed)
                st.wh_packed.multiply(st.h.data() + prev * H, static_cast<int>(H), n, a.data(), static_cast<int>(4 * H),
                                      true);
            else
                a.noalias() += p.wh * st.h.middleCols(prev, n);
        }
        sigmoid_inplace(a.topRows(2 * H));
        a.middleRows(2 * H, H).array() = a.middleRows(2 * H, H).array().tanh();
        sigmoid_inplace(a.bottomRows(H));
        auto c = st.c.middleCols(c0, n);
        c.array() = a.topRows(H).array() * a.middleRows(2 * H, H).array();
        if (t > 0)
            c.array() +=
                a.middleRows(H, H).array() * st.c.middleCols(lay.offsets[static_cast<std::size_t>(t) - 1], n).array();
        st.h.middleCols(c0, n).array() = a.bottomRows(H).array() * c.array().tanh();
    }
}

template <typename T>
void lstm_backward(lstm_params<T> const & p, packed_layout const & lay, matrix<T> const & x, matrix<T> const & dh,
                   lstm_state<T> & st, lstm_grads<T> & g, matrix<T> * dx, int bptt_k)
{
    auto const H = p.wh.cols();
    auto const N = lay.total();
    int const steps = lay.steps();
    if (N == 0)
        return;
    int const n0 = lay.batch_sizes[0];
    st.dgates.resize(4 * H, N);
    if (st.trace)
        st.trace->setZero(H, N);
    st.carry_h.setZero(H, n0);
    st.carry_c.setZero(H, n0);
    st.dh_t.resize(H, n0);
    st.tanh_c.resize(H, n0);
    constexpr bool packed = std::is_same_v<T, float>;
    if constexpr (packed)
        st.wh_t_packed.pack(p.wh.data(), static_cast<int>(4 * H), static_cast<int>(H), static_cast<int>(4 * H), true);
    for (int t = steps - 1; t >= 0; --t)
    {
        auto const ts = static_cast<std::size_t>(t);
        auto const [n, c0, n_ended] = detail::begin_backward_step(lay, t, st);
        st.carry_c.middleCols(n_ended, n - n_ended).setZero();

        auto a = st.gates.middleCols(c0, n);
        auto da = st.dgates.middleCols(c0, n);
        auto i = a.topRows(H).array();
        auto f = a.middleRows(H, H).array();
        auto gg = a.middleRows(2 * H, H).array();
        auto o = a.bottomRows(H).array();
        auto dht = st.dh_t.leftCols(n).array();
        dht = dh.middleCols(c0, n).array() + st.carry_h.leftCols(n).array();
        auto tc = st.tanh_c.leftCols(n).array();
        tc = st.c.middleCols(c0, n).array().tanh();
        auto dc = st.carry_c.leftCols(n).array();
        dc += dht * o * (T(1) - tc * tc);
        if (st.trace)
            st.trace->middleCols(c0, n) = dc.matrix();
        da.bottomRows(H).array() = dht * tc * o * (T(1) - o);
        da.topRows(H).array() = dc * gg * i * (T(1) - i);
        da.middleRows(2 * H, H).array() = dc * i * (T(1) - gg * gg);
        if (t > 0)
        {
            auto cprev = st.c.middleCols(lay.offsets[ts - 1], n).array();
            da.middleRows(H, H).array() = dc * cprev * f * (T(1) - f);
            if (bptt_k > 0 && t % bptt_k == 0)
            {
                // Truncation boundary: h_{t-1} and c_{t-1} are treated as constants, so no
                // gradient flows into the previous chunk (the local terms of step t are kept).
                st.carry_c.leftCols(n).setZero();
                st.carry_h.leftCols(n).setZero();
            }
            else
            {
                dc *= f; // carry to step t-1 (the forget gate's additive path)
                if constexpr (packed)
                    st.wh_t_packed.multiply(da.data(), static_cast<int>(4 * H), n, st.carry_h.data(),
                                            static_cast<int>(H), false);
                else
                    st.carry_h.leftCols(n).noalias() = p.wh.transpose() * da;
            }
        }
        else
        {
            da.middleRows(H, H).setZero();
        }
    }
    detail::input_grads(x, st.dgates, g);
    detail::recurrent_grads(lay, st.dgates, st, g);
    if (dx)
        dx->noalias() = p.wx.transpose() * st.dgates;
}

template void lstm_forward<float>(lstm_params<float> const &, packed_layout const &, matrix<float> const &,
                                  lstm_state<float> &);
template void lstm_forward<double>(lstm_params<double> const &, packed_layout const &, matrix<double> const &,
                                   lstm_state<double> &);
template void lstm_backward<float>(lstm_params<float> const &, packed_layout const &, matrix<float> const &,
                                   matrix<float> const &, lstm_state<float> &, lstm_grads<float> &, matrix<float> *,
                                   int);
template void lstm_backward<double>(lstm_params<double> const &, packed_layout const &, matrix<double> const &,
                                    matrix<double> const &, lstm_state<double> &, lstm_grads<double> &,
                                    matrix<double> *, int);
// Complex scalars: complex-step (forward-mode) differentiation in analyze-gradients modes.
template void lstm_forward<std::complex<double>>(lstm_params<std::complex<double>> const &, packed_layout const &,
                                                 matrix<std::complex<double>> const &,
                                                 lstm_state<std::complex<double>> &);

} // namespace ssrnn::nn
