// predict-structure: FASTA in, per-residue secondary structure out.
#include "common.hpp"

#include <ssrnn/base/names.hpp>
#include <ssrnn/io/predictions.hpp>
#include <ssrnn/predict/predictor.hpp>

#include <sstream>

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run(
        "predict-structure",
        [&]
        {
            auto const start = std::chrono::steady_clock::now();
            predict::predict_config cfg;
            bool quiet = false;
            tools::po::options_description d{"Options"};
            tools::add_common(d, cfg.threads);
            std::string precision, format = io::to_string(cfg.format);
            tools::add_precision(d, precision, cfg.precision);
            d.add_options()("model,m", tools::po::value(&cfg.models)->composing(),
                            "model or ensemble file; repeat to average several (default: the bundled model)")(
                "format,f", tools::with_default(format), base::list_names(io::format_names).c_str())(
                "output,o", tools::with_default(cfg.output), "output file (- = stdout; written atomically)")(
                "outdir", tools::po::value(&cfg.outdir),
                "write one file per record instead: DIR/<id>.<format> (IDs made file-safe; repeats get _2, _3, ...)")(
                "quiet,q", tools::po::bool_switch(&quiet),
                "no summary on stderr")("max-residues", tools::with_default(cfg.max_residues),
                                        "refuse records longer than this before predicting anything (0 = no limit)")(
                "input", tools::po::value(&cfg.inputs), "FASTA files (- = stdin; .gz accepted)");
            tools::add_profile_options(d, &cfg.profiles, cfg.search);
            tools::add_no_homolog_option(d, cfg.no_homolog_model);
            tools::po::positional_options_description pos;
            pos.add("input", -1);
            if (!tools::parse(argc, argv, d, &pos, "predict-structure", "[options] INPUT..."))
                return 0;
            cfg.format = io::parse_output_format(format);
            cfg.precision = tools::parse_precision(precision, "predict-structure", quiet);
            cfg.search.threads = cfg.threads;
            std::ostringstream sink;
            predict::run_predict(cfg, quiet ? static_cast<std::ostream &>(sink) : std::cerr);
            if (!quiet)
                tools::report_resources("predict-structure", start);
            return 0;
        });
}
