#pragma once
//! \file ssrnn where PSIPRED is called today (docs/integrations.md):
//!
//! - ssrnn-addss: HH-suite's addss.pl without BLAST. Reads an A3M (file or stdin) and writes it
//!   back with `>ss_pred` (H, E, C: the 3-state argmax) and `>ss_conf` (PSIPRED's digit,
//!   floor(10 (p_max - p_second)), 0-9) for the query's residues, after `>ss_dssp` if present,
//!   replacing earlier `ss_pred`/`ss_conf`; with --ss-only just those two records (RoseTTAFold's
//!   make_ss.sh output, put in front of the alignment with `cat`).
//! - ssrnn-runpsipred_single / ssrnn-runpsipred: PSIPRED's contract. `CMD FILE.fasta` writes
//!   ROOT.ss (pass-1 rows, no header), ROOT.ss2 and ROOT.horiz into the current directory, ROOT
//!   being the file name without directory and last extension; one record.
#include <ssrnn/search/mmseqs.hpp>

#include <iosfwd>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::base
{
template <typename Config>
struct option;
} // namespace ssrnn::base

namespace ssrnn::predict
{

//! Options of ssrnn-addss.
struct addss_config
{
    std::vector<std::string> files;  //!< [INPUT [OUTPUT]] as addss.pl takes them; no input: stdin
    std::string output = "-";        //!< the annotated A3M (written atomically), or "-" for stdout
    std::vector<std::string> models; //!< model files; empty = the bundled default
    bool ss_only = false;            //!< write only >ss_pred and >ss_conf
    int threads = 1;                 //!< worker threads
};

//! Every option of ssrnn-addss (base/option_table.hpp).
[[nodiscard]] std::span<base::option<addss_config> const> addss_option_table();

//! Runs ssrnn-addss. Throws input_error (file, record and column), model_format_error, io_error.
void run_addss(addss_config const & cfg, std::ostream & log);

//! Options of ssrnn-runpsipred_single and ssrnn-runpsipred.
struct psipred_config
{
    std::vector<std::string> inputs; //!< one FASTA file with one record
    std::vector<std::string> models; //!< model files; empty = the bundled default
    search::search_settings search;  //!< --search-db: profiles for a profile model
    std::string msa;                 //!< --msa: the record's alignment, for a profile model, instead of a search
    bool profile = false;            //!< runpsipred: the bundled profile model, database from $SSRNN_SEARCH_DB
    std::string outdir = ".";        //!< where ROOT.ss, ROOT.ss2 and ROOT.horiz go
    int threads = 1;                 //!< worker threads (and MMseqs2's)
};

//! Every option of the runpsipred commands.
[[nodiscard]] std::span<base::option<psipred_config> const> psipred_option_table();

//! Runs the PSIPRED-style prediction of one record. Throws config_error, input_error (not one
//! record), tool_error (MMseqs2), model_format_error, io_error; no file is written then.
void run_psipred(psipred_config const & cfg, std::ostream & log);

} // namespace ssrnn::predict
