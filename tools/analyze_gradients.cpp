// analyze-gradients: make the BPTT theory visible (gradient flow over time, gradient checks).
#include "common.hpp"

#include <ssrnn/analysis/gradients.hpp>
#include <ssrnn/analysis/svg_plot.hpp>

#include <cmath>
#include <cstdio>

namespace
{
using namespace ssrnn;
constexpr char const * usage = "flow|truncation|modes|check [options]   (see analyze-gradients SUBCOMMAND --help)";

//! Parses "5,10,20" into integers; throws config_error naming `option`.
std::vector<int> int_list(std::string const & text, char const * option)
{
    std::vector<int> v;
    std::size_t pos = 0;
    while (pos <= text.size())
    {
        auto const comma = std::min(text.find(',', pos), text.size());
        try
        {
            v.push_back(std::stoi(text.substr(pos, comma - pos)));
        }
        catch (std::exception const &)
        {
            throw config_error(std::string{option} + ": not a list of integers: '" + text + "'");
        }
        pos = comma + 1;
    }
    return v;
}

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
    if (!plot.empty())
        analysis::check_plot_path(plot);
    auto const g = analysis::gradient_flow(c);
    bool const clamped = c.forget_gate >= 0.0;
    std::printf("distance\tgrad_norm\tratio%s\n", clamped ? "\texpected_ratio" : "");
    for (std::size_t dd = 0; dd < g.size(); ++dd)
    {
        std::printf("%zu\t%.12g\t%.12g", dd, g[dd], g[dd] / g[0]);
        if (clamped)
            std::printf("\t%.12g", std::pow(c.forget_gate, static_cast<double>(dd)));
        std::printf("\n");
    }
    std::fprintf(stderr, "flow: T %d, grad_norm[0] %.6g, grad_norm[%zu] %.6g, ratio %.6g\n", c.steps, g[0],
                 g.size() - 1, g.back(), g.back() / g[0]);
    if (!plot.empty())
    {
        analysis::series s{c.model.empty() ? c.cell : c.model, {}, g};
        for (std::size_t dd = 0; dd < g.size(); ++dd)
            s.x.push_back(static_cast<double>(dd));
        std::vector<analysis::series> lines{s};
        if (clamped)
        {
            analysis::series e{"F^d", s.x, {}};
            for (auto dd : s.x)
                e.y.push_back(g[0] * std::pow(c.forget_gate, dd));
            lines.push_back(e);
        }
        analysis::write_svg_plot(plot, "gradient flow back in time", "distance d (steps before the loss)",
                                 "|dL/d state|", lines, true);
    }
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
    if (!plot.empty())
        analysis::check_plot_path(plot);
    auto const kv = int_list(ks, "--k");
    auto const rows = analysis::truncation_analysis(c, kv);
    std::printf("k\tfull_norm\ttruncated_norm\trel_diff\tdropped_norm\tidentity_error\n");
    double worst = 0.0;
    analysis::series s{"|g_full - g_K| / |g_full|", {}, {}};
    for (auto const & r : rows)
    {
        std::printf("%d\t%.12g\t%.12g\t%.6e\t%.12g\t%.3e\n", r.k, r.full_norm, r.truncated_norm, r.rel_diff,
                    r.dropped_norm, r.identity_error);
        worst = std::max(worst, r.identity_error);
        s.x.push_back(r.k);
        s.y.push_back(std::max(r.rel_diff, 1e-17));
    }
    std::fprintf(stderr, "identity_error %.3e\n", worst);
    if (!plot.empty())
        analysis::write_svg_plot(plot, "truncation bias", "truncation length K", "relative gradient difference", {s},
                                 true);
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
    auto const rows = analysis::mode_comparison(c, int_list(hs, "--hidden"));
    std::printf("hidden\tparams\tforward_passes\treverse_passes\tforward_seconds\treverse_seconds\tmax_rel_diff\n");
    double worst = 0.0;
    for (auto const & r : rows)
    {
        std::printf("%d\t%zu\t%zu\t%zu\t%.6f\t%.6f\t%.3e\n", r.hidden, r.params, r.forward_passes, r.reverse_passes,
                    r.forward_seconds, r.reverse_seconds, r.max_rel_diff);
        worst = std::max(worst, r.max_rel_diff);
    }
    std::fprintf(stderr, "modes: cell %s, max_rel_diff %.3e; forward/reverse time ratio %.0f at %zu parameters\n",
                 c.cell.c_str(), worst, rows.back().forward_seconds / std::max(rows.back().reverse_seconds, 1e-9),
                 rows.back().params);
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
    if (!plot.empty())
        analysis::check_plot_path(plot);
    auto const rows = analysis::gradient_check(a, {9, 6, 6, 2}, dropout, seed);
    std::printf("tensor\tparams\tmax_rel_error\n");
    double worst = 0.0;
    analysis::series s{"max relative error", {}, {}};
    for (auto const & r : rows)
    {
        std::printf("%s\t%zu\t%.3e\n", r.tensor.c_str(), r.params, r.max_rel_error);
        worst = std::max(worst, r.max_rel_error);
        s.x.push_back(static_cast<double>(s.x.size()));
        s.y.push_back(std::max(r.max_rel_error, 1e-16));
    }
    std::fprintf(stderr, "check: cell %s, %zu tensors, max_rel_error %.3e (%s; threshold 1e-5)\n", a.cell.c_str(),
                 rows.size(), worst, worst < 1e-5 ? "pass" : "FAIL");
    if (!plot.empty())
        analysis::write_svg_plot(plot, "gradient check: " + a.cell, "tensor index", "max relative error", {s}, true);
    if (!(worst < 1e-5))
        throw numeric_error("gradient check failed: max relative error " + std::to_string(worst));
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
