#include <ssrnn/base/checksum.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/base/process.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/search/database.hpp>
#include <ssrnn/search/mmseqs.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <sstream>
#include <unordered_map>

namespace ssrnn::search
{
namespace fs = std::filesystem;

namespace
{
std::string number(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

std::string env_or(char const * name, std::string const & fallback)
{
    char const * v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::string{v} : fallback;
}
} // namespace

std::span<base::option<search_settings> const> option_table()
{
    using base::between, base::above_to, base::at_least;
    static auto const table =
        base::option_list<search_settings>{}
            .add(
                "search-db", [](auto & s) -> auto & { return s.database; },
                "build profiles with MMseqs2 against this database: a directory prepare-database made (indexed: "
                "fastest), an MMseqs2 database, or a FASTA (.gz too; converted once into the cache, SSRNN_CACHE_DIR "
                "or ~/.cache/ssrnn)")
            .add(
                "mmseqs", [](auto & s) -> auto & { return s.mmseqs; }, "the MMseqs2 program")
            .add(
                "tmp-dir", [](auto & s) -> auto & { return s.tmp_dir; },
                "parent of MMseqs2's work directory (default: $TMPDIR or /tmp; removed at exit)")
            .add(
                "search-sensitivity", [](auto & s) -> auto & { return s.sensitivity; }, "MMseqs2 -s", between(1, 7.5))
            .add(
                "search-iterations", [](auto & s) -> auto & { return s.iterations; }, "MMseqs2 --num-iterations",
                between(1, 10))
            .add(
                "search-evalue", [](auto & s) -> auto & { return s.evalue; },
                "MMseqs2 -e and --e-profile (inclusion threshold)", above_to(0, 100))
            .add(
                "search-max-seqs", [](auto & s) -> auto & { return s.max_seqs; }, "MMseqs2 --max-seqs", at_least(1))
            .done();
    return table;
}

void validate(search_settings const & s)
{
    if (s.database.empty())
        throw config_error("no search database given");
    if (s.threads < 1 || s.threads > 1024)
        throw config_error("--threads must be in [1, 1024]");
    base::check_ranges(option_table(), s);
}

std::vector<std::string> search_arguments(search_settings const & s)
{
    return {"--num-iterations",
            std::to_string(s.iterations),
            "-s",
            number(s.sensitivity),
            "-e",
            number(s.evalue),
            "--e-profile",
            number(s.evalue),
            "--max-seqs",
            std::to_string(s.max_seqs),
            "-a"};
}

fs::path default_cache_dir()
{
    if (auto d = env_or("SSRNN_CACHE_DIR", ""); !d.empty())
        return d;
    if (auto d = env_or("XDG_CACHE_HOME", ""); !d.empty())
        return fs::path{d} / "ssrnn";
    return fs::path{env_or("HOME", "/tmp")} / ".cache" / "ssrnn";
}

profile_searcher::profile_searcher(search_settings s, std::ostream & log) : s_{std::move(s)}, log_{log}
{
    validate(s_);
    auto const parent = s_.tmp_dir.empty() ? fs::path{env_or("TMPDIR", "/tmp")} : fs::path{s_.tmp_dir};
    work_ = base::fresh_directory(parent, "ssrnn-search-");
    try
    {
        db_ = resolve_database();
    }
    catch (...)
    {
        std::error_code ec;
        fs::remove_all(work_, ec);
        throw;
    }
}

profile_searcher::~profile_searcher()
{
    std::error_code ec;
    fs::remove_all(work_, ec);
}

double profile_searcher::child_cpu_seconds() const
{
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

void profile_searcher::mmseqs(std::vector<std::string> const & args, std::string const & step)
{
    ++runs_;
    base::run_program(s_.mmseqs, args, work_ / "mmseqs.log", "MMseqs2", step,
                      "install the mmseqs2 package, or give --mmseqs PATH");
}

std::string profile_searcher::resolve_database()
{
    auto const & db = s_.database;
    if (fs::exists(db + ".dbtype"))
        return db;
    if (is_prepared(db))
    {
        auto const path = check_prepared(db, s_, mmseqs_version(s_.mmseqs, work_), log_);
        log_ << "search database: " << db << " (prepared and indexed)\n";
        prepared_ = true;
        return path;
    }
    std::error_code ec;
    if (fs::is_directory(db, ec))
        throw config_error(db + ": a directory, but not a prepared database (no manifest.json; prepare-database "
                                "FASTA -o DIR makes one)");
    if (!fs::is_regular_file(db, ec))
        throw config_error(db + ": no such search database (give an MMseqs2 database or a FASTA file)");
    // A FASTA file: convert once into the cache, keyed by its path, size and modification time.
    auto const abs = fs::canonical(db, ec);
    auto const key = abs.string() + "|" + std::to_string(fs::file_size(abs, ec)) + "|" +
                     std::to_string(fs::last_write_time(abs, ec).time_since_epoch().count());
    auto const stem = abs.filename().string().substr(0, abs.filename().string().find('.'));
    auto const dir = default_cache_dir();
    auto const final = (s_.cache_dir.empty() ? dir : fs::path{s_.cache_dir}) / "db" /
                       (stem + "-" + base::hex64(base::fnv1a64(key.data(), key.size())));
    if (fs::exists(final / "db.dbtype"))
    {
        log_ << "search database: " << final.string() << "/db (converted from " << db << " before)\n";
        return (final / "db").string();
    }
    fs::create_directories(final.parent_path(), ec);
    auto const tmp = base::fresh_directory(final.parent_path(), "tmp-");
    log_ << "converting " << db << " to an MMseqs2 database in " << final.string() << " (once; reused later)\n";
    try
    {
        mmseqs({"createdb", abs.string(), (tmp / "db").string(), "-v", "1"}, "createdb (database)");
    }
    catch (...)
    {
        fs::remove_all(tmp, ec);
        throw;
    }
    fs::rename(tmp, final, ec);
    if (ec) // another process converted it at the same time: use theirs
        fs::remove_all(tmp, ec);
    if (!fs::exists(final / "db.dbtype"))
        throw io_error(final.string() + ": cannot store the converted database");
    return (final / "db").string();
}

std::vector<io::profile_record> profile_searcher::run(std::vector<io::fasta_record> const & queries)
{
    if (queries.empty())
        return {};
    auto const dir = work_ / ("run" + std::to_string(runs_));
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto const p = [&](char const * name)
    {
        return (dir / name).string();
    };
    {
        std::ofstream fa(p("query.fa"));
        for (std::size_t k = 0; k < queries.size(); ++k)
            fa << '>' << k << '\n' << queries[k].sequence << '\n';
        if (!fa.flush())
            throw io_error(p("query.fa") + ": cannot write");
    }
    std::string const threads = std::to_string(s_.threads);
    mmseqs({"createdb", p("query.fa"), p("qdb"), "--shuffle", "0", "-v", "1"}, "createdb (queries)");
    auto search = std::vector<std::string>{"search", p("qdb"), db_, p("res"), p("tmp")};
    for (auto const & a : search_arguments(s_))
        search.push_back(a);
    search.insert(search.end(), {"--threads", threads, "-v", "1"});
    // A prepared database's index and sequences are mapped, not read whole: seconds instead of a
    // minute per run, the same results (docs/profiles.md).
    auto const load = [&](std::vector<std::string> args)
    {
        if (prepared_)
            args.insert(args.end(), {"--db-load-mode", "2"});
        return args;
    };
    mmseqs(load(search), "search");
    mmseqs(load({"result2profile", p("qdb"), db_, p("res"), p("prof"), "-e", number(s_.evalue), "--e-profile",
                 number(s_.evalue), "--threads", threads, "-v", "1"}),
           "result2profile");
    mmseqs({"profile2pssm", p("prof"), p("pssm.txt"), "--threads", threads, "-v", "1"}, "profile2pssm");
    mmseqs(load({"convertalis", p("qdb"), db_, p("res"), p("hits.tsv"), "--format-output", "query,target", "--threads",
                 threads, "-v", "1"}),
           "convertalis");
    auto pf = io::read_profiles(p("pssm.txt"));
    if (pf.format != io::profile_format::mmseqs2 || pf.records.size() != queries.size())
        throw tool_error("MMseqs2 wrote " + std::to_string(pf.records.size()) + " profiles for " +
                         std::to_string(queries.size()) + " queries (" + p("pssm.txt") + ")");
    std::vector<double> hits(queries.size(), 0.0);
    std::ifstream h(p("hits.tsv"));
    for (std::string l; std::getline(h, l);)
    {
        auto const k = std::strtoull(l.c_str(), nullptr, 10);
        if (k < hits.size())
            hits[k] += 1;
    }
    for (std::size_t k = 0; k < queries.size(); ++k)
    {
        auto & r = pf.records[k];
        if (r.length() != queries[k].sequence.size())
            throw tool_error("MMseqs2's profile of query " + std::to_string(k + 1) + " ('" + queries[k].id + "') has " +
                             std::to_string(r.length()) + " positions for " +
                             std::to_string(queries[k].sequence.size()) + " residues");
        r.id = queries[k].id;
        r.sequence = queries[k].sequence;
        r.depth = 1 + hits[k];
    }
    fs::remove_all(dir);
    return std::move(pf.records);
}

} // namespace ssrnn::search
