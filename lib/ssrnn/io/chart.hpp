#pragma once
//! \file A PSIPRED-style chart of one record's prediction as SVG (predict-structure --format svg,
//! the HTML report, evaluate-structure's prediction-against-structure picture): blocks of residues
//! per row with a ruler, confidence bars, a cartoon (helix bar, strand arrow ending on the strand's
//! last residue, coil line), the prediction and the sequence; optionally the 8 states, probability
//! curves and the observed (DSSP) states with errors marked. Written by hand (no dependency), in
//! time and size linear in the length (docs/cli.md gives bytes per residue).
#include <ssrnn/ssrnn.hpp>

#include <cstddef>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ssrnn::base
{
template <typename Config>
struct option;
} // namespace ssrnn::base

namespace ssrnn::io
{

//! What a chart shows besides the 3-state prediction: the public API's ssrnn::chart_options.
using ssrnn::chart_options;

//! The options of a chart (--chart-row, --ss8, --chart-probabilities), declared once for the tools
//! that draw (base/option_table.hpp); the command line's only (Python takes them as arguments).
[[nodiscard]] std::span<base::option<chart_options> const> chart_option_table();

//! One record to draw.
struct chart_input
{
    std::string_view id;             //!< record ID
    std::string_view sequence;       //!< residues
    std::span<float const> prob8;    //!< length x 8 probabilities (HGIEBTSC)
    std::string_view model;          //!< the model's name (file), shown in the title
    std::string_view observed;       //!< observed 8-state DSSP letters, '-' where unobserved (evaluate), or empty
    std::string caption;             //!< a line under the title (evaluate: Q3, Q8, SOV), or empty
    std::span<float const> disorder; //!< P(disordered) per residue (a "Dis" bar track), or empty
};

//! One row of the HTML report's table.
struct report_row
{
    std::string id;
    std::size_t length = 0;
    double helix = 0, strand = 0, coil = 0; //!< percent of residues predicted H, E, C
    double confidence = 0;                  //!< mean PSIPRED confidence digit (0-9)
    std::vector<double> scores;             //!< evaluate: one value per report_info::score_names (set by the caller)
};

//! A drawn chart: an SVG group (no <svg> root) of width x height pixels at the origin, and the
//! record's row of the HTML report's table (counted while drawing).
struct chart
{
    std::string group; //!< `<g>...</g>`
    int width = 0;
    int height = 0;
    report_row row;
};

//! Draws one record. Throws config_error for options out of the ranges of chart_option_table().
[[nodiscard]] chart draw_chart(chart_input const & in, chart_options const & options);

//! Writes a standalone SVG document with `charts` stacked top to bottom.
void write_svg_document(std::ostream & out, std::span<chart const> charts);

//! What the HTML report says about the run.
struct report_info
{
    std::string title;                    //!< e.g. "ssrnn predictions"
    std::string command_line;             //!< the run's command line, or empty
    std::string model;                    //!< model file(s)
    std::string version;                  //!< ssrnn version
    std::vector<std::string> score_names; //!< more table columns (evaluate: Q3, Q8, SOV3, SOV8)
};

//! Writes one self-contained HTML page (no network, no external scripts or fonts): the run's
//! details, a table of the records (each chart's row; sortable by a few lines of inline
//! JavaScript; each ID links to its chart) and every chart inline, in the order given.
void write_html_report(std::ostream & out, report_info const & info, std::span<chart const> charts);

//! `text` with & < > " ' escaped for XML and HTML.
[[nodiscard]] std::string xml_escape(std::string_view text);

} // namespace ssrnn::io
