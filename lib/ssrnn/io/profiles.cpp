#include <ssrnn/base/checksum.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/encode/msa_profile.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/input_buffers.hpp>
#include <ssrnn/io/msa.hpp>
#include <ssrnn/io/profiles.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <sstream>

namespace ssrnn::io
{
namespace
{
constexpr std::string_view own_magic = "#ssrnn-profiles 1";
constexpr std::string_view hhm_order = "ACDEFGHIKLMNPQRSTVWY"; // HH-suite's and MMseqs2's column order

std::string read_all(std::string const & path)
{
    fd_buf raw{path};
    std::streambuf * src = &raw;
    std::unique_ptr<gz_buf> gz;
    if (starts_with_gzip(raw))
    {
        gz = std::make_unique<gz_buf>(&raw, path);
        src = gz.get();
    }
    std::ostringstream ss;
    std::array<char, 1 << 16> buf{};
    for (std::streamsize n; (n = src->sgetn(buf.data(), static_cast<std::streamsize>(buf.size()))) > 0;)
        ss.write(buf.data(), n);
    return ss.str();
}

//! Line-by-line reading of a whole file, with the line number for messages.
class lines
{
public:
    lines(std::string path, std::string text) : path_{std::move(path)}, text_{std::move(text)} {}
    bool next(std::string_view & l)
    {
        if (pos_ >= text_.size())
            return false;
        auto e = text_.find('\n', pos_);
        if (e == std::string::npos)
            e = text_.size();
        l = std::string_view{text_}.substr(pos_, e - pos_);
        while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t'))
            l.remove_suffix(1);
        pos_ = e + 1;
        ++line_;
        return true;
    }
    //! Next line; throws "truncated" if there is none.
    std::string_view need(std::string_view what)
    {
        std::string_view l;
        if (!next(l))
            fail("file ends early (truncated?): expected " + std::string{what});
        return l;
    }
    [[noreturn]] void fail(std::string const & msg) const
    {
        throw input_error(path_ + ", line " + std::to_string(line_) + ": " + msg);
    }
    [[nodiscard]] std::string const & path() const noexcept { return path_; }
    [[nodiscard]] std::string_view first_line() const
    {
        return std::string_view{text_}.substr(0, std::min(text_.find('\n'), text_.size()));
    }

private:
    std::string path_, text_;
    std::size_t pos_ = 0, line_ = 0;
};

//! Splits on blanks.
std::vector<std::string_view> fields(std::string_view l)
{
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < l.size())
    {
        while (i < l.size() && (l[i] == ' ' || l[i] == '\t'))
            ++i;
        auto const b = i;
        while (i < l.size() && l[i] != ' ' && l[i] != '\t')
            ++i;
        if (i > b)
            out.push_back(l.substr(b, i - b));
    }
    return out;
}

template <typename num>
bool parse_num(std::string_view s, num & v)
{
    auto const * end = s.data() + s.size();
    auto const r = std::from_chars(s.data(), end, v);
    return r.ec == std::errc{} && r.ptr == end;
}

float score_of(lines const & in, std::string_view s, std::string_view what)
{
    float v = 0;
    if (!parse_num(s, v) || !std::isfinite(v))
        in.fail("bad " + std::string{what} + " '" + std::string{s} + "' (expected a number)");
    return std::clamp(v, profile_score_floor, profile_score_ceiling);
}

//! Column permutation from an alphabetical (HHM/MMseqs2) order to ARNDCQEGHILKMFPSTWYV.
std::array<int, 20> from_alphabetical()
{
    std::array<int, 20> to{};
    for (int i = 0; i < 20; ++i)
        to[static_cast<std::size_t>(i)] =
            static_cast<int>(encode::residue_letters.find(hhm_order[static_cast<std::size_t>(i)]));
    return to;
}

void read_own(lines & in, profile_file & out)
{
    std::string_view l;
    in.next(l); // the magic line
    std::size_t declared = 0;
    bool ended = false;
    while (in.next(l))
    {
        if (l.empty())
            continue;
        if (l.starts_with("#end"))
        {
            auto const f = fields(l);
            if (f.size() != 2 || !parse_num(f[1], declared))
                in.fail("bad end line '" + std::string{l} + "' (expected '#end <records>')");
            ended = true;
            break;
        }
        if (l[0] == '#')
            continue; // comment (the search that made the profiles)
        if (l[0] != '>')
            in.fail("expected a record header starting with '>'");
        auto const head = fields(l.substr(1));
        if (head.empty())
            in.fail("record header without an ID");
        profile_record r;
        r.id = std::string{head[0]};
        for (std::size_t k = 1; k < head.size(); ++k)
            if ((head[k].starts_with("depth=") && !parse_num(head[k].substr(6), r.depth)) ||
                (head[k].starts_with("neff=") && !parse_num(head[k].substr(5), r.neff)))
                in.fail("record '" + r.id + "': bad " + std::string{head[k].substr(0, head[k].find('='))} + " '" +
                        std::string{head[k]} + "'");
        r.sequence = std::string{in.need("the sequence of record '" + r.id + "'")};
        r.scores.reserve(r.sequence.size() * profile_columns);
        for (std::size_t i = 0; i < r.sequence.size(); ++i)
        {
            auto const f = fields(in.need("residue " + std::to_string(i + 1) + " of record '" + r.id + "'"));
            if (f.size() != profile_columns)
                in.fail("record '" + r.id + "', residue " + std::to_string(i + 1) + ": " + std::to_string(f.size()) +
                        " scores (expected 20)");
            for (auto s : f)
                r.scores.push_back(score_of(in, s, "score"));
        }
        out.records.push_back(std::move(r));
    }
    if (!ended)
        in.fail("no '#end' line: the file is truncated");
    if (declared != out.records.size())
        in.fail("the end line says " + std::to_string(declared) + " records, but the file has " +
                std::to_string(out.records.size()));
}

void read_pssm(lines & in, profile_file & out)
{
    std::string_view l;
    while (in.next(l) && !l.starts_with("Last position-specific scoring matrix"))
    {
    }
    auto const head = fields(in.need("the column header line"));
    if (head.size() < 20)
        in.fail("expected the column header A R N D ... of a PSI-BLAST PSSM");
    std::array<int, 20> to{};
    for (int i = 0; i < 20; ++i)
    {
        auto const at = encode::residue_letters.find(head[static_cast<std::size_t>(i)]);
        if (head[static_cast<std::size_t>(i)].size() != 1 || at == std::string_view::npos)
            in.fail("unexpected column '" + std::string{head[static_cast<std::size_t>(i)]} + "' in the header");
        to[static_cast<std::size_t>(i)] = static_cast<int>(at);
    }
    profile_record r;
    r.id = std::filesystem::path{in.path()}.stem().string();
    while (true)
    {
        l = in.need("a PSSM row or the blank line after the last one");
        if (l.empty())
            break;
        auto const f = fields(l);
        std::size_t pos = 0;
        if (f.size() < 22 || !parse_num(f[0], pos) || f[1].size() != 1)
            in.fail("malformed PSSM row (expected position, residue and 20 scores)");
        if (pos != r.sequence.size() + 1)
            in.fail("position " + std::string{f[0]} + " follows position " + std::to_string(r.sequence.size()));
        r.sequence.push_back(f[1][0]);
        r.scores.resize(r.scores.size() + profile_columns);
        float * row = r.scores.data() + r.scores.size() - profile_columns;
        for (int i = 0; i < 20; ++i)
            row[to[static_cast<std::size_t>(i)]] = score_of(in, f[static_cast<std::size_t>(2 + i)], "score");
    }
    if (r.sequence.empty())
        in.fail("the PSSM has no rows");
    out.records.push_back(std::move(r));
}

//! HHM value: -1000 log2(p), or '*' for p = 0.
double hhm_neglog(lines const & in, std::string_view s)
{
    if (s == "*")
        return 1e9;
    int v = 0;
    if (!parse_num(s, v))
        in.fail("bad HHM value '" + std::string{s} + "'");
    return v;
}

void read_hhm(lines & in, profile_file & out)
{
    profile_record r;
    std::array<double, 20> null{};
    bool have_null = false;
    std::string_view l;
    while (true)
    {
        l = in.need("the HMM section");
        if (l.starts_with("NAME"))
        {
            auto const f = fields(l);
            if (f.size() >= 2)
                r.id = std::string{f[1]};
        }
        else if (l.starts_with("NULL"))
        {
            auto const f = fields(l);
            if (f.size() != 21)
                in.fail("NULL line with " + std::to_string(f.size() - 1) + " values (expected 20)");
            for (std::size_t i = 0; i < 20; ++i)
                null[i] = hhm_neglog(in, f[i + 1]);
            have_null = true;
        }
        else if (l.starts_with("HMM "))
            break;
    }
    if (!have_null)
        in.fail("no NULL line before the HMM section");
    if (r.id.empty())
        r.id = std::filesystem::path{in.path()}.stem().string();
    in.need("the transition header");
    in.need("the begin-state transitions");
    auto const to = from_alphabetical();
    while (true)
    {
        l = in.need("a match state or '//'");
        if (l.starts_with("//"))
            break;
        if (l.empty())
            continue;
        auto const f = fields(l);
        std::size_t idx = 0;
        if (f.size() < 22 || f[0].size() != 1 || !parse_num(f[1], idx) || idx != r.sequence.size() + 1)
            in.fail("malformed match state " + std::to_string(r.sequence.size() + 1) +
                    " (expected residue, index and 20 emission values)");
        r.sequence.push_back(f[0][0]);
        r.scores.resize(r.scores.size() + profile_columns);
        float * row = r.scores.data() + r.scores.size() - profile_columns;
        for (std::size_t i = 0; i < 20; ++i)
        {
            // 2 log2(p / q) with p = 2^(-v/1000), q = 2^(-null/1000)
            double const s = 2.0 * (null[i] - hhm_neglog(in, f[2 + i])) / 1000.0;
            row[to[i]] = std::clamp(static_cast<float>(s), profile_score_floor, profile_score_ceiling);
        }
        in.need("the transitions of match state " + std::to_string(r.sequence.size()));
    }
    if (r.sequence.empty())
        in.fail("the HHM has no match states");
    out.records.push_back(std::move(r));
}

void read_mmseqs(lines & in, profile_file & out)
{
    // "Query profile of sequence KEY": KEY is the query database's key, which is the record's number
    // in the FASTA given to `mmseqs createdb --shuffle 0`; the file lists them in any order.
    auto const to = from_alphabetical();
    std::string_view l;
    std::vector<std::pair<std::size_t, profile_record>> got;
    while (in.next(l))
    {
        if (l.empty())
            continue;
        if (l.starts_with("Query profile of sequence"))
        {
            std::size_t key = 0;
            if (!parse_num(l.substr(l.rfind(' ') + 1), key) || key > (1U << 31))
                in.fail("bad profile number '" + std::string{l.substr(l.rfind(' ') + 1)} + "'");
            got.emplace_back(key, profile_record{});
            got.back().second.id = "#" + std::to_string(key + 1);
            auto const h = fields(in.need("the column header"));
            if (h.size() != 22 || h[0] != "Pos")
                in.fail("expected the header 'Pos Cns A C D ...' of MMseqs2 profile2pssm");
            continue;
        }
        auto const f = fields(l);
        auto * cur = got.empty() ? nullptr : &got.back().second;
        std::size_t pos = 0;
        if (cur == nullptr || f.size() != 22 || !parse_num(f[0], pos) || pos != cur->length())
            in.fail("malformed profile row (expected position " + std::to_string(cur ? cur->length() : 0) +
                    ", consensus and 20 scores)");
        cur->scores.resize(cur->scores.size() + profile_columns);
        float * row = cur->scores.data() + cur->scores.size() - profile_columns;
        for (std::size_t i = 0; i < 20; ++i)
            row[to[i]] = score_of(in, f[2 + i], "score");
    }
    if (got.empty())
        in.fail("no profiles in the file");
    std::sort(got.begin(), got.end(), [](auto const & a, auto const & b) { return a.first < b.first; });
    for (std::size_t k = 0; k < got.size(); ++k)
    {
        if (got[k].first != k)
            throw input_error(in.path() + ": profile numbers are not 0.." + std::to_string(got.size() - 1) +
                              " (number " + std::to_string(k) + (got[k].first < k ? " twice" : " missing") +
                              "): not the complete output of one profile2pssm run");
        out.records.push_back(std::move(got[k].second));
    }
}
} // namespace

std::string to_string(profile_format f)
{
    switch (f)
    {
    case profile_format::ssrnn:
        return "ssrnn profiles";
    case profile_format::pssm:
        return "PSI-BLAST PSSM";
    case profile_format::hhm:
        return "HH-suite HHM";
    case profile_format::mmseqs2:
        return "MMseqs2 profile2pssm";
    case profile_format::alignment:
        return "alignment";
    }
    return "?";
}

profile_record profile_of(msa const & a)
{
    auto p = encode::profile_from_alignment(a.rows);
    return {a.query_id, a.rows[0], std::move(p.scores), static_cast<double>(p.sequences), p.neff};
}

profile_file read_profiles(std::string const & path)
{
    auto text = read_all(path);
    if (!text.starts_with(own_magic) && looks_like_msa(text))
        return {path, profile_format::alignment, {profile_of(parse_msa(path, text))}};
    lines in{path, std::move(text)};
    profile_file out;
    out.path = path;
    auto const first = in.first_line();
    std::string_view l;
    if (first.starts_with(own_magic))
        read_own(in, out);
    else if (first.starts_with("HHsearch") || first.starts_with("HHM"))
    {
        out.format = profile_format::hhm;
        read_hhm(in, out);
    }
    else if (first.starts_with("Query profile of sequence"))
    {
        out.format = profile_format::mmseqs2;
        read_mmseqs(in, out);
    }
    else if (first.empty() || first.starts_with("Last position-specific"))
    {
        out.format = profile_format::pssm;
        read_pssm(in, out);
    }
    else
        throw input_error(path + ": not a profile file (expected an ssrnn profile file, a PSI-BLAST ASCII PSSM, an "
                                 "HH-suite .hhm, MMseqs2 profile2pssm output or an alignment: A3M, aligned FASTA, "
                                 "Stockholm)");
    return out;
}

void write_profiles_header(std::ostream & out)
{
    out << own_magic << " scores=half-bit columns=" << encode::residue_letters << '\n';
}

void write_profile_record(std::ostream & out, profile_record const & r)
{
    out << '>' << r.id << " depth=" << r.depth;
    if (r.neff > 0)
        out << " neff=" << std::round(r.neff * 100) / 100;
    out << '\n' << r.sequence << '\n';
    for (std::size_t i = 0; i < r.length(); ++i)
        for (int c = 0; c < profile_columns; ++c)
            out << std::lround(r.scores[i * profile_columns + static_cast<std::size_t>(c)])
                << (c + 1 < profile_columns ? ' ' : '\n');
}

void write_profiles_end(std::ostream & out, std::size_t records)
{
    out << "#end " << records << '\n';
}

profile_index::profile_index(std::vector<std::string> const & paths)
{
    add_paths(paths);
}

void profile_index::add_paths(std::vector<std::string> const & paths, bool alignments_only)
{
    for (auto const & p : paths)
    {
        std::vector<std::string> files;
        if (std::filesystem::is_directory(p))
        {
            for (auto const & e : std::filesystem::directory_iterator(p))
                if (e.is_regular_file())
                    files.push_back(e.path().string());
            std::sort(files.begin(), files.end());
        }
        else
            files.push_back(p);
        for (auto const & f : files)
        {
            auto pf = read_profiles(f);
            if (alignments_only && pf.format != profile_format::alignment)
                throw input_error(f + ": not an alignment but " + to_string(pf.format) +
                                  " (--msa takes A3M, aligned FASTA or Stockholm; give profiles with --profiles)");
            add(std::move(pf));
        }
    }
}

void profile_index::add(profile_file file)
{
    auto const fi = files_.size();
    files_.push_back(std::move(file));
    for (auto const * f : {&files_.front(), &files_.back()}) // an MMseqs2 file can only ever be alone
        if (f->format == profile_format::mmseqs2 && files_.size() > 1)
            throw input_error(f->path + ": MMseqs2 profile2pssm output carries no IDs; give it as the only profile "
                                        "file (its profiles are matched to the input records in order)");
    auto const & f = files_[fi];
    for (std::size_t k = 0; k < f.records.size(); ++k)
    {
        auto const & r = f.records[k];
        checksum_ = base::fnv1a64(r.scores.data(), r.scores.size() * sizeof(float), checksum_);
        if (f.format == profile_format::mmseqs2)
            continue;
        auto const [it, fresh] = by_id_.emplace(r.id, std::pair{fi, k});
        if (!fresh)
            throw input_error(f.path + ": the profile of record '" + r.id + "' is also in " +
                              files_[it->second.first].path);
    }
}

profile_record const & profile_index::find(std::string_view id, std::size_t number, std::string_view sequence,
                                           std::string_view where) const
{
    auto const key = std::string{id.substr(0, id.find_first_of(" \t"))};
    profile_file const * file = nullptr;
    profile_record const * r = nullptr;
    if (auto it = by_id_.find(key); it != by_id_.end())
    {
        file = &files_[it->second.first];
        r = &file->records[it->second.second];
    }
    else if (!files_.empty() && files_[0].format == profile_format::mmseqs2 && number < files_[0].records.size())
    {
        file = &files_[0];
        r = &file->records[number];
    }
    else if (files_.size() == 1 && files_[0].format == profile_format::alignment && number == 0)
    {
        file = &files_[0]; // one alignment, one query: its name need not be the record's ID
        r = &file->records[0];
    }
    auto const rec = std::string{where} + ", record " + std::to_string(number + 1) + " ('" + key + "')";
    if (r == nullptr)
        throw input_error(rec + ": no profile for it in " + describe());
    if (r->length() != sequence.size())
        throw input_error(rec + ": its profile in " + file->path + " has " + std::to_string(r->length()) +
                          " positions, but the sequence has " + std::to_string(sequence.size()) + " residues");
    for (std::size_t i = 0; i < r->sequence.size(); ++i)
    {
        auto const a = encode::residue_index(r->sequence[i]), b = encode::residue_index(sequence[i]);
        bool const unknown = a == encode::unknown_residue || b == encode::unknown_residue;
        if (a != b && !unknown)
            throw input_error(rec + ": residue " + std::to_string(i + 1) + " is '" + std::string(1, sequence[i]) +
                              "' but its profile in " + file->path + " has '" + std::string(1, r->sequence[i]) + "'");
    }
    return *r;
}

std::string profile_index::describe() const
{
    std::string s;
    for (auto const & f : files_)
        s += (s.empty() ? "" : ", ") + f.path;
    return s;
}

std::vector<std::vector<float>> profile_features(labelled_set const & data, std::vector<std::string> const & paths,
                                                 std::string const & where, std::vector<double> * depths)
{
    std::vector<std::vector<float>> out;
    if (paths.empty())
        return out;
    profile_index const profiles{paths};
    out.resize(data.records.size());
    for (std::size_t k = 0; k < data.records.size(); ++k)
    {
        auto const & r = data.records[k];
        auto const & p = profiles.find(r.id, k, r.sequence, where);
        encode::append_profile_features(p.scores, p.depth, out[k]);
        if (depths != nullptr)
            depths->push_back(p.depth);
    }
    return out;
}

} // namespace ssrnn::io
