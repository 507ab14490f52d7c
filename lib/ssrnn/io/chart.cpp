#include <ssrnn/base/option_table.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/chart.hpp>
#include <ssrnn/io/predictions.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ostream>
#include <sstream>

namespace ssrnn::io
{

namespace
{
// Geometry (pixels). A row: ruler, confidence bars, cartoon, prediction, sequence, then the
// optional tracks (probabilities; observed cartoon, observed letters, errors).
constexpr int cell = 12;      // one residue
constexpr int left = 48;      // the track labels
constexpr int right = 16;     // margin
constexpr int header = 44;    // title, caption, legend (8 states: a second legend line)
constexpr int ruler_h = 14;   // tick numbers
constexpr int conf_h = 20;    // confidence bars (digit 9 = full height)
constexpr int cartoon_h = 18; // helix bar / strand arrow
constexpr int letters_h = 14; // one line of letters
constexpr int curves_h = 34;  // probability curves
constexpr int dis_h = 16;     // P(disordered) bars (1 = full height)
constexpr int row_gap = 14;   // between rows
constexpr int footer = 6;

// PSIPRED's colours: helix pink, strand gold, coil grey; 3-10 and pi helices, bridges apart.
constexpr char const * helix_colour = "#e8579a";
constexpr char const * strand_colour = "#f2c230";
constexpr char const * coil_colour = "#9e9e9e";
constexpr char const * g_colour = "#b565c8";
constexpr char const * i_colour = "#7b3fa0";
constexpr char const * b_colour = "#c8962a";
constexpr char const * error_colour = "#d62728";
constexpr char const * disorder_colour = "#8c564b";

//! The colour of a letter of the prediction (3- or 8-state).
char const * state_colour(char s)
{
    switch (s)
    {
    case 'H':
        return helix_colour;
    case 'G':
        return g_colour;
    case 'I':
        return i_colour;
    case 'E':
        return strand_colour;
    case 'B':
        return b_colour;
    default:
        return coil_colour;
    }
}

//! Sequential blue ramp for confidence digits 0-9 (light = unsure), made once.
std::string const & ramp(int digit)
{
    static auto const colours = []
    {
        constexpr std::array<std::array<int, 3>, 2> ends{{{0xde, 0xeb, 0xf7}, {0x08, 0x45, 0x94}}};
        std::array<std::string, 10> out;
        for (int d = 0; d <= 9; ++d)
        {
            double const t = d / 9.0;
            char buf[8];
            std::snprintf(buf, sizeof buf, "#%02x%02x%02x",
                          static_cast<int>(ends[0][0] + t * (ends[1][0] - ends[0][0])),
                          static_cast<int>(ends[0][1] + t * (ends[1][1] - ends[0][1])),
                          static_cast<int>(ends[0][2] + t * (ends[1][2] - ends[0][2])));
            out[static_cast<std::size_t>(d)] = buf;
        }
        return out;
    }();
    return colours[static_cast<std::size_t>(std::clamp(digit, 0, 9))];
}

//! Per residue: 3-state letter, 8-state letter, confidence digit, P(state).
struct residue_call
{
    char ss3 = 'C', ss8 = 'C';
    int confidence = 0;
    float p3 = 0, p8 = 0;
    std::array<float, 3> probs3{};
};

std::vector<residue_call> calls_of(chart_input const & in)
{
    std::vector<residue_call> out(in.sequence.size());
    for (std::size_t i = 0; i < out.size(); ++i)
    {
        std::span<float const, encode::ss8_count> p8{in.prob8.data() + encode::ss8_count * i, encode::ss8_count};
        auto const p3 = encode::to_ss3(p8);
        auto const a8 = static_cast<std::size_t>(encode::argmax(p8));
        auto const a3 = static_cast<std::size_t>(encode::argmax(p3));
        out[i] = {encode::ss3_letters[a3], encode::ss8_letters[a8], horiz_confidence(p3), p3[a3], p8[a8], p3};
    }
    return out;
}

//! Draws the cartoon of `states` (one letter per residue, 3- or 8-state) for residues
//! [first, last) of a row at height `y`; `all` is the whole record's state string.
void cartoon(std::ostream & s, std::string_view all, std::size_t first, std::size_t last, int y)
{
    int const mid = y + cartoon_h / 2;
    int const x_end = left + static_cast<int>(last - first) * cell;
    s << "<line x1=\"" << left << "\" y1=\"" << mid << "\" x2=\"" << x_end << "\" y2=\"" << mid << "\" stroke=\""
      << coil_colour << "\" stroke-width=\"2\"/>";
    for (std::size_t i = first; i < last;)
    {
        std::size_t j = i;
        while (j < last && all[j] == all[i])
            ++j;
        char const c = all[i];
        int const x0 = left + static_cast<int>(i - first) * cell, x1 = left + static_cast<int>(j - first) * cell;
        if (c == 'H' || c == 'G' || c == 'I')
        {
            int const h = c == 'H' ? cartoon_h - 4 : cartoon_h - 8;
            s << "<rect x=\"" << x0 + 1 << "\" y=\"" << mid - h / 2 << "\" width=\"" << x1 - x0 - 2 << "\" height=\""
              << h << "\" rx=\"" << h / 2 << "\" fill=\"" << state_colour(c) << "\"/>";
        }
        else if (c == 'E')
        {
            // The arrowhead ends on the strand's last residue: only on the row that holds it.
            bool const head = j == all.size() || all[j] != 'E';
            int const body_end = head ? std::max(x0, x1 - 8) : x1;
            s << "<polygon points=\"" << x0 << ',' << mid - 4 << ' ' << body_end << ',' << mid - 4;
            if (head)
                s << ' ' << body_end << ',' << mid - 8 << ' ' << x1 << ',' << mid << ' ' << body_end << ',' << mid + 8;
            s << ' ' << body_end << ',' << mid + 4 << ' ' << x0 << ',' << mid + 4 << "\" fill=\"" << strand_colour
              << "\" stroke=\"#8a6d0b\" stroke-width=\"0.6\"/>";
        }
        else if (c == 'B')
            s << "<rect x=\"" << x0 + 2 << "\" y=\"" << mid - 4 << "\" width=\"" << x1 - x0 - 4
              << "\" height=\"8\" fill=\"" << b_colour << "\"/>";
        else if (c == 'T' || c == 'S')
            for (std::size_t k = i; k < j; ++k)
            {
                int const cx = left + static_cast<int>(k - first) * cell + cell / 2;
                if (c == 'T') // a turn: a small arc over the line
                    s << "<path d=\"M" << cx - 4 << ',' << mid << " q4,-9 8,0\" fill=\"none\" stroke=\"#555\"/>";
                else // a bend: a dot on the line
                    s << "<circle cx=\"" << cx << "\" cy=\"" << mid << "\" r=\"2.5\" fill=\"#555\"/>";
            }
        i = j;
    }
}

//! One line of letters for residues [first, last), one <text> per glyph (renderers disagree on
//! per-glyph x lists), in a group that sets the line's baseline and colour.
void letters(std::ostream & s, std::string_view text, std::size_t first, std::size_t last, int y,
             char const * colour = nullptr, char const * only = nullptr)
{
    s << "<g transform=\"translate(0," << y + letters_h - 3 << ")\"";
    if (colour != nullptr)
        s << " fill=\"" << colour << '"';
    s << '>';
    for (std::size_t i = first; i < last; ++i)
    {
        if (only != nullptr && std::string_view{only}.find(text[i]) == std::string_view::npos)
            continue;
        s << "<text x=\"" << left + static_cast<int>(i - first) * cell + cell / 2 << "\">"
          << xml_escape(text.substr(i, 1)) << "</text>";
    }
    s << "</g>";
}

//! Prediction letters coloured by state: one group per colour.
void coloured_letters(std::ostream & s, std::string_view text, std::size_t first, std::size_t last, int y)
{
    static constexpr std::array<std::pair<char const *, char const *>, 6> groups{{{"H", helix_colour},
                                                                                  {"G", g_colour},
                                                                                  {"I", i_colour},
                                                                                  {"E", strand_colour},
                                                                                  {"B", b_colour},
                                                                                  {"TSC-", "#555"}}};
    for (auto const & group : groups)
    {
        std::string_view const states{group.first};
        if (std::any_of(text.begin() + static_cast<std::ptrdiff_t>(first),
                        text.begin() + static_cast<std::ptrdiff_t>(last),
                        [states](char c) { return states.find(c) != std::string_view::npos; }))
            letters(s, text, first, last, y, group.second, group.first);
    }
}

void track_label(std::ostream & s, char const * label, int y, int h)
{
    s << "<text class=\"l\" x=\"" << left - 6 << "\" y=\"" << y + h / 2 + 4 << "\">" << label << "</text>";
}

//! The probability curves of residues [first, last).
void curves(std::ostream & s, std::vector<residue_call> const & calls, std::size_t first, std::size_t last, int y)
{
    for (std::size_t k = 0; k < 3; ++k)
    {
        s << "<polyline fill=\"none\" stroke=\"" << state_colour(encode::ss3_letters[k]) << "\" points=\"";
        for (std::size_t i = first; i < last; ++i)
        {
            int const x = left + static_cast<int>(i - first) * cell + cell / 2;
            int const py = y + curves_h - 2 - static_cast<int>(calls[i].probs3[k] * (curves_h - 4) + 0.5F);
            s << (i == first ? "" : " ") << x << ',' << py;
        }
        s << "\"/>";
    }
}

//! P(disordered) of residues [first, last) as bars (full height = 1, none below 1/16), with a faint 0.5 line.
void disorder_bars(std::ostream & s, std::span<float const> p, std::size_t first, std::size_t last, int y)
{
    s << "<line x1=\"" << left << "\" x2=\"" << left + static_cast<int>(last - first) * cell << "\" y1=\""
      << y + dis_h / 2 << "\" y2=\"" << y + dis_h / 2 << "\" stroke=\"#ddd\"/>";
    for (std::size_t i = first; i < last; ++i)
    {
        int const h = static_cast<int>(p[i] * dis_h); // below 1/16: no bar
        if (h > 0)
            s << "<rect x=\"" << left + static_cast<int>(i - first) * cell + 1 << "\" y=\"" << y + dis_h - h
              << "\" width=\"" << cell - 2 << "\" height=\"" << h << "\" fill=\"" << disorder_colour << "\"/>";
    }
}

//! Errors of the prediction against the observed states (3-state), residues [first, last).
void errors(std::ostream & s, chart_input const & in, std::string_view pred3, std::size_t first, std::size_t last,
            int y)
{
    for (std::size_t i = first; i < last; ++i)
    {
        auto const k = encode::ss8_letters.find(in.observed[i]);
        if (k == std::string_view::npos || encode::ss8_to_ss3_letters[k] == pred3[i])
            continue;
        s << "<rect x=\"" << left + static_cast<int>(i - first) * cell << "\" y=\"" << y << "\" width=\"" << cell
          << "\" height=\"4\" fill=\"" << error_colour << "\"/>";
    }
}

//! The observed states as drawn: 8-state letters (or 3-state), '-' where not observed.
std::string observed_states(chart_input const & in, bool ss8)
{
    std::string out(in.observed.size(), '-');
    for (std::size_t i = 0; i < out.size(); ++i)
        if (auto const k = encode::ss8_letters.find(in.observed[i]); k != std::string_view::npos)
            out[i] = ss8 ? in.observed[i] : encode::ss8_to_ss3_letters[k];
    return out;
}

//! The table row of a record: percent of H, E, C and the mean confidence, from its calls.
report_row row_of(chart_input const & in, std::vector<residue_call> const & calls)
{
    report_row r;
    r.id = in.id;
    r.length = calls.size();
    std::array<std::size_t, 3> counts{};
    double confidence = 0;
    for (auto const & c : calls)
    {
        ++counts[encode::ss3_letters.find(c.ss3)];
        confidence += c.confidence;
    }
    if (!calls.empty())
    {
        auto const n = static_cast<double>(calls.size());
        r.helix = 100.0 * static_cast<double>(counts[0]) / n;
        r.strand = 100.0 * static_cast<double>(counts[1]) / n;
        r.coil = 100.0 * static_cast<double>(counts[2]) / n;
        r.confidence = confidence / n;
    }
    return r;
}

int row_height(chart_input const & in, chart_options const & o)
{
    int h = ruler_h + conf_h + cartoon_h + 2 * letters_h;
    if (o.probabilities)
        h += curves_h;
    if (!in.disorder.empty())
        h += dis_h;
    if (!in.observed.empty())
        h += cartoon_h + letters_h + 6;
    return h;
}

//! The legend of the 8-state glyphs, at the left of the legend line.
void legend8(std::ostream & s, int y)
{
    int x = 4;
    s << "<g class=\"s\">";
    for (auto const & [colour, label] : {std::pair{g_colour, "3-10 (G)"}, std::pair{i_colour, "pi (I)"}})
    {
        s << "<rect x=\"" << x << "\" y=\"" << y - 5 << "\" width=\"18\" height=\"6\" rx=\"3\" fill=\"" << colour
          << "\"/><text x=\"" << x + 22 << "\" y=\"" << y + 2 << "\">" << label << "</text>";
        x += 74;
    }
    s << "<rect x=\"" << x << "\" y=\"" << y - 6 << "\" width=\"10\" height=\"8\" fill=\"" << b_colour
      << "\"/><text x=\"" << x + 14 << "\" y=\"" << y + 2 << "\">bridge (B)</text>";
    x += 78;
    s << "<path d=\"M" << x << ',' << y << " q4,-9 8,0\" fill=\"none\" stroke=\"#555\"/><text x=\"" << x + 12
      << "\" y=\"" << y + 2 << "\">turn (T)</text>";
    x += 64;
    s << "<circle cx=\"" << x + 3 << "\" cy=\"" << y - 2 << "\" r=\"2.5\" fill=\"#555\"/><text x=\"" << x + 10
      << "\" y=\"" << y + 2 << "\">bend (S)</text></g>";
}

void title(std::ostream & s, chart_input const & in, int width, bool ss8)
{
    s << "<text class=\"t\" x=\"4\" y=\"14\">" << xml_escape(in.id) << " <tspan class=\"s\">" << in.sequence.size()
      << " residues";
    if (!in.model.empty())
        s << ", model " << xml_escape(in.model);
    s << "</tspan></text>";
    if (!in.caption.empty())
        s << "<text class=\"s\" x=\"4\" y=\"27\">" << xml_escape(in.caption) << "</text>";
    // Legend, right-aligned: helix, strand, coil, confidence ramp; the 8-state glyphs on the left.
    int x = width - right - 330;
    int const y = 36;
    if (ss8)
        legend8(s, y + 14);
    s << "<g class=\"s\"><rect x=\"" << x << "\" y=\"" << y - 7 << "\" width=\"22\" height=\"10\" rx=\"5\" fill=\""
      << helix_colour << "\"/><text x=\"" << x + 26 << "\" y=\"" << y + 2 << "\">helix</text>";
    x += 62;
    s << "<polygon points=\"" << x << ',' << y - 5 << ' ' << x + 14 << ',' << y - 5 << ' ' << x + 14 << ',' << y - 8
      << ' ' << x + 22 << ',' << y - 2 << ' ' << x + 14 << ',' << y + 4 << ' ' << x + 14 << ',' << y + 1 << ' ' << x
      << ',' << y + 1 << "\" fill=\"" << strand_colour << "\"/><text x=\"" << x + 26 << "\" y=\"" << y + 2
      << "\">strand</text>";
    x += 70;
    s << "<line x1=\"" << x << "\" y1=\"" << y - 2 << "\" x2=\"" << x + 22 << "\" y2=\"" << y - 2 << "\" stroke=\""
      << coil_colour << "\" stroke-width=\"2\"/><text x=\"" << x + 26 << "\" y=\"" << y + 2 << "\">coil</text>";
    x += 58;
    for (int d = 0; d <= 9; ++d)
        s << "<rect x=\"" << x + 4 * d << "\" y=\"" << y - 7 << "\" width=\"4\" height=\"10\" fill=\"" << ramp(d)
          << "\"/>";
    s << "<text x=\"" << x + 44 << "\" y=\"" << y + 2 << "\">confidence</text></g>";
}

void ruler(std::ostream & s, std::size_t first, std::size_t last, int y)
{
    for (std::size_t i = first; i < last; ++i)
        if ((i + 1) % 10 == 0 || i == first)
        {
            int const x = left + static_cast<int>(i - first) * cell + cell / 2;
            s << "<text class=\"n\" x=\"" << x << "\" y=\"" << y + 9 << "\">" << i + 1 << "</text><line x1=\"" << x
              << "\" y1=\"" << y + 10 << "\" x2=\"" << x << "\" y2=\"" << y + 14 << "\" stroke=\"#999\"/>";
        }
}

//! Invisible cells with a tooltip each: number, residue, state and its probability.
void tooltips(std::ostream & s, chart_input const & in, std::vector<residue_call> const & calls, bool ss8,
              std::size_t first, std::size_t last, int y, int h)
{
    s << "<g fill-opacity=\"0\">";
    char buf[96];
    for (std::size_t i = first; i < last; ++i)
    {
        auto const & c = calls[i];
        if (ss8)
            std::snprintf(buf, sizeof buf, "%zu %c: %c %.2f (8-state %c %.2f)", i + 1, in.sequence[i], c.ss3,
                          static_cast<double>(c.p3), c.ss8, static_cast<double>(c.p8));
        else
            std::snprintf(buf, sizeof buf, "%zu %c: %c %.2f", i + 1, in.sequence[i], c.ss3, static_cast<double>(c.p3));
        s << "<rect x=\"" << left + static_cast<int>(i - first) * cell << "\" y=\"" << y << "\" width=\"" << cell
          << "\" height=\"" << h << "\"><title>" << xml_escape(buf);
        if (!in.observed.empty())
            s << "; observed " << xml_escape(std::string_view{&in.observed[i], 1});
        if (!in.disorder.empty())
        {
            std::snprintf(buf, sizeof buf, "; P(disordered) %.2f", static_cast<double>(in.disorder[i]));
            s << buf;
        }
        s << "</title></rect>";
    }
    s << "</g>";
}
} // namespace

std::span<base::option<chart_options> const> chart_option_table()
{
    static auto const table =
        base::option_list<chart_options>{}
            .add(
                "chart-row", [](auto & o) -> auto & { return o.row_length; },
                "--format svg/html: residues per row of the chart", base::between(10, 500))
            .cli_only()
            .add(
                "ss8", [](auto & o) -> auto & { return o.ss8; },
                "--format svg/html: draw the 8 states (G and I apart from H, B from E, T and S marked)")
            .cli_only()
            .add(
                "chart-probabilities", [](auto & o) -> auto & { return o.probabilities; },
                "--format svg/html: add a track of P(H), P(E), P(C) curves")
            .cli_only()
            .done();
    return table;
}

std::string xml_escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char const c : text)
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            // Control bytes are not allowed in XML 1.0.
            out += static_cast<unsigned char>(c) < 0x20 && c != '\t' ? '?' : c;
        }
    return out;
}

chart draw_chart(chart_input const & in, chart_options const & o)
{
    base::check_ranges(chart_option_table(), o);
    auto const calls = calls_of(in);
    std::string pred(calls.size(), 'C');
    std::string pred3(calls.size(), 'C');
    for (std::size_t i = 0; i < calls.size(); ++i)
    {
        pred[i] = o.ss8 ? calls[i].ss8 : calls[i].ss3;
        pred3[i] = calls[i].ss3;
    }
    std::string const observed = in.observed.empty() ? std::string{} : observed_states(in, o.ss8);
    auto const n = in.sequence.size();
    auto const row_len = static_cast<std::size_t>(o.row_length);
    std::size_t const rows = n == 0 ? 0 : (n + row_len - 1) / row_len;
    int const rh = row_height(in, o);
    chart c;
    c.row = row_of(in, calls);
    c.width = left + o.row_length * cell + right;
    int const top = header + (o.ss8 ? 14 : 0);
    c.height = top + static_cast<int>(rows) * (rh + row_gap) + footer;
    std::ostringstream s;
    s << "<g class=\"chart\">";
    title(s, in, c.width, o.ss8);
    for (std::size_t r = 0; r < rows; ++r)
    {
        std::size_t const first = r * row_len, last = std::min(n, first + row_len);
        int y = top + static_cast<int>(r) * (rh + row_gap);
        int const row_top = y;
        ruler(s, first, last, y);
        y += ruler_h;
        track_label(s, "Conf", y, conf_h);
        for (std::size_t i = first; i < last; ++i)
        {
            int const h = 2 * (calls[i].confidence + 1);
            s << "<rect x=\"" << left + static_cast<int>(i - first) * cell + 1 << "\" y=\"" << y + conf_h - h
              << "\" width=\"" << cell - 2 << "\" height=\"" << h << "\" fill=\"" << ramp(calls[i].confidence)
              << "\"/>";
        }
        y += conf_h;
        track_label(s, "Cart", y, cartoon_h);
        cartoon(s, pred, first, last, y);
        y += cartoon_h;
        track_label(s, "Pred", y, letters_h);
        coloured_letters(s, pred, first, last, y);
        y += letters_h;
        track_label(s, "AA", y, letters_h);
        letters(s, in.sequence, first, last, y);
        y += letters_h;
        if (!in.disorder.empty())
        {
            track_label(s, "Dis", y, dis_h);
            disorder_bars(s, in.disorder, first, last, y);
            y += dis_h;
        }
        if (o.probabilities)
        {
            track_label(s, "P", y, curves_h);
            curves(s, calls, first, last, y);
            y += curves_h;
        }
        if (!in.observed.empty())
        {
            errors(s, in, pred3, first, last, y + 1);
            y += 6;
            track_label(s, "DSSP", y, cartoon_h);
            cartoon(s, observed, first, last, y);
            y += cartoon_h;
            coloured_letters(s, observed, first, last, y);
            y += letters_h;
        }
        tooltips(s, in, calls, o.ss8, first, last, row_top, y - row_top);
    }
    s << "</g>";
    c.group = std::move(s).str();
    return c;
}

namespace
{
constexpr char const * svg_style =
    "<style>text{font-family:'DejaVu Sans Mono',monospace;font-size:11px;text-anchor:middle}"
    ".t{font-family:'DejaVu Sans',sans-serif;font-size:14px;font-weight:bold;text-anchor:start}"
    ".s,.s text{font-family:'DejaVu Sans',sans-serif;font-size:11px;font-weight:normal;text-anchor:start;fill:#444}"
    ".l{text-anchor:end;fill:#777;font-size:10px}.n{font-size:9px;fill:#777}</style>";

void svg_open(std::ostream & out, int width, int height, bool standalone)
{
    if (standalone)
        out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
        << "\" viewBox=\"0 0 " << width << ' ' << height << "\">" << svg_style
        << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
}
} // namespace

void write_svg_document(std::ostream & out, std::span<chart const> charts)
{
    int width = left + 10 * cell + right, height = 0;
    for (auto const & c : charts)
    {
        width = std::max(width, c.width);
        height += c.height;
    }
    svg_open(out, width, std::max(height, 1), true);
    int y = 0;
    for (auto const & c : charts)
    {
        out << "<g transform=\"translate(0," << y << ")\">" << c.group << "</g>\n";
        y += c.height;
    }
    out << "</svg>\n";
}

namespace
{
constexpr char const * html_style =
    "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;margin:16px;color:#222;max-width:1100px}"
    "table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:2px 8px;text-align:right}"
    "th{background:#f2f2f2;cursor:pointer;user-select:none}td:first-child,th:first-child{text-align:left}"
    ".run{color:#555;font-size:13px}.run code{word-break:break-all}section{margin:12px 0}"
    "svg{max-width:100%;height:auto}</style>";

// Sorting without a library: a click on a header sorts by that column (numbers as numbers).
constexpr char const * html_script =
    "<script>document.querySelectorAll('th').forEach(function(h,c){h.addEventListener('click',function(){"
    "var b=h.closest('table').tBodies[0],r=Array.from(b.rows),d=h.dataset.d=h.dataset.d==='1'?'-1':'1';"
    "r.sort(function(x,y){var p=x.cells[c].textContent,q=y.cells[c].textContent,m=parseFloat(p),n=parseFloat(q);"
    "return (isNaN(m)||isNaN(n)?p.localeCompare(q):m-n)*d;});"
    "r.forEach(function(e){b.appendChild(e);});});});</script>";

std::string fixed(double v, int digits)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}
} // namespace

void write_html_report(std::ostream & out, report_info const & info, std::span<chart const> charts)
{
    out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << xml_escape(info.title)
        << "</title>" << html_style << "</head><body>\n<h1>" << xml_escape(info.title) << "</h1>\n<p class=\"run\">"
        << charts.size() << " records; model <code>" << xml_escape(info.model) << "</code>; ssrnn "
        << xml_escape(info.version);
    if (!info.command_line.empty())
        out << "<br>command: <code>" << xml_escape(info.command_line) << "</code>";
    out << "</p>\n<table><thead><tr><th>ID</th><th>length</th><th>% H</th><th>% E</th><th>% C</th>"
           "<th>mean confidence</th>";
    for (auto const & name : info.score_names)
        out << "<th>" << xml_escape(name) << "</th>";
    out << "</tr></thead><tbody>\n";
    for (std::size_t k = 0; k < charts.size(); ++k)
    {
        auto const & r = charts[k].row;
        out << "<tr><td><a href=\"#r" << k << "\">" << xml_escape(r.id) << "</a></td><td>" << r.length << "</td><td>"
            << fixed(r.helix, 1) << "</td><td>" << fixed(r.strand, 1) << "</td><td>" << fixed(r.coil, 1) << "</td><td>"
            << fixed(r.confidence, 2) << "</td>";
        for (double const v : r.scores)
            out << "<td>" << fixed(v, 1) << "</td>";
        out << "</tr>\n";
    }
    out << "</tbody></table>\n";
    for (std::size_t k = 0; k < charts.size(); ++k)
    {
        out << "<section id=\"r" << k << "\">";
        svg_open(out, charts[k].width, charts[k].height, false);
        out << charts[k].group << "</svg></section>\n";
    }
    out << html_script << "\n</body></html>\n";
}

} // namespace ssrnn::io
