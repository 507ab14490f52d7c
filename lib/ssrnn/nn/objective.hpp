#pragma once
//! \file The training objective of one labelled residue, as a pure function of the softmax
//! probabilities: loss and gradient with respect to the logits.
//!
//! The default is plain 8-state cross-entropy -log p(y). `label_smoothing` e replaces the one-hot
//! target by (1 - e) one-hot + e/8; `q3_weight` w adds w times the 3-state cross-entropy
//! -log P(y3), where P(y3) sums the 8-state probabilities of the labels that map to y3
//! (encode::ss8_to_ss3). Gradients (with z the logits, p = softmax(z), q the smoothed target):
//!   d(-sum_k q_k log p_k)/dz_k = p_k - q_k,   d(-log P)/dz_k = p_k - [k in y3] p_k / P.
#include <cstddef>
#include <span>

namespace ssrnn::nn
{

//! What the training loss is, per labelled residue.
struct objective
{
    double label_smoothing = 0.0; //!< in [0, 1)
    double q3_weight = 0.0;       //!< >= 0

    //! Plain cross-entropy (no smoothing, no 3-state term).
    [[nodiscard]] bool plain() const noexcept { return label_smoothing == 0.0 && q3_weight == 0.0; }
};

//! Loss of one residue with label `y` (0..7) and probabilities `p` (the softmax of the logits,
//! 8 values); writes `scale` times d loss / d logits to `dlogits` (8 values). Probabilities are
//! floored at 1e-30 inside the logarithms. Pure: no state, safe from any thread.
template <typename T>
double residue_loss(std::span<T const> p, int y, objective const & obj, T scale, std::span<T> dlogits) noexcept;

} // namespace ssrnn::nn
