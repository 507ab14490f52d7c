#include <ssrnn/base/option_table.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/eval/evaluate.hpp>
#include <ssrnn/io/chart.hpp>
#include <ssrnn/io/fasta.hpp>
#include <ssrnn/nn/default_model.hpp>
#include <ssrnn/nn/ensemble.hpp>
#include <ssrnn/predict/predictor.hpp>
#include <ssrnn/ssrnn.hpp>

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <ostream>
#include <sstream>

namespace ssrnn
{

struct model::impl
{
    nn::ensemble networks;
    std::vector<std::string> paths; //!< the files (evaluate reads them as evaluate-structure does)
    std::string source;
};

std::vector<record> read_fasta(std::string const & path)
{
    std::vector<record> out;
    io::fasta_reader reader{path};
    io::fasta_record r;
    while (reader.next(r))
        out.push_back({std::move(r.id), std::move(r.sequence)});
    return out;
}

model model::load(std::string const & path)
{
    return load(std::vector<std::string>{path});
}

model model::load(std::vector<std::string> const & paths)
{
    if (paths.empty())
        throw config_error("no model file given");
    auto p = std::make_shared<impl>();
    p->paths = nn::model_paths(paths); // "default" and "profile" name the bundled models
    p->networks = nn::load_ensemble(p->paths);
    for (auto const & s : p->paths)
        p->source += (p->source.empty() ? "" : ", ") + s;
    return model{std::move(p)};
}

model model::load_default()
{
    return load(nn::default_model_path());
}

std::vector<prediction> model::predict(std::vector<record> const & records, predict_options const & options,
                                       profile_input const & profile) const
{
    settings s{job::predict};
    s.set("threads", std::int64_t{options.threads});
    s.set("profiles", profile.files);
    s.set("msa", profile.msa);
    s.set("search-db", profile.search_db);
    s.set("no-homolog-model", profile.no_homolog_model);
    return predict(records, s);
}

namespace
{
std::vector<std::vector<std::uint8_t>> encode_records(std::vector<record> const & records, std::size_t max_residues)
{
    std::vector<std::vector<std::uint8_t>> encoded;
    encoded.reserve(records.size());
    for (std::size_t k = 0; k < records.size(); ++k)
    {
        auto const where = "record " + std::to_string(k + 1) + " ('" + records[k].id + "')";
        if (max_residues > 0 && records[k].sequence.size() > max_residues)
            throw input_error(where + " has " + std::to_string(records[k].sequence.size()) +
                              " residues, more than max-residues " + std::to_string(max_residues));
        try
        {
            encoded.push_back(encode::residues_from_letters(records[k].sequence));
        }
        catch (input_error const & e)
        {
            throw input_error(where + ": " + e.what());
        }
    }
    return encoded;
}

prediction prediction_of(record const & r, std::vector<float> probs)
{
    prediction p;
    std::size_t const n = r.sequence.size();
    p.id = r.id;
    p.sequence = r.sequence;
    p.prob8 = std::move(probs);
    p.ss8.resize(n);
    p.ss3.resize(n);
    p.prob3.resize(3 * n);
    for (std::size_t i = 0; i < n; ++i)
    {
        auto const p3 = encode::to_ss3(p.probabilities8(i));
        p.ss8[i] = encode::ss8_letters[static_cast<std::size_t>(encode::argmax(p.probabilities8(i)))];
        p.ss3[i] = encode::ss3_letters[static_cast<std::size_t>(encode::argmax(p3))];
        std::copy(p3.begin(), p3.end(), p.prob3.begin() + static_cast<std::ptrdiff_t>(3 * i));
    }
    return p;
}
} // namespace

std::vector<prediction> model::predict(std::vector<record> const & records, settings const & s) const
{
    // Profiles as predict-structure gets them (--profiles, --search-db, --no-homolog-model).
    auto const & cfg = base::config_of<predict::predict_config>(s, job::predict);
    predict::validate_options(cfg);
    auto const encoded = encode_records(records, cfg.max_residues);
    std::ostream quiet{nullptr}; // the library does not print
    predict::profile_source source{cfg, impl_->networks, impl_->source, quiet};
    std::vector<std::vector<float>> features;
    if (predict::needs_profiles(impl_->networks))
    {
        std::vector<io::fasta_record> queries;
        std::vector<std::string> where;
        for (std::size_t k = 0; k < records.size(); ++k)
        {
            queries.push_back({records[k].id, "", records[k].sequence});
            where.push_back("record " + std::to_string(k + 1));
        }
        features = source.features(queries, where, 0);
    }
    bool const bf16 = predict::resolve(cfg.precision) == predict::precision::bf16;
    std::vector<std::vector<float>> disorder;
    auto probs = predict::predict_with_fallback(impl_->networks, source.fallback(), encoded, cfg.threads, bf16,
                                                features, source.depths(), &disorder);
    std::vector<prediction> out;
    out.reserve(records.size());
    for (std::size_t k = 0; k < records.size(); ++k)
    {
        out.push_back(prediction_of(records[k], std::move(probs[k])));
        if (!disorder.empty())
            out.back().disorder = std::move(disorder[k]);
    }
    return out;
}

prediction model::predict(std::string_view sequence, predict_options const & options,
                          profile_input const & profile) const
{
    return std::move(predict(std::vector<record>{{"", std::string{sequence}}}, options, profile).front());
}

namespace
{
evaluation run_evaluation(eval::evaluate_config cfg)
{
    cfg.format = "json";
    std::ostringstream report;
    std::ostream quiet{nullptr}; // the library does not print
    auto const j = eval::run_evaluate(cfg, report, quiet).to_json();
    evaluation e;
    e.report_json = report.str();
    e.records = j.value("records", std::uint64_t{0});
    e.residues = j.value("residues", std::uint64_t{0});
    e.q8 = j.value("q8", 0.0);
    e.q3 = j.value("q3", 0.0);
    e.sov8 = j.value("sov8", 0.0);
    e.sov3 = j.value("sov3", 0.0);
    if (j.contains("per_protein"))
    {
        e.protein_q8 = j["per_protein"].value("q8", 0.0);
        e.protein_q3 = j["per_protein"].value("q3", 0.0);
    }
    if (j.contains("calibration3"))
        e.ece3 = j["calibration3"].value("ece", 0.0);
    if (auto const full = nlohmann::json::parse(e.report_json); full.contains("disorder"))
    {
        e.has_disorder = true;
        e.disorder_mcc = full["disorder"]["all"].value("mcc", 0.0);
        e.disorder_auc = full["disorder"]["all"].value("auc", 0.0);
    }
    return e;
}
} // namespace

evaluation evaluate(model const & m, std::string const & data, std::vector<std::string> const & masks,
                    predict_options const & options, profile_input const & profiles)
{
    if (!profiles.search_db.empty())
        throw config_error("evaluate takes profile files, not a search database: build them with build-profiles");
    settings s{job::evaluate};
    s.set("model", m.paths());
    s.set("data", data);
    s.set("mask", masks);
    auto files = profiles.files; // evaluate-structure's --profiles reads alignments too
    files.insert(files.end(), profiles.msa.begin(), profiles.msa.end());
    s.set("profiles", files);
    s.set("no-homolog-model", profiles.no_homolog_model);
    s.set("threads", std::int64_t{options.threads});
    return evaluate(s);
}

evaluation evaluate(settings const & s)
{
    return run_evaluation(base::config_of<eval::evaluate_config>(s, job::evaluate));
}

evaluation evaluate_predictions(std::string const & predictions, std::string const & data,
                                std::vector<std::string> const & masks)
{
    eval::evaluate_config cfg;
    cfg.predictions = predictions;
    cfg.data = data;
    cfg.masks = masks;
    return run_evaluation(std::move(cfg));
}

std::vector<std::string> const & model::paths() const noexcept
{
    return impl_->paths;
}

bool model::needs_profiles() const noexcept
{
    return predict::needs_profiles(impl_->networks);
}

bool model::has_disorder() const noexcept
{
    return nn::has_disorder(impl_->networks);
}

float model::disorder_threshold() const noexcept
{
    return nn::has_disorder(impl_->networks) ? nn::disorder_threshold(impl_->networks) : 0.5F;
}

std::size_t model::members() const noexcept
{
    return impl_->networks.members.size();
}

std::string const & model::source() const noexcept
{
    return impl_->source;
}

namespace
{
io::chart draw(prediction const & p, chart_options const & o, std::string const & model)
{
    if (p.prob8.size() != 8 * p.sequence.size())
        throw config_error("prediction '" + p.id + "': " + std::to_string(p.prob8.size()) + " probabilities for " +
                           std::to_string(p.sequence.size()) + " residues (expected 8 each)");
    if (!p.disorder.empty() && p.disorder.size() != p.sequence.size())
        throw config_error("prediction '" + p.id + "': " + std::to_string(p.disorder.size()) +
                           " disorder probabilities for " + std::to_string(p.sequence.size()) + " residues");
    return io::draw_chart({p.id, p.sequence, p.prob8, model, {}, {}, p.disorder}, o);
}
} // namespace

std::string chart_svg(prediction const & p, chart_options const & options, std::string const & model)
{
    auto const c = draw(p, options, model);
    std::ostringstream out;
    io::write_svg_document(out, {&c, 1});
    return std::move(out).str();
}

std::string report_html(std::vector<prediction> const & predictions, chart_options const & options,
                        std::string const & model)
{
    std::vector<io::chart> charts;
    for (auto const & p : predictions)
        charts.push_back(draw(p, options, model));
    std::ostringstream out;
    io::write_html_report(out, {"ssrnn predictions", {}, model, version_string, {}}, charts);
    return std::move(out).str();
}

void keep_freed_memory() noexcept
{
    ::mallopt(M_MMAP_MAX, 0);
    ::mallopt(M_ARENA_MAX, 1);
    ::mallopt(M_TRIM_THRESHOLD, -1);
#if defined(MADV_HUGEPAGE) && !defined(__SANITIZE_ADDRESS__)
    // Transparent huge pages for the heap. Most kernels give them only to memory marked with
    // madvise(MADV_HUGEPAGE) ("madvise" mode), and a heap grown by brk is never marked; first
    // touches of the heap then fault 4 KB at a time, up to a third of a short run's time. So the
    // heap is grown once by a quarter of physical memory (at most 4 GB; virtual only: nothing is
    // touched), marked, and freed again: it stays the heap's free top (no trimming) and every later
    // allocation that touches it faults 2 MB at a time. Best effort: a failed malloc or madvise
    // changes nothing.
    long const pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return;
    std::size_t const reserve = std::min<std::size_t>(
        static_cast<std::size_t>(pages) * static_cast<std::size_t>(page) / 4, std::size_t{4} << 30);
    void * block = std::malloc(reserve);
    if (!block)
        return;
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    auto const begin = (reinterpret_cast<std::uintptr_t>(block) + huge - 1) & ~(huge - 1);
    auto const end = (reinterpret_cast<std::uintptr_t>(block) + reserve) & ~(huge - 1);
    if (end > begin)
        ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
    std::free(block);
#endif
}

} // namespace ssrnn
