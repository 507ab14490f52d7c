#pragma once
//! \file Labelled data in the 3-line format (`>id`, sequence, 8-state DSSP string) with masks.
//!
//! Mask files have the same layout with a third line over `0`/`1`; `1` = label observed.
//! Positions where any mask is `0` get encode::no_label and take no part in loss or scores.
#include <ssrnn/io/structure_settings.hpp>

#include <array>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
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

//! The formats of labelled data read_labelled() knows.
enum class labelled_format
{
    automatic,    //!< told by content (and a directory or @list as a set of structure files)
    three_line,   //!< the 3-line format (`>id`, sequence, 8-state labels)
    dssp,         //!< a classic DSSP file (io/dssp.hpp)
    structure,    //!< PDB or mmCIF, through mkdssp (io/structure.hpp)
    netsurfp_csv, //!< NetSurfP-2.0 CSV (io/datasets.hpp)
    tape_json     //!< TAPE secondary-structure JSON (io/datasets.hpp)
};
//! The --input-format names, in enum order.
inline constexpr std::array<std::string_view, 6> labelled_format_names{"auto",      "3-line",       "dssp",
                                                                       "structure", "netsurfp-csv", "tape-json"};

//! How read_labelled() reads: the format and the structure options.
struct labelled_options
{
    labelled_format format = labelled_format::automatic; //!< --input-format
    structure_settings structures;                       //!< --dssp, --min-plddt, --min-length, --per-entity
    int threads = 1;                                     //!< structure files read at once
    std::ostream * log = nullptr;                        //!< progress and summary of structure files; null: none
};

//! The options of labelled_options (--input-format and the structure options), for the tables of
//! make-labels and evaluate-structure.
[[nodiscard]] std::span<base::option<labelled_options> const> labelled_option_table();

//! Reads `path` and applies every mask in `masks`. `path` is a file (the 3-line format, a classic
//! DSSP file, a PDB or mmCIF structure, a NetSurfP-2.0 CSV or a TAPE JSON file; plain or gzip; told
//! by content unless `opt.format` says), a directory (its structure and DSSP files, sorted, all
//! depths) or `@LIST` (a text file naming one input per line, relative to the list's folder).
//! Throws input_error (file, record, line and position in the message), tool_error (mkdssp) or
//! io_error.
[[nodiscard]] labelled_set read_labelled(std::string const & path, std::vector<std::string> const & masks = {},
                                         labelled_options const & opt = {});

//! Every record of the inputs (files, directories, @lists: expand_inputs()) in order, read as
//! read_labelled() reads one file; the checksum covers every file's bytes.
[[nodiscard]] labelled_set read_labelled_inputs(std::vector<std::string> const & inputs,
                                                labelled_options const & opt = {});

//! The files `inputs` name: files as given, directories walked for structure and DSSP files
//! (.cif .mmcif .pdb .ent .dssp, each also .gz; sorted by path), `@LIST` files expanded. Throws
//! config_error for an input that does not exist and for a directory with no such file.
[[nodiscard]] std::vector<std::string> expand_inputs(std::vector<std::string> const & inputs);

//! Removes the records of `records` that are identical to, or share a 30-residue exact substring
//! with, a sequence of the files `test_files` (FASTA, or any labelled format), and returns how many
//! were removed: the leakage guard of make-labels and train-structure (--exclude).
std::size_t drop_overlapping(std::vector<labelled_record> & records, std::vector<std::string> const & test_files);

//! Writes `set` to `path` in the 3-line format and its mask to `mask_path` (1 where a record
//! has a label; unlabelled positions are written as C), both atomically: read_labelled(path,
//! {mask_path}) gives the same records back. Throws io_error.
void write_labelled(std::string const & path, std::string const & mask_path, labelled_set const & set);

//! Options of make-labels: labelled inputs of any format read_labelled() knows, into one 3-line file.
struct labels_config
{
    std::vector<std::string> inputs;  //!< labelled files, directories, @lists
    std::string output;               //!< the 3-line file to write; its mask goes to `<output>.mask`
    std::vector<std::string> exclude; //!< test sequences: overlapping records are dropped
    labelled_options read;            //!< format and structure options
};

//! Every option of make-labels, bound to its field (base/option_table.hpp).
[[nodiscard]] std::span<base::option<labels_config> const> labels_option_table();

//! Runs make-labels: reads every input in order (structure files on `read.threads` threads),
//! drops records that repeat an earlier ID (with a count) and those --exclude names, writes the
//! rest to `output` and the mask (1 = labelled) to `output.mask`, both atomically, and progress
//! and a summary to `log`. Throws config_error (no output or input), input_error, tool_error,
//! io_error; nothing is written then.
void make_labels(labels_config const & cfg, std::ostream & log);

} // namespace ssrnn::io
