#pragma once
//! \file The disorder head: the probability that a residue is disordered (unobserved in the
//! experimental structure), from the top recurrent layer's states of a trained network. A small
//! two-layer perceptron, p = sigmoid(w2 . tanh(W1 h + b1) + b2), stored in the same model file as
//! the network (tensors `disorder.*`, format version 2, docs/model-format.md) and trained on top of
//! the frozen network (train/disorder_training.hpp), so the 8-state outputs do not change.
#include <ssrnn/nn/container.hpp>
#include <ssrnn/nn/recurrent.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::nn
{

struct ensemble;

//! A disorder head on top of a network whose top layer has `width` (2H) outputs.
struct disorder_head
{
    matrix<float> w1;        //!< K x 2H
    vector<float> b1;        //!< K
    vector<float> w2;        //!< K
    float b2 = 0.0F;         //!< output bias
    float threshold = 0.5F;  //!< binary call: disordered when p >= threshold (chosen on validation)
    nlohmann::json training; //!< how it was trained (provenance; the file's `disorder.training`)

    //! Hidden units K.
    [[nodiscard]] int hidden() const noexcept { return static_cast<int>(w1.rows()); }
    //! P(disordered) per column of `z` = W1 h (K x N, as workspace::forward computes it), into `p`.
    void probabilities(matrix<float> const & z, std::span<float> p) const;
};

//! A zero head with K hidden units over `width` inputs.
[[nodiscard]] disorder_head make_disorder_head(int hidden, int width);

//! The head's tensors for write_container, names `prefix` + `disorder.w1` etc.
[[nodiscard]] std::vector<tensor_out> disorder_tensors(disorder_head const & h, std::string const & prefix = "");

//! The header object of a head: hidden units, threshold, training.
[[nodiscard]] nlohmann::json disorder_json(disorder_head const & h);

//! Reads the head `info` (a header's `disorder` object) describes from the tensors `prefix` +
//! `disorder.*` of `c` (removing them); `width` is the network's 2H. Throws model_format_error
//! naming `path`.
[[nodiscard]] disorder_head take_disorder_head(container & c, nlohmann::json const & info, int width,
                                               std::string const & prefix, std::string const & path);

//! True if every member of `e` has a disorder head (then predictions carry P(disordered)).
[[nodiscard]] bool has_disorder(ensemble const & e) noexcept;

//! The threshold of the binary call of `e`'s averaged P(disordered): the ensemble file's own, else
//! the mean of the members'.
[[nodiscard]] float disorder_threshold(ensemble const & e) noexcept;

} // namespace ssrnn::nn
