#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/eval/evaluate.hpp>
#include <ssrnn/nn/model_file.hpp>
#include <ssrnn/predict/formats.hpp>
#include <ssrnn/predict/predictor.hpp>

#include <ostream>

namespace ssrnn::eval
{

metrics evaluate(nn::network<float> const & net, io::labelled_set const & data, int threads)
{
    std::vector<std::vector<std::uint8_t>> seqs;
    seqs.reserve(data.records.size());
    for (auto const & r : data.records)
        seqs.push_back(encode::residues_from_letters(r.sequence));
    auto const probs = predict::predict_probabilities(net, seqs, threads);
    metrics m;
    for (std::size_t k = 0; k < data.records.size(); ++k)
    {
        auto const & rec = data.records[k];
        bool any = false;
        for (std::size_t i = 0; i < rec.label.size(); ++i)
        {
            if (rec.label[i] < 0)
                continue;
            std::span<float const, 8> p(probs[k].data() + 8 * i, 8);
            m.add(rec.label[i], predict::argmax(p), predict::argmax(predict::to_ss3(p)));
            any = true;
        }
        if (any)
            m.add_record();
    }
    return m;
}

metrics run_evaluate(evaluate_config const & cfg, std::ostream & out)
{
    if (cfg.format != "text" && cfg.format != "json")
        throw config_error("unknown report format '" + cfg.format + "' (expected text or json)");
    if (cfg.threads < 1 || cfg.threads > 1024)
        throw config_error("--threads must be between 1 and 1024");
    if (cfg.data.empty())
        throw config_error("--data is required");
    auto const path = cfg.model.empty() ? nn::default_model_path() : cfg.model;
    auto const model = nn::load_model(path);
    auto const data = io::read_labelled(cfg.data, cfg.masks);
    auto const m = evaluate(model.net, data, cfg.threads);
    if (cfg.format == "json")
    {
        auto j = m.to_json();
        j["model"] = path;
        j["data"] = cfg.data;
        j["masks"] = cfg.masks;
        out << j.dump(1) << '\n';
    }
    else
        out << m.to_text();
    return m;
}

} // namespace ssrnn::eval
