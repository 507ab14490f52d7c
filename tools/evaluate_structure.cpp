// evaluate-structure: score a model on labelled data (Q8, Q3, per-class scores, confusion).
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
            d.add_options()("model,m", tools::po::value(&cfg.model), "model file (default: the bundled model)")(
                "data,d", tools::po::value(&cfg.data), "labelled data in the 3-line format (>id, sequence, DSSP)")(
                "mask", tools::po::value(&cfg.masks)->composing(),
                "mask file (repeatable); residues are scored where every mask is 1")(
                "format,f", tools::po::value(&cfg.format)->default_value("text"), "text or json");
            if (!tools::parse(argc, argv, d, nullptr, "evaluate-structure", "--data FILE [--mask FILE]... [options]"))
                return 0;
            eval::run_evaluate(cfg, std::cout);
            return 0;
        });
}
