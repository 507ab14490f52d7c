#include <ssrnn/base/json_text.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/eval/evaluate.hpp>
#include <ssrnn/io/svg_plot.hpp>
#include <ssrnn/nn/default_model.hpp>

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
scorer score_probabilities(io::labelled_set const & data, std::vector<std::vector<float>> const & probs)
{
    scorer sc;
    for (std::size_t k = 0; k < data.records.size(); ++k)
    {
        auto const n = data.records[k].sequence.size();
        std::vector<std::int8_t> pred8(n), pred3(n), conf(n);
        std::vector<float> prob3(3 * n);
        for (std::size_t i = 0; i < n; ++i)
        {
            std::span<float const, 8> p(probs[k].data() + 8 * i, 8);
            auto const p3 = encode::to_ss3(p);
            pred8[i] = static_cast<std::int8_t>(encode::argmax(p));
            pred3[i] = static_cast<std::int8_t>(encode::argmax(p3));
            std::copy(p3.begin(), p3.end(), prob3.begin() + static_cast<std::ptrdiff_t>(3 * i));
            conf[i] = static_cast<std::int8_t>(io::horiz_confidence(p3));
        }
        sc.add(view(data.records[k], pred8, pred3, probs[k], prob3, conf));
    }
    return sc;
}
} // namespace

metrics evaluate(nn::network<float> const & net, io::labelled_set const & data, int threads)
{
    return score_probabilities(data, predict::predict_probabilities(net, encoded(data), threads)).residues();
}

scorer score_model(nn::ensemble const & models, io::labelled_set const & data, int threads, bool bf16)
{
    return score_probabilities(data, predict::predict_probabilities(models, encoded(data), threads, bf16));
}

scorer score_predictions(io::prediction_set const & preds, io::labelled_set const & data,
                         std::string const & preds_name, std::string const & data_name)
{
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
    }
    return sc;
}

scorer run_evaluate(evaluate_config const & cfg, std::ostream & out)
{
    if (cfg.format != "text" && cfg.format != "json")
        throw config_error("unknown report format '" + cfg.format + "' (expected text or json)");
    if (cfg.threads < 1 || cfg.threads > 1024)
        throw config_error("--threads must be between 1 and 1024");
    if (cfg.data.empty())
        throw config_error("--data is required");
    if (!cfg.predictions.empty() && !cfg.models.empty())
        throw config_error("give --model or --predictions, not both");
    if (!cfg.plot.empty())
        io::check_plot_path(cfg.plot);
    auto const data = io::read_labelled(cfg.data, cfg.masks);
    std::string source;
    scorer sc;
    if (cfg.predictions.empty())
    {
        auto const paths = nn::model_paths(cfg.models);
        for (auto const & p : paths)
            source += (source.empty() ? "" : ", ") + p;
        sc = score_model(nn::load_ensemble(paths), data, cfg.threads, cfg.precision == predict::precision::bf16);
    }
    else
    {
        source = cfg.predictions;
        sc = score_predictions(io::read_predictions(cfg.predictions, cfg.predictions_format), data, cfg.predictions,
                               cfg.data);
    }
    if (cfg.format == "json")
    {
        auto j = sc.to_json();
        j[cfg.predictions.empty() ? "model" : "predictions"] = source;
        j["data"] = cfg.data;
        j["masks"] = cfg.masks;
        out << base::json_text(j, 1) << '\n';
    }
    else
        out << sc.to_text();
    if (!cfg.plot.empty())
        sc.write_calibration_plot(cfg.plot);
    return sc;
}

} // namespace ssrnn::eval
