#pragma once
//! \file Labelled data in the 3-line format (`>id`, sequence, 8-state DSSP string) with masks.
//!
//! Mask files have the same layout with a third line over `0`/`1`; `1` = label observed.
//! Positions where any mask is `0` get encode::no_label and take no part in loss or scores.
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::base
{
template <typename Config>
struct option;
} // namespace ssrnn::base

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

//! Reads `path` (the 3-line format, or a classic DSSP file: io/dssp.hpp; plain or gzip, told by
//! content) and applies every mask in `masks`. Throws input_error (file, record, line and
//! position in the message) or io_error.
[[nodiscard]] labelled_set read_labelled(std::string const & path, std::vector<std::string> const & masks = {});

//! Writes `set` to `path` in the 3-line format and its mask to `mask_path` (1 where a record
//! has a label; unlabelled positions are written as C), both atomically: read_labelled(path,
//! {mask_path}) gives the same records back. Throws io_error.
void write_labelled(std::string const & path, std::string const & mask_path, labelled_set const & set);

//! Options of make-labels: labelled inputs of any format read_labelled() knows, into one 3-line file.
struct labels_config
{
    std::vector<std::string> inputs; //!< labelled files (3-line, DSSP; .gz too)
    std::string output;              //!< the 3-line file to write; its mask goes to `<output>.mask`
};

//! Every option of make-labels, bound to its field (base/option_table.hpp).
[[nodiscard]] std::span<base::option<labels_config> const> labels_option_table();

//! Runs make-labels: reads every input in order, writes their records to `output` and the mask
//! (1 = labelled) to `output.mask`, both atomically, and a summary line to `log`. Throws
//! config_error (no output or input), input_error, io_error.
void make_labels(labels_config const & cfg, std::ostream & log);

} // namespace ssrnn::io
