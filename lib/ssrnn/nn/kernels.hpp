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
void input_grads(matrix<T> const & x, matrix<T> const & dax, recurrent_grads<T> & g)
{
    g.wx.noalias() += dax * x.transpose();
    g.b.col(0) += dax.rowwise().sum();
}

//! Recurrent gradient dW_hh += dA_h H_prev^T as one product over all steps >= 1.
template <typename T>
void recurrent_weight_grads(packed_layout const & lay, matrix<T> const & dah, recurrent_state<T> & st,
                            recurrent_grads<T> & g)
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

//! Columns of one backward time step.
struct step_columns
{
    int n = 0;       //!< sequences active at step t
    int c0 = 0;      //!< first column of step t
    int n_ended = 0; //!< first sequence index that ends at step t (n_{t+1})
};

//! Starts backward step t: sequences that end at t receive no gradient from step t+1, so their
//! recurrent carry is zeroed.
template <typename T>
step_columns begin_backward_step(packed_layout const & lay, int t, recurrent_state<T> & st)
{
    auto const ts = static_cast<std::size_t>(t);
    step_columns s{lay.batch_sizes[ts], lay.offsets[ts], t + 1 < lay.steps() ? lay.batch_sizes[ts + 1] : 0};
    st.carry_h.middleCols(s.n_ended, s.n - s.n_ended).setZero();
    return s;
}

} // namespace ssrnn::nn::detail
