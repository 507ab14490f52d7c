#include <ssrnn/base/checksum.hpp>
#include <ssrnn/base/json_text.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/base/process.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/search/database.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <sstream>

namespace ssrnn::search
{
namespace fs = std::filesystem;

namespace
{
constexpr char const * manifest_file = "manifest.json";
constexpr char const * format_tag = "ssrnn-search-db 1";
constexpr char const * hint = "install the mmseqs2 package, or give --mmseqs PATH";

//! What identifies the FASTA a database was built from.
nlohmann::json source_of(fs::path const & fasta)
{
    std::ifstream in(fasta, std::ios::binary);
    if (!in)
        throw io_error(fasta.string() + ": cannot open for reading");
    std::uint64_t h = base::fnv1a64_basis;
    std::vector<char> buf(1 << 20);
    while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
        h = base::fnv1a64(buf.data(), static_cast<std::size_t>(in.gcount()), h);
    std::error_code ec;
    return {{"path", fs::canonical(fasta, ec).string()},
            {"bytes", fs::file_size(fasta, ec)},
            {"mtime", fs::last_write_time(fasta, ec).time_since_epoch().count()},
            {"fnv1a64", base::hex64(h)}};
}

std::string number(double v)
{
    std::ostringstream s;
    s << v;
    return s.str();
}

std::uint64_t directory_bytes(fs::path const & dir)
{
    std::uint64_t n = 0;
    std::error_code ec;
    for (auto const & e : fs::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file(ec))
            n += e.file_size(ec);
    return n;
}
} // namespace

std::span<base::option<prepare_config> const> prepare_option_table()
{
    using base::between;
    static auto const table =
        base::option_list<prepare_config>{}
            .add(
                "output", [](auto & c) -> auto & { return c.output; },
                "the directory to create (must not exist); give it to --search-db", {}, 'o')
            .add(
                "mmseqs", [](auto & c) -> auto & { return c.search.mmseqs; }, "the MMseqs2 program")
            .add(
                "tmp-dir", [](auto & c) -> auto & { return c.search.tmp_dir; },
                "where createindex works (default: beside the output)")
            .add(
                "search-sensitivity", [](auto & c) -> auto & { return c.search.sensitivity; },
                "MMseqs2 -s the index is built for (searches must use the same)", between(1, 7.5))
            .add(
                "threads", [](auto & c) -> auto & { return c.search.threads; }, "MMseqs2 --threads", between(1, 1024),
                't')
            .add(
                "input", [](auto & c) -> auto & { return c.input; }, "protein FASTA (.gz too)")
            .positional()
            .done();
    return table;
}

std::string mmseqs_version(std::string const & program, fs::path const & work)
{
    auto const log = work / "mmseqs-version.log";
    base::run_program(program, {"version"}, log, "MMseqs2", "version", hint);
    std::ifstream in(log);
    std::string v;
    std::getline(in, v);
    return v;
}

bool is_prepared(fs::path const & path)
{
    std::error_code ec;
    return fs::is_directory(path, ec) && fs::exists(path / manifest_file, ec);
}

void prepare_database(prepare_config const & cfg, std::ostream & log)
{
    base::check_ranges(prepare_option_table(), cfg);
    std::error_code ec;
    if (cfg.input.empty() || !fs::is_regular_file(cfg.input, ec))
        throw config_error((cfg.input.empty() ? std::string{"no FASTA given"} : cfg.input + ": no such file") +
                           " (prepare-database FASTA -o DIR)");
    if (cfg.output.empty())
        throw config_error("--output is required (the database directory to create)");
    fs::path const out{cfg.output};
    if (fs::exists(out, ec))
        throw config_error(cfg.output + " exists; remove it or choose another directory");
    auto const parent = out.has_parent_path() ? out.parent_path() : fs::path{"."};
    auto const tmp = base::fresh_directory(parent, out.filename().string() + ".tmp-");
    auto const t0 = std::chrono::steady_clock::now();
    auto const seconds = [&]
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    try
    {
        auto const version = mmseqs_version(cfg.search.mmseqs, tmp);
        auto const mm = [&](std::vector<std::string> args, std::string const & step)
        {
            args.insert(args.end(), {"-v", "1"});
            base::run_program(cfg.search.mmseqs, args, tmp / "mmseqs.log", "MMseqs2", step, hint);
        };
        log << "prepare-database: createdb " << cfg.input << '\n';
        mm({"createdb", cfg.input, (tmp / "db").string()}, "createdb");
        log << "prepare-database: createdb done (" << number(seconds()) << " s); createindex -s "
            << number(cfg.search.sensitivity) << '\n';
        auto const work = cfg.search.tmp_dir.empty() ? tmp / "work" : fs::path{cfg.search.tmp_dir};
        mm({"createindex", (tmp / "db").string(), work.string(), "-s", number(cfg.search.sensitivity), "--threads",
            std::to_string(cfg.search.threads)},
           "createindex");
        fs::remove_all(tmp / "work", ec);
        fs::remove(tmp / "mmseqs.log", ec);
        fs::remove(tmp / "mmseqs-version.log", ec);
        nlohmann::json m;
        m["format"] = format_tag;
        m["source"] = source_of(cfg.input);
        m["mmseqs"] = {{"version", version}};
        m["index"] = {{"sensitivity", cfg.search.sensitivity}};
        io::atomic_output manifest{(tmp / manifest_file).string()};
        manifest.stream() << base::json_text(m) << '\n';
        manifest.commit();
        fs::rename(tmp, out);
    }
    catch (...)
    {
        fs::remove_all(tmp, ec);
        throw;
    }
    log << "prepare-database: " << cfg.output << " ready in " << number(seconds()) << " s, "
        << number(static_cast<double>(directory_bytes(out)) / 1e9) << " GB; give it to --search-db\n";
}

std::string check_prepared(fs::path const & dir, search_settings const & s, std::string const & version,
                           std::ostream & log)
{
    auto const name = dir.string();
    std::ifstream in(dir / manifest_file);
    nlohmann::json m;
    try
    {
        in >> m;
    }
    catch (nlohmann::json::exception const &)
    {
        throw config_error(name + ": manifest.json is not readable JSON (prepare the database again)");
    }
    auto const again = " (prepare-database FASTA -o " + name + " again)";
    if (m.value("format", "") != format_tag)
        throw config_error(name + ": not a database prepare-database made" + again);
    if (auto const v = m["mmseqs"].value("version", ""); v != version)
        throw config_error(name + ": prepared with MMseqs2 " + v + ", but this is MMseqs2 " + version + again);
    if (auto const sens = m["index"].value("sensitivity", 0.0); sens != s.sensitivity)
        throw config_error(name + ": indexed for -s " + number(sens) + ", but this search uses -s " +
                           number(s.sensitivity) + "; give --search-sensitivity " + number(sens) + " or prepare with " +
                           "--search-sensitivity " + number(s.sensitivity));
    for (char const * part : {"db.dbtype", "db.index", "db", "db.idx", "db.idx.index", "db.idx.dbtype"})
        if (std::error_code ec; !fs::exists(dir / part, ec))
            throw config_error(name + ": " + part + " is missing (an interrupted preparation?)" + again);
    auto const & src = m["source"];
    fs::path const fasta{src.value("path", "")};
    std::error_code ec;
    if (fs::exists(fasta, ec))
    {
        auto const bytes = fs::file_size(fasta, ec);
        auto const mtime = fs::last_write_time(fasta, ec).time_since_epoch().count();
        // A new time alone (a copy, a re-mounted disk) is settled by the checksum: same bytes, same database.
        bool const same = bytes == src.value("bytes", std::uintmax_t{0}) &&
                          (mtime == src.value("mtime", decltype(mtime){0}) ||
                           source_of(fasta).value("fnv1a64", "") == src.value("fnv1a64", "-"));
        if (!same)
            throw config_error(name + ": prepared from " + fasta.string() + ", which has changed since" + again);
    }
    else
        log << "search database: " << name << " (its FASTA " << fasta.string()
            << " is gone; the prepared database does not need it)\n";
    return (dir / "db").string();
}

} // namespace ssrnn::search
