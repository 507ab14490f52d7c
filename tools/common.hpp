#pragma once
// Shared option groups and error handling of the ssrnn tools.
#include <ssrnn/error.hpp>
#include <ssrnn/nn/packed_gemm.hpp>
#include <ssrnn/version.hpp>

#include <boost/program_options.hpp>

#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <functional>
#include <iostream>
#include <string>

namespace ssrnn::tools
{
namespace po = boost::program_options;

//! Options every tool has: --help, --version, --threads, -v.
inline void add_common(po::options_description & d, int & threads, bool with_threads = true)
{
    d.add_options()("help,h", "show this help and exit")("version", "print the version and exit");
    if (with_threads)
        d.add_options()("threads,t", po::value(&threads)->default_value(1),
                        "worker threads (output does not depend on it)");
}

//! `--precision float32|bf16` (prediction).
inline void add_precision(po::options_description & d, std::string & precision)
{
    d.add_options()("precision", po::value(&precision)->default_value("float32"),
                    "float32, or bf16: bfloat16 products with float32 sums in the LSTM layers (CPUs with "
                    "AVX-512 BF16; elsewhere float32 is used and a note is printed)");
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

//! Keeps freed memory for reuse instead of returning it to the kernel. The network's buffers
//! change size with every batch and are tens of MB each; by default glibc serves them with fresh
//! mmap()s whose pages the kernel must zero on first touch, which cost up to a quarter of the
//! training time (perf: clear_page_erms). One arena, no mmap, no trimming: the heap grows to the
//! largest batch and is reused from then on.
inline void keep_freed_memory() noexcept
{
    ::mallopt(M_MMAP_MAX, 0);
    ::mallopt(M_ARENA_MAX, 1);
    ::mallopt(M_TRIM_THRESHOLD, -1);
}

//! True for bf16; throws config_error for anything but float32 and bf16.
inline bool use_bf16(std::string const & precision, char const * tool)
{
    if (precision == "float32")
        return false;
    if (precision != "bf16")
        throw config_error("--precision must be float32 or bf16");
    if (!nn::bf16_supported())
        std::cerr << tool << ": note: this CPU has no AVX-512 BF16; computing in float32\n";
    return true;
}

//! Runs a tool body and maps exceptions to the documented exit codes.
inline int run(char const * name, std::function<int()> const & body)
{
    keep_freed_memory();
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
