#pragma once
//! \file Profiles from an MMseqs2 iterative profile search (docs/profiles.md).
//!
//! For a list of query sequences, in a fresh work directory:
//!   mmseqs createdb query.fa qdb --shuffle 0
//!   mmseqs search qdb DB res tmp --num-iterations 2 -s 7.5 -e 1e-3 --max-seqs 1000 -a
//!   mmseqs result2profile qdb DB res prof
//!   mmseqs profile2pssm prof pssm
//!   mmseqs convertalis qdb DB res hits --format-output query,target
//! The PSSM gives the scores (half bits); the hits give each query's depth (1 + targets found).
//! A FASTA database (plain or .gz) is converted with `mmseqs createdb` once, into the cache
//! directory, and reused while the FASTA file's path, size and modification time are the same.
#include <ssrnn/io/fasta.hpp>
#include <ssrnn/io/profiles.hpp>

#include <filesystem>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::base
{
template <typename Config>
struct option;
} // namespace ssrnn::base

namespace ssrnn::search
{

//! What to search and how.
struct search_settings
{
    std::string mmseqs = "mmseqs"; //!< the MMseqs2 program (looked up on PATH without a '/')
    std::string database;          //!< MMseqs2 database (its path without .dbtype) or FASTA (.gz) file
    std::string tmp_dir;           //!< parent of the work directory; empty: $TMPDIR or /tmp
    std::string cache_dir;         //!< converted databases go here; empty: default_cache_dir()
    int threads = 1;               //!< MMseqs2 --threads
    double sensitivity = 7.5;      //!< -s (7.5: MMseqs2's most sensitive prefilter, as for profiles)
    int iterations = 2;            //!< --num-iterations (profile search rounds)
    double evalue = 1e-3;          //!< -e and --e-profile: inclusion threshold (PSIPRED's 1e-3)
    int max_seqs = 1000;           //!< --max-seqs: prefilter hits passed to alignment per query
};

//! The options of a search (--search-db, --mmseqs, --search-*), declared once (base/option_table.hpp).
//! Not `threads`: the job's --threads sets it.
[[nodiscard]] std::span<base::option<search_settings> const> option_table();

//! Checks the settings (ranges of option_table(), a database given); throws config_error.
void validate(search_settings const & s);

//! The search parameters as MMseqs2 arguments (also recorded in profile files and logs).
[[nodiscard]] std::vector<std::string> search_arguments(search_settings const & s);

//! $SSRNN_CACHE_DIR, else $XDG_CACHE_HOME/ssrnn, else $HOME/.cache/ssrnn.
[[nodiscard]] std::filesystem::path default_cache_dir();

//! Runs MMseqs2 profile searches against one database. Throws tool_error when MMseqs2 cannot be
//! run or fails (the message quotes the end of its log), config_error for a missing database.
class profile_searcher
{
public:
    //! Resolves the database (converting a FASTA file once) and makes the work directory.
    profile_searcher(search_settings s, std::ostream & log);
    ~profile_searcher();
    profile_searcher(profile_searcher const &) = delete;
    profile_searcher & operator=(profile_searcher const &) = delete;

    //! Profiles of `queries`, in their order (IDs and residues taken from them).
    [[nodiscard]] std::vector<io::profile_record> run(std::vector<io::fasta_record> const & queries);

    //! The MMseqs2 database searched.
    [[nodiscard]] std::string const & database() const noexcept { return db_; }
    //! CPU seconds (user + system) used by MMseqs2 so far.
    [[nodiscard]] double child_cpu_seconds() const;

private:
    void mmseqs(std::vector<std::string> const & args, std::string const & step);
    std::string resolve_database();

    search_settings s_;
    std::ostream & log_;
    std::filesystem::path work_;
    std::string db_;
    int runs_ = 0;
    bool prepared_ = false; //!< a prepare-database directory: its index is mapped, not read
};

} // namespace ssrnn::search
