#include <ssrnn/error.hpp>
#include <ssrnn/io/a3m.hpp>

namespace ssrnn::io
{

std::string_view record_name(a3m_record const & r) noexcept
{
    std::string_view const h{r.header};
    return h.substr(0, h.find_first_of(" \t"));
}

namespace
{
std::string where(std::string const & path, std::size_t k, a3m_record const & r)
{
    return path + ", record " + std::to_string(k + 1) + " ('" + std::string{record_name(r)} + "')";
}

//! Checks the query's residues: uppercase letters only.
void check_query(std::string const & path, std::size_t k, a3m_record const & q)
{
    if (q.sequence.empty())
        throw input_error(where(path, k, q) + ": the query has no residues");
    for (std::size_t i = 0; i < q.sequence.size(); ++i)
    {
        char const c = q.sequence[i];
        if (c >= 'A' && c <= 'Z')
            continue;
        std::string const what = c == '-' || c == '.'   ? "a gap"
                                 : c >= 'a' && c <= 'z' ? "a lowercase letter (an insert state)"
                                                        : "the character '" + std::string(1, c) + "'";
        throw input_error(where(path, k, q) + ", column " + std::to_string(i + 1) + ": " + what +
                          " in the query; its residues define the match columns (uppercase letters only)");
    }
}

//! Checks a sequence's characters and its number of match columns against the query's.
void check_row(std::string const & path, std::size_t k, a3m_record const & r, std::size_t match)
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < r.sequence.size(); ++i)
    {
        char const c = r.sequence[i];
        if ((c >= 'A' && c <= 'Z') || c == '-')
            ++n;
        else if (!((c >= 'a' && c <= 'z') || c == '.'))
            throw input_error(where(path, k, r) + ", column " + std::to_string(i + 1) + ": the character '" +
                              std::string(1, c) + "' is no residue, gap or insert");
    }
    if (n != match)
        throw input_error(where(path, k, r) + ": " + std::to_string(n) + " match columns but the query has " +
                          std::to_string(match) +
                          " (rows of an A3M have one uppercase letter or '-' per query residue)");
}
} // namespace

a3m_alignment parse_a3m(std::string const & path, std::string_view text)
{
    while (!text.empty() && text.back() == '\0') // ffindex entries end in a NUL byte
        text.remove_suffix(1);
    a3m_alignment a;
    auto first = text.starts_with('>') ? 0 : text.find("\n>");
    if (first == std::string_view::npos)
        throw input_error(path + ": no sequences (an A3M alignment starts its records with '>')");
    if (first != 0)
        ++first;
    a.preamble = std::string{text.substr(0, first)};
    std::size_t pos = first;
    while (pos < text.size())
    {
        auto next = text.find("\n>", pos);
        auto const end = next == std::string_view::npos ? text.size() : next + 1;
        a3m_record r;
        r.raw = std::string{text.substr(pos, end - pos)};
        auto const eol = r.raw.find('\n');
        r.header = r.raw.substr(1, eol == std::string::npos ? std::string::npos : eol - 1);
        while (!r.header.empty() && r.header.back() == '\r')
            r.header.pop_back();
        if (eol != std::string::npos)
            for (char c : std::string_view{r.raw}.substr(eol + 1))
                if (c != '\n' && c != '\r' && c != ' ' && c != '\t')
                    r.sequence += c;
        auto const name = record_name(r);
        r.annotation = name.starts_with("ss_") || name.starts_with("aa_");
        if (!r.raw.ends_with('\n'))
            r.raw += '\n';
        a.records.push_back(std::move(r));
        pos = end;
    }
    bool found = false;
    for (std::size_t k = 0; k < a.records.size(); ++k)
    {
        auto const & r = a.records[k];
        if (r.annotation)
            continue;
        if (!found)
        {
            check_query(path, k, r);
            a.query = k;
            found = true;
        }
        else
            check_row(path, k, r, a.records[a.query].sequence.size());
    }
    if (!found)
        throw input_error(path + ": no sequences, only annotation records (ss_*, aa_*)");
    for (std::size_t k = 0; k < a.records.size(); ++k)
        if (auto const & r = a.records[k];
            record_name(r) == "ss_dssp" && r.sequence.size() != a.records[a.query].sequence.size())
            throw input_error(where(path, k, r) + ": " + std::to_string(r.sequence.size()) +
                              " states but the query has " + std::to_string(a.records[a.query].sequence.size()) +
                              " residues");
    return a;
}

} // namespace ssrnn::io
