#pragma once
//! \file Labelled data in the 3-line format (`>id`, sequence, 8-state DSSP string) with masks.
//!
//! Mask files have the same layout with a third line over `0`/`1`; `1` = label observed.
//! Positions where any mask is `0` get encode::no_label and take no part in loss or scores.
#include <cstdint>
#include <string>
#include <vector>

namespace ssrnn::io
{

//! One labelled chain.
struct labelled_record
{
    std::string id;                 //!< record ID (header without '>')
    std::string sequence;           //!< uppercase residue letters
    std::vector<std::int8_t> label; //!< 8-state index per residue, or encode::no_label
};

//! A labelled data set with provenance.
struct labelled_set
{
    std::vector<labelled_record> records; //!< in file order
    std::uint64_t checksum = 0;           //!< FNV-1a 64 of the data and mask file contents
    std::size_t labelled_residues = 0;    //!< residues with a label
};

//! Reads `path` and applies every mask in `masks`. Throws input_error (file, record, line and
//! position in the message) or io_error.
[[nodiscard]] labelled_set read_labelled(std::string const & path, std::vector<std::string> const & masks = {});

//! Writes `set` to `path` in the 3-line format and its mask to `mask_path` (1 where a record
//! has a label; unlabelled positions are written as C), both atomically: read_labelled(path,
//! {mask_path}) gives the same records back. Throws io_error.
void write_labelled(std::string const & path, std::string const & mask_path, labelled_set const & set);

} // namespace ssrnn::io
