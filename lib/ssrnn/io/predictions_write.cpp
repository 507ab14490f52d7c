#include <ssrnn/base/json_text.hpp>
#include <ssrnn/base/names.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/predictions.hpp>
#include <ssrnn/io/soft_labels.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace ssrnn::io
{
namespace
{
std::span<float const, 8> row(predicted_record const & r, std::size_t i)
{
    return std::span<float const, 8>(r.prob8.data() + 8 * i, 8);
}

void append(std::string & s, char const * fmt, auto... args)
{
    char buf[64];
    int const n = std::snprintf(buf, sizeof buf, fmt, args...);
    s.append(buf, static_cast<std::size_t>(n));
}

double round4(float x)
{
    return std::round(static_cast<double>(x) * 1e4) / 1e4;
}

void write_ss2(std::ostream & out, predicted_record const & r)
{
    std::string s = "# PSIPRED VFORMAT (PSIPRED V4.0)\n\n";
    for (std::size_t i = 0; i < r.sequence.size(); ++i)
    {
        auto const p3 = encode::to_ss3(row(r, i));
        char const ss = encode::ss3_letters[static_cast<std::size_t>(encode::argmax(p3))];
        append(s, "%4d %c %c  %6.3f %6.3f %6.3f\n", static_cast<int>(i + 1), r.sequence[i], ss, p3[2], p3[0], p3[1]);
    }
    out << s;
}

void write_horiz(std::ostream & out, predicted_record const & r)
{
    std::size_t const n = r.sequence.size();
    auto const [pred, conf] = psipred_calls(r.prob8);
    std::string s = "# PSIPRED HFORMAT (PSIPRED V4.0)\n";
    for (std::size_t b = 0; b * 60 < n; ++b)
    {
        std::size_t const len = std::min<std::size_t>(60, n - b * 60);
        s += "\nConf: ";
        s.append(conf, b * 60, len);
        s += "\nPred: ";
        s.append(pred, b * 60, len);
        s += "\n  AA: ";
        s.append(r.sequence.substr(b * 60, len));
        s += "\n      ";
        // Position ruler: a multiple of 10 is printed right-aligned under its residue.
        for (std::size_t i = 0; i < 58; ++i)
        {
            std::size_t const j = b * 60 + i + 3;
            if (j > n)
                break;
            if (j % 10 == 0)
            {
                append(s, "%3d", static_cast<int>(j));
                i += 2;
            }
            else
                s += ' ';
        }
        s += "\n\n";
    }
    out << s;
}
} // namespace

output_format parse_output_format(std::string_view name)
{
    return base::parse_name<output_format>(format_names, name,
                                           "unknown output format '" + std::string{name} + "' (expected " +
                                               base::list_names(format_names) + ")");
}

std::optional<output_format> parse_predictions_format(std::string_view name)
{
    if (name == "auto")
        return std::nullopt;
    return base::parse_name<output_format>(readable_format_names, name,
                                           "unknown predictions format '" + std::string{name} + "' (expected auto, " +
                                               base::list_names(readable_format_names) + ")");
}

int horiz_confidence(std::array<float, 3> p3) noexcept
{
    std::sort(p3.begin(), p3.end());
    return std::clamp(static_cast<int>(10.0F * (p3[2] - p3[1])), 0, 9);
}

psipred_call_strings psipred_calls(std::span<float const> prob8)
{
    std::size_t const n = prob8.size() / encode::ss8_count;
    psipred_call_strings c{std::string(n, 'C'), std::string(n, '0')};
    for (std::size_t i = 0; i < n; ++i)
    {
        auto const p3 = encode::to_ss3(
            std::span<float const, encode::ss8_count>{prob8.data() + i * encode::ss8_count, encode::ss8_count});
        c.pred[i] = encode::ss3_letters[static_cast<std::size_t>(encode::argmax(p3))];
        c.conf[i] = static_cast<char>('0' + horiz_confidence(p3));
    }
    return c;
}

namespace
{
void write_three_line(std::ostream & out, predicted_record const & r, bool eight)
{
    std::size_t const n = r.sequence.size();
    std::string labels(n, 'C');
    for (std::size_t i = 0; i < n; ++i)
        labels[i] = eight ? encode::ss8_letters[static_cast<std::size_t>(encode::argmax(row(r, i)))]
                          : encode::ss3_letters[static_cast<std::size_t>(encode::argmax(encode::to_ss3(row(r, i))))];
    out << '>' << r.id << '\n' << r.sequence << '\n' << labels << '\n';
}

void write_tsv(std::ostream & out, predicted_record const & r, bool first)
{
    std::size_t const n = r.sequence.size();
    std::string s;
    if (first)
        s = std::string{"id\tpos\tresidue\tss8\tss3\tp_H\tp_G\tp_I\tp_E\tp_B\tp_T\tp_S\tp_C\tp3_H\tp3_E\tp3_C"} +
            (r.disorder.empty() ? "\n" : "\tp_disorder\n");
    for (std::size_t i = 0; i < n; ++i)
    {
        auto const p = row(r, i);
        auto const p3 = encode::to_ss3(p);
        s.append(r.id);
        append(s, "\t%d\t%c\t%c\t%c", static_cast<int>(i + 1), r.sequence[i],
               encode::ss8_letters[static_cast<std::size_t>(encode::argmax(p))],
               encode::ss3_letters[static_cast<std::size_t>(encode::argmax(p3))]);
        for (float v : p)
            append(s, "\t%.4f", static_cast<double>(v));
        for (float v : p3)
            append(s, "\t%.4f", static_cast<double>(v));
        if (!r.disorder.empty())
            append(s, "\t%.4f", static_cast<double>(r.disorder[i]));
        s += '\n';
    }
    out << s;
}

void write_json(std::ostream & out, predicted_record const & r)
{
    std::size_t const n = r.sequence.size();
    nlohmann::json j;
    j["id"] = r.id;
    j["description"] = r.description;
    j["sequence"] = r.sequence;
    std::string ss8(n, 'C'), ss3(n, 'C');
    auto p8 = nlohmann::json::array();
    auto p3j = nlohmann::json::array();
    for (std::size_t i = 0; i < n; ++i)
    {
        auto const p = row(r, i);
        auto const p3 = encode::to_ss3(p);
        ss8[i] = encode::ss8_letters[static_cast<std::size_t>(encode::argmax(p))];
        ss3[i] = encode::ss3_letters[static_cast<std::size_t>(encode::argmax(p3))];
        auto a = nlohmann::json::array();
        for (float v : p)
            a.push_back(round4(v));
        p8.push_back(std::move(a));
        p3j.push_back({round4(p3[0]), round4(p3[1]), round4(p3[2])});
    }
    j["ss8"] = ss8;
    j["ss3"] = ss3;
    j["labels8"] = std::string{encode::ss8_letters};
    j["labels3"] = std::string{encode::ss3_letters};
    j["prob8"] = std::move(p8);
    j["prob3"] = std::move(p3j);
    if (!r.disorder.empty())
    {
        auto d = nlohmann::json::array();
        for (float v : r.disorder)
            d.push_back(round4(v));
        j["p_disorder"] = std::move(d);
    }
    out << base::json_text(j) << '\n';
}
void write_jalview(std::ostream & out, predicted_record const & r, bool first)
{
    auto const calls = psipred_calls(r.prob8);
    std::string ss3, ss8, conf;
    for (std::size_t i = 0; i < r.sequence.size(); ++i)
    {
        std::string const sep = i == 0 ? "" : "|";
        ss3 += sep + (calls.pred[i] == 'C' ? std::string{} : std::string(1, calls.pred[i]));
        ss8 += sep + std::string(1, encode::ss8_letters[static_cast<std::size_t>(encode::argmax(row(r, i)))]);
        conf += sep + std::string(1, calls.conf[i]);
    }
    if (first)
        out << "JALVIEW_ANNOTATION\n# ssrnn predicted secondary structure\n";
    out << "\nSEQUENCE_REF\t" << r.id << "\t1\n"
        << "NO_GRAPH\tssrnn SS3\tssrnn: helix (H), strand (E), coil (blank)\t" << ss3 << '\n'
        << "NO_GRAPH\tssrnn SS8\tssrnn: the 8 DSSP states H G I E B T S C\t" << ss8 << '\n'
        << "BAR_GRAPH\tssrnn confidence\tssrnn: PSIPRED-style confidence, 0-9\t" << conf << '\n';
    if (r.disorder.empty())
        return;
    std::string d;
    for (std::size_t i = 0; i < r.disorder.size(); ++i)
        append(d, i == 0 ? "%.2f" : "|%.2f", static_cast<double>(r.disorder[i]));
    out << "BAR_GRAPH\tssrnn disorder\tssrnn: probability that the residue is disordered (unobserved in a "
           "structure)\t"
        << d << '\n';
}
} // namespace

void write_record(std::ostream & out, output_format format, predicted_record const & r, bool first)
{
    switch (format)
    {
    case output_format::ss8:
    case output_format::ss3:
        write_three_line(out, r, format == output_format::ss8);
        break;
    case output_format::ss2:
        write_ss2(out, r);
        break;
    case output_format::horiz:
        write_horiz(out, r);
        break;
    case output_format::tsv:
        write_tsv(out, r, first);
        break;
    case output_format::json:
        write_json(out, r);
        break;
    case output_format::jalview:
        write_jalview(out, r, first);
        break;
    case output_format::soft:
        if (first)
            write_soft_labels_header(out, "8-state probabilities written by ssrnn predict-structure");
        write_soft_record(out, r.id, r.description, r.sequence, r.prob8);
        break;
    case output_format::svg:
    case output_format::html:
        // Documents of a whole run (a stacked SVG, a report with a table): predict::run_predict
        // assembles them from io/chart.hpp, never record by record.
        throw std::invalid_argument("write_record: " + to_string(format) + " is written as a whole document");
    }
}

} // namespace ssrnn::io
