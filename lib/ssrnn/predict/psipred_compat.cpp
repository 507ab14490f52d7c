#include <ssrnn/base/option_table.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/a3m.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/io/fasta.hpp>
#include <ssrnn/io/msa.hpp>
#include <ssrnn/io/predictions.hpp>
#include <ssrnn/io/whole_file.hpp>
#include <ssrnn/nn/default_model.hpp>
#include <ssrnn/predict/predictor.hpp>
#include <ssrnn/predict/psipred_compat.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace ssrnn::predict
{
namespace fs = std::filesystem;

std::span<base::option<addss_config> const> addss_option_table()
{
    static auto const table =
        base::option_list<addss_config>{}
            .add(
                "model", [](auto & c) -> auto & { return c.models; },
                "model or ensemble file, or a bundled model by name (default, profile); repeat to average several "
                "(default: the bundled default model)",
                {}, 'm')
            .add(
                "ss-only", [](auto & c) -> auto & { return c.ss_only; },
                "write only the >ss_pred and >ss_conf records (RoseTTAFold's make_ss.sh output)")
            .add(
                "threads", [](auto & c) -> auto & { return c.threads; },
                "worker threads (output does not depend on it)", base::between(1, 1024), 't')
            .add(
                "output", [](auto & c) -> auto & { return c.output; },
                "the annotated A3M, written atomically; - for standard output", {}, 'o')
            .add(
                "files", [](auto & c) -> auto & { return c.files; },
                "INPUT.a3m [OUTPUT.a3m] as addss.pl takes them (.gz too); none or - : standard input")
            .positional()
            .done();
    return table;
}

std::span<base::option<psipred_config> const> psipred_option_table()
{
    static auto const table =
        base::option_list<psipred_config>{}
            .add(
                "model", [](auto & c) -> auto & { return c.models; },
                "model or ensemble file (default: the bundled single-sequence model; ssrnn-runpsipred: the bundled "
                "profile model)",
                {}, 'm')
            .add(
                "profile", [](auto & c) -> auto & { return c.profile; },
                "profile mode (ssrnn-runpsipred): the bundled profile model unless --model, profiles from --search-db, "
                "else the database $SSRNN_SEARCH_DB names")
            .add(
                "msa", [](auto & c) -> auto & { return c.msa; },
                "the record's alignment (A3M, aligned FASTA or Stockholm; its query is the record): the profile "
                "model's profile from it instead of a search")
            .include(
                search::option_table(), [](auto & c) -> auto & { return c.search; })
            .add(
                "threads", [](auto & c) -> auto & { return c.threads; },
                "worker threads (output does not depend on it)", base::between(1, 1024), 't')
            .add(
                "outdir", [](auto & c) -> auto & { return c.outdir; },
                "where ROOT.ss, ROOT.ss2 and ROOT.horiz go (PSIPRED: the current directory)")
            .add(
                "input", [](auto & c) -> auto & { return c.inputs; }, "FILE.fasta: one record")
            .positional()
            .done();
    return table;
}

namespace
{
//! The predict-structure configuration that predicts for these options.
predict_config predict_options(std::vector<std::string> const & models, search::search_settings const & search,
                               int threads)
{
    predict_config p;
    p.models = models;
    p.search = search;
    p.search.threads = threads;
    p.threads = threads;
    return p;
}
} // namespace

void run_addss(addss_config const & cfg, std::ostream & log)
{
    base::check_ranges(addss_option_table(), cfg);
    if (cfg.files.size() > 2)
        throw config_error("give at most INPUT and OUTPUT (got " + std::to_string(cfg.files.size()) + " files)");
    auto const input = cfg.files.empty() ? std::string{"-"} : cfg.files[0];
    auto const output = cfg.files.size() == 2 ? cfg.files[1] : cfg.output;
    auto const name = input == "-" ? std::string{"standard input"} : input;
    std::string const text = io::gunzip_if_compressed(name, io::read_whole_file(input));
    auto const a3m = io::parse_a3m(name, text);
    auto const & query = a3m.records[a3m.query];
    std::vector<io::fasta_record> records{{std::string{io::record_name(query)}, "", query.sequence}};
    auto p = predict_options(cfg.models, {}, cfg.threads);
    // A profile model reads its profile from the alignment being annotated, as addss.pl's PSIPRED does.
    p.profile_data.push_back({name, io::profile_format::alignment, {io::profile_of(io::msa_of(a3m, name))}});
    auto const probs = predict_records(p, records, name, log);
    auto const [pred, conf] = io::psipred_calls(probs[0]);
    std::string out;
    if (cfg.ss_only)
        out = ">ss_pred\n" + pred + "\n>ss_conf\n" + conf + "\n";
    else
    {
        // As addss.pl: the file's leading text, >ss_dssp, the prediction, then the rest; earlier
        // predictions are replaced.
        out = a3m.preamble;
        for (auto const & r : a3m.records)
            if (io::record_name(r) == "ss_dssp")
                out += r.raw;
        out += ">ss_pred ssrnn predicted secondary structure\n" + pred + "\n>ss_conf ssrnn confidence values\n" + conf +
               "\n";
        for (auto const & r : a3m.records)
            if (auto const n = io::record_name(r); n != "ss_dssp" && n != "ss_pred" && n != "ss_conf")
                out += r.raw;
    }
    io::atomic_output o{output};
    o.stream() << out;
    o.commit();
    log << "ssrnn-addss: " << name << ": " << pred.size() << " query residues, " << a3m.records.size() << " records\n";
}

void run_psipred(psipred_config const & cfg, std::ostream & log)
{
    base::check_ranges(psipred_option_table(), cfg);
    if (cfg.inputs.size() != 1)
        throw config_error("give one FASTA file (got " + std::to_string(cfg.inputs.size()) + ")");
    auto const & path = cfg.inputs[0];
    auto const records = io::read_fasta(path);
    if (records.size() != 1)
        throw input_error(path + ": " + std::to_string(records.size()) +
                          " records; PSIPRED's commands predict one sequence per file");
    auto models = cfg.models;
    auto search = cfg.search;
    if (cfg.profile)
    {
        if (models.empty())
            models = {nn::bundled_model_path("profile")};
        if (char const * db = std::getenv("SSRNN_SEARCH_DB"); search.database.empty() && db != nullptr)
            search.database = db;
        if (search.database.empty() && cfg.msa.empty())
            throw config_error("profile mode needs an alignment or a search database: --msa FILE, --search-db DB, "
                               "or set SSRNN_SEARCH_DB (docs/profiles.md)");
    }
    auto p = predict_options(models, cfg.msa.empty() ? search : search::search_settings{}, cfg.threads);
    if (!cfg.msa.empty())
        p.msa = {cfg.msa};
    auto const probs = predict_records(p, records, path, log);
    // ROOT as runpsipred's csh computes it: the last extension off, then the directory.
    auto root = fs::path{path}.filename().string();
    if (auto const dot = root.rfind('.'); dot != std::string::npos && dot > 0)
        root.resize(dot);
    io::predicted_record const rec{records[0].id, records[0].description, records[0].sequence, probs[0], {}};
    std::ostringstream ss2, horiz;
    io::write_record(ss2, io::output_format::ss2, rec, true);
    io::write_record(horiz, io::output_format::horiz, rec, true);
    auto rows = ss2.str(); // pass 1's .ss: the ss2 rows without their header
    rows.erase(0, rows.find("\n\n") + 2);
    auto const base = fs::path{cfg.outdir} / root;
    std::vector<std::pair<std::string, std::string>> const files{
        {base.string() + ".ss", rows}, {base.string() + ".ss2", ss2.str()}, {base.string() + ".horiz", horiz.str()}};
    std::vector<std::unique_ptr<io::atomic_output>> outs;
    for (auto const & [file, body] : files)
    {
        outs.push_back(std::make_unique<io::atomic_output>(file));
        outs.back()->stream() << body;
        outs.back()->check();
    }
    for (auto & o : outs)
        o->commit();
    log << "ssrnn-runpsipred: " << root << ".ss, " << root << ".ss2 and " << root << ".horiz written ("
        << records[0].sequence.size() << " residues)\n";
}

} // namespace ssrnn::predict
