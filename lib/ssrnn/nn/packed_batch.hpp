#pragma once
//! \file Packed layout of a batch of variable-length sequences (time-major, longest first).
//!
//! Sequences are sorted by decreasing length. Time step t holds the `batch_sizes[t]` sequences
//! that are still running, always a prefix of the sorted order, in columns
//! `offsets[t] .. offsets[t] + batch_sizes[t] - 1`. The recurrent step over a batch is then one
//! matrix-matrix product over contiguous columns, with no padding and no masking.
//! The reverse direction of a bidirectional layer reads each sequence backwards; its packed
//! layout has the same shape, and `reverse[j]` gives the forward column of reverse column j.
#include <cstdint>
#include <span>
#include <vector>

namespace ssrnn::nn
{

//! Packed, time-major layout of a batch.
struct packed_layout
{
    std::vector<int> order;       //!< order[b]: index (in the caller's list) of the b-th longest sequence
    std::vector<int> lengths;     //!< lengths[b], non-increasing
    std::vector<int> batch_sizes; //!< sequences active at each time step
    std::vector<int> offsets;     //!< first column of each time step; offsets.back() = total columns
    std::vector<int> reverse;     //!< reverse-direction column -> forward column

    //! Number of time steps (the longest length).
    [[nodiscard]] int steps() const noexcept { return static_cast<int>(batch_sizes.size()); }
    //! Number of columns (total residues).
    [[nodiscard]] int total() const noexcept { return offsets.empty() ? 0 : offsets.back(); }
    //! Column of sorted sequence b at time t (forward direction).
    [[nodiscard]] int column(int b, int t) const noexcept { return offsets[static_cast<std::size_t>(t)] + b; }
};

//! One sequence of a batch.
struct sequence_input
{
    std::span<std::uint8_t const> residues; //!< residue indices 0..20
    std::span<std::int8_t const> labels;    //!< 8-state labels or no_label; may be empty (prediction)
    std::uint64_t id = 0;                   //!< stable index (drives dropout randomness)
    std::span<float const> profile;         //!< length x encode::profile_dim features (profile models only)
    //! Soft labels (distillation): length x 8 quantised teacher probabilities, 0-255 each, read
    //! as the bytes divided by their sum (all 8 zero: no label). When present they replace
    //! `labels` in the loss (nn::residue_loss_soft).
    std::span<std::uint8_t const> soft;
};

//! Builds the layout for sequences of the given lengths (stable order among equal lengths).
[[nodiscard]] packed_layout make_layout(std::span<int const> lengths);

} // namespace ssrnn::nn
