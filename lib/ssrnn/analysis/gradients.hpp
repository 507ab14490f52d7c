#pragma once
//! \file Experiments that make the BPTT theory visible (used by `analyze-gradients`), in double precision.
#include <ssrnn/nn/network.hpp>
#include <ssrnn/nn/objective.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ssrnn::analysis
{

//! Options of `analyze-gradients flow`.
struct flow_config
{
    nn::cell_kind cell = nn::cell_kind::lstm; //!< recurrent cell (ignored with `model`)
    int hidden = 32;                          //!< units (ignored with `model`)
    int steps = 50;                           //!< sequence length T
    std::uint64_t seed = 1;                   //!< weights and input sequence
    double spectral_radius = 0.0;             //!< if > 0, rescale each H x H block of W_hh to this spectral radius
    double input_scale = 1.0;  //!< multiplies W_ih and the biases (0: the state stays at 0, Jacobian = W_hh)
    double forget_gate = -1.0; //!< LSTM: clamp f to this constant (W_hh is then zeroed), if >= 0
    double input_gate = -1.0;  //!< LSTM: clamp i to this constant (W_hh is then zeroed), if >= 0
    std::string model;         //!< take layer 0, forward direction, from this model file
};

//! Checks a flow_config; throws config_error.
void validate(flow_config const & c);

//! Norm of dL/d(state_{T-1-d}) for d = 0..T (T + 1 values), with L = u . h_{T-1},
//! u = (1,...,1)/sqrt(H); the state is the cell state c for the LSTM and the hidden state h
//! otherwise, and d = T is the initial state (state_{-1} = 0).
[[nodiscard]] std::vector<double> gradient_flow(flow_config const & c);

//! One row of `analyze-gradients truncation`.
struct truncation_row
{
    int k = 0;                 //!< truncation length
    double full_norm = 0;      //!< |g_full| of L = sum_t u . h_t
    double truncated_norm = 0; //!< |g_K|
    double rel_diff = 0;       //!< |g_full - g_K| / |g_full|
    double dropped_norm = 0;   //!< |sum over chunks j of (g_full(L_j) - g_K(L_j))|, L_j = chunk j's part of L
    double identity_error = 0; //!< |(g_full - g_K) - dropped| / |g_full - g_K|
};

//! Full vs truncated BPTT gradients of the per-step loss L = sum_t u . h_t on the experiment of
//! `c` (its gate clamps apply), for each K in `ks`.
[[nodiscard]] std::vector<truncation_row> truncation_analysis(flow_config const & c, std::vector<int> const & ks);

//! One row of `analyze-gradients modes`.
struct modes_row
{
    int hidden = 0;                 //!< units
    std::size_t params = 0;         //!< parameters of the recurrent layer (one direction)
    std::size_t forward_passes = 0; //!< tangent (forward-mode) passes: one per parameter
    std::size_t reverse_passes = 0; //!< backward passes: one
    double forward_seconds = 0;     //!< wall time of all forward-mode passes
    double reverse_seconds = 0;     //!< wall time of the forward + backward pass
    double max_rel_diff = 0;        //!< max_j |g_fwd_j - g_rev_j| / max_j |g_rev_j|
};

//! Gradient of L = sum_t u . h_t w.r.t. every parameter of one recurrent direction, by forward
//! mode (complex-step: one tangent pass per parameter, exact to rounding) and by reverse mode (one
//! BPTT pass), for each hidden size in `hiddens`; other settings from `c`.
[[nodiscard]] std::vector<modes_row> mode_comparison(flow_config const & c, std::vector<int> const & hiddens);

//! One row of a gradient check.
struct check_row
{
    std::string tensor;         //!< tensor name
    std::size_t params = 0;     //!< number of parameters checked
    double max_rel_error = 0.0; //!< max |analytic - numeric| / max(1e-3, |analytic| + |numeric|)
};

//! Compares the analytic gradient of every tensor of `a` (random weights from `seed`, a random
//! batch of the given lengths with some masked labels and the given dropout) with
//! central finite differences (step 1e-5) in double precision. With `soft_labels` the batch
//! carries random soft labels (some residues without) instead of hard ones. With
//! `recurrent_dropout` > 0 the loss is that of the weights with dropped recurrent connections
//! (nn::recurrent_weight_mask, fixed during the check) as a function of the undropped weights,
//! and the analytic gradient is training's: the mask times the gradient of the dropped network.
[[nodiscard]] std::vector<check_row> gradient_check(nn::architecture const & a, std::vector<int> const & lengths,
                                                    float dropout, std::uint64_t seed, nn::objective const & obj = {},
                                                    bool soft_labels = false, float recurrent_dropout = 0.0F);

} // namespace ssrnn::analysis
