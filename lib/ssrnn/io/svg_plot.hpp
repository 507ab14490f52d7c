#pragma once
//! \file A minimal SVG line plot (no dependencies), for `--plot FILE.svg`.
#include <string>
#include <vector>

namespace ssrnn::io
{

//! One line of a plot.
struct series
{
    std::string name;      //!< legend entry
    std::vector<double> x; //!< abscissae
    std::vector<double> y; //!< ordinates (must be > 0 on a log axis; others are skipped)
};

//! Throws config_error unless `path` ends in ".svg" (call before long computations).
void check_plot_path(std::string const & path);

//! Writes an SVG line plot atomically. Throws config_error unless `path` ends in ".svg".
void write_svg_plot(std::string const & path, std::string const & title, std::string const & xlabel,
                    std::string const & ylabel, std::vector<series> const & lines, bool log_y);

} // namespace ssrnn::io
