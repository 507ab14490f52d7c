#pragma once
//! \file The tables (TSV with a header row, on `out`), summary lines (on `log`) and plots of
//! `analyze-gradients`: each runs one experiment of gradients.hpp and reports it.
#include <ssrnn/analysis/gradients.hpp>

#include <iosfwd>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::base
{
template <typename Config>
struct option;
} // namespace ssrnn::base

namespace ssrnn::analysis
{

//! Parses "5,10,20" into integers; throws config_error naming `option`.
[[nodiscard]] std::vector<int> parse_int_list(std::string const & text, std::string const & option);

//! `flow`: distance, grad_norm, ratio (and expected_ratio = F^d when the forget gate is clamped).
void report_flow(flow_config const & c, std::ostream & out, std::ostream & log, std::string const & plot = {});
//! `truncation`: one row per K; summary `identity_error <x>`.
void report_truncation(flow_config const & c, std::vector<int> const & ks, std::ostream & out, std::ostream & log,
                       std::string const & plot = {});
//! `modes`: one row per hidden size.
void report_modes(flow_config const & c, std::vector<int> const & hiddens, std::ostream & out, std::ostream & log);
//! `check`: one row per tensor; throws numeric_error if any max_rel_error is 1e-5 or more.
//! `recurrent_dropout` > 0 checks training's gradient with dropped recurrent weights. Ranges are the caller's
//! to check (run() checks the declared ones).
void report_check(nn::architecture const & a, float dropout, std::uint64_t seed, std::ostream & out, std::ostream & log,
                  std::string const & plot = {}, float recurrent_dropout = 0.0F);

//! Options of `analyze-gradients flow`.
struct flow_job
{
    flow_config flow; //!< the experiment
    std::string plot; //!< SVG to draw, if not empty
};
//! Options of `analyze-gradients truncation`.
struct truncation_job
{
    flow_config flow;              //!< the experiment
    std::string ks = "5,10,20,50"; //!< truncation lengths, comma-separated
    std::string plot;              //!< SVG to draw, if not empty
};
//! Options of `analyze-gradients modes`.
struct modes_job
{
    flow_config flow = []
    {
        flow_config c;
        c.steps = 20;
        return c;
    }();                               //!< the experiment (20 steps)
    std::string hiddens = "4,8,16,32"; //!< hidden sizes, comma-separated
};
//! Options of `analyze-gradients check`.
struct check_job
{
    nn::architecture arch = []
    {
        nn::architecture a;
        a.hidden = 4;
        return a;
    }();                            //!< the network checked (4 units)
    std::uint64_t seed = 1;         //!< weights and batch
    float dropout = 0.2F;           //!< dropout (masks fixed during the check)
    float recurrent_dropout = 0.0F; //!< weight dropping (mask fixed during the check)
    std::string plot;               //!< SVG to draw, if not empty
};

//! The options of each subcommand, bound to their fields (base/option_table.hpp).
[[nodiscard]] std::span<base::option<flow_job> const> flow_option_table();
[[nodiscard]] std::span<base::option<truncation_job> const> truncation_option_table();
[[nodiscard]] std::span<base::option<modes_job> const> modes_option_table();
[[nodiscard]] std::span<base::option<check_job> const> check_option_table();

//! Runs a subcommand as configured (the report_* functions above), after checking the declared
//! ranges of its options (config_error).
void run(flow_job const & j, std::ostream & out, std::ostream & log);
void run(truncation_job const & j, std::ostream & out, std::ostream & log);
void run(modes_job const & j, std::ostream & out, std::ostream & log);
void run(check_job const & j, std::ostream & out, std::ostream & log);

} // namespace ssrnn::analysis
