#pragma once
//! \file One direction of an LSTM layer over a packed batch: forward and exact backward (BPTT).
//!
//! Gates are stacked in the order i, f, g, o (rows [0,H), [H,2H), [2H,3H), [3H,4H)):
//!   a_t = W_x x_t + W_h h_{t-1} + b
//!   i = sigmoid(a_i), f = sigmoid(a_f), g = tanh(a_g), o = sigmoid(a_o)
//!   c_t = f * c_{t-1} + i * g,   h_t = o * tanh(c_t),   h_{-1} = c_{-1} = 0.
//! The input projection W_x X + b is one matrix product over all time steps; each recurrent
//! step is one (4H x H) x (H x n_t) product over the sequences still running at step t.
//! Kernels are templates on the scalar type: float for training, double for gradient checks.
#include <ssrnn/nn/recurrent.hpp>

namespace ssrnn::nn
{

//! Runs one direction over the packed input `x` (D x N), filling `st.gates`, `st.c`, `st.h`.
template <typename T>
void lstm_forward(recurrent_params<T> const & p, packed_layout const & lay, matrix<T> const & x,
                  recurrent_state<T> & st);

//! Backpropagation through time: given dL/dh (`dh`, H x N), adds the parameter gradients to `g`
//! and, if `dx` is non-null, writes dL/dx (D x N) to it. `bptt_k` = 0 is full BPTT; K > 0 cuts
//! the recurrent gradient at every step t that is a multiple of K (in this direction's own time),
//! i.e. chunks [0, K), [K, 2K), ... are backpropagated separately while the forward state flows on.
template <typename T>
void lstm_backward(recurrent_params<T> const & p, packed_layout const & lay, matrix<T> const & x, matrix<T> const & dh,
                   recurrent_state<T> & st, recurrent_grads<T> & g, matrix<T> * dx, int bptt_k = 0);

} // namespace ssrnn::nn
