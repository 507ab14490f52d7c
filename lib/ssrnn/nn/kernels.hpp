#pragma once
//! \file Internal helpers shared by the recurrent cells (not part of the public API).
#include <ssrnn/nn/lstm.hpp>

#include <type_traits>

namespace ssrnn::nn::detail
{

//! In-place logistic sigmoid via Eigen's vectorised tanh: sigmoid(x) = (1 + tanh(x/2)) / 2.
template <typename block>
void sigmoid_inplace(block && b)
{
    using T = typename std::decay_t<block>::Scalar;
    b.array() = (b.array() * T(0.5)).tanh() * T(0.5) + T(0.5);
}

//! dW += dA X^T over `n` columns starting at column `a0` of dA and `x0` of X (float: the
//! run-time dispatched kernels; other scalars: Eigen).
template <typename T, typename dst>
void weight_grads(matrix<T> const & da, int a0, matrix<T> const & x, int x0, int n, recurrent_state<T> & st, dst && dw)
{
    if (n <= 0)
        return;
    if constexpr (std::is_same_v<T, float>)
        st.wgrad.multiply_nt(da.data() + static_cast<std::ptrdiff_t>(a0) * da.rows(), static_cast<int>(da.rows()),
                             x.data() + static_cast<std::ptrdiff_t>(x0) * x.rows(), static_cast<int>(x.rows()),
                             static_cast<int>(da.rows()), n, static_cast<int>(x.rows()), dw.data(),
                             static_cast<int>(dw.outerStride()), true);
    else
        dw.noalias() += da.middleCols(a0, n) * x.middleCols(x0, n).transpose();
}

//! Input-side gradients: dW_ih += dA_x X^T, db += rowsum(dA_x).
template <typename T>
void input_grads(matrix<T> const & x, matrix<T> const & dax, recurrent_state<T> & st, recurrent_grads<T> & g)
{
    weight_grads(dax, 0, x, 0, static_cast<int>(dax.cols()), st, g.wx);
    g.b.col(0) += dax.rowwise().sum();
}

//! Packs W_x^T for input_backward, once per backward pass (float only).
template <typename T>
void pack_input_transpose(recurrent_params<T> const & p, recurrent_state<T> & st)
{
    if constexpr (std::is_same_v<T, float>)
        st.wx_t_packed.pack(p.wx.data(), static_cast<int>(p.wx.rows()), static_cast<int>(p.wx.cols()),
                            static_cast<int>(p.wx.rows()), true);
}

//! dX (columns x0 ..) = W_x^T dA_x (columns a0 .., n of them); dX must have its size and W_x^T
//! must be packed (pack_input_transpose) for this pass.
template <typename T>
void input_backward(recurrent_params<T> const & p, matrix<T> const & dax, int a0, int n, recurrent_state<T> & st,
                    matrix<T> & dx, int x0)
{
    if constexpr (std::is_same_v<T, float>)
    {
        st.wx_t_packed.multiply(dax.data() + static_cast<std::ptrdiff_t>(a0) * dax.rows(), static_cast<int>(dax.rows()),
                                n, dx.data() + static_cast<std::ptrdiff_t>(x0) * dx.rows(), static_cast<int>(dx.rows()),
                                false);
    }
    else
        dx.middleCols(x0, n).noalias() = p.wx.transpose() * dax.middleCols(a0, n);
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
    weight_grads(dah, n0, st.hprev, 0, static_cast<int>(N - n0), st, g.wh);
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
