#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/datasets.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <optional>

namespace ssrnn::io
{
namespace
{
constexpr std::string_view tape_states = "GHIBESTC"; //!< NetSurfP-2.0's order of the 8 states

std::string_view trim(std::string_view s) noexcept
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"'))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view line, char sep)
{
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (true)
    {
        auto const e = line.find(sep, pos);
        out.push_back(trim(line.substr(pos, e == std::string_view::npos ? e : e - pos)));
        if (e == std::string_view::npos)
            return out;
        pos = e + 1;
    }
}

std::string without_spaces(std::string_view s)
{
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t')
            out += c;
    return out;
}

std::string stem_of(std::string const & path)
{
    auto name = std::filesystem::path{path}.filename().string();
    for (std::string_view const ext : {".gz", ".csv", ".json"})
        if (name.size() > ext.size() && name.ends_with(ext))
            name.resize(name.size() - ext.size());
    return name;
}

//! Residues (uppercased; letters only) of `seq`; throws with `where(i)` for anything else.
template <typename Where>
std::string residues(std::string_view seq, Where const & where)
{
    std::string out(seq);
    for (std::size_t i = 0; i < out.size(); ++i)
    {
        char & c = out[i];
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z')
            throw input_error(where(i) + ": invalid residue character '" + std::string(1, seq[i]) + "'");
    }
    return out;
}

std::string line_where(std::string const & path, std::size_t line, std::string const & id)
{
    return path + ", line " + std::to_string(line) + ": record '" + id + "'";
}
} // namespace

bool is_netsurfp_csv(std::string_view text) noexcept
{
    auto const line = text.substr(0, text.find('\n'));
    return line.find(',') != std::string_view::npos && line.find("dssp8") != std::string_view::npos;
}

bool is_tape_json(std::string_view text) noexcept
{
    auto const b = text.find_first_not_of(" \t\r\n");
    return b != std::string_view::npos && text[b] == '[';
}

std::vector<labelled_record> parse_netsurfp_csv(std::string const & path, std::string_view text)
{
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos < text.size();)
    {
        auto e = text.find('\n', pos);
        if (e == std::string_view::npos)
            e = text.size();
        lines.push_back(text.substr(pos, e - pos));
        pos = e + 1;
    }
    if (lines.empty())
        throw input_error(path + ": empty CSV file");
    auto const header = split(lines[0], ',');
    auto column = [&](std::string_view name) -> std::optional<std::size_t>
    {
        auto const it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? std::nullopt : std::optional{static_cast<std::size_t>(it - header.begin())};
    };
    auto const input = column("input"), dssp8 = column("dssp8"), disorder = column("disorder"),
               eval = column("cb513_mask");
    auto const id_col = column("id") ? column("id") : column("pdbid");
    if (!input || !dssp8)
        throw input_error(path + ", line 1: the CSV header has no '" + std::string{input ? "dssp8" : "input"} +
                          "' column (NetSurfP-2.0 layout: input,dssp3,dssp8,disorder,cb513_mask)");
    std::vector<labelled_record> out;
    for (std::size_t l = 1; l < lines.size(); ++l)
    {
        if (trim(lines[l]).empty())
            continue;
        auto const f = split(lines[l], ',');
        if (f.size() != header.size())
            throw input_error(path + ", line " + std::to_string(l + 1) + ": " + std::to_string(f.size()) +
                              " fields but the header has " + std::to_string(header.size()));
        labelled_record r;
        r.id = id_col ? std::string{f[*id_col]} : stem_of(path) + "_" + std::to_string(out.size() + 1);
        auto const where = line_where(path, l + 1, r.id);
        auto const at = [&](std::size_t i)
        {
            return where + ", position " + std::to_string(i + 1);
        };
        r.sequence = residues(without_spaces(f[*input]), at);
        auto const states = without_spaces(f[*dssp8]);
        if (states.size() != r.sequence.size())
            throw input_error(where + ": dssp8 has " + std::to_string(states.size()) + " states but input has " +
                              std::to_string(r.sequence.size()) + " residues");
        for (std::size_t i = 0; i < states.size(); ++i)
        {
            int const s = encode::ss8_index(states[i]);
            if (s < 0)
                throw input_error(at(i) + ": unknown secondary-structure letter '" + std::string(1, states[i]) + "'");
            r.label.push_back(static_cast<std::int8_t>(s));
        }
        for (auto const col : {disorder, eval})
        {
            if (!col)
                continue;
            auto const values = split(trim(f[*col]), ' ');
            std::vector<std::string_view> v;
            for (auto x : values)
                if (!x.empty())
                    v.push_back(x);
            if (v.size() != r.sequence.size())
                throw input_error(where + ": " + std::string{header[*col]} + " has " + std::to_string(v.size()) +
                                  " values but input has " + std::to_string(r.sequence.size()) + " residues");
            for (std::size_t i = 0; i < v.size(); ++i)
            {
                double x = 0;
                auto const rc = std::from_chars(v[i].data(), v[i].data() + v[i].size(), x);
                if (rc.ec != std::errc{} || rc.ptr != v[i].data() + v[i].size())
                    throw input_error(at(i) + ": " + std::string{header[*col]} + " value '" + std::string{v[i]} +
                                      "' is not a number");
                if (x == 0)
                    r.label[i] = encode::no_label;
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<labelled_record> parse_tape_json(std::string const & path, std::string_view text)
{
    nlohmann::json doc;
    try
    {
        doc = nlohmann::json::parse(text);
    }
    catch (nlohmann::json::exception const & e)
    {
        throw input_error(path + ": not valid JSON: " + e.what());
    }
    if (!doc.is_array())
        throw input_error(path + ": expected a JSON array of records (TAPE secondary-structure layout)");
    std::vector<labelled_record> out;
    for (std::size_t k = 0; k < doc.size(); ++k)
    {
        auto const & j = doc[k];
        labelled_record r;
        std::string const at_index = path + ", record " + std::to_string(k + 1);
        if (!j.is_object())
            throw input_error(at_index + ": not a JSON object");
        if (j.contains("id") && j["id"].is_string())
            r.id = j["id"].get<std::string>();
        else if (j.contains("id") && j["id"].is_number_integer())
            r.id = std::to_string(j["id"].get<long long>());
        else
            r.id = stem_of(path) + "_" + std::to_string(k + 1);
        auto const where = at_index + " ('" + r.id + "')";
        auto const at = [&](std::size_t i)
        {
            return where + ", position " + std::to_string(i + 1);
        };
        if (!j.contains("primary") || !j["primary"].is_string())
            throw input_error(where + ": no string 'primary' (the sequence)");
        if (!j.contains("ss8"))
            throw input_error(where + ": no 'ss8' (the 8-state labels)");
        r.sequence = residues(j["primary"].get<std::string>(), at);
        auto const & ss8 = j["ss8"];
        auto const n = r.sequence.size();
        if ((ss8.is_string() ? ss8.get<std::string>().size() : ss8.size()) != n)
            throw input_error(where + ": 'ss8' has " +
                              std::to_string(ss8.is_string() ? ss8.get<std::string>().size() : ss8.size()) +
                              " states but 'primary' has " + std::to_string(n) + " residues");
        for (std::size_t i = 0; i < n; ++i)
        {
            int s = -1;
            if (ss8.is_string())
                s = encode::ss8_index(ss8.get<std::string>()[i]);
            else if (ss8[i].is_number_integer() && ss8[i].get<long long>() >= 0 && ss8[i].get<long long>() < 8)
                s = encode::ss8_index(tape_states[static_cast<std::size_t>(ss8[i].get<long long>())]);
            if (s < 0)
                throw input_error(at(i) + ": 'ss8' value " +
                                  (ss8.is_string() ? "'" + ss8.get<std::string>().substr(i, 1) + "'" : ss8[i].dump()) +
                                  " is not a state (0-7 in the order GHIBESTC, or a letter)");
            r.label.push_back(static_cast<std::int8_t>(s));
        }
        for (char const * key : {"disorder", "valid_mask"})
        {
            if (!j.contains(key))
                continue;
            auto const & m = j[key];
            if (!m.is_array() || m.size() != n)
                throw input_error(where + ": '" + key + "' is not an array of " + std::to_string(n) + " numbers");
            for (std::size_t i = 0; i < n; ++i)
            {
                if (!m[i].is_number())
                    throw input_error(at(i) + ": '" + key + "' value " + m[i].dump() + " is not a number");
                if (m[i].get<double>() == 0)
                    r.label[i] = encode::no_label;
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace ssrnn::io
