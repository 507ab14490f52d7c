// analyze-gradients: make the BPTT theory visible (gradient flow over time, gradient checks).
#include "common.hpp"

#include <cstdio>

namespace
{
using namespace ssrnn;
constexpr char const * usage = "flow|truncation|modes|check [options]   (see analyze-gradients SUBCOMMAND --help)";

//! Runs one subcommand: its options (the library's declarations), then the experiment.
int subcommand(job kind, char const * caption, int argc, char ** argv)
{
    settings s{kind};
    tools::po::variables_map vm;
    if (!tools::parse(argc, argv, s, "[options]", vm, tools::po::options_description{}, caption))
        return 0;
    analyze_gradients(s, std::cout, std::cerr);
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
        return subcommand(job::gradient_flow,
                          "analyze-gradients flow: |dL/d state_{T-1-d}| for a loss at the last step, d = 0..T (T: the "
                          "initial state)",
                          argc - 1, argv + 1);
    if (sub == "truncation")
        return subcommand(job::gradient_truncation,
                          "analyze-gradients truncation: full vs truncated BPTT of L = sum_t u.h_t", argc - 1,
                          argv + 1);
    if (sub == "modes")
        return subcommand(job::gradient_modes, "analyze-gradients modes: forward-mode vs reverse-mode gradient cost",
                          argc - 1, argv + 1);
    if (sub == "check")
        return subcommand(job::gradient_check,
                          "analyze-gradients check: analytic gradients vs central finite differences", argc - 1,
                          argv + 1);
    throw config_error(sub.empty() ? "missing subcommand (flow, truncation, modes or check)"
                                   : "unknown subcommand '" + sub + "'");
}
} // namespace

int main(int argc, char ** argv)
{
    return ssrnn::tools::run("analyze-gradients", [&] { return dispatch(argc, argv); });
}
