#include <ssrnn/error.hpp>
#include <ssrnn/io/a3m.hpp>
#include <ssrnn/io/msa.hpp>

#include <algorithm>
#include <unordered_map>

namespace ssrnn::io
{
namespace
{
struct raw_row
{
    std::string name;
    std::string text;
    std::size_t number = 0; //!< 1-based record number in the file
};

bool upper(char c) noexcept
{
    return c >= 'A' && c <= 'Z';
}
bool lower(char c) noexcept
{
    return c >= 'a' && c <= 'z';
}
bool gap(char c) noexcept
{
    return c == '-' || c == '.';
}
char to_upper(char c) noexcept
{
    return lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string where(std::string const & path, raw_row const & r)
{
    return path + ", record " + std::to_string(r.number) + " ('" + r.name + "')";
}

std::string column(std::size_t i)
{
    return ", column " + std::to_string(i + 1);
}

std::string first_word(std::string_view h)
{
    auto const b = h.find_first_not_of(" \t");
    if (b == std::string_view::npos)
        return {};
    h.remove_prefix(b);
    return std::string{h.substr(0, h.find_first_of(" \t"))};
}

//! Lines of `text` with their 1-based numbers, '\r' and trailing blanks removed.
template <typename fn>
void for_each_line(std::string_view text, fn && f)
{
    std::size_t pos = 0, number = 0;
    while (pos < text.size())
    {
        auto e = text.find('\n', pos);
        if (e == std::string_view::npos)
            e = text.size();
        auto l = text.substr(pos, e - pos);
        while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t'))
            l.remove_suffix(1);
        pos = e + 1;
        f(l, ++number);
    }
}

//! The records of a FASTA-style alignment, annotations (`ss_*`, `aa_*`) left out.
std::vector<raw_row> fasta_rows(std::string const & path, std::string_view text)
{
    std::vector<raw_row> rows;
    bool skip = false, started = false;
    std::size_t number = 0;
    for_each_line(text,
                  [&](std::string_view l, std::size_t line)
                  {
                      if (l.starts_with('>'))
                      {
                          started = true;
                          auto name = first_word(l.substr(1));
                          ++number;
                          skip = name.starts_with("ss_") || name.starts_with("aa_");
                          if (!skip)
                              rows.push_back({std::move(name), {}, number});
                          return;
                      }
                      if (!started)
                      {
                          if (!l.empty() && !l.starts_with('#'))
                              throw input_error(
                                  path + ", line " + std::to_string(line) +
                                  ": text before the first record (an alignment's records start with '>')");
                          return;
                      }
                      if (skip)
                          return;
                      for (char c : l)
                          if (c != ' ' && c != '\t')
                              rows.back().text.push_back(c);
                  });
    return rows;
}

//! The records of a Stockholm alignment, in the order of their first line.
std::vector<raw_row> stockholm_rows(std::string const & path, std::string_view text)
{
    std::vector<raw_row> rows;
    std::unordered_map<std::string, std::size_t> index;
    bool ended = false;
    for_each_line(text,
                  [&](std::string_view l, std::size_t line)
                  {
                      auto const at = path + ", line " + std::to_string(line);
                      if (l.empty() || (l.starts_with('#') && !ended))
                          return;
                      if (ended)
                          throw input_error(at + ": text after the end line '//' (one alignment per file)");
                      if (l == "//")
                      {
                          ended = true;
                          return;
                      }
                      auto const name = first_word(l);
                      auto rest = l.substr(l.find(name) + name.size());
                      auto const b = rest.find_first_not_of(" \t");
                      if (b == std::string_view::npos || rest.substr(b).find_first_of(" \t") != std::string_view::npos)
                          throw input_error(at + ": expected 'NAME ALIGNED-SEQUENCE'");
                      auto [it, fresh] = index.emplace(name, rows.size());
                      if (fresh)
                          rows.push_back({name, {}, rows.size() + 1});
                      rows[it->second].text += rest.substr(b);
                  });
    if (!ended)
        throw input_error(path + ": no end line '//' (a Stockholm alignment ends with it; truncated?)");
    return rows;
}

//! Aligned FASTA, A2M, Stockholm: rows of one length; the query's letters mark the match columns.
void reduce_aligned(std::string const & path, std::vector<raw_row> const & raw, msa & out)
{
    auto const & q = raw[0];
    std::vector<std::size_t> match;
    for (std::size_t i = 0; i < q.text.size(); ++i)
        if (upper(q.text[i]) || lower(q.text[i]))
            match.push_back(i);
    for (auto const & r : raw)
    {
        if (r.text.size() != q.text.size())
            throw input_error(where(path, r) + ": " + std::to_string(r.text.size()) + " columns but the query has " +
                              std::to_string(q.text.size()) + " (the rows of an aligned file are all as long)");
        for (std::size_t i = 0; i < r.text.size(); ++i)
            if (char const c = r.text[i]; !upper(c) && !lower(c) && !gap(c))
                throw input_error(where(path, r) + column(i) + ": the character '" + std::string(1, c) +
                                  "' is no residue or gap");
        std::string row;
        row.reserve(match.size());
        for (auto i : match)
            row.push_back(gap(r.text[i]) ? '-' : to_upper(r.text[i]));
        out.rows.push_back(std::move(row));
        out.names.push_back(r.name);
    }
}

bool named_a3m(std::string const & path)
{
    auto const p = path.ends_with(".gz") ? path.substr(0, path.size() - 3) : path;
    return p.ends_with(".a3m");
}
} // namespace

std::string to_string(msa_format f)
{
    switch (f)
    {
    case msa_format::a3m:
        return "A3M";
    case msa_format::fasta:
        return "aligned FASTA";
    case msa_format::stockholm:
        return "Stockholm";
    }
    return "?";
}

bool looks_like_msa(std::string_view text) noexcept
{
    if (text.starts_with("# STOCKHOLM"))
        return true;
    while (text.starts_with('#')) // A3M's leading lines (#A3M#, ColabFold's #lengths)
    {
        auto const e = text.find('\n');
        text = e == std::string_view::npos ? std::string_view{} : text.substr(e + 1);
    }
    return text.starts_with('>');
}

msa parse_msa(std::string const & path, std::string_view text)
{
    while (!text.empty() && text.back() == '\0') // ffindex entries end in a NUL byte
        text.remove_suffix(1);
    msa out;
    out.path = path;
    std::vector<raw_row> raw;
    if (text.starts_with("# STOCKHOLM"))
    {
        out.format = msa_format::stockholm;
        raw = stockholm_rows(path, text);
    }
    else
        raw = fasta_rows(path, text);
    if (raw.empty())
        throw input_error(path + ": no sequences (expected an alignment: A3M, aligned FASTA or Stockholm)");
    if (raw[0].text.empty())
        throw input_error(where(path, raw[0]) + ": the query has no residues");
    bool const one_length =
        std::all_of(raw.begin(), raw.end(), [&](raw_row const & r) { return r.text.size() == raw[0].text.size(); });
    if (out.format != msa_format::stockholm && (named_a3m(path) || !one_length))
        return msa_of(parse_a3m(path, text), path); // A3M's own reader checks query, rows and characters
    if (out.format != msa_format::stockholm)
        out.format = msa_format::fasta;
    reduce_aligned(path, raw, out);
    if (out.rows[0].empty())
        throw input_error(where(path, raw[0]) + ": the query has no residues");
    out.query_id = raw[0].name;
    return out;
}

msa msa_of(a3m_alignment const & a, std::string const & path)
{
    msa out;
    out.path = path;
    out.query_id = std::string{record_name(a.records[a.query])};
    for (std::size_t k = a.query; k < a.records.size(); ++k)
    {
        auto const & r = a.records[k];
        if (r.annotation)
            continue;
        std::string row;
        for (char c : r.sequence)
            if (upper(c) || c == '-')
                row.push_back(c);
        out.rows.push_back(std::move(row));
        out.names.emplace_back(record_name(r));
    }
    return out;
}

} // namespace ssrnn::io
