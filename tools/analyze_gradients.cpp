// analyze-gradients: make the BPTT theory visible (gradient flow over time, gradient checks).
#include "common.hpp"

#include <ssrnn/analysis/reports.hpp>

#include <cstdio>

namespace
{
using namespace ssrnn;
constexpr char const * usage = "flow|truncation|modes|check [options]   (see analyze-gradients SUBCOMMAND --help)";

//! Options shared by flow and truncation (one direction of one layer, double precision).
void add_experiment_options(tools::po::options_description & d, analysis::flow_config & c)
{
    d.add_options()("cell", tools::po::value(&c.cell)->default_value("lstm"),
                    "lstm, gru or rnn")("hidden", tools::po::value(&c.hidden)->default_value(32), "units")(
        "steps", tools::po::value(&c.steps)->default_value(50),
        "sequence length T")("seed", tools::po::value(&c.seed)->default_value(1), "random weights and input")(
        "spectral-radius", tools::po::value(&c.spectral_radius)->default_value(0),
        "rescale each H x H block of W_hh to this spectral radius (0 = keep)")(
        "input-scale", tools::po::value(&c.input_scale)->default_value(1),
        "scale of input weights and biases (0 keeps the state at 0: the Jacobian is W_hh)")(
        "forget-gate", tools::po::value(&c.forget_gate)->default_value(-1), "LSTM: clamp f to F (W_hh zeroed)")(
        "input-gate", tools::po::value(&c.input_gate)->default_value(-1), "LSTM: clamp i to G (W_hh zeroed)")(
        "model", tools::po::value(&c.model), "use layer 0 (forward) of this model instead of random weights");
}

int flow(int argc, char ** argv)
{
    analysis::flow_config c;
    std::string plot;
    int threads = 1;
    tools::po::options_description d{"analyze-gradients flow: |dL/d state_{T-1-d}| for a loss at the last step"};
    tools::add_common(d, threads, false);
    add_experiment_options(d, c);
    d.add_options()("plot", tools::po::value(&plot), "also draw the curve to FILE.svg");
    if (!tools::parse(argc, argv, d, nullptr, "analyze-gradients flow", "[options]"))
        return 0;
    analysis::report_flow(c, std::cout, std::cerr, plot);
    return 0;
}

int truncation(int argc, char ** argv)
{
    analysis::flow_config c;
    std::string ks = "5,10,20,50";
    std::string plot;
    int threads = 1;
    tools::po::options_description d{"analyze-gradients truncation: full vs truncated BPTT of L = sum_t u.h_t"};
    tools::add_common(d, threads, false);
    add_experiment_options(d, c);
    d.add_options()("k", tools::po::value(&ks)->default_value("5,10,20,50"), "truncation lengths, comma-separated")(
        "plot", tools::po::value(&plot), "also draw rel_diff against K to FILE.svg");
    if (!tools::parse(argc, argv, d, nullptr, "analyze-gradients truncation", "[options]"))
        return 0;
    analysis::report_truncation(c, analysis::parse_int_list(ks, "--k"), std::cout, std::cerr, plot);
    return 0;
}

int modes(int argc, char ** argv)
{
    analysis::flow_config c;
    c.steps = 20;
    std::string hs = "4,8,16,32";
    int threads = 1;
    tools::po::options_description d{"analyze-gradients modes: forward-mode vs reverse-mode gradient cost"};
    tools::add_common(d, threads, false);
    d.add_options()("cell", tools::po::value(&c.cell)->default_value("lstm"), "lstm, gru or rnn")(
        "hidden", tools::po::value(&hs)->default_value("4,8,16,32"),
        "hidden sizes, comma-separated")("steps", tools::po::value(&c.steps)->default_value(20), "sequence length T")(
        "seed", tools::po::value(&c.seed)->default_value(1), "random weights and input");
    if (!tools::parse(argc, argv, d, nullptr, "analyze-gradients modes", "[options]"))
        return 0;
    analysis::report_modes(c, analysis::parse_int_list(hs, "--hidden"), std::cout, std::cerr);
    return 0;
}

int check(int argc, char ** argv)
{
    nn::architecture a;
    a.hidden = 4;
    std::uint64_t seed = 1;
    float dropout = 0.2F;
    std::string plot;
    int threads = 1;
    tools::po::options_description d{"analyze-gradients check: analytic gradients vs central finite differences"};
    tools::add_common(d, threads, false);
    d.add_options()("cell", tools::po::value(&a.cell)->default_value("lstm"),
                    "lstm, gru or rnn")("hidden", tools::po::value(&a.hidden)->default_value(4), "units")(
        "layers", tools::po::value(&a.layers)->default_value(2), "bidirectional layers")(
        "dropout", tools::po::value(&dropout)->default_value(0.2F, "0.2"), "dropout (masks fixed during the check)")(
        "seed", tools::po::value(&seed)->default_value(1),
        "random weights and batch")("plot", tools::po::value(&plot), "also draw the errors to FILE.svg");
    if (!tools::parse(argc, argv, d, nullptr, "analyze-gradients check", "[options]"))
        return 0;
    analysis::report_check(a, dropout, seed, std::cout, std::cerr, plot);
    return 0;
}

int dispatch(int argc, char ** argv)
{
    std::string const sub = argc > 1 ? argv[1] : "";
    if (sub == "--version")
    {
        std::printf("analyze-gradients %s\n", version_string);
        return 0;
    }
    if (sub == "--help" || sub == "-h")
    {
        std::printf("Usage: analyze-gradients %s\n\n"
                    "  flow        gradient norm w.r.t. the recurrent state d steps before a loss\n"
                    "  truncation  full vs truncated BPTT gradients, and the dropped long-range terms\n"
                    "  modes       forward-mode (one pass per parameter) vs reverse-mode (one pass) gradients\n"
                    "  check       gradient check against finite differences\n",
                    usage);
        return 0;
    }
    if (sub == "flow")
        return flow(argc - 1, argv + 1);
    if (sub == "truncation")
        return truncation(argc - 1, argv + 1);
    if (sub == "modes")
        return modes(argc - 1, argv + 1);
    if (sub == "check")
        return check(argc - 1, argv + 1);
    throw config_error(sub.empty() ? "missing subcommand (flow, truncation, modes or check)"
                                   : "unknown subcommand '" + sub + "'");
}
} // namespace

int main(int argc, char ** argv)
{
    return ssrnn::tools::run("analyze-gradients", [&] { return dispatch(argc, argv); });
}
