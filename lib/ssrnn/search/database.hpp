#pragma once
//! \file Prepared search databases (prepare-database, docs/profiles.md): a protein FASTA converted
//! and indexed for MMseqs2 once, so that each prediction searches without indexing it again.
//!
//! A prepared database is a directory: `db*` (the MMseqs2 database, `mmseqs createdb`), `db.idx*`
//! (its k-mer index, `mmseqs createindex -s S`) and `manifest.json`: what it was built from (path,
//! bytes, modification time, FNV-1a 64 of the file), the MMseqs2 version and the index
//! parameters. `--search-db DIR` checks the manifest before every search and refuses a database
//! from another MMseqs2 version, with another sensitivity, with a missing part of the index, or
//! whose FASTA changed since.
#include <ssrnn/search/mmseqs.hpp>

#include <filesystem>
#include <iosfwd>
#include <span>
#include <string>

namespace ssrnn::base
{
template <typename Config>
struct option;
} // namespace ssrnn::base

namespace ssrnn::search
{

//! Options of prepare-database.
struct prepare_config
{
    std::string input;      //!< protein FASTA (.gz too)
    std::string output;     //!< the directory to create (must not exist)
    search_settings search; //!< mmseqs, tmp-dir, threads and the sensitivity the index is built for
};

//! Every option of prepare-database (base/option_table.hpp).
[[nodiscard]] std::span<base::option<prepare_config> const> prepare_option_table();

//! Builds the prepared database: createdb and createindex in `<output>.tmp-*`, the manifest, then
//! one rename onto `output` (nothing is left at `output` on failure). Logs steps, times and size.
//! Throws config_error (no input, output exists), tool_error (MMseqs2 failed, e.g. a full disk),
//! io_error.
void prepare_database(prepare_config const & cfg, std::ostream & log);

//! True if `path` is a prepared database directory (it holds manifest.json).
[[nodiscard]] bool is_prepared(std::filesystem::path const & path);

//! Checks the prepared database `dir` against the search `s` and the running MMseqs2 (`version`,
//! as `mmseqs version` prints it) and returns the MMseqs2 database inside it. Throws config_error
//! naming what does not match and what to do.
[[nodiscard]] std::string check_prepared(std::filesystem::path const & dir, search_settings const & s,
                                         std::string const & version, std::ostream & log);

//! `mmseqs version`'s output (one line), run with its log in `work`. Throws tool_error.
[[nodiscard]] std::string mmseqs_version(std::string const & program, std::filesystem::path const & work);

} // namespace ssrnn::search
