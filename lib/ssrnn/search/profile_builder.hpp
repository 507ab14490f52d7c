#pragma once
//! \file build-profiles: profiles of a FASTA file into one ssrnn profile file, in chunks that
//! survive an interrupted run (each finished chunk is a file; a rerun skips it).
#include <ssrnn/search/mmseqs.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace ssrnn::search
{

//! Options of build-profiles.
struct build_config
{
    std::vector<std::string> inputs; //!< FASTA files ("-" = stdin)
    std::string output;              //!< the profile file (written atomically at the end)
    std::string parts;               //!< finished chunks; empty: `<output>.parts`
    std::size_t chunk = 2000;        //!< sequences per MMseqs2 run
    bool keep_parts = false;         //!< keep the chunk files after writing `output`
    search_settings search;          //!< database, program and parameters
};

//! What a run did.
struct build_summary
{
    std::size_t sequences = 0, residues = 0, chunks = 0, chunks_reused = 0;
    double wall_seconds = 0, cpu_seconds = 0; //!< this run (reused chunks cost nothing)
};

//! Every option of build-profiles, bound to its field (base/option_table.hpp).
[[nodiscard]] std::span<base::option<build_config> const> build_option_table();

//! Runs build-profiles; progress on `log`. Throws input_error (bad FASTA, an ID given twice),
//! tool_error (MMseqs2), io_error, config_error.
build_summary build_profiles(build_config const & cfg, std::ostream & log);

} // namespace ssrnn::search
