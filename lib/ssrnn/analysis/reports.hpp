#pragma once
//! \file The tables (TSV with a header row, on `out`), summary lines (on `log`) and plots of
//! `analyze-gradients`: each runs one experiment of gradients.hpp and reports it.
#include <ssrnn/analysis/gradients.hpp>

#include <iosfwd>
#include <string>
#include <vector>

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
//! `recurrent_dropout` > 0 checks training's gradient with dropped recurrent weights.
void report_check(nn::architecture const & a, float dropout, std::uint64_t seed, std::ostream & out, std::ostream & log,
                  std::string const & plot = {}, float recurrent_dropout = 0.0F);

} // namespace ssrnn::analysis
