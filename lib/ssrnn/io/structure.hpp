#pragma once
//! \file Structures (PDB and mmCIF files, experimental or predicted, plain or gzip) as labelled
//! data: DSSP's 8-state assignment per residue, one record per protein chain (docs/training.md).
//!
//! - mkdssp (Debian's `dssp` package, 4.x) runs on each file and writes mmCIF with its own
//!   categories (`--write-experimental`); an mmCIF file that already carries them is read as is.
//!   libcifpp parses the mmCIF. The state comes from `_dssp_struct_summary.secondary_structure`
//!   (never from `_struct_conf` ranges, which merge B into E); `.`, blank, and P (polyproline
//!   II) are C.
//! - The sequence is the entity's full sequence (`entity_poly.pdbx_seq_one_letter_code_can`, else
//!   `entity_poly_seq` through a three-letter table: MSE as M, SEC as U, PYL as O, others X), so
//!   residues without coordinates, or without a DSSP state, are in the record with no label
//!   (mask 0). Record IDs are `<entry>_<author chain>`.
//! - Skipped with a count: chains of non-protein entities, chains shorter than `min_length`,
//!   chains with no standard residue or no DSSP state; DSSP reads the first model only (further
//!   NMR models are counted).
//! - Predicted models: with `min_plddt` > 0, residues whose pLDDT (`_ma_qa_metric_local`, else
//!   the B-factor column of the CA atom) is below it get no label.
#include <ssrnn/io/labelled.hpp>
#include <ssrnn/io/structure_settings.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ssrnn::io
{

//! True if `text` is mmCIF (its first data line starts with `data_`).
[[nodiscard]] bool is_mmcif(std::string_view text) noexcept;
//! True if `text` looks like a PDB-format file (its first line is a PDB record such as HEADER or ATOM).
[[nodiscard]] bool is_pdb(std::string_view text) noexcept;

//! The protein chains of mmCIF `text` (from `path`, named in messages) that carries mkdssp's
//! categories. Throws input_error naming the file (and chain or row) for text libcifpp cannot
//! parse, a file without `_dssp_struct_summary` or `entity_poly`, or a malformed row.
[[nodiscard]] std::vector<labelled_record> parse_dssp_mmcif(std::string const & path, std::string_view text,
                                                            structure_settings const & s, structure_counts & counts);

//! The protein chains of one structure file (PDB or mmCIF, .gz too): mmCIF with DSSP categories
//! is read directly, anything else goes through mkdssp, whose files go under `work`. Throws
//! input_error (not a structure, unreadable), tool_error (mkdssp missing or failing), io_error.
[[nodiscard]] std::vector<labelled_record> read_structure(std::string const & path, structure_settings const & s,
                                                          std::filesystem::path const & work,
                                                          structure_counts & counts);

//! The chains of each file in `paths` (one list per file, in that order), read on `threads`
//! threads (the result does not depend on it), a line per file to `log` when it is not null. The
//! first file's error (in `paths` order) is thrown.
[[nodiscard]] std::vector<std::vector<labelled_record>> read_structures(std::vector<std::string> const & paths,
                                                                        structure_settings const & s, int threads,
                                                                        std::ostream * log, structure_counts & counts);

//! The summary of `counts` as one line (what was kept and skipped, and why).
[[nodiscard]] std::string summary_line(structure_counts const & counts);

} // namespace ssrnn::io
