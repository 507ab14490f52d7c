#pragma once
//! \file Types shared by the recurrent cells (LSTM, GRU, plain RNN): Eigen matrix aliases, the
//! parameter and gradient views of one direction of one layer, and its activations and scratch.
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

//! Parameters of one direction of one recurrent layer (views into the network's flat buffer),
//! G gate blocks of H rows each (LSTM G = 4: i, f, g, o; GRU G = 3: r, z, n; RNN G = 1).
template <typename T>
struct recurrent_params
{
    cmatrix_map<T> wx; //!< G*H x D input weights
    cmatrix_map<T> wh; //!< G*H x H recurrent weights
    cmatrix_map<T> b;  //!< G*H x 1 bias
};

//! Gradient accumulators of one direction (views into a flat gradient buffer), shaped as recurrent_params.
template <typename T>
struct recurrent_grads
{
    matrix_map<T> wx; //!< G*H x D
    matrix_map<T> wh; //!< G*H x H
    matrix_map<T> b;  //!< G*H x 1
};

//! Activations of one direction kept for the backward pass, plus scratch space. Reused across
//! batches: a state belongs to one workspace and is never shared between threads.
template <typename T>
struct recurrent_state
{
    matrix<T> gates;   //!< G*H x N gate activations (after the nonlinearity)
    matrix<T> h;       //!< H x N outputs
    matrix<T> dgates;  //!< G*H x N gradient w.r.t. gate pre-activations (backward scratch)
    matrix<T> carry_h; //!< H x n_0 gradient w.r.t. h carried to the previous step (backward scratch)
    matrix<T> hprev;   //!< H x (N - n_0) previous outputs aligned with steps >= 1 (backward scratch)
    matrix<T> dh_t;    //!< H x n_0 total gradient w.r.t. h_t at one step (backward scratch)

    // LSTM only.
    matrix<T> c;       //!< H x N cell states
    matrix<T> carry_c; //!< H x n_0 gradient w.r.t. c carried to the previous step (backward scratch)
    matrix<T> tanh_c;  //!< H x n_0 tanh(c_t) at one step (backward scratch)
    //! Truncated BPTT with recomputation: if 0 < chunk < steps, the forward pass keeps gates and
    //! cell states of one chunk of `chunk` steps at a time, plus c at chunk ends, and the backward
    //! pass recomputes each chunk, so their memory is bounded by the chunk, not the length.
    int chunk = 0;
    matrix<T> c_bound;              //!< H x (sum over chunk ends) cell states handed to the next chunk
    std::vector<int> bound_offsets; //!< first column of each chunk end in c_bound
    //! LSTM only: if set, input column j of the layout is column (*gather)[j] of the given input
    //! (the reverse direction reads the forward-order input, a chunk of columns at a time, instead
    //! of a reversed copy of it).
    std::vector<int> const * gather = nullptr;
    matrix<T> x_chunk;         //!< the gathered input columns of one chunk (scratch)
    bool bf16 = false;         //!< prediction in reduced precision (bfloat16 products, float32 sums)
    packed_matrix wh_packed;   //!< W_h packed for the per-step products (float only)
    packed_matrix wx_packed;   //!< W_x packed for the input projection (float only)
    packed_matrix wh_t_packed; //!< W_h^T packed for the backward per-step products (float only)
    packed_matrix wx_t_packed; //!< W_x^T packed for the input gradient dX (float only)
    gradient_product wgrad;    //!< scratch of the weight-gradient products (float only)

    // GRU only.
    matrix<T> hn;   //!< H x N W_hn h_{t-1} + b_hn (the part of n's pre-activation that r scales)
    matrix<T> wh_h; //!< 3H x n_0 W_hh h_{t-1} at one step (forward scratch)
    matrix<T> dahn; //!< H x N gradient w.r.t. W_hn h_{t-1} + b_hn (the recurrent side of n's pre-activation)

    //! If set, the backward pass writes here (H x N) the total gradient w.r.t. the recurrent
    //! state at every step: dL/dc_t for the LSTM, dL/dh_t for GRU and RNN (used by analyze-gradients).
    matrix<T> * trace = nullptr;
    //! If set, the backward pass writes here (H x n_0) the gradient w.r.t. the initial state
    //! (c_{-1} for the LSTM, h_{-1} otherwise; both are 0), as if it were a parameter.
    matrix<T> * trace_initial = nullptr;
};

} // namespace ssrnn::nn
