#pragma once
//! \file Alignment profiles: readers for PSI-BLAST ASCII PSSMs, HH-suite HHMs, MMseqs2
//! `profile2pssm` output and ssrnn's own profile file; the writer of the latter; matching
//! profiles to sequences by ID.
//!
//! Every reader converts to one representation: per residue 20 log-odds scores in half bits
//! (BLOSUM62's unit, the unit of PSI-BLAST's and MMseqs2's PSSMs), columns in the order
//! ARNDCQEGHILKMFPSTWYV (encode::residue_letters). HHM emission probabilities p become
//! 2 log2(p / background) with HH-suite's own background (its NULL line). Scores are clamped to
//! [-20, 20].
#include <ssrnn/io/labelled.hpp>

#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ssrnn::io
{

//! Scores per residue.
inline constexpr int profile_columns = 20;
//! Lowest score kept (half bits); lower ones (and HHM's zero probabilities) are raised to it.
inline constexpr float profile_score_floor = -20.0F;
//! Highest score kept (half bits); higher ones are lowered to it.
inline constexpr float profile_score_ceiling = 20.0F;

//! Formats read by read_profiles (detected from the content).
enum class profile_format
{
    ssrnn,     //!< ssrnn's own file (docs/profiles.md): many records, IDs, residues, depth
    pssm,      //!< PSI-BLAST `-out_ascii_pssm`: one record, ID from the file name
    hhm,       //!< HH-suite `.hhm`: one record, ID from its NAME line
    mmseqs2,   //!< MMseqs2 `profile2pssm`: many records, matched by order (it prints no IDs or residues)
    alignment, //!< an alignment (io/msa.hpp): one record, its query; the profile computed in-process
};

//! Name of a format (messages).
[[nodiscard]] std::string to_string(profile_format f);

//! The profile of one sequence.
struct profile_record
{
    std::string id;            //!< record ID (first word)
    std::string sequence;      //!< query residues; empty where the format does not give them
    std::vector<float> scores; //!< length x 20, half-bit log-odds, ARNDCQEGHILKMFPSTWYV
    double depth = 0;          //!< sequences in the alignment, query included; 0 = not recorded
    double neff = 0;           //!< effective number of sequences (alignments); 0 = not recorded
    [[nodiscard]] std::size_t length() const noexcept { return scores.size() / profile_columns; }
};

//! Profiles read from one file.
struct profile_file
{
    std::string path; //!< where they came from (messages)
    profile_format format = profile_format::ssrnn;
    std::vector<profile_record> records; //!< in file order
};

struct msa;

//! The profile of an alignment's query (encode::profile_from_alignment): ID and residues of the
//! query, depth = the alignment's rows, its Neff.
[[nodiscard]] profile_record profile_of(msa const & a);

//! Reads a profile file of any supported format, or an alignment (gzip-compressed too). Throws input_error naming
//! the file, line and record on malformed or truncated content, io_error if it cannot be read.
[[nodiscard]] profile_file read_profiles(std::string const & path);

//! Writes records in ssrnn's own format (the header line, then each record). Scores are rounded
//! to integers, as PSSMs print them.
void write_profiles_header(std::ostream & out);
//! Writes one record in ssrnn's own format.
void write_profile_record(std::ostream & out, profile_record const & r);
//! Writes the end line (`#end <records>`) that tells a complete file from a truncated one.
void write_profiles_end(std::ostream & out, std::size_t records);

//! Profiles from one or more files, looked up by record ID (or by order, for MMseqs2 files).
class profile_index
{
public:
    //! Reads every path (a file, or a directory whose `*.pssm`, `*.hhm` and ssrnn profile files
    //! are all read). Throws input_error on a record ID given twice.
    explicit profile_index(std::vector<std::string> const & paths);
    profile_index() = default;

    //! The profile of record number `number` (0-based, in input order) with this ID and sequence;
    //! when the index holds one alignment only, it is the first record's whatever its query's name.
    //! Throws input_error if there is none or if its length or residues disagree with `sequence`.
    [[nodiscard]] profile_record const & find(std::string_view id, std::size_t number, std::string_view sequence,
                                              std::string_view where) const;
    //! Adds profiles read elsewhere (an alignment already in memory). Throws as the constructor.
    void add(profile_file file);
    //! Reads and adds `paths` as the constructor does; with `alignments_only`, a file that is not an
    //! alignment is an input_error (--msa).
    void add_paths(std::vector<std::string> const & paths, bool alignments_only = false);
    //! True if no profiles were given.
    [[nodiscard]] bool empty() const noexcept { return files_.empty(); }
    //! FNV-1a 64 over every record (provenance).
    [[nodiscard]] std::uint64_t checksum() const noexcept { return checksum_; }
    //! The files, as given (messages and provenance).
    [[nodiscard]] std::string describe() const;

private:
    std::vector<profile_file> files_;
    std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> by_id_; // id -> (file, record)
    std::uint64_t checksum_ = 0;
};

//! Profile features (encode::append_profile_features) of every record of `data` from the profile
//! files `paths` (empty result if `paths` is empty). Throws input_error for a missing or mismatched
//! profile, naming `where` and the record.
//! With `depths`, also each record's profile depth (0 where the file records none).
[[nodiscard]] std::vector<std::vector<float>> profile_features(labelled_set const & data,
                                                               std::vector<std::string> const & paths,
                                                               std::string const & where,
                                                               std::vector<double> * depths = nullptr);

} // namespace ssrnn::io
