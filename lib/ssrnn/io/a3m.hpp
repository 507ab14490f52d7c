#pragma once
//! \file A3M alignments as HH-suite writes them, for annotating them with predicted secondary
//! structure (ssrnn-addss, docs/integrations.md).
//!
//! Text before the first `>` (e.g. `#A3M#` or a `#name` line) is kept as is. Records whose name
//! starts with `ss_` or `aa_` are annotations (`>ss_dssp`, `>ss_pred`, `>ss_conf`, ...). The first
//! other record is the query: its residues (uppercase letters, no gaps, no lowercase) are the
//! match columns. Every other sequence has as many match columns (uppercase letters and `-`);
//! lowercase letters and `.` are insert states.
#include <string>
#include <string_view>
#include <vector>

namespace ssrnn::io
{

//! One record as it stands in the file.
struct a3m_record
{
    std::string header;      //!< the header line without `>`
    std::string raw;         //!< the record's text, header line and sequence lines, as read
    std::string sequence;    //!< the sequence lines joined, white space removed
    bool annotation = false; //!< `ss_*` or `aa_*`
};

//! A parsed A3M file.
struct a3m_alignment
{
    std::string preamble;            //!< text before the first record
    std::vector<a3m_record> records; //!< in file order
    std::size_t query = 0;           //!< index of the query record
};

//! The name of a record: its header up to the first white space.
[[nodiscard]] std::string_view record_name(a3m_record const & r) noexcept;

//! Parses and checks A3M `text` (read from `path`, named in messages). Throws input_error naming
//! file, record and column for an alignment without sequences, a query with a gap, a lowercase
//! letter or a non-letter, a sequence with another number of match columns than the query, or a
//! character that is no residue, gap or insert, or an `ss_dssp` record of another length.
[[nodiscard]] a3m_alignment parse_a3m(std::string const & path, std::string_view text);

} // namespace ssrnn::io
