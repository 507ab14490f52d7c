#include <ssrnn/base/checksum.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/io/fasta.hpp>
#include <ssrnn/io/profiles.hpp>
#include <ssrnn/search/profile_builder.hpp>

#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <unordered_set>

namespace ssrnn::search
{
namespace fs = std::filesystem;

namespace
{
double self_cpu_seconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

std::vector<io::fasta_record> read_inputs(std::vector<std::string> const & inputs)
{
    std::vector<io::fasta_record> all;
    std::unordered_set<std::string> ids;
    for (auto const & path : inputs)
    {
        io::fasta_reader reader{path};
        io::fasta_record rec;
        for (std::size_t number = 1; reader.next(rec); ++number)
        {
            if (!ids.insert(rec.id).second)
                throw input_error(reader.name() + ": record " + std::to_string(number) + ": ID '" + rec.id +
                                  "' given twice (a profile file is looked up by ID)");
            all.push_back(std::move(rec));
        }
    }
    return all;
}

//! Identifies a chunk's content and the search that makes it (the chunk file's name carries it).
std::uint64_t chunk_key(std::vector<io::fasta_record> const & all, std::size_t b, std::size_t e,
                        std::string const & search)
{
    auto h = base::fnv1a64(search.data(), search.size());
    for (auto k = b; k < e; ++k)
    {
        h = base::fnv1a64(all[k].id.data(), all[k].id.size(), h);
        h = base::fnv1a64("\n", 1, h);
        h = base::fnv1a64(all[k].sequence.data(), all[k].sequence.size(), h);
        h = base::fnv1a64("\n", 1, h);
    }
    return h;
}

void write_file(std::string const & path, std::string const & comment, std::vector<io::profile_record> const & recs)
{
    io::atomic_output out{path};
    io::write_profiles_header(out.stream());
    out.stream() << "# " << comment << '\n';
    for (auto const & r : recs)
        io::write_profile_record(out.stream(), r);
    io::write_profiles_end(out.stream(), recs.size());
    out.commit();
}
} // namespace

std::span<base::option<build_config> const> build_option_table()
{
    static auto const table =
        base::option_list<build_config>{}
            .add(
                "threads", [](auto & c) -> auto & { return c.search.threads; },
                "worker threads (output does not depend on it)", base::between(1, 1024), 't')
            .add(
                "output", [](auto & c) -> auto & { return c.output; },
                "profile file to write (ssrnn format, docs/profiles.md; atomically)", {}, 'o')
            .add(
                "chunk", [](auto & c) -> auto & { return c.chunk; }, "sequences per MMseqs2 run", base::at_least(1))
            .add(
                "parts", [](auto & c) -> auto & { return c.parts; },
                "directory of finished chunks (default: OUTPUT.parts); a rerun reuses them")
            .add(
                "keep-parts", [](auto & c) -> auto & { return c.keep_parts; },
                "keep the chunk files after writing OUTPUT")
            .add(
                "input", [](auto & c) -> auto & { return c.inputs; }, "FASTA files (- = stdin; .gz accepted)")
            .positional()
            .include(
                option_table(), [](auto & c) -> auto & { return c.search; })
            .done();
    return table;
}

build_summary build_profiles(build_config const & cfg, std::ostream & log)
{
    if (cfg.output.empty() || cfg.output == "-")
        throw config_error("--output FILE is required (build-profiles writes a file, atomically)");
    base::check_ranges(build_option_table(), cfg);
    if (cfg.inputs.empty())
        throw config_error("no input file given (use - for standard input)");
    validate(cfg.search);
    auto const t0 = std::chrono::steady_clock::now();
    auto const cpu0 = self_cpu_seconds();
    auto const all = read_inputs(cfg.inputs);
    fs::path const parts = cfg.parts.empty() ? fs::path{cfg.output + ".parts"} : fs::path{cfg.parts};
    std::error_code ec;
    fs::create_directories(parts, ec);
    if (!fs::is_directory(parts))
        throw io_error(parts.string() + ": cannot create the directory for finished chunks");
    std::string search = "mmseqs search";
    for (auto const & a : search_arguments(cfg.search))
        search += " " + a;
    search += " against " + cfg.search.database;
    profile_searcher searcher{cfg.search, log};
    build_summary sum;
    sum.chunks = (all.size() + cfg.chunk - 1) / cfg.chunk;
    std::vector<io::profile_record> result;
    result.reserve(all.size());
    for (std::size_t c = 0; c < sum.chunks; ++c)
    {
        auto const b = c * cfg.chunk, e = std::min(all.size(), b + cfg.chunk);
        std::ostringstream name;
        name << "chunk-" << std::setw(6) << std::setfill('0') << c + 1 << '-'
             << base::hex64(chunk_key(all, b, e, search)) << ".profiles";
        auto const file = (parts / name.str()).string();
        std::size_t residues = 0;
        for (auto k = b; k < e; ++k)
            residues += all[k].sequence.size();
        if (fs::exists(file))
        {
            auto got = io::read_profiles(file);
            for (auto & r : got.records)
                result.push_back(std::move(r));
            ++sum.chunks_reused;
            log << "build-profiles: chunk " << c + 1 << "/" << sum.chunks << " reused (" << file << ")\n";
            continue;
        }
        auto const w0 = std::chrono::steady_clock::now();
        auto const cc0 = searcher.child_cpu_seconds();
        std::vector<io::fasta_record> const queries(all.begin() + static_cast<std::ptrdiff_t>(b),
                                                    all.begin() + static_cast<std::ptrdiff_t>(e));
        auto got = searcher.run(queries);
        write_file(file, search, got);
        std::chrono::duration<double> const dt = std::chrono::steady_clock::now() - w0;
        log << "build-profiles: chunk " << c + 1 << "/" << sum.chunks << ": " << e - b << " sequences, " << residues
            << " residues in " << std::fixed << std::setprecision(1) << dt.count() << " s ("
            << static_cast<double>(e - b) / std::max(dt.count(), 1e-9) << " sequences/s, MMseqs2 CPU "
            << searcher.child_cpu_seconds() - cc0 << " s)" << std::defaultfloat << '\n';
        for (auto & r : got)
            result.push_back(std::move(r));
    }
    for (auto const & r : all)
        sum.residues += r.sequence.size();
    sum.sequences = all.size();
    write_file(cfg.output, search, result);
    if (!cfg.keep_parts)
        fs::remove_all(parts, ec);
    std::chrono::duration<double> const dt = std::chrono::steady_clock::now() - t0;
    sum.wall_seconds = dt.count();
    sum.cpu_seconds = self_cpu_seconds() - cpu0 + searcher.child_cpu_seconds();
    log << "build-profiles: " << sum.sequences << " sequences (" << sum.residues << " residues) in " << std::fixed
        << std::setprecision(1) << sum.wall_seconds << " s wall, " << sum.cpu_seconds << " s CPU ("
        << static_cast<double>(sum.sequences) / std::max(sum.wall_seconds, 1e-9) << " sequences/s; "
        << sum.chunks_reused << " of " << sum.chunks << " chunks from an earlier run); written to " << cfg.output
        << std::defaultfloat << '\n';
    return sum;
}

} // namespace ssrnn::search
