#include <ssrnn/analysis/reports.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/svg_plot.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace ssrnn::analysis
{
using io::check_plot_path;
using io::series;
using io::write_svg_plot;

namespace
{
//! printf into a stream.
template <typename... args_t>
void put(std::ostream & o, char const * fmt, args_t... args)
{
    char buf[512];
    int const n = std::snprintf(buf, sizeof buf, fmt, args...);
    o.write(buf, std::min<std::streamsize>(n, static_cast<std::streamsize>(sizeof buf) - 1));
}
} // namespace

std::vector<int> parse_int_list(std::string const & text, std::string const & option)
{
    std::vector<int> v;
    std::size_t pos = 0;
    while (pos <= text.size())
    {
        auto const comma = std::min(text.find(',', pos), text.size());
        try
        {
            std::size_t used = 0;
            auto const item = text.substr(pos, comma - pos);
            v.push_back(std::stoi(item, &used));
            if (used != item.size())
                throw std::invalid_argument(item);
        }
        catch (std::exception const &)
        {
            throw config_error(option + ": not a list of integers: '" + text + "'");
        }
        pos = comma + 1;
    }
    return v;
}

void report_flow(flow_config const & c, std::ostream & out, std::ostream & log, std::string const & plot)
{
    if (!plot.empty())
        check_plot_path(plot);
    auto const g = gradient_flow(c);
    bool const clamped = c.forget_gate >= 0.0;
    out << "distance\tgrad_norm\tratio" << (clamped ? "\texpected_ratio" : "") << '\n';
    for (std::size_t d = 0; d < g.size(); ++d)
    {
        put(out, "%zu\t%.12g\t%.12g", d, g[d], g[d] / g[0]);
        if (clamped)
            put(out, "\t%.12g", std::pow(c.forget_gate, static_cast<double>(d)));
        out << '\n';
    }
    put(log, "flow: T %d, grad_norm[0] %.6g, grad_norm[%zu] %.6g, ratio %.6g\n", c.steps, g[0], g.size() - 1, g.back(),
        g.back() / g[0]);
    if (plot.empty())
        return;
    series s{c.model.empty() ? nn::to_string(c.cell) : c.model, {}, g};
    for (std::size_t d = 0; d < g.size(); ++d)
        s.x.push_back(static_cast<double>(d));
    std::vector<series> lines{s};
    if (clamped)
    {
        series e{"F^d", s.x, {}};
        for (auto d : s.x)
            e.y.push_back(g[0] * std::pow(c.forget_gate, d));
        lines.push_back(e);
    }
    write_svg_plot(plot, "gradient flow back in time", "distance d (steps before the loss)", "|dL/d state|", lines,
                   true);
}

void report_truncation(flow_config const & c, std::vector<int> const & ks, std::ostream & out, std::ostream & log,
                       std::string const & plot)
{
    if (!plot.empty())
        check_plot_path(plot);
    auto const rows = truncation_analysis(c, ks);
    out << "k\tfull_norm\ttruncated_norm\trel_diff\tdropped_norm\tidentity_error\n";
    double worst = 0.0;
    series s{"|g_full - g_K| / |g_full|", {}, {}};
    for (auto const & r : rows)
    {
        put(out, "%d\t%.12g\t%.12g\t%.6e\t%.12g\t%.3e\n", r.k, r.full_norm, r.truncated_norm, r.rel_diff,
            r.dropped_norm, r.identity_error);
        worst = std::max(worst, r.identity_error);
        s.x.push_back(r.k);
        s.y.push_back(std::max(r.rel_diff, 1e-17));
    }
    put(log, "identity_error %.3e\n", worst);
    if (!plot.empty())
        write_svg_plot(plot, "truncation bias", "truncation length K", "relative gradient difference", {s}, true);
}

void report_modes(flow_config const & c, std::vector<int> const & hiddens, std::ostream & out, std::ostream & log)
{
    auto const rows = mode_comparison(c, hiddens);
    out << "hidden\tparams\tforward_passes\treverse_passes\tforward_seconds\treverse_seconds\tmax_rel_diff\n";
    double worst = 0.0;
    for (auto const & r : rows)
    {
        put(out, "%d\t%zu\t%zu\t%zu\t%.6f\t%.6f\t%.3e\n", r.hidden, r.params, r.forward_passes, r.reverse_passes,
            r.forward_seconds, r.reverse_seconds, r.max_rel_diff);
        worst = std::max(worst, r.max_rel_diff);
    }
    if (!rows.empty())
        put(log, "modes: cell %s, max_rel_diff %.3e; forward/reverse time ratio %.0f at %zu parameters\n",
            nn::to_string(c.cell).c_str(), worst,
            rows.back().forward_seconds / std::max(rows.back().reverse_seconds, 1e-9), rows.back().params);
}

void report_check(nn::architecture const & a, float dropout, std::uint64_t seed, std::ostream & out, std::ostream & log,
                  std::string const & plot, float recurrent_dropout)
{
    if (!plot.empty())
        check_plot_path(plot);
    auto const rows = gradient_check(a, {9, 6, 6, 2}, dropout, seed, {}, false, recurrent_dropout);
    out << "tensor\tparams\tmax_rel_error\n";
    double worst = 0.0;
    series s{"max relative error", {}, {}};
    for (auto const & r : rows)
    {
        put(out, "%s\t%zu\t%.3e\n", r.tensor.c_str(), r.params, r.max_rel_error);
        worst = std::max(worst, r.max_rel_error);
        s.x.push_back(static_cast<double>(s.x.size()));
        s.y.push_back(std::max(r.max_rel_error, 1e-16));
    }
    put(log, "check: cell %s, %zu tensors, max_rel_error %.3e (%s; threshold 1e-5)\n", nn::to_string(a.cell).c_str(),
        rows.size(), worst, worst < 1e-5 ? "pass" : "FAIL");
    if (!plot.empty())
        write_svg_plot(plot, "gradient check: " + nn::to_string(a.cell), "tensor index", "max relative error", {s},
                       true);
    if (!(worst < 1e-5))
        throw numeric_error("gradient check failed: max relative error " + std::to_string(worst));
}

namespace
{
//! The options of one direction of one layer (flow and truncation), on the `flow` member.
template <typename Job>
void add_experiment_options(base::option_list<Job> & o)
{
    o.choice(
         "cell", [](auto & j) -> auto & { return j.flow.cell; }, nn::cell_names, "lstm, gru or rnn")
        .add(
            "hidden", [](auto & j) -> auto & { return j.flow.hidden; }, "units")
        .add(
            "steps", [](auto & j) -> auto & { return j.flow.steps; }, "sequence length T", base::between(1, 100000))
        .add(
            "seed", [](auto & j) -> auto & { return j.flow.seed; }, "random weights and input")
        .add(
            "spectral-radius", [](auto & j) -> auto & { return j.flow.spectral_radius; },
            "rescale each H x H block of W_hh to this spectral radius (0 = keep)", base::at_least(0))
        .add(
            "input-scale", [](auto & j) -> auto & { return j.flow.input_scale; },
            "scale of input weights and biases (0 keeps the state at 0: the Jacobian is W_hh)")
        .add(
            "forget-gate", [](auto & j) -> auto & { return j.flow.forget_gate; }, "LSTM: clamp f to F (W_hh zeroed)")
        .add(
            "input-gate", [](auto & j) -> auto & { return j.flow.input_gate; }, "LSTM: clamp i to G (W_hh zeroed)")
        .add(
            "model", [](auto & j) -> auto & { return j.flow.model; },
            "use layer 0 (forward) of this model instead of random weights");
}
} // namespace

std::span<base::option<flow_job> const> flow_option_table()
{
    static auto const table = []
    {
        base::option_list<flow_job> o;
        add_experiment_options(o);
        o.add(
            "plot", [](auto & j) -> auto & { return j.plot; }, "also draw the curve to FILE.svg");
        return o.done();
    }();
    return table;
}

std::span<base::option<truncation_job> const> truncation_option_table()
{
    static auto const table = []
    {
        base::option_list<truncation_job> o;
        add_experiment_options(o);
        o.add(
             "k", [](auto & j) -> auto & { return j.ks; }, "truncation lengths, comma-separated")
            .add(
                "plot", [](auto & j) -> auto & { return j.plot; }, "also draw rel_diff against K to FILE.svg");
        return o.done();
    }();
    return table;
}

std::span<base::option<modes_job> const> modes_option_table()
{
    static auto const table =
        base::option_list<modes_job>{}
            .choice(
                "cell", [](auto & j) -> auto & { return j.flow.cell; }, nn::cell_names, "lstm, gru or rnn")
            .add(
                "hidden", [](auto & j) -> auto & { return j.hiddens; }, "hidden sizes, comma-separated")
            .add(
                "steps", [](auto & j) -> auto & { return j.flow.steps; }, "sequence length T", base::between(1, 100000))
            .add(
                "seed", [](auto & j) -> auto & { return j.flow.seed; }, "random weights and input")
            .done();
    return table;
}

std::span<base::option<check_job> const> check_option_table()
{
    static auto const table =
        base::option_list<check_job>{}
            .choice(
                "cell", [](auto & j) -> auto & { return j.arch.cell; }, nn::cell_names, "lstm, gru or rnn")
            .add(
                "hidden", [](auto & j) -> auto & { return j.arch.hidden; }, "units")
            .add(
                "layers", [](auto & j) -> auto & { return j.arch.layers; }, "bidirectional layers")
            .add(
                "dropout", [](auto & j) -> auto & { return j.dropout; }, "dropout (masks fixed during the check)")
            .add(
                "recurrent-dropout", [](auto & j) -> auto & { return j.recurrent_dropout; },
                "drop recurrent weights as training does (mask fixed during the check)", base::from_below(0, 1))
            .add(
                "seed", [](auto & j) -> auto & { return j.seed; }, "random weights and batch")
            .add(
                "plot", [](auto & j) -> auto & { return j.plot; }, "also draw the errors to FILE.svg")
            .done();
    return table;
}

void run(flow_job const & j, std::ostream & out, std::ostream & log)
{
    base::check_ranges(flow_option_table(), j);
    report_flow(j.flow, out, log, j.plot);
}

void run(truncation_job const & j, std::ostream & out, std::ostream & log)
{
    base::check_ranges(truncation_option_table(), j);
    report_truncation(j.flow, parse_int_list(j.ks, "--k"), out, log, j.plot);
}

void run(modes_job const & j, std::ostream & out, std::ostream & log)
{
    base::check_ranges(modes_option_table(), j);
    report_modes(j.flow, parse_int_list(j.hiddens, "--hidden"), out, log);
}

void run(check_job const & j, std::ostream & out, std::ostream & log)
{
    base::check_ranges(check_option_table(), j);
    report_check(j.arch, j.dropout, j.seed, out, log, j.plot, j.recurrent_dropout);
}

} // namespace ssrnn::analysis
