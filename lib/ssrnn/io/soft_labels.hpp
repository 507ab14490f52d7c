#pragma once
//! \file Soft-label files: a teacher's 8-state probabilities per residue, the training data of
//! distillation (train-structure reads them like labelled files; `predict-structure --format soft`
//! writes them). Text, optionally gzip-compressed, one record per three lines:
//!
//!     #ssrnn-soft-labels 1 states=HGIEBTSC scale=255
//!     # any comment lines (teacher, command)
//!     >ID optional description
//!     SEQUENCE
//!     16 hex digits per residue: 8 bytes in HGIEBTSC order, 255 p rounded to sum to 255
//!
//! A residue's probabilities are its 8 bytes divided by their sum (writers make that 255, by
//! largest remainders, so each is within 1/255 of the teacher's; readers accept any sum > 0);
//! 16 zeros mark a residue without a label. The first line
//! identifies the file; `#` lines after it are comments. Each label line must hold exactly 16
//! digits per residue of the sequence line.
#include <cstdint>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ssrnn::io
{

//! The first line's prefix (format and version).
inline constexpr std::string_view soft_labels_magic = "#ssrnn-soft-labels 1";

//! One record of a soft-label file.
struct soft_record
{
    std::string id;                  //!< record ID (first word of the header)
    std::string sequence;            //!< residues as written
    std::vector<std::uint8_t> bytes; //!< length x 8 quantised probabilities
};

//! Writes the first line and `comment` (may be empty; every line of it gets a `# `).
void write_soft_labels_header(std::ostream & out, std::string_view comment = {});

//! Writes one record from length x 8 probabilities (row-major, HGIEBTSC).
void write_soft_record(std::ostream & out, std::string_view id, std::string_view description, std::string_view sequence,
                       std::span<float const> prob8);

//! The 8 bytes of one residue's probabilities: 255 p / sum(p), rounded by largest remainders so
//! they sum to 255 (all zero if no p is positive; negative and non-finite p count as 0).
void quantise_probabilities(std::span<float const> p8, std::span<std::uint8_t> out) noexcept;

//! The probabilities of one residue's 8 bytes (divided by their sum; zeros if all are 0).
void dequantise_probabilities(std::span<std::uint8_t const> bytes, std::span<float> p8) noexcept;

//! True if the file (or gzip-compressed file) at `path` starts with soft_labels_magic.
[[nodiscard]] bool is_soft_labels_file(std::string const & path);

//! Reads the records of `path` ("-" for standard input; gzip is detected) one at a time, so a
//! file of any size is read in constant memory; calls `each` with every record in file order.
//! Throws input_error naming the file, line and record on malformed or truncated input,
//! io_error if it cannot be read.
void read_soft_labels(std::string const & path, std::function<void(soft_record &&)> const & each);

} // namespace ssrnn::io
