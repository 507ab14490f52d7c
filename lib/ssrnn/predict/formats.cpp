#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/predict/formats.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ssrnn::predict
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
        auto const p3 = to_ss3(row(r, i));
        char const ss = encode::ss3_letters[static_cast<std::size_t>(argmax(p3))];
        append(s, "%4d %c %c  %6.3f %6.3f %6.3f\n", static_cast<int>(i + 1), r.sequence[i], ss, p3[2], p3[0], p3[1]);
    }
    out << s;
}

void write_horiz(std::ostream & out, predicted_record const & r)
{
    std::size_t const n = r.sequence.size();
    std::string conf(n, '0'), pred(n, 'C');
    for (std::size_t i = 0; i < n; ++i)
    {
        auto const p3 = to_ss3(row(r, i));
        pred[i] = encode::ss3_letters[static_cast<std::size_t>(argmax(p3))];
        conf[i] = static_cast<char>('0' + horiz_confidence(p3));
    }
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

std::array<float, 3> to_ss3(std::span<float const, 8> p) noexcept
{
    return {p[0] + p[1] + p[2], p[3] + p[4], p[5] + p[6] + p[7]};
}

int horiz_confidence(std::array<float, 3> p3) noexcept
{
    std::sort(p3.begin(), p3.end());
    return std::clamp(static_cast<int>(10.0F * (p3[2] - p3[1])), 0, 9);
}

int argmax(std::span<float const> p) noexcept
{
    return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
}

void write_record(std::ostream & out, std::string_view format, predicted_record const & r, bool first)
{
    std::size_t const n = r.sequence.size();
    if (format == "ss8" || format == "ss3")
    {
        std::string labels(n, 'C');
        for (std::size_t i = 0; i < n; ++i)
            labels[i] = format == "ss8" ? encode::ss8_letters[static_cast<std::size_t>(argmax(row(r, i)))]
                                        : encode::ss3_letters[static_cast<std::size_t>(argmax(to_ss3(row(r, i))))];
        out << '>' << r.id << '\n' << r.sequence << '\n' << labels << '\n';
    }
    else if (format == "ss2")
        write_ss2(out, r);
    else if (format == "horiz")
        write_horiz(out, r);
    else if (format == "tsv")
    {
        std::string s;
        if (first)
            s = "id\tpos\tresidue\tss8\tss3\tp_H\tp_G\tp_I\tp_E\tp_B\tp_T\tp_S\tp_C\tp3_H\tp3_E\tp3_C\n";
        for (std::size_t i = 0; i < n; ++i)
        {
            auto const p = row(r, i);
            auto const p3 = to_ss3(p);
            s.append(r.id);
            append(s, "\t%d\t%c\t%c\t%c", static_cast<int>(i + 1), r.sequence[i],
                   encode::ss8_letters[static_cast<std::size_t>(argmax(p))],
                   encode::ss3_letters[static_cast<std::size_t>(argmax(p3))]);
            for (float v : p)
                append(s, "\t%.4f", static_cast<double>(v));
            for (float v : p3)
                append(s, "\t%.4f", static_cast<double>(v));
            s += '\n';
        }
        out << s;
    }
    else // json
    {
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
            auto const p3 = to_ss3(p);
            ss8[i] = encode::ss8_letters[static_cast<std::size_t>(argmax(p))];
            ss3[i] = encode::ss3_letters[static_cast<std::size_t>(argmax(p3))];
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
        out << j.dump() << '\n';
    }
}

} // namespace ssrnn::predict
