#pragma once
//! \file Output formats of predict-structure.
//!
//! - `ss8`, `ss3`: 3-line records `>id`, sequence, labels (same layout as the training data).
//! - `ss2`: PSIPRED VFORMAT, one block per record: `# PSIPRED VFORMAT (PSIPRED V4.0)`, a blank
//!   line, then `%4d %c %c  %6.3f %6.3f %6.3f` with 3-state probabilities in the order C H E.
//! - `horiz`: PSIPRED HFORMAT, one block per record: 60-residue blocks of `Conf:`, `Pred:`,
//!   `  AA:` lines and a position ruler; confidence = floor(10 * (p_max - p_second)), at most 9.
//! - `tsv`: header row, then id, pos, residue, ss8, ss3, p_H..p_C (8), p3_H, p3_E, p3_C.
//! - `json`: JSON Lines, one object per record.
#include <array>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace ssrnn::predict
{

//! Known output format names.
inline constexpr std::array<std::string_view, 6> format_names = {"ss8", "ss3", "ss2", "horiz", "tsv", "json"};

//! One predicted record.
struct predicted_record
{
    std::string_view id;          //!< record ID
    std::string_view description; //!< rest of the header
    std::string_view sequence;    //!< residues as read
    std::span<float const> prob8; //!< length x 8 probabilities, row-major (HGIEBTSC)
};

//! 3-state probabilities (H, E, C) of one residue from its 8 probabilities.
[[nodiscard]] std::array<float, 3> to_ss3(std::span<float const, 8> p8) noexcept;
//! PSIPRED's confidence digit: floor(10 * (p_max - p_second)) of the 3-state probabilities, 0-9.
[[nodiscard]] int horiz_confidence(std::array<float, 3> p3) noexcept;
//! Index of the largest of n values (first on ties).
[[nodiscard]] int argmax(std::span<float const> p) noexcept;

//! Writes one record in `format`; `first` tells whether it is the first record of the output.
void write_record(std::ostream & out, std::string_view format, predicted_record const & rec, bool first);

} // namespace ssrnn::predict
