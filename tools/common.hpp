#pragma once
// The tools' command-line glue (CMake target ssrnn_tool_glue): each tool's options come from the
// library's declarations (ssrnn/options.hpp) and become Boost.ProgramOptions descriptions here;
// exit codes, resource report and ending an MPI job are the tools' decisions.
#include <ssrnn/error.hpp>
#include <ssrnn/ssrnn.hpp>
#include <ssrnn/version.hpp>

#include <boost/program_options.hpp>

#include <sys/resource.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <functional>
#include <iostream>
#include <string>

namespace ssrnn::tools
{
namespace po = boost::program_options;

//! Options every tool has: --help, --version (and, for the tools that have no settings, --threads
//! bound to `threads` with its current value as the default).
inline void add_common(po::options_description & d, int * threads = nullptr)
{
    d.add_options()("help,h", "show this help and exit")("version", "print the version and exit");
    if (threads != nullptr)
        d.add_options()("threads,t", po::value(threads)->default_value(*threads),
                        "worker threads (output does not depend on it)");
}

//! The --help text of an option: its help, then its valid range.
inline std::string help_of(option_info const & o)
{
    if (o.range.empty())
        return o.help;
    return o.help + "; " + (o.range.front() == '[' || o.range.front() == '(' ? "in " : "") + o.range;
}

//! Every option of `s`, as Boost.ProgramOptions descriptions (values are read back by apply_options()).
inline void describe(po::options_description & d, po::positional_options_description & pos, settings const & s)
{
    for (auto const & o : s.options())
    {
        std::string const name = o.name + (o.short_name != 0 ? std::string{","} + o.short_name : std::string{});
        po::value_semantic const * value = nullptr;
        if (o.type == option_type::flag)
            value = po::bool_switch();
        else if (o.type == option_type::list)
            value = po::value<std::vector<std::string>>()->composing();
        else if (o.default_text.empty())
            value = po::value<std::string>();
        else
            value = po::value<std::string>()->default_value(o.default_text);
        d.add_options()(name.c_str(), value, help_of(o).c_str());
        if (o.positional)
            pos.add(o.name.c_str(), -1);
    }
}

//! Sets every option of `s` that the command line gave (defaults are the settings' own).
inline void apply_options(po::variables_map const & vm, settings & s)
{
    for (auto const & o : s.options())
    {
        auto const it = vm.find(o.name);
        if (it == vm.end() || it->second.defaulted())
            continue;
        if (o.type == option_type::flag)
        {
            if (it->second.as<bool>())
                s.set(o.name, true);
        }
        else if (o.type == option_type::list)
            s.set(o.name, it->second.as<std::vector<std::string>>());
        else
            s.set_text(o.name, it->second.as<std::string>());
    }
}

//! Parses the command line against `d` (and `pos`) into `vm`; returns false (after printing) for
//! --help/--version. Throws config_error on bad usage.
inline bool parse(int argc, char ** argv, po::options_description const & d,
                  po::positional_options_description const * pos, std::string const & name, char const * usage,
                  po::variables_map & vm)
{
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

//! The same without the values (tools whose options are bound to variables).
inline bool parse(int argc, char ** argv, po::options_description const & d,
                  po::positional_options_description const * pos, std::string const & name, char const * usage)
{
    po::variables_map vm;
    return parse(argc, argv, d, pos, name, usage, vm);
}

//! Parses the command line of a job into `s`: --help, --version and every option of `s`, plus the
//! tool's own `extra` options (read from `vm`). Returns false after --help/--version.
inline bool parse(int argc, char ** argv, settings & s, char const * usage, po::variables_map & vm,
                  po::options_description const & extra = po::options_description{},
                  std::string const & caption = "Options")
{
    po::options_description d{caption};
    po::positional_options_description pos;
    add_common(d);
    describe(d, pos, s);
    for (auto const & o : extra.options())
        d.add(o);
    if (!parse(argc, argv, d, &pos, tool_name(s.kind()), usage, vm))
        return false;
    apply_options(vm, s);
    return true;
}

//! The command line as one string (recorded in model provenance).
inline std::string command_line(int argc, char ** argv)
{
    std::string s;
    for (int i = 0; i < argc; ++i)
        s += (i ? " " : "") + std::string{argv[i]};
    return s;
}

//! The command line without the options that never change a tool's output (--threads N, -t N,
//! --threads=N, -tN, -q, --quiet): what a report shows, the same for any thread count.
inline std::string output_command_line(int argc, char ** argv)
{
    std::string s;
    for (int i = 0; i < argc; ++i)
    {
        std::string const a = argv[i];
        if ((a == "--threads" || a == "-t") && i + 1 < argc)
        {
            ++i;
            continue;
        }
        if (a.starts_with("--threads=") || (a.starts_with("-t") && a.size() > 2 && !a.starts_with("--")) || a == "-q" ||
            a == "--quiet")
            continue;
        s += (s.empty() ? "" : " ") + a;
    }
    return s;
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
