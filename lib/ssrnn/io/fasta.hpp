#pragma once
//! \file Streaming protein FASTA reader (SeqAn3 underneath, strict validation on top).
//!
//! Accepted input: plain or gzip/bgzf/bzip2-compressed FASTA, `-` for standard input,
//! one or more records, sequence lines of amino-acid letters in either case, optional trailing
//! `*` per record, blank lines and whitespace. Rejected with ssrnn::input_error naming the file,
//! record (1-based number and ID), residue position and line: any other character in a
//! sequence line (digits, `-`, `.`, `;`, ...), text before the first header, empty records,
//! empty IDs, and anything that is not text.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace ssrnn::io
{

//! One FASTA record as read.
struct fasta_record
{
    std::string id;          //!< header up to the first blank
    std::string description; //!< rest of the header line (may be empty)
    std::string sequence;    //!< uppercase amino-acid letters (B Z J U O X kept as such)
};

//! Reads FASTA records one at a time; memory does not grow with the number of records.
class fasta_reader
{
public:
    //! Opens `path` (`-` = standard input). Throws io_error if it cannot be opened.
    explicit fasta_reader(std::string const & path);
    ~fasta_reader();
    fasta_reader(fasta_reader const &) = delete;
    fasta_reader & operator=(fasta_reader const &) = delete;

    //! Reads the next record into `rec`; returns false at the end of input.
    //! Throws input_error on malformed input.
    bool next(fasta_record & rec);

    //! Name used in messages (the path, or "<stdin>").
    [[nodiscard]] std::string const & name() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

//! Reads every record of a FASTA file.
std::vector<fasta_record> read_fasta(std::string const & path);

} // namespace ssrnn::io
