#pragma once
//! \file The training objective of one labelled residue, as a pure function of the softmax
//! probabilities: loss and gradient with respect to the logits.
//!
//! The default is plain 8-state cross-entropy -log p(y). `label_smoothing` e replaces the one-hot
//! target by (1 - e) one-hot + e/8; `q3_weight` w adds w times the 3-state cross-entropy
//! -log P(y3), where P(y3) sums the 8-state probabilities of the labels that map to y3
//! (encode::ss8_to_ss3). Gradients (with z the logits, p = softmax(z), q the smoothed target):
//!   d(-sum_k q_k log p_k)/dz_k = p_k - q_k,   d(-log P)/dz_k = p_k - [k in y3] p_k / P.
//!
//! Soft labels (a teacher's probabilities q, distillation): the same objective with the one-hot
//! target replaced by q. Cross-entropy -sum_k q'_k log p_k with q' = (1 - e) q + e/8 (gradient
//! p_k - q'_k), and the 3-state term -w sum_g Q_g log P_g with Q_g the teacher's 3-state sums
//! (gradient w (p_k - Q_g(k) p_k / P_g(k))). Its minimum over p is at p = q'; the loss differs
//! from the KL divergence KL(q' || p) by the teacher's entropy, a constant, so the gradients agree.
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

//! Loss of one residue with a soft target `q` (8 probabilities summing to 1); otherwise as
//! residue_loss (which it equals when q is one-hot). Pure.
template <typename T>
double residue_loss_soft(std::span<T const> p, std::span<float const> q, objective const & obj, T scale,
                         std::span<T> dlogits) noexcept;

} // namespace ssrnn::nn
