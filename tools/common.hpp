#pragma once
// Shared option groups and error handling of the ssrnn tools.
#include <ssrnn/error.hpp>
#include <ssrnn/nn/packed_gemm.hpp>
#include <ssrnn/predict/predictor.hpp>
#include <ssrnn/search/mmseqs.hpp>
#include <ssrnn/ssrnn.hpp>
#include <ssrnn/version.hpp>

#include <boost/program_options.hpp>

#include <sys/resource.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <exception>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>

namespace ssrnn::tools
{
namespace po = boost::program_options;

//! A value option whose default is the current value of `field` (the library's config struct
//! default), shown as a stream prints it ("0.002", not "0.0020000000000000000416").
template <typename T>
po::typed_value<T> * with_default(T & field)
{
    std::ostringstream shown;
    shown << field;
    return po::value(&field)->default_value(field, shown.str());
}

//! Options every tool has: --help, --version, --threads (its default from `threads`).
inline void add_common(po::options_description & d, int & threads, bool with_threads = true)
{
    d.add_options()("help,h", "show this help and exit")("version", "print the version and exit");
    if (with_threads)
        d.add_options()("threads,t", with_default(threads), "worker threads (output does not depend on it)");
}

//! `--precision float32|bf16|auto` (prediction); `name` holds the text until parse_precision().
inline void add_precision(po::options_description & d, std::string & name, predict::precision dflt)
{
    name = predict::to_string(dflt);
    d.add_options()("precision", with_default(name),
                    "float32; bf16: bfloat16 products with float32 sums in the LSTM layers (CPUs with AVX-512 "
                    "BF16; elsewhere float32 is used and a note is printed); auto: bf16 on CPUs where it is "
                    "measured to be >= 1.5x faster (AMD Zen 5), float32 elsewhere (docs/performance.md)");
}

//! MMseqs2 search options (`--search-db`, `--mmseqs`, `--tmp-dir`, ...) into `s`; with
//! `profiles`, also `--profiles` (precomputed profile files).
inline void add_profile_options(po::options_description & d, std::vector<std::string> * profiles,
                                search::search_settings & s)
{
    if (profiles != nullptr)
        d.add_options()("profiles", po::value(profiles)->composing(),
                        "precomputed profiles for a profile model: ssrnn profile file, PSI-BLAST ASCII PSSM, .hhm or "
                        "MMseqs2 profile2pssm output, or a directory of them (repeatable; matched by record ID)");
    d.add_options()("search-db", po::value(&s.database),
                    "build profiles with MMseqs2 against this database (MMseqs2 database or FASTA, .gz too; a FASTA "
                    "is converted once into the cache, SSRNN_CACHE_DIR or ~/.cache/ssrnn)")(
        "mmseqs", with_default(s.mmseqs),
        "the MMseqs2 program")("tmp-dir", po::value(&s.tmp_dir),
                               "parent of MMseqs2's work directory (default: $TMPDIR or /tmp; removed at exit)")(
        "search-sensitivity", with_default(s.sensitivity),
        "MMseqs2 -s")("search-iterations", with_default(s.iterations), "MMseqs2 --num-iterations")(
        "search-evalue", with_default(s.evalue), "MMseqs2 -e and --e-profile (inclusion threshold)")(
        "search-max-seqs", with_default(s.max_seqs), "MMseqs2 --max-seqs");
}

//! `--no-homolog-model`: what predicts the records a profile model has no homologs for.
inline void add_no_homolog_option(po::options_description & d, std::string & name)
{
    d.add_options()("no-homolog-model", with_default(name),
                    "with a profile model: records whose profile has depth 1 (no homolog found) are predicted by "
                    "this single-sequence model: default (the bundled model), none, or a model file");
}

//! Parses --precision; notes on stderr when bf16 is asked for on a CPU without it, and (unless
//! `quiet`) what `auto` chose.
inline predict::precision parse_precision(std::string const & name, char const * tool, bool quiet = false)
{
    auto const p = predict::parse_precision(name);
    if (p == predict::precision::bf16 && !nn::bf16_supported())
        std::cerr << tool << ": note: this CPU has no AVX-512 BF16; computing in float32\n";
    if (p == predict::precision::automatic && !quiet)
        std::cerr << tool << ": note: --precision auto: " << predict::to_string(predict::resolve(p))
                  << " on this CPU\n";
    return p;
}

//! The command line as one string (recorded in model provenance).
inline std::string command_line(int argc, char ** argv)
{
    std::string s;
    for (int i = 0; i < argc; ++i)
        s += (i ? " " : "") + std::string{argv[i]};
    return s;
}

//! Parses; returns false (after printing) for --help/--version. Throws config_error on bad usage.
inline bool parse(int argc, char ** argv, po::options_description const & d,
                  po::positional_options_description const * pos, char const * name, char const * usage)
{
    po::variables_map vm;
    try
    {
        auto p = po::command_line_parser(argc, argv).options(d);
        if (pos)
            p.positional(*pos);
        po::store(p.run(), vm);
        if (vm.count("help"))
        {
            std::cout << "Usage: " << name << ' ' << usage << "\n\n" << d << '\n';
            return false;
        }
        if (vm.count("version"))
        {
            std::cout << name << ' ' << version_string << '\n';
            return false;
        }
        po::notify(vm);
    }
    catch (po::error const & e)
    {
        throw config_error(e.what());
    }
    return true;
}

//! Prints version, wall time, CPU time and peak memory to stderr.
inline void report_resources(char const * name, std::chrono::steady_clock::time_point start)
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    double const wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double const cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                       1e-6 * static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    std::fprintf(stderr, "%s %s: wall %.2f s, CPU %.2f s, peak RSS %.1f MB\n", name, version_string, wall, cpu,
                 static_cast<double>(ru.ru_maxrss) / 1024.0);
}

//! Ends every rank of the job with exit code `code` after writing `message` (if any) to stderr:
//! MPI_Abort in an MPI build that has initialised MPI, else this process's exit (end_job.cpp). The
//! library never ends a process itself; a tool decides, when one rank failed and the others would
//! wait for it at their next exchange.
[[noreturn]] void end_every_rank(int code, std::string const & message);

//! Runs a tool body and maps exceptions to the documented exit codes.
inline int run(char const * name, std::function<int()> const & body)
{
    ssrnn::keep_freed_memory();    // the library's documented allocator tuning
    std::signal(SIGPIPE, SIG_IGN); // a closed pipe is a write error (exit 4), not a silent death
    try
    {
        return body();
    }
    catch (ssrnn::error const & e)
    {
        std::cerr << name << ": error: " << e.what() << '\n';
        if (e.code() == exit_code::usage)
            std::cerr << "Try '" << name << " --help' for more information.\n";
        return static_cast<int>(e.code());
    }
    catch (std::bad_alloc const &)
    {
        std::cerr << name << ": error: out of memory\n";
        return static_cast<int>(exit_code::io);
    }
    catch (std::exception const & e)
    {
        std::cerr << name << ": internal error: " << e.what() << '\n';
        return static_cast<int>(exit_code::internal);
    }
}

} // namespace ssrnn::tools
