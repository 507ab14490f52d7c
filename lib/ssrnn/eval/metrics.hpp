#pragma once
//! \file Per-residue accuracy: Q8, Q3, per-class precision/recall/F1 and confusion matrices.
//!
//! The 8-state prediction is the argmax of the 8 probabilities; the 3-state prediction is the
//! argmax of their sums (H = H+G+I, E = E+B, C = T+S+C), the same rule the output formats use.
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>

namespace ssrnn::eval
{

//! Precision, recall and F1 of one class (0 when undefined).
struct class_scores
{
    double precision = 0, recall = 0, f1 = 0; //!< fractions in [0, 1]
    std::uint64_t support = 0;                //!< true residues of the class
};

//! Accumulates confusion matrices over scored residues.
class metrics
{
public:
    //! Adds one scored residue: true 8-state index, predicted 8-state and 3-state indices.
    void add(int truth8, int pred8, int pred3) noexcept;
    //! Adds one residue scored in 3 states only (a source without 8-state predictions).
    void add3(int truth8, int pred3) noexcept;
    //! Counts one record that had at least one scored residue.
    void add_record() noexcept { ++records_; }
    //! Merges another accumulator.
    void merge(metrics const & o) noexcept;
    //! All counts as one array (8x8 confusion, 3x3 confusion, records), e.g. to sum over processes.
    [[nodiscard]] std::array<std::uint64_t, 74> counts() const noexcept;
    //! The accumulator with these counts (the inverse of counts()).
    [[nodiscard]] static metrics from_counts(std::array<std::uint64_t, 74> const & c) noexcept;

    [[nodiscard]] double q8() const noexcept;              //!< percent
    [[nodiscard]] double q3() const noexcept;              //!< percent
    [[nodiscard]] std::uint64_t residues() const noexcept; //!< scored residues
    [[nodiscard]] std::uint64_t records() const noexcept { return records_; }
    [[nodiscard]] class_scores class8(int c) const noexcept; //!< scores of 8-state class c
    [[nodiscard]] class_scores class3(int c) const noexcept; //!< scores of 3-state class c
    //! confusion8()[truth][pred]
    [[nodiscard]] std::array<std::array<std::uint64_t, 8>, 8> const & confusion8() const noexcept { return c8_; }
    [[nodiscard]] std::array<std::array<std::uint64_t, 3>, 3> const & confusion3() const noexcept { return c3_; }

    //! JSON report: q8, q3 (percent), residues, records, per_class, per_class3, confusion, confusion3.
    [[nodiscard]] nlohmann::json to_json() const;
    //! Human-readable report.
    [[nodiscard]] std::string to_text() const;

private:
    std::array<std::array<std::uint64_t, 8>, 8> c8_{};
    std::array<std::array<std::uint64_t, 3>, 3> c3_{};
    std::uint64_t records_ = 0;
};

} // namespace ssrnn::eval
