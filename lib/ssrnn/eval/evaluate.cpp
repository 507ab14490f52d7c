#include <ssrnn/base/json_text.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/eval/evaluate.hpp>
#include <ssrnn/io/profiles.hpp>
#include <ssrnn/io/svg_plot.hpp>
#include <ssrnn/nn/default_model.hpp>
#include <ssrnn/version.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <ostream>
#include <unordered_map>

namespace ssrnn::eval
{

namespace
{
scored_record view(io::labelled_record const & rec, std::vector<std::int8_t> const & pred8,
                   std::vector<std::int8_t> const & pred3, std::vector<float> const & prob8,
                   std::vector<float> const & prob3, std::vector<std::int8_t> const & conf)
{
    return {rec.label, pred8, pred3, prob8, prob3, conf};
}
} // namespace

namespace
{
std::vector<std::vector<std::uint8_t>> encoded(io::labelled_set const & data)
{
    std::vector<std::vector<std::uint8_t>> seqs;
    seqs.reserve(data.records.size());
    for (auto const & r : data.records)
        seqs.push_back(encode::residues_from_letters(r.sequence));
    return seqs;
}

//! Scores per-record probabilities (length x 8, row-major) against `data`.
//! Adds one record's probabilities to `sc`.
void add_probabilities(scorer & sc, io::labelled_record const & rec, std::vector<float> const & prob8)
{
    auto const n = rec.sequence.size();
    std::vector<std::int8_t> pred8(n), pred3(n), conf(n);
    std::vector<float> prob3(3 * n);
    for (std::size_t i = 0; i < n; ++i)
    {
        std::span<float const, 8> p(prob8.data() + 8 * i, 8);
        auto const p3 = encode::to_ss3(p);
        pred8[i] = static_cast<std::int8_t>(encode::argmax(p));
        pred3[i] = static_cast<std::int8_t>(encode::argmax(p3));
        std::copy(p3.begin(), p3.end(), prob3.begin() + static_cast<std::ptrdiff_t>(3 * i));
        conf[i] = static_cast<std::int8_t>(io::horiz_confidence(p3));
    }
    sc.add(view(rec, pred8, pred3, prob8, prob3, conf));
}

scorer score_probabilities(io::labelled_set const & data, std::vector<std::vector<float>> const & probs)
{
    scorer sc;
    for (std::size_t k = 0; k < data.records.size(); ++k)
        add_probabilities(sc, data.records[k], probs[k]);
    return sc;
}

//! evaluate-structure --format svg|html: per record the prediction over the observed states with
//! errors marked and its scores in the caption; the HTML report lists the worst records first.
void write_pictures(evaluate_config const & cfg, io::labelled_set const & data,
                    std::vector<std::vector<float>> const & probs, std::string const & source, std::ostream & out)
{
    std::vector<io::chart> charts;
    for (std::size_t k = 0; k < data.records.size(); ++k)
    {
        auto const & rec = data.records[k];
        scorer one;
        add_probabilities(one, rec, probs[k]);
        std::string observed(rec.sequence.size(), '-');
        for (std::size_t i = 0; i < observed.size(); ++i)
            if (rec.label[i] >= 0)
                observed[i] = encode::ss8_letters[static_cast<std::size_t>(rec.label[i])];
        auto const & m = one.residues();
        char caption[160];
        std::snprintf(caption, sizeof caption, "Q3 %.1f, Q8 %.1f, SOV3 %.1f, SOV8 %.1f on %llu observed residues",
                      m.q3(), m.q8(), one.sov3(), one.sov8(), static_cast<unsigned long long>(m.residues()));
        charts.push_back(io::draw_chart({rec.id, rec.sequence, probs[k], source, observed, caption, {}}, cfg.chart));
        charts.back().row.scores = {m.q3(), m.q8(), one.sov3(), one.sov8()};
    }
    if (cfg.format == "svg")
        return io::write_svg_document(out, charts);
    // The worst Q3 first: where a reader looks for what went wrong.
    std::stable_sort(charts.begin(), charts.end(),
                     [](auto const & a, auto const & b) { return a.row.scores[0] < b.row.scores[0]; });
    io::write_html_report(
        out, {"ssrnn: prediction against structure", {}, source, version_string, {"Q3", "Q8", "SOV3", "SOV8"}}, charts);
}
} // namespace

metrics evaluate(nn::network<float> const & net, io::labelled_set const & data, int threads,
                 std::span<std::vector<float> const> profiles)
{
    return score_probabilities(data,
                               predict::predict_probabilities(net, encoded(data), threads, 32, 16384, false, profiles))
        .residues();
}

scorer score_model(nn::ensemble const & models, io::labelled_set const & data, int threads, bool bf16,
                   std::span<std::vector<float> const> profiles)
{
    return score_probabilities(data, predict::predict_probabilities(models, encoded(data), threads, bf16, profiles));
}

scorer score_predictions(io::prediction_set const & preds, io::labelled_set const & data,
                         std::string const & preds_name, std::string const & data_name,
                         std::vector<std::vector<float>> * disorder)
{
    if (disorder != nullptr)
        disorder->clear();
    std::unordered_map<std::string, std::size_t> by_id;
    if (preds.has_ids())
        for (std::size_t k = 0; k < preds.records.size(); ++k)
            by_id.emplace(preds.records[k].id, k);
    else if (preds.records.size() != data.records.size())
        throw input_error(preds_name + ": " + std::to_string(preds.records.size()) + " " + io::to_string(preds.format) +
                          " records, but " + data_name + " has " + std::to_string(data.records.size()) + " (" +
                          io::to_string(preds.format) + " carries no IDs, so records are matched in order)");
    scorer sc;
    for (std::size_t k = 0; k < data.records.size(); ++k)
    {
        auto const & rec = data.records[k];
        auto const id = rec.id.substr(0, rec.id.find_first_of(" \t"));
        std::size_t at = k;
        if (preds.has_ids())
        {
            auto const it = by_id.find(id);
            if (it == by_id.end())
                throw input_error(preds_name + ": no prediction for record '" + id + "' of " + data_name);
            at = it->second;
        }
        auto const & p = preds.records[at];
        if (p.sequence != rec.sequence)
            throw input_error(preds_name + ", record " + std::to_string(at + 1) +
                              (p.id.empty() ? "" : " ('" + p.id + "')") + ": sequence differs from record '" + id +
                              "' of " + data_name);
        sc.add(view(rec, p.pred8, p.pred3, p.prob8, p.prob3, p.conf));
        if (disorder != nullptr)
            disorder->push_back(p.disorder);
    }
    if (disorder != nullptr &&
        std::any_of(disorder->begin(), disorder->end(), [](auto const & d) { return d.empty(); }))
        disorder->clear();
    return sc;
}

namespace
{
//! P(disordered) per record of the data (empty: none) and the threshold of the binary call.
struct disorder_input
{
    std::vector<std::vector<float>> probabilities;
    double threshold = 0.5;
};

//! The disorder evaluation, when there is something to evaluate: P(disordered) from the model or
//! file and residues without a label in the data. With cfg.disorder, its absence is an error.
std::optional<disorder_evaluation> disorder_report(evaluate_config const & cfg, io::labelled_set const & data,
                                                   disorder_input & dis, std::string const & source,
                                                   std::string const & data_name, std::ostream & log)
{
    if (cfg.disorder_threshold > 0)
        dis.threshold = cfg.disorder_threshold;
    if (dis.probabilities.empty())
    {
        if (cfg.disorder && cfg.predictions.empty())
            throw config_error(source +
                               " has no disorder head (add one with train-disorder-head): --disorder needs it");
        if (cfg.disorder)
            throw input_error(source + ": no p_disorder column (predict with a model that has a disorder head, "
                                       "--format tsv or json): --disorder needs it");
        return std::nullopt;
    }
    // Several masks (CB513's .mask and .cbmask): the first says what the structure left out, the
    // others which residues are scored.
    io::labelled_set first, rest;
    if (cfg.masks.size() > 1)
    {
        first = io::read_labelled(cfg.data, {cfg.masks.front()}, cfg.read);
        rest = io::read_labelled(cfg.data, {cfg.masks.begin() + 1, cfg.masks.end()}, cfg.read);
    }
    auto const & truth = cfg.masks.size() > 1 ? first : data;
    disorder_evaluation ev;
    std::size_t unlabelled = 0;
    for (std::size_t k = 0; k < data.records.size(); ++k)
    {
        auto const & r = truth.records[k];
        std::vector<std::uint8_t> y(r.label.size()), scored(r.label.size(), 1);
        for (std::size_t i = 0; i < r.label.size(); ++i)
        {
            y[i] = r.label[i] == encode::no_label ? 1 : 0;
            if (cfg.masks.size() > 1 && rest.records[k].label[i] == encode::no_label)
                scored[i] = 0;
            unlabelled += y[i] & scored[i];
        }
        ev.add_record(dis.probabilities[k], y, scored);
    }
    if (unlabelled == 0)
    {
        std::string const why = data_name + " has no residue without a label (mask 0), so there is no disorder to "
                                            "score: give its --mask";
        if (cfg.disorder)
            throw config_error(why);
        log << "evaluate-structure: note: no disorder report: " << why << '\n';
        return std::nullopt;
    }
    return ev;
}

//! Scores of the records in each depth bin (`depths[k]`: record k's profile depth).
std::vector<std::pair<std::string, scorer>> score_by_depth(io::labelled_set const & data,
                                                           std::vector<std::vector<float>> const & probs,
                                                           std::vector<double> const & depths,
                                                           std::string const & where)
{
    std::vector<io::labelled_set> sets(depth_bins.size());
    std::vector<std::vector<std::vector<float>>> bin_probs(depth_bins.size());
    for (std::size_t k = 0; k < data.records.size(); ++k)
    {
        auto const & r = data.records[k];
        double const depth = depths[k];
        if (depth < 1)
            throw input_error(where + ", record " + std::to_string(k + 1) + " ('" + r.id +
                              "'): its profile records no depth (only ssrnn profile files do); --by-depth needs it");
        std::size_t b = 0;
        while (depth > depth_bins[b].first)
            ++b;
        sets[b].records.push_back(r);
        bin_probs[b].push_back(probs[k]);
    }
    std::vector<std::pair<std::string, scorer>> bins;
    for (std::size_t b = 0; b < depth_bins.size(); ++b)
        bins.emplace_back(depth_bins[b].second, score_probabilities(sets[b], bin_probs[b]));
    return bins;
}
} // namespace

namespace
{
//! --predictions-format: "auto" (detect) or a format name.
void add_predictions_format(base::option_list<evaluate_config> & o)
{
    option_info info;
    info.name = "predictions-format";
    info.type = option_type::choice;
    info.help = "format of --predictions: auto, " + base::list_names(io::readable_format_names);
    info.choices = {"auto"};
    for (auto const & n : io::readable_format_names)
        info.choices.emplace_back(n);
    o.custom(
        info,
        [](evaluate_config const & c) -> option_value
        { return c.predictions_format ? io::to_string(*c.predictions_format) : std::string{"auto"}; },
        [info](evaluate_config & c, option_value const & v)
        { c.predictions_format = io::parse_predictions_format(base::text_of(info, v)); });
}
} // namespace

std::span<base::option<evaluate_config> const> option_table()
{
    static auto const table = []
    {
        base::option_list<evaluate_config> o;
        o.add(
             "threads", [](auto & c) -> auto & { return c.threads; }, "worker threads (output does not depend on it)",
             base::between(1, 1024), 't')
            .choice(
                "precision", [](auto & c) -> auto & { return c.precision; }, predict::precision_names,
                predict::precision_help)
            .add(
                "model", [](auto & c) -> auto & { return c.models; },
                "model or ensemble file, or a bundled model by name (default, profile); repeat to average several "
                "(default: the bundled default model)",
                {}, 'm')
            .cli_only()
            .add(
                "predictions", [](auto & c) -> auto & { return c.predictions; },
                "score this predictions file (" + base::list_names(io::readable_format_names) +
                    " output) instead of a model",
                {}, 'p');
        add_predictions_format(o);
        o.add(
             "plot", [](auto & c) -> auto & { return c.plot; },
             "write a reliability diagram (calibration) to this .svg file")
            .add(
                "data", [](auto & c) -> auto & { return c.data; },
                "labelled data: 3-line (>id, sequence, DSSP), classic DSSP, PDB/mmCIF, NetSurfP-2.0 CSV, TAPE JSON "
                "(docs/training.md)",
                {}, 'd')
            .add(
                "structures", [](auto & c) -> auto & { return c.structures; },
                "score against these structures' DSSP states instead of --data: PDB/mmCIF files (AlphaFold models "
                "too; through mkdssp), directories of them, @LIST files (repeatable)")
            .include(
                io::labelled_option_table(), [](auto & c) -> auto & { return c.read; })
            .add(
                "mask", [](auto & c) -> auto & { return c.masks; },
                "mask file (repeatable); residues are scored where every mask is 1")
            .text_choice(
                "format", [](auto & c) -> auto & { return c.format; }, {"text", "json", "svg", "html"},
                "text or json report; svg or html: each record's prediction drawn over its observed states, errors "
                "marked",
                'f')
            .cli_only()
            .include(
                io::chart_option_table(), [](auto & c) -> auto & { return c.chart; })
            .add(
                "profiles", [](auto & c) -> auto & { return c.profiles; },
                "profiles of the --data records, for a profile model (repeatable; docs/profiles.md)")
            .add(
                "by-depth", [](auto & c) -> auto & { return c.by_depth; },
                "also report Q3/Q8 per profile depth (1, 2-5, 6-20, 21-100, >100 sequences; needs --profiles)")
            .add(
                "no-homolog-model", [](auto & c) -> auto & { return c.no_homolog_model; }, predict::no_homolog_help)
            .add(
                "disorder", [](auto & c) -> auto & { return c.disorder; },
                "require the disorder report (MCC, AUC, precision/recall, calibration against the residues the "
                "structure leaves out): an error if the model has no disorder head, the predictions file no "
                "p_disorder, or the data no unlabelled residue; without it the report is added whenever it can be")
            .add(
                "disorder-threshold", [](auto & c) -> auto & { return c.disorder_threshold; },
                "call a residue disordered at p_disorder >= this (0: the model's threshold, chosen on validation; "
                "0.5 for a predictions file)",
                base::from_below(0, 1))
            .add(
                "disorder-plot", [](auto & c) -> auto & { return c.disorder_plot; },
                "write the disorder calibration diagram (predicted p_disorder vs observed fraction) to this .svg "
                "file");
        return o.done();
    }();
    return table;
}

namespace
{
//! The option checks of run_evaluate, before anything is read.
void check_options(evaluate_config const & cfg)
{
    if (cfg.format != "text" && cfg.format != "json" && cfg.format != "svg" && cfg.format != "html")
        throw config_error("unknown report format '" + cfg.format + "' (expected text, json, svg or html)");
    base::check_ranges(option_table(), cfg);
    if (cfg.data.empty() == cfg.structures.empty())
        throw config_error(cfg.data.empty() ? "give --data (labelled data) or --structures (structure files)"
                                            : "give --data or --structures, not both");
    if (!cfg.structures.empty() && !cfg.masks.empty())
        throw config_error("--mask applies to --data; structures carry their own (residues without a DSSP state)");
    if (!cfg.predictions.empty() && !cfg.models.empty())
        throw config_error("give --model or --predictions, not both");
    if (!cfg.plot.empty())
        io::check_plot_path(cfg.plot);
    if (!cfg.disorder_plot.empty())
        io::check_plot_path(cfg.disorder_plot);
    if (cfg.by_depth && (cfg.profiles.empty() || !cfg.predictions.empty()))
        throw config_error("--by-depth needs --profiles (their depths) and a model");
    if ((cfg.format == "svg" || cfg.format == "html") && !cfg.predictions.empty())
        throw config_error("--format " + cfg.format +
                           " draws a model's predictions; score --predictions as text or json");
}
} // namespace

scorer run_evaluate(evaluate_config const & cfg, std::ostream & out, std::ostream & log)
{
    check_options(cfg);
    bool const pictures = cfg.format == "svg" || cfg.format == "html";
    auto read = cfg.read;
    read.threads = cfg.threads;
    read.log = &log;
    auto const data = cfg.structures.empty() ? io::read_labelled(cfg.data, cfg.masks, read)
                                             : io::read_labelled_inputs(cfg.structures, read);
    std::string data_name = cfg.data;
    for (auto const & s : cfg.structures)
        data_name += (data_name.empty() ? "" : " ") + s;
    std::string source;
    scorer sc;
    std::vector<std::pair<std::string, scorer>> by_depth;
    disorder_input dis;
    if (cfg.predictions.empty())
    {
        auto const paths = nn::model_paths(cfg.models);
        for (auto const & p : paths)
            source += (source.empty() ? "" : ", ") + p;
        auto const models = nn::load_ensemble(paths);
        bool const need = predict::needs_profiles(models);
        if (need && cfg.profiles.empty())
            throw config_error(source + " is a profile model: give --profiles FILE (docs/profiles.md)");
        if (!need && !cfg.profiles.empty())
            log << "evaluate-structure: note: " << source << " is a single-sequence model; its input ignores "
                << "--profiles" << (cfg.by_depth ? " (they give the depth bins)" : "") << "\n";
        std::vector<double> depths; // read once: the features for a profile model, the depths for --by-depth
        auto profiles = need || cfg.by_depth ? io::profile_features(data, cfg.profiles, data_name, &depths)
                                             : std::vector<std::vector<float>>{};
        if (!need)
            profiles.clear();
        auto const fallback = need ? predict::load_no_homolog_model(cfg.no_homolog_model) : nullptr;
        auto const probs = predict::predict_with_fallback(models, fallback.get(), encoded(data), cfg.threads,
                                                          predict::resolve(cfg.precision) == predict::precision::bf16,
                                                          profiles, depths, &dis.probabilities);
        dis.threshold = nn::disorder_threshold(models);
        sc = score_probabilities(data, probs);
        if (pictures)
        {
            write_pictures(cfg, data, probs, predict::model_names(paths), out);
            return sc;
        }
        if (cfg.by_depth)
            by_depth = score_by_depth(data, probs, depths, data_name);
    }
    else
    {
        source = cfg.predictions;
        sc = score_predictions(io::read_predictions(cfg.predictions, cfg.predictions_format), data, cfg.predictions,
                               data_name, &dis.probabilities);
    }
    auto const disorder = disorder_report(cfg, data, dis, source, data_name, log);
    if (cfg.format == "json")
    {
        auto j = sc.to_json();
        j[cfg.predictions.empty() ? "model" : "predictions"] = source;
        j["data"] = data_name;
        j["masks"] = cfg.masks;
        for (auto const & [bin, bsc] : by_depth)
            j["by_depth"].push_back({{"depth", bin},
                                     {"records", bsc.records()},
                                     {"residues", bsc.residues().residues()},
                                     {"q3", bsc.residues().q3()},
                                     {"q8", bsc.residues().q8()}});
        if (disorder)
            j["disorder"] = disorder->to_json(dis.threshold);
        out << base::json_text(j, 1) << '\n';
    }
    else
    {
        out << sc.to_text();
        if (disorder)
            out << '\n' << disorder->to_text(dis.threshold);
        if (!by_depth.empty())
            out << "\nby profile depth (sequences in the alignment, query "
                   "included)\ndepth\trecords\tresidues\tQ3\tQ8\n";
        for (auto const & [bin, bsc] : by_depth)
            out << bin << '\t' << bsc.records() << '\t' << bsc.residues().residues() << '\t' << bsc.residues().q3()
                << '\t' << bsc.residues().q8() << '\n';
    }
    if (!cfg.plot.empty())
        sc.write_calibration_plot(cfg.plot);
    if (disorder && !cfg.disorder_plot.empty())
        disorder->write_calibration_plot(cfg.disorder_plot);
    return sc;
}

} // namespace ssrnn::eval
