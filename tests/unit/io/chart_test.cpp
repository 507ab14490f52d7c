// The chart (io/chart.hpp): one glyph per segment, arrowheads on the strand's last residue, ticks,
// tracks, tooltips, escaping, deterministic bytes; the HTML report's table and sections.
#include <ssrnn/error.hpp>
#include <ssrnn/io/chart.hpp>

#include <catch2/catch.hpp>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace ssrnn;

namespace
{
//! Probabilities that predict `states` (3-state letters) with probability 0.9 each.
std::vector<float> probs_for(std::string const & states)
{
    std::vector<float> p(8 * states.size(), 0.1F / 7);
    for (std::size_t i = 0; i < states.size(); ++i)
    {
        std::size_t const k = states[i] == 'H' ? 0 : states[i] == 'E' ? 3 : 7; // H, E, C of HGIEBTSC
        p[8 * i + k] = 0.9F;
    }
    return p;
}

std::size_t count(std::string const & text, std::string const & what)
{
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1))
        ++n;
    return n;
}

//! The strand polygons of the cartoon (the legend's arrow is drawn without a stroke).
std::vector<std::string> strands(std::string const & svg)
{
    std::vector<std::string> out;
    std::regex const re{"<polygon points=\"([^\"]*)\" fill=\"#f2c230\" stroke="};
    for (std::sregex_iterator it{svg.begin(), svg.end(), re}, end; it != end; ++it)
        out.push_back((*it)[1]);
    return out;
}
} // namespace

TEST_CASE("chart: one glyph per segment, the arrowhead on the strand's last residue", "[io][chart]")
{
    //                        1    6         16 19      27
    std::string const states = "CCCCCHHHHHHHHHHCCCEEEEEEEECCCC";
    std::string const seq(states.size(), 'A');
    auto const p = probs_for(states);
    auto const c = io::draw_chart({"x<&>", seq, p, "m.ssrnn", {}, {}, {}}, {});
    // One helix bar (plus the legend's), one strand arrow with a head ending at residue 26's right
    // edge: left margin 48 + 26 cells of 12 = 360.
    CHECK(count(c.group, "rx=\"7\" fill=\"#e8579a\"") == 1);
    auto const s = strands(c.group);
    REQUIRE(s.size() == 1);
    CHECK(s[0].find(" 360,") != std::string::npos);
    CHECK(count(s[0], ",") == 7); // a body and a head: 7 points
    // Ruler ticks at 1, 10, 20, 30; the four tracks; a tooltip per residue; the ID escaped.
    CHECK(count(c.group, "class=\"n\"") == 4);
    for (auto const * label : {">Conf<", ">Cart<", ">Pred<", ">AA<"})
        CHECK(count(c.group, label) == 1);
    CHECK(count(c.group, "<title>") == states.size());
    CHECK(c.group.find("<title>19 A: E 0.91</title>") != std::string::npos);
    CHECK(c.group.find("x&lt;&amp;&gt;") != std::string::npos);
    CHECK(c.group.find("x<&>") == std::string::npos);
    CHECK(c.width == 48 + 50 * 12 + 16);
    // Deterministic bytes.
    CHECK(io::draw_chart({"x<&>", seq, p, "m.ssrnn", {}, {}, {}}, {}).group == c.group);
}

TEST_CASE("chart: a strand split over rows has its head only on the row of its last residue", "[io][chart]")
{
    std::string const states = "CCCCCCCCCCCCCCCCCCEEEEEEEECCCC"; // strand 19-26 across rows of 10
    std::string const seq(states.size(), 'V');
    auto const c = io::draw_chart({"s", seq, probs_for(states), {}, {}, {}, {}}, {.row_length = 10});
    auto const s = strands(c.group);
    REQUIRE(s.size() == 2);
    CHECK(count(s[0], ",") == 4); // residues 19-20: body only
    CHECK(count(s[1], ",") == 7); // residues 21-26: the head ends at 48 + 6 * 12 = 120
    CHECK(s[1].find(" 120,") != std::string::npos);
    CHECK(count(c.group, ">Conf<") == 3); // three rows
    CHECK_THROWS_AS(io::draw_chart({"s", seq, probs_for(states), {}, {}, {}, {}}, {.row_length = 5}), config_error);
}

TEST_CASE("chart: 8 states, curves, observed states with errors, empty record", "[io][chart]")
{
    std::string const states = "HHHHHEEEEECCCCC";
    std::string const seq(states.size(), 'L');
    auto const p = probs_for(states);
    auto const c8 = io::draw_chart({"a", seq, p, {}, {}, {}, {}}, {.ss8 = true, .probabilities = true});
    CHECK(c8.group.find("3-10 (G)") != std::string::npos); // the 8-state legend
    CHECK(count(c8.group, "<polyline") == 3);              // P(H), P(E), P(C)
    // Observed: all helix; the 10 non-helix predictions are errors, 5 residues unobserved ('-').
    std::string const observed = "HHHHHHHHHH-----";
    auto const ev = io::draw_chart({"a", seq, p, {}, observed, "Q3 33.3", {}}, {});
    CHECK(count(ev.group, "fill=\"#d62728\"") == 5);
    CHECK(ev.group.find(">DSSP<") != std::string::npos);
    CHECK(ev.group.find("Q3 33.3") != std::string::npos);
    CHECK(ev.height > io::draw_chart({"a", seq, p, {}, {}, {}, {}}, {}).height);
    auto const empty = io::draw_chart({"e", "", {}, {}, {}, {}, {}}, {});
    CHECK(empty.group.find(">Conf<") == std::string::npos);
    // P(disordered): a "Dis" track of bars, one per residue above half a pixel, and the tooltips
    std::vector<float> dis(seq.size(), 0.0F);
    dis[0] = 0.9F;
    dis[1] = 0.5F;
    auto const d = io::draw_chart({"a", seq, p, {}, {}, {}, dis}, {});
    CHECK(d.group.find(">Dis<") != std::string::npos);
    CHECK(count(d.group, "fill=\"#8c564b\"") == 2);
    CHECK(d.group.find("P(disordered) 0.90") != std::string::npos);
    CHECK(d.height > io::draw_chart({"a", seq, p, {}, {}, {}, {}}, {}).height);
}

TEST_CASE("chart: SVG documents and the HTML report", "[io][chart]")
{
    std::string const states = "CHHHHC";
    auto const p = probs_for(states);
    std::vector<io::chart> const charts{io::draw_chart({"one", "MKLVAG", p, {}, {}, {}, {}}, {}),
                                        io::draw_chart({"two", "MKLVAG", p, {}, {}, {}, {}}, {})};
    std::ostringstream svg;
    io::write_svg_document(svg, charts);
    CHECK(
        svg.str().starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK(svg.str().find("height=\"" + std::to_string(charts[0].height + charts[1].height) + "\"") !=
          std::string::npos);
    CHECK(count(svg.str(), ")\"><g class=\"chart\">") == 2);
    CHECK(svg.str().ends_with("</svg>\n"));

    CHECK(charts[0].row.helix == Approx(100.0 * 4 / 6)); // the table row, counted while drawing
    CHECK(charts[0].row.confidence == Approx(8.0));      // floor(10 x (0.929 - 0.043)) everywhere
    std::ostringstream html;
    io::write_html_report(html, {"t<", "cmd --x", "m", "0.1", {}}, charts);
    auto const h = html.str();
    CHECK(h.starts_with("<!DOCTYPE html>"));
    CHECK(h.find("<title>t&lt;</title>") != std::string::npos);
    CHECK(count(h, "<section id=\"r") == 2);
    CHECK(h.find("<a href=\"#r1\">two</a>") != std::string::npos);
    CHECK(count(h, "http") == count(h, "http://www.w3.org/2000/svg")); // no other address: nothing fetched
    CHECK(h.find("<script src") == std::string::npos);
    std::ostringstream none;
    io::write_html_report(none, {"t", {}, "m", "0.1", {}}, {});
    CHECK(none.str().find("0 records") != std::string::npos);
}
