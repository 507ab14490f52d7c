#pragma once
//! \file GRU and plain tanh (Elman) RNN directions over a packed batch, forward and exact BPTT.
//!
//! GRU (gates r, z, n; the PyTorch formulation, so weights are interchangeable):
//!   r = sigmoid(W_ir x + W_hr h_{t-1} + b_r),  z = sigmoid(W_iz x + W_hz h_{t-1} + b_z)
//!   n = tanh(W_in x + b_n + r * (W_hn h_{t-1} + b_hn)),  h_t = (1 - z) * n + z * h_{t-1}
//! RNN: h_t = tanh(W_ih x + W_hh h_{t-1} + b).
//! The same recurrent_params views are used (w_ih G*H x D, w_hh G*H x H, bias G*H x 1 with G = 3 or 1);
//! the GRU's extra recurrent bias b_hn (H x 1) is passed separately. The GRU keeps W_hn h_{t-1} + b_hn
//! in recurrent_state::hn for the backward pass. `bptt_k` as in lstm_backward.
#include <ssrnn/nn/lstm.hpp>

namespace ssrnn::nn
{

//! GRU forward over the packed input `x`.
template <typename T>
void gru_forward(recurrent_params<T> const & p, cmatrix_map<T> const & b_hn, packed_layout const & lay,
                 matrix<T> const & x, recurrent_state<T> & st);

//! GRU backward; adds parameter gradients to `g` and `g_bhn`, writes dL/dx to `dx` if non-null.
template <typename T>
void gru_backward(recurrent_params<T> const & p, cmatrix_map<T> const & b_hn, packed_layout const & lay,
                  matrix<T> const & x, matrix<T> const & dh, recurrent_state<T> & st, recurrent_grads<T> & g,
                  matrix_map<T> & g_bhn, matrix<T> * dx, int bptt_k = 0);

//! Elman RNN forward.
template <typename T>
void rnn_forward(recurrent_params<T> const & p, packed_layout const & lay, matrix<T> const & x,
                 recurrent_state<T> & st);

//! Elman RNN backward.
template <typename T>
void rnn_backward(recurrent_params<T> const & p, packed_layout const & lay, matrix<T> const & x, matrix<T> const & dh,
                  recurrent_state<T> & st, recurrent_grads<T> & g, matrix<T> * dx, int bptt_k = 0);

} // namespace ssrnn::nn
