// analyze-gradients: make the BPTT theory visible (gradient flow over time, gradient checks).
#include "common.hpp"

#include <ssrnn/analysis/reports.hpp>

#include <cstdio>

namespace
{
using namespace ssrnn;
constexpr char const * usage = "flow|truncation|modes|check [options]   (see analyze-gradients SUBCOMMAND --help)";

//! Options shared by flow and truncation (one direction of one layer, double precision);
//! `cell` holds the cell name until flow_config is complete.
void add_experiment_options(tools::po::options_description & d, analysis::flow_config & c, std::string & cell)
{
    using tools::with_default;
    cell = nn::to_string(c.cell);
    d.add_options()("cell", with_default(cell), "lstm, gru or rnn")("hidden", with_default(c.hidden), "units")(
        "steps", with_default(c.steps), "sequence length T")("seed", with_default(c.seed), "random weights and input")(
        "spectral-radius", with_default(c.spectral_radius),
        "rescale each H x H block of W_hh to this spectral radius (0 = keep)")(
        "input-scale", with_default(c.input_scale),
        "scale of input weights and biases (0 keeps the state at 0: the Jacobian is W_hh)")(
        "forget-gate", with_default(c.forget_gate), "LSTM: clamp f to F (W_hh zeroed)")(
        "input-gate", with_default(c.input_gate), "LSTM: clamp i to G (W_hh zeroed)")(
        "model", tools::po::value(&c.model), "use layer 0 (forward) of this model instead of random weights");
}

int flow(int argc, char ** argv)
{
    analysis::flow_config c;
    std::string plot;
    int threads = 1;
    std::string cell;
    tools::po::options_description d{
        "analyze-gradients flow: |dL/d state_{T-1-d}| for a loss at the last step, d = 0..T (T: the initial state)"};
    tools::add_common(d, threads, false);
    add_experiment_options(d, c, cell);
    d.add_options()("plot", tools::po::value(&plot), "also draw the curve to FILE.svg");
    if (!tools::parse(argc, argv, d, nullptr, "analyze-gradients flow", "[options]"))
        return 0;
    c.cell = nn::parse_cell(cell);
    analysis::report_flow(c, std::cout, std::cerr, plot);
    return 0;
}

int truncation(int argc, char ** argv)
{
    analysis::flow_config c;
    std::string ks = "5,10,20,50";
    std::string plot;
    int threads = 1;
    std::string cell;
    tools::po::options_description d{"analyze-gradients truncation: full vs truncated BPTT of L = sum_t u.h_t"};
    tools::add_common(d, threads, false);
    add_experiment_options(d, c, cell);
    d.add_options()("k", tools::po::value(&ks)->default_value("5,10,20,50"), "truncation lengths, comma-separated")(
        "plot", tools::po::value(&plot), "also draw rel_diff against K to FILE.svg");
    if (!tools::parse(argc, argv, d, nullptr, "analyze-gradients truncation", "[options]"))
        return 0;
    c.cell = nn::parse_cell(cell);
    analysis::report_truncation(c, analysis::parse_int_list(ks, "--k"), std::cout, std::cerr, plot);
    return 0;
}

int modes(int argc, char ** argv)
{
    analysis::flow_config c;
    c.steps = 20;
    std::string hs = "4,8,16,32", cell = nn::to_string(c.cell);
    int threads = 1;
    tools::po::options_description d{"analyze-gradients modes: forward-mode vs reverse-mode gradient cost"};
    tools::add_common(d, threads, false);
    d.add_options()("cell", tools::with_default(cell), "lstm, gru or rnn")("hidden", tools::with_default(hs),
                                                                           "hidden sizes, comma-separated")(
        "steps", tools::with_default(c.steps), "sequence length T")("seed", tools::with_default(c.seed),
                                                                    "random weights and input");
    if (!tools::parse(argc, argv, d, nullptr, "analyze-gradients modes", "[options]"))
        return 0;
    c.cell = nn::parse_cell(cell);
    analysis::report_modes(c, analysis::parse_int_list(hs, "--hidden"), std::cout, std::cerr);
    return 0;
}

int check(int argc, char ** argv)
{
    nn::architecture a;
    a.hidden = 4;
    std::uint64_t seed = 1;
    float dropout = 0.2F, recurrent_dropout = 0.0F;
    std::string plot, cell = nn::to_string(a.cell);
    int threads = 1;
    tools::po::options_description d{"analyze-gradients check: analytic gradients vs central finite differences"};
    tools::add_common(d, threads, false);
    d.add_options()("cell", tools::with_default(cell), "lstm, gru or rnn")("hidden", tools::with_default(a.hidden),
                                                                           "units")(
        "layers", tools::with_default(a.layers), "bidirectional layers")("dropout", tools::with_default(dropout),
                                                                         "dropout (masks fixed during the check)")(
        "recurrent-dropout", tools::with_default(recurrent_dropout),
        "drop recurrent weights as training does (mask fixed during the check)")(
        "seed", tools::with_default(seed), "random weights and batch")("plot", tools::po::value(&plot),
                                                                       "also draw the errors to FILE.svg");
    if (!tools::parse(argc, argv, d, nullptr, "analyze-gradients check", "[options]"))
        return 0;
    a.cell = nn::parse_cell(cell);
    analysis::report_check(a, dropout, seed, std::cout, std::cerr, plot, recurrent_dropout);
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
