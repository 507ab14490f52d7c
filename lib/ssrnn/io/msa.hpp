#pragma once
//! \file Multiple sequence alignments as users have them (docs/profiles.md, "Profiles from
//! alignments"): A3M (HH-suite, MMseqs2 result2msa, ColabFold; A2M too), aligned FASTA and
//! Stockholm, reduced to the query's match columns. The first sequence is the query.
//!
//! - A3M (a file named `.a3m`, or rows of different lengths): uppercase letters and '-' are match
//!   columns, lowercase letters and '.' insert states, dropped as HH-suite does; the query has no
//!   gap and no lowercase letter.
//! - Aligned FASTA and A2M (rows of one length): the columns where the query has a letter are the
//!   match columns; the others (gaps in the query, A2M's inserts) are dropped; letters are read in
//!   either case.
//! - Stockholm (`# STOCKHOLM` first): one alignment; `#=` mark-up ignored; rows may be interleaved
//!   in blocks; then read as aligned FASTA.
//! Records named `ss_*` or `aa_*` (HH-suite's annotations) and text before the first record of an
//! A3M (`#A3M#`, `#` lines) are ignored.
#include <string>
#include <string_view>
#include <vector>

namespace ssrnn::io
{

struct a3m_alignment;

//! Alignment formats told apart by parse_msa.
enum class msa_format
{
    a3m,       //!< A3M: inserts in lowercase / '.', dropped
    fasta,     //!< aligned FASTA or A2M: rows of one length
    stockholm, //!< Stockholm 1.0
};

//! Name of a format (messages, provenance).
[[nodiscard]] std::string to_string(msa_format f);

//! An alignment reduced to the query's match columns.
struct msa
{
    std::string path;                    //!< where it came from (messages)
    msa_format format = msa_format::a3m; //!< as detected
    std::string query_id;                //!< the query's name: its header up to the first blank
    std::vector<std::string>
        rows; //!< rows[0] = the query's residues; each row one uppercase letter or '-' per match column
    std::vector<std::string> names; //!< each row's name (messages)
};

//! True if `text` reads as an alignment: a Stockholm header, or (after `#` lines) a FASTA-style `>`.
[[nodiscard]] bool looks_like_msa(std::string_view text) noexcept;

//! Parses an alignment read from `path` (named in messages). Throws input_error naming the file,
//! record and column for: no sequences, a query without residues, a gap or lowercase letter in an
//! A3M query, a row with another number of match columns (A3M) or another length (aligned FASTA,
//! Stockholm) than the query, a character that is no letter, gap or insert, a Stockholm file
//! without its end line or with several alignments.
[[nodiscard]] msa parse_msa(std::string const & path, std::string_view text);

//! The alignment of an A3M file that io::parse_a3m has already read and checked (ssrnn-addss: its
//! leading text, kept as is there, is not an error here).
[[nodiscard]] msa msa_of(a3m_alignment const & a, std::string const & path);

} // namespace ssrnn::io
