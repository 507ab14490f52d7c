#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/io/svg_plot.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace ssrnn::io
{
namespace
{
std::string num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string label(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string escape(std::string const & s)
{
    std::string o;
    for (char c : s)
        o += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
    return o;
}
} // namespace

void check_plot_path(std::string const & path)
{
    if (path.size() < 4 || path.substr(path.size() - 4) != ".svg")
        throw config_error("--plot: only .svg output is supported (got '" + path + "')");
}

void write_svg_plot(std::string const & path, std::string const & title, std::string const & xlabel,
                    std::string const & ylabel, std::vector<series> const & lines, bool log_y)
{
    check_plot_path(path);
    double const W = 720, Hh = 440, L = 80, R = 170, T = 40, B = 60;
    double x0 = std::numeric_limits<double>::max(), x1 = -x0, y0 = x0, y1 = -x0;
    auto fy = [&](double y)
    {
        return log_y ? std::log10(y) : y;
    };
    for (auto const & s : lines)
        for (std::size_t i = 0; i < s.x.size(); ++i)
        {
            if (log_y && !(s.y[i] > 0.0))
                continue;
            x0 = std::min(x0, s.x[i]);
            x1 = std::max(x1, s.x[i]);
            y0 = std::min(y0, fy(s.y[i]));
            y1 = std::max(y1, fy(s.y[i]));
        }
    if (x0 > x1)
        x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    if (x1 == x0)
        x1 = x0 + 1;
    if (y1 - y0 < 1e-12)
        y0 -= 0.5, y1 += 0.5;
    if (log_y)
        y0 = std::floor(y0), y1 = std::ceil(y1);
    auto px = [&](double x)
    {
        return L + (x - x0) / (x1 - x0) * (W - L - R);
    };
    auto py = [&](double y)
    {
        return Hh - B - (y - y0) / (y1 - y0) * (Hh - T - B);
    };
    std::string s =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(W) + "\" height=\"" + num(Hh) +
        "\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    s += "<text x=\"" + num(W / 2) + "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">" + escape(title) +
         "</text>\n";
    s += "<line x1=\"" + num(L) + "\" y1=\"" + num(Hh - B) + "\" x2=\"" + num(W - R) + "\" y2=\"" + num(Hh - B) +
         "\" stroke=\"black\"/>\n<line x1=\"" + num(L) + "\" y1=\"" + num(T) + "\" x2=\"" + num(L) + "\" y2=\"" +
         num(Hh - B) + "\" stroke=\"black\"/>\n";
    for (int i = 0; i <= 5; ++i)
    {
        double const xv = x0 + (x1 - x0) * i / 5.0;
        s += "<text x=\"" + num(px(xv)) + "\" y=\"" + num(Hh - B + 18) + "\" text-anchor=\"middle\">" +
             label(std::round(xv * 100) / 100) + "</text>\n";
    }
    int const yt = log_y ? static_cast<int>(std::min(10.0, y1 - y0)) : 5;
    for (int i = 0; i <= yt; ++i)
    {
        double const yv = y0 + (y1 - y0) * i / std::max(1, yt);
        std::string const text = log_y ? "1e" + label(std::round(yv)) : label(std::round(yv * 1000) / 1000);
        s += "<text x=\"" + num(L - 6) + "\" y=\"" + num(py(yv) + 4) + "\" text-anchor=\"end\">" + text + "</text>\n";
        s += "<line x1=\"" + num(L) + "\" y1=\"" + num(py(yv)) + "\" x2=\"" + num(W - R) + "\" y2=\"" + num(py(yv)) +
             "\" stroke=\"#ddd\"/>\n";
    }
    s += "<text x=\"" + num((L + W - R) / 2) + "\" y=\"" + num(Hh - 14) + "\" text-anchor=\"middle\">" +
         escape(xlabel) + "</text>\n";
    s += "<text transform=\"translate(18," + num((T + Hh - B) / 2) + ") rotate(-90)\" text-anchor=\"middle\">" +
         escape(ylabel) + (log_y ? " (log scale)" : "") + "</text>\n";
    char const * colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
    for (std::size_t k = 0; k < lines.size(); ++k)
    {
        auto const & l = lines[k];
        std::string pts;
        for (std::size_t i = 0; i < l.x.size(); ++i)
            if (!log_y || l.y[i] > 0.0)
                pts += num(px(l.x[i])) + "," + num(py(fy(l.y[i]))) + " ";
        char const * col = colours[k % 8];
        s +=
            "<polyline fill=\"none\" stroke=\"" + std::string{col} + "\" stroke-width=\"2\" points=\"" + pts + "\"/>\n";
        double const ly = T + 10 + 18.0 * static_cast<double>(k);
        s += "<line x1=\"" + num(W - R + 12) + "\" y1=\"" + num(ly) + "\" x2=\"" + num(W - R + 32) + "\" y2=\"" +
             num(ly) + "\" stroke=\"" + col + "\" stroke-width=\"2\"/><text x=\"" + num(W - R + 36) + "\" y=\"" +
             num(ly + 4) + "\">" + escape(l.name) + "</text>\n";
    }
    s += "</svg>\n";
    io::atomic_output out{path};
    out.stream() << s;
    out.commit();
}

} // namespace ssrnn::io
