#pragma once
//! \file Internal helpers shared by the recurrent cells (not part of the public API).
#include <ssrnn/nn/lstm.hpp>

namespace ssrnn::nn::detail
{

//! In-place logistic sigmoid via Eigen's vectorised tanh: sigmoid(x) = (1 + tanh(x/2)) / 2.
template <typename block>
void sigmoid_inplace(block && b)
{
    using T = typename std::decay_t<block>::Scalar;
    b.array() = (b.array() * T(0.5)).tanh() * T(0.5) + T(0.5);
}

//! Input-side gradients: dW_ih += dA_x X^T, db += rowsum(dA_x).
template <typename T>
void input_grads(matrix<T> const & x, matrix<T> const & dax, lstm_grads<T> & g)
{
    g.wx.noalias() += dax * x.transpose();
    g.b.col(0) += dax.rowwise().sum();
}

//! Recurrent gradient dW_hh += dA_h H_prev^T as one product over all steps >= 1.
template <typename T>
void recurrent_grads(packed_layout const & lay, matrix<T> const & dah, lstm_state<T> & st, lstm_grads<T> & g)
{
    auto const H = st.h.rows();
    auto const N = lay.total();
    int const n0 = lay.batch_sizes[0];
    if (N <= n0)
        return;
    st.hprev.resize(H, N - n0);
    for (int t = 1; t < lay.steps(); ++t)
    {
        auto const ts = static_cast<std::size_t>(t);
        st.hprev.middleCols(lay.offsets[ts] - n0, lay.batch_sizes[ts]) =
            st.h.middleCols(lay.offsets[ts - 1], lay.batch_sizes[ts]);
    }
    g.wh.noalias() += dah.rightCols(N - n0) * st.hprev.transpose();
}

} // namespace ssrnn::nn::detail
