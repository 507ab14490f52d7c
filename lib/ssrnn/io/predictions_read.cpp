#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/predictions.hpp>
#include <ssrnn/io/soft_labels.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string_view>

namespace ssrnn::io
{
namespace
{
class line_reader
{
public:
    explicit line_reader(std::string const & path) : path_{path}, in_{path}
    {
        if (!in_)
            throw io_error(path + ": cannot open predictions file");
    }
    bool next(std::string & line)
    {
        if (!std::getline(in_, line))
            return false;
        ++number_;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        return true;
    }
    [[noreturn]] void fail(std::string const & what) const
    {
        throw input_error(path_ + ", line " + std::to_string(number_) + ": " + what);
    }

private:
    std::string path_;
    std::ifstream in_;
    std::size_t number_ = 0;
};

std::int8_t ss3_of(char c, line_reader const & in)
{
    auto const p = encode::ss3_letters.find(c);
    if (p == std::string_view::npos)
        in.fail(std::string{"'"} + c + "' is not a 3-state label (H, E or C)");
    return static_cast<std::int8_t>(p);
}

std::int8_t ss8_of(char c, line_reader const & in)
{
    int const k = encode::ss8_index(c);
    if (k < 0)
        in.fail(std::string{"'"} + c + "' is not an 8-state DSSP label");
    return static_cast<std::int8_t>(k);
}

void derive3(prediction & p)
{
    p.pred3.resize(p.pred8.size());
    for (std::size_t i = 0; i < p.pred8.size(); ++i)
        p.pred3[i] = static_cast<std::int8_t>(encode::ss8_to_ss3[static_cast<std::size_t>(p.pred8[i])]);
}

void read_three_line(line_reader & in, std::string first, prediction_set & set)
{
    std::string seq, lab;
    for (std::string header = std::move(first);;)
    {
        if (header.empty())
        {
            if (!in.next(header))
                break;
            continue;
        }
        if (header[0] != '>')
            in.fail("expected a '>' header line");
        if (!in.next(seq) || !in.next(lab))
            in.fail("record '" + header.substr(1) + "' is incomplete (needs sequence and label lines)");
        if (seq.size() != lab.size())
            in.fail("record '" + header.substr(1) + "': " + std::to_string(lab.size()) + " labels for " +
                    std::to_string(seq.size()) + " residues");
        prediction p;
        p.id = header.substr(1, header.find_first_of(" \t") - 1);
        p.sequence = seq;
        if (set.format == output_format::ss3)
            for (char c : lab)
                p.pred3.push_back(ss3_of(c, in));
        else
        {
            for (char c : lab)
                p.pred8.push_back(ss8_of(c, in));
            derive3(p);
        }
        set.records.push_back(std::move(p));
        if (!in.next(header))
            break;
    }
}

//! True (and a new record begun) if `line` is a block header `header` (ss2, horiz).
bool starts_record(std::string const & line, std::string_view header, prediction_set & set)
{
    if (line.rfind(header, 0) != 0)
        return false;
    set.records.emplace_back();
    return true;
}

void read_ss2(line_reader & in, prediction_set & set)
{
    std::string line;
    while (in.next(line))
    {
        if (starts_record(line, "# PSIPRED VFORMAT", set))
            continue;
        if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#')
            continue;
        if (set.records.empty())
            in.fail("data before the first '# PSIPRED VFORMAT' line");
        int pos = 0;
        char aa = 0, ss = 0;
        float pc = 0, ph = 0, pe = 0;
        if (std::sscanf(line.c_str(), "%d %c %c %f %f %f", &pos, &aa, &ss, &pc, &ph, &pe) != 6)
            in.fail("expected 'position residue state p_C p_H p_E'");
        auto & p = set.records.back();
        if (pos != static_cast<int>(p.sequence.size()) + 1)
            in.fail("position " + std::to_string(pos) + " out of order");
        p.sequence += aa;
        p.pred3.push_back(ss3_of(ss, in));
        p.prob3.insert(p.prob3.end(), {ph, pe, pc});
    }
}

void read_horiz(line_reader & in, prediction_set & set)
{
    std::string line;
    while (in.next(line))
    {
        if (starts_record(line, "# PSIPRED HFORMAT", set))
            continue;
        bool const conf = line.rfind("Conf: ", 0) == 0, pred = line.rfind("Pred: ", 0) == 0,
                   aa = line.rfind("  AA: ", 0) == 0;
        if (!conf && !pred && !aa)
            continue;
        if (set.records.empty())
            in.fail("data before the first '# PSIPRED HFORMAT' line");
        auto & p = set.records.back();
        for (char c : std::string_view{line}.substr(6))
        {
            if (conf)
            {
                if (c < '0' || c > '9')
                    in.fail("confidence must be a digit 0-9");
                p.conf.push_back(static_cast<std::int8_t>(c - '0'));
            }
            else if (pred)
                p.pred3.push_back(ss3_of(c, in));
            else
                p.sequence += c;
        }
    }
    for (auto const & p : set.records)
        if (p.conf.size() != p.sequence.size() || p.pred3.size() != p.sequence.size())
            in.fail("a record's Conf, Pred and AA lines have different lengths");
}

void read_tsv(line_reader & in, prediction_set & set)
{
    std::string line;
    bool disorder = false; // the header has a p_disorder column
    while (in.next(line))
    {
        if (line.rfind("id\t", 0) == 0)
            disorder = line.ends_with("\tp_disorder");
        if (line.empty() || line.rfind("id\t", 0) == 0)
            continue;
        std::istringstream f{line};
        std::string id, pos, res, s8, s3;
        if (!std::getline(f, id, '\t') || !std::getline(f, pos, '\t') || !std::getline(f, res, '\t') ||
            !std::getline(f, s8, '\t') || !std::getline(f, s3, '\t') || res.size() != 1 || s8.size() != 1 ||
            s3.size() != 1)
            in.fail("expected id, pos, residue, ss8, ss3 and 11 probabilities separated by tabs");
        if (set.records.empty() || set.records.back().id != id)
        {
            set.records.emplace_back();
            set.records.back().id = id;
        }
        auto & p = set.records.back();
        if (std::atoi(pos.c_str()) != static_cast<int>(p.sequence.size()) + 1)
            in.fail("position " + pos + " of '" + id + "' out of order");
        p.sequence += res[0];
        p.pred8.push_back(ss8_of(s8[0], in));
        p.pred3.push_back(ss3_of(s3[0], in));
        for (int k = 0; k < 11; ++k)
        {
            float v = 0;
            if (!(f >> v))
                in.fail("expected 11 probabilities");
            (k < 8 ? p.prob8 : p.prob3).push_back(v);
        }
        float d = 0;
        if (disorder && (!(f >> d) || !(d >= 0.0F && d <= 1.0F)))
            in.fail("expected p_disorder, a probability in [0, 1], after the 11 probabilities");
        if (disorder)
            p.disorder.push_back(d);
    }
}

void read_json(line_reader & in, std::string first, prediction_set & set)
{
    for (std::string line = std::move(first);;)
    {
        if (!line.empty())
        {
            nlohmann::json j;
            try
            {
                j = nlohmann::json::parse(line);
                prediction p;
                p.id = j.at("id").get<std::string>();
                p.sequence = j.at("sequence").get<std::string>();
                for (char c : j.at("ss8").get<std::string>())
                    p.pred8.push_back(ss8_of(c, in));
                for (char c : j.at("ss3").get<std::string>())
                    p.pred3.push_back(ss3_of(c, in));
                for (auto const & r : j.at("prob8"))
                    for (auto const & v : r)
                        p.prob8.push_back(v.get<float>());
                for (auto const & r : j.at("prob3"))
                    for (auto const & v : r)
                        p.prob3.push_back(v.get<float>());
                if (j.contains("p_disorder"))
                    for (auto const & v : j["p_disorder"])
                        p.disorder.push_back(v.get<float>());
                auto const n = p.sequence.size();
                if (p.pred8.size() != n || p.pred3.size() != n || p.prob8.size() != 8 * n || p.prob3.size() != 3 * n ||
                    (j.contains("p_disorder") && p.disorder.size() != n))
                    in.fail("record '" + p.id + "': fields of different lengths");
                for (float d : p.disorder)
                    if (!(d >= 0.0F && d <= 1.0F))
                        in.fail("record '" + p.id + "': p_disorder " + std::to_string(d) + " is not in [0, 1]");
                set.records.push_back(std::move(p));
            }
            catch (nlohmann::json::exception const & e)
            {
                in.fail(std::string{"not a predict-structure JSON record: "} + e.what());
            }
        }
        if (!in.next(line))
            break;
    }
}
void read_soft(std::string const & path, prediction_set & set)
{
    io::read_soft_labels(path,
                         [&](soft_record && r)
                         {
                             prediction p;
                             p.id = std::move(r.id);
                             p.sequence = std::move(r.sequence);
                             p.prob8.resize(r.bytes.size());
                             for (std::size_t i = 0; i < p.sequence.size(); ++i)
                             {
                                 std::span<float, 8> p8(p.prob8.data() + 8 * i, 8);
                                 dequantise_probabilities(std::span<std::uint8_t const>(r.bytes).subspan(8 * i, 8), p8);
                                 auto const p3 = encode::to_ss3(std::span<float const, 8>(p8));
                                 p.prob3.insert(p.prob3.end(), p3.begin(), p3.end());
                                 p.pred8.push_back(
                                     static_cast<std::int8_t>(encode::argmax(std::span<float const, 8>(p8))));
                                 p.pred3.push_back(static_cast<std::int8_t>(encode::argmax(p3)));
                             }
                             set.records.push_back(std::move(p));
                         });
}

//! The format of `path` from its first non-empty line `first`; `in` reports errors.
output_format sniff(std::string const & path, std::string const & first, line_reader const & in)
{
    if (first.rfind("# PSIPRED VFORMAT", 0) == 0)
        return output_format::ss2;
    if (first.rfind("# PSIPRED HFORMAT", 0) == 0)
        return output_format::horiz;
    if (first.rfind(soft_labels_magic, 0) == 0)
        return output_format::soft;
    if (first.rfind("id\tpos", 0) == 0)
        return output_format::tsv;
    if (!first.empty() && first[0] == '{')
        return output_format::json;
    if (first.empty() || first[0] != '>')
        in.fail("cannot tell the predictions format (use --predictions-format)");
    // Peek at the labels: an 8-state letter that is not a 3-state letter means ss8.
    std::string only8;
    for (char c : encode::ss8_letters)
        if (encode::ss3_letters.find(c) == std::string_view::npos)
            only8 += c;
    std::ifstream peek{path};
    std::string l;
    for (int k = 0; std::getline(peek, l); ++k)
        if (k % 3 == 2 && l.find_first_of(only8) != std::string::npos)
            return output_format::ss8;
    return output_format::ss3;
}
} // namespace

prediction_set read_predictions(std::string const & path, std::optional<output_format> format)
{
    line_reader in{path};
    prediction_set set;
    std::string first;
    while (in.next(first) && first.empty())
    {
    }
    if (!format && first.empty())
        return set; // empty file: no predictions
    set.format = format ? *format : sniff(path, first, in);
    switch (set.format)
    {
    case output_format::ss8:
    case output_format::ss3:
        read_three_line(in, first, set);
        break;
    case output_format::json:
        read_json(in, first, set);
        break;
    case output_format::soft:
        read_soft(path, set);
        break;
    case output_format::svg:
    case output_format::html:
    case output_format::jalview:
        throw config_error(path + ": charts (svg, html) and Jalview annotations cannot be read back; score a tsv or "
                                  "json file");
    case output_format::ss2:
    case output_format::horiz:
    case output_format::tsv:
    {
        // Re-read from the top: these readers look at every line.
        line_reader again{path};
        if (set.format == output_format::ss2)
            read_ss2(again, set);
        else if (set.format == output_format::horiz)
            read_horiz(again, set);
        else
            read_tsv(again, set);
        break;
    }
    }
    return set;
}

} // namespace ssrnn::io
