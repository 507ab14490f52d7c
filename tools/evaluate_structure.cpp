// evaluate-structure: score a model, or a predictions file, on labelled data (Q8, Q3, SOV, per-class
// scores, confusion, per-protein averages, calibration).
#include "common.hpp"

#include <ssrnn/base/names.hpp>
#include <ssrnn/eval/evaluate.hpp>
#include <ssrnn/io/predictions.hpp>

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run(
        "evaluate-structure",
        [&]
        {
            eval::evaluate_config cfg;
            tools::po::options_description d{"Options"};
            tools::add_common(d, cfg.threads);
            std::string precision, predictions_format = "auto";
            tools::add_precision(d, precision, cfg.precision);
            d.add_options()("model,m", tools::po::value(&cfg.models)->composing(),
                            "model or ensemble file; repeat to average several (default: the bundled model)")(
                "predictions,p", tools::po::value(&cfg.predictions),
                ("score this predictions file (" + base::list_names(io::format_names) + " output) instead of a model")
                    .c_str())("predictions-format", tools::with_default(predictions_format),
                              ("format of --predictions: auto, " + base::list_names(io::format_names)).c_str())(
                "plot", tools::po::value(&cfg.plot), "write a reliability diagram (calibration) to this .svg file")(
                "data,d", tools::po::value(&cfg.data), "labelled data in the 3-line format (>id, sequence, DSSP)")(
                "mask", tools::po::value(&cfg.masks)->composing(),
                "mask file (repeatable); residues are scored where every mask is 1")(
                "format,f", tools::with_default(cfg.format),
                "text or json")("profiles", tools::po::value(&cfg.profiles)->composing(),
                                "profiles of the --data records, for a profile model (repeatable; docs/profiles.md)")(
                "by-depth", tools::po::bool_switch(&cfg.by_depth),
                "also report Q3/Q8 per profile depth (1, 2-5, 6-20, 21-100, >100 sequences; needs --profiles)");
            tools::add_no_homolog_option(d, cfg.no_homolog_model);
            if (!tools::parse(argc, argv, d, nullptr, "evaluate-structure", "--data FILE [--mask FILE]... [options]"))
                return 0;
            cfg.precision = tools::parse_precision(precision, "evaluate-structure");
            cfg.predictions_format = io::parse_predictions_format(predictions_format);
            eval::run_evaluate(cfg, std::cout, std::cerr);
            return 0;
        });
}
