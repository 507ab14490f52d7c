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
#include <ssrnn/nn/packed_batch.hpp>
#include <ssrnn/nn/packed_gemm.hpp>

#include <Eigen/Core>

#include <vector>

namespace ssrnn::nn
{

//! Column-major dynamic matrix.
template <typename T>
using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
//! Column vector.
template <typename T>
using vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
//! Read-only view of a matrix inside a flat parameter buffer.
template <typename T>
using cmatrix_map = Eigen::Map<matrix<T> const>;
//! Writable view of a matrix inside a flat gradient buffer.
template <typename T>
using matrix_map = Eigen::Map<matrix<T>>;

//! Parameters of one LSTM direction (views into the network's flat buffer).
template <typename T>
struct lstm_params
{
    cmatrix_map<T> wx; //!< 4H x D input weights
    cmatrix_map<T> wh; //!< 4H x H recurrent weights
    cmatrix_map<T> b;  //!< 4H x 1 bias
};

//! Gradient accumulators of one LSTM direction (views into a flat gradient buffer).
template <typename T>
struct lstm_grads
{
    matrix_map<T> wx; //!< 4H x D
    matrix_map<T> wh; //!< 4H x H
    matrix_map<T> b;  //!< 4H x 1
};

//! Activations of one direction kept for the backward pass, plus scratch space.
template <typename T>
struct lstm_state
{
    matrix<T> gates;   //!< 4H x N gate activations (after the nonlinearity)
    matrix<T> c;       //!< H x N cell states
    matrix<T> h;       //!< H x N outputs
    matrix<T> dgates;  //!< 4H x N gradient w.r.t. gate pre-activations (backward scratch)
    matrix<T> carry_h; //!< H x n_0 gradient carried to the previous step (backward scratch)
    matrix<T> carry_c; //!< H x n_0
    matrix<T> hprev;   //!< H x (N - n_0) previous outputs aligned with steps >= 1 (backward scratch)
    matrix<T> dh_t;    //!< H x n_0 total gradient w.r.t. h_t at one step (backward scratch)
    matrix<T> tanh_c;  //!< H x n_0 tanh(c_t) at one step (backward scratch)
    //! Truncated BPTT with recomputation (LSTM only): if 0 < chunk < steps, the forward pass keeps
    //! gates and cell states of one chunk of `chunk` steps at a time, plus c at chunk ends, and the
    //! backward pass recomputes each chunk, so their memory is bounded by the chunk, not the length.
    int chunk = 0;
    matrix<T> c_bound;              //!< H x (sum over chunk ends) cell states handed to the next chunk
    std::vector<int> bound_offsets; //!< first column of each chunk end in c_bound
    bool bf16 = false;              //!< prediction in reduced precision (bfloat16 products, float32 sums)
    packed_matrix wh_packed;        //!< W_h packed for the per-step products (float only)
    packed_matrix wx_packed;        //!< W_x packed for the input projection (bf16 prediction only)
    packed_matrix wh_t_packed;      //!< W_h^T packed for the backward per-step products (float only)
    //! If set, the backward pass writes here (H x N) the total gradient w.r.t. the recurrent
    //! state at every step: dL/dc_t for the LSTM, dL/dh_t for GRU and RNN (used by analyze-gradients).
    matrix<T> * trace = nullptr;
};

//! Runs one direction over the packed input `x` (D x N), filling `st.gates`, `st.c`, `st.h`.
template <typename T>
void lstm_forward(lstm_params<T> const & p, packed_layout const & lay, matrix<T> const & x, lstm_state<T> & st);

//! Backpropagation through time: given dL/dh (`dh`, H x N), adds the parameter gradients to `g`
//! and, if `dx` is non-null, writes dL/dx (D x N) to it. `bptt_k` = 0 is full BPTT; K > 0 cuts
//! the recurrent gradient at every step t that is a multiple of K (in this direction's own time),
//! i.e. chunks [0, K), [K, 2K), ... are backpropagated separately while the forward state flows on.
template <typename T>
void lstm_backward(lstm_params<T> const & p, packed_layout const & lay, matrix<T> const & x, matrix<T> const & dh,
                   lstm_state<T> & st, lstm_grads<T> & g, matrix<T> * dx, int bptt_k = 0);

} // namespace ssrnn::nn
