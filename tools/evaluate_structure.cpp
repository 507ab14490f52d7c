// evaluate-structure: score a model, or a predictions file, on labelled data (Q8, Q3, SOV, per-class
// scores, confusion, per-protein averages, calibration).
#include "common.hpp"

#include <ssrnn/eval/evaluate.hpp>

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
            std::string precision;
            tools::add_precision(d, precision);
            d.add_options()("model,m", tools::po::value(&cfg.models)->composing(),
                            "model or ensemble file; repeat to average several (default: the bundled model)")(
                "predictions,p", tools::po::value(&cfg.predictions),
                "score this predictions file (ss8, ss3, ss2, horiz, tsv or json output) instead of a model")(
                "predictions-format", tools::po::value(&cfg.predictions_format)->default_value("auto"),
                "format of --predictions: auto, ss8, ss3, ss2, horiz, tsv or json")(
                "plot", tools::po::value(&cfg.plot), "write a reliability diagram (calibration) to this .svg file")(
                "data,d", tools::po::value(&cfg.data), "labelled data in the 3-line format (>id, sequence, DSSP)")(
                "mask", tools::po::value(&cfg.masks)->composing(),
                "mask file (repeatable); residues are scored where every mask is 1")(
                "format,f", tools::po::value(&cfg.format)->default_value("text"), "text or json");
            if (!tools::parse(argc, argv, d, nullptr, "evaluate-structure", "--data FILE [--mask FILE]... [options]"))
                return 0;
            cfg.bf16 = tools::use_bf16(precision, "evaluate-structure");
            eval::run_evaluate(cfg, std::cout);
            return 0;
        });
}
