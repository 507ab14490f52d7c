#pragma once
//! \file Classic DSSP files (mkdssp's `.dssp` output, DSSP 2.x to 4.x) as labelled data: one record
//! per chain, the 8-state label from column 17 (docs/training.md gives the mapping).
//!
//! - Residue lines follow the `  #  RESIDUE AA STRUCTURE` header. Column 12 is the chain, column
//!   14 the residue (a lowercase letter is a cysteine in a disulfide bridge: C), column 17 the
//!   state: H G I E B T S as DSSP prints them; P (polyproline II, DSSP 4) and blank are C.
//! - A `!` line is a break. Within a chain, the residues missing between the two sides (from the
//!   residue numbers in columns 6-10, without insertion codes) are added as X with no label, so
//!   the sequence keeps their place, as the shipped datasets do (mask 0); `!*` ends a chain.
//! - Record IDs are `<entry>_<chain>`: the entry from the HEADER line (columns 63-66), else the
//!   file name without `.dssp`/`.gz`. A chain that appears twice gets `_2`, ...
#include <ssrnn/io/labelled.hpp>

#include <string>
#include <string_view>

namespace ssrnn::io
{

//! True if `text` starts with DSSP's banner line ("==== Secondary Structure Definition by the
//! program DSSP").
[[nodiscard]] bool is_dssp(std::string_view text) noexcept;

//! The chains of the DSSP file `text` (read from `path`, named in messages). Throws input_error
//! naming file and line for a file without residue lines, a short or malformed residue line, or
//! a residue that is not a letter.
[[nodiscard]] std::vector<labelled_record> parse_dssp(std::string const & path, std::string_view text);

} // namespace ssrnn::io
