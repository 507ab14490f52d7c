#pragma once
//! \file The standard secondary-structure dataset files as labelled data (docs/training.md).
//!
//! - NetSurfP-2.0 CSV (as ProtTrans distributes it: `Train_HHblits.csv`, `CB513_HHblits.csv`, ...):
//!   a header naming the columns `input,dssp3,dssp8,disorder,cb513_mask`; `input` and `dssp8` are
//!   the residues and 8-state letters (spaces between them allowed), `disorder` and `cb513_mask`
//!   whitespace-separated numbers per residue, where 0 takes the residue out (mask 0): disorder 0
//!   is a residue unobserved in the structure, cb513_mask 0 one that CB513's evaluation leaves out.
//!   Record IDs are an `id`/`pdbid` column's value, else `<file name>_<row>`.
//! - TAPE secondary-structure JSON (`secondary_structure_*.json`): an array of objects with
//!   `primary` (residues), `ss8` (indices 0-7 in NetSurfP-2.0's order G H I B E S T C, or a string
//!   of letters), optional `disorder` (1 = ordered; 0 gives mask 0) and `valid_mask` (0 gives mask
//!   0), and `id` (else `<file name>_<index>`).
#include <ssrnn/io/labelled.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ssrnn::io
{

//! True if the first line of `text` is a CSV header with a `dssp8` column.
[[nodiscard]] bool is_netsurfp_csv(std::string_view text) noexcept;
//! True if `text` starts (after white space) with `[`: a JSON array.
[[nodiscard]] bool is_tape_json(std::string_view text) noexcept;

//! The records of a NetSurfP-2.0 CSV file. Throws input_error naming file, line, record and
//! position for a missing column, a row with another number of fields than the header, lengths
//! that differ, or a letter that is not a residue or a DSSP state.
[[nodiscard]] std::vector<labelled_record> parse_netsurfp_csv(std::string const & path, std::string_view text);

//! The records of a TAPE secondary-structure JSON file. Throws input_error naming file, record
//! and key for JSON that does not parse, a missing key, a state index outside 0-7, or an array
//! whose length differs from the sequence.
[[nodiscard]] std::vector<labelled_record> parse_tape_json(std::string const & path, std::string_view text);

} // namespace ssrnn::io
