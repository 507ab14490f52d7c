#include <ssrnn/base/process.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/structure.hpp>
#include <ssrnn/io/whole_file.hpp>

#include <algorithm>
#include <charconv>
#include <cif++.hpp>
#include <cif++/pdb/io.hpp>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>

namespace ssrnn::io
{
namespace fs = std::filesystem;

structure_counts & structure_counts::operator+=(structure_counts const & o) noexcept
{
    files += o.files;
    chains += o.chains;
    non_protein += o.non_protein;
    too_short += o.too_short;
    no_standard += o.no_standard;
    no_dssp += o.no_dssp;
    same_entity += o.same_entity;
    extra_models += o.extra_models;
    low_plddt += o.low_plddt;
    unobserved += o.unobserved;
    return *this;
}

namespace
{
//! The first line of `text` that is neither blank nor a `#` comment.
std::string_view first_line(std::string_view text) noexcept
{
    std::size_t pos = 0;
    while (pos < text.size())
    {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        auto line = text.substr(pos, end - pos);
        pos = end + 1;
        auto const b = line.find_first_not_of(" \t\r");
        if (b == std::string_view::npos || line[b] == '#')
            continue;
        return line.substr(b);
    }
    return {};
}

//! One-letter code of a residue's three-letter name (standard amino acids and the usual
//! substitutes); X for anything else.
char one_letter(std::string_view mon) noexcept
{
    static constexpr std::pair<std::string_view, char> table[] = {
        {"ALA", 'A'}, {"ARG", 'R'}, {"ASN", 'N'}, {"ASP", 'D'}, {"CYS", 'C'}, {"GLN", 'Q'}, {"GLU", 'E'}, {"GLY", 'G'},
        {"HIS", 'H'}, {"ILE", 'I'}, {"LEU", 'L'}, {"LYS", 'K'}, {"MET", 'M'}, {"PHE", 'F'}, {"PRO", 'P'}, {"SER", 'S'},
        {"THR", 'T'}, {"TRP", 'W'}, {"TYR", 'Y'}, {"VAL", 'V'}, {"MSE", 'M'}, {"SEC", 'U'}, {"PYL", 'O'}};
    for (auto const & [name, c] : table)
        if (name == mon)
            return c;
    return 'X';
}

//! The 8-state index of a `_dssp_struct_summary.secondary_structure` value: `.`, `?`, blank and
//! P (polyproline II) are C; -1 for anything else.
int state_of(std::string_view v) noexcept
{
    if (v.empty() || v == "." || v == "?" || v == "P" || v == " ")
        return encode::ss8_index('C');
    if (v.size() != 1 || std::string_view{"HGIEBTS"}.find(v[0]) == std::string_view::npos)
        return -1;
    return encode::ss8_index(v[0]);
}

//! Throws input_error for a byte that is neither printable ASCII nor white space: mmCIF (CIF 1.1)
//! and PDB files are ASCII, and libcifpp 5.0 loops forever on such a byte in a loop's values.
void check_ascii(std::string const & path, std::string_view text)
{
    std::size_t line = 1, column = 1;
    for (char const ch : text)
    {
        auto const c = static_cast<unsigned char>(ch);
        if (c == '\n')
        {
            ++line;
            column = 1;
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\r') || c > 0x7e)
        {
            static constexpr char hex[] = "0123456789ABCDEF";
            throw input_error(path + ", line " + std::to_string(line) + ", column " + std::to_string(column) +
                              ": byte 0x" + hex[c >> 4] + hex[c & 15] +
                              " is not text (mmCIF and PDB files are printable ASCII)");
        }
        ++column;
    }
}

//! `t` as a number of type T, if all of it is one.
template <typename T>
std::optional<T> parsed(std::string_view t) noexcept
{
    T v{};
    auto const r = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || r.ec != std::errc{} || r.ptr != t.data() + t.size())
        return std::nullopt;
    return v;
}

//! A protein chain as the mmCIF describes it.
struct chain_info
{
    std::string asym, entity, author;
};

//! Reads one parsed mmCIF data block into records.
class block_reader
{
public:
    block_reader(std::string path, cif::datablock const & db, structure_settings const & s, structure_counts & c)
        : path_{std::move(path)}, db_{db}, s_{s}, c_{c}
    {
    }

    std::vector<labelled_record> records()
    {
        read_entities();
        read_states();
        count_models();
        if (s_.min_plddt > 0)
            read_confidence();
        std::vector<labelled_record> out;
        std::map<std::string, std::size_t> ids, entity_pick;
        for (auto const & ch : chains())
        {
            auto const & type = entity_type_[ch.entity];
            if (!type.starts_with("polypeptide"))
            {
                ++c_.non_protein;
                continue;
            }
            auto const & seq = sequence_[ch.entity];
            if (std::ssize(seq) < s_.min_length)
            {
                ++c_.too_short;
                continue;
            }
            if (seq.find_first_not_of('X') == std::string::npos)
            {
                ++c_.no_standard;
                continue;
            }
            labelled_record r;
            r.sequence = seq;
            r.label.assign(seq.size(), encode::no_label);
            std::size_t labelled = 0;
            for (auto const & [pos, state] : states_[ch.asym]) // pos: label_seq_id, 1-based
                if (pos >= 1 && pos <= std::ssize(seq))
                {
                    auto const i = static_cast<std::size_t>(pos - 1);
                    if (s_.min_plddt > 0 && below_min(ch.asym, pos))
                    {
                        ++c_.low_plddt;
                        continue;
                    }
                    r.label[i] = static_cast<std::int8_t>(state);
                    ++labelled;
                }
            if (labelled == 0)
            {
                ++c_.no_dssp;
                continue;
            }
            auto id = entry() + "_" + ch.author;
            if (auto const n = ++ids[id]; n > 1)
                id += "_" + std::to_string(n);
            r.id = std::move(id);
            if (s_.per_entity)
            {
                auto const [it, fresh] = entity_pick.try_emplace(ch.entity, out.size());
                if (!fresh)
                {
                    ++c_.same_entity;
                    if (labelled_count(out[it->second]) < labelled)
                        out[it->second] = std::move(r);
                    continue;
                }
            }
            out.push_back(std::move(r));
        }
        for (auto const & r : out)
            c_.unobserved += r.label.size() - labelled_count(r);
        c_.chains += out.size();
        return out;
    }

private:
    static std::size_t labelled_count(labelled_record const & r)
    {
        return static_cast<std::size_t>(std::count_if(r.label.begin(), r.label.end(), [](auto l) { return l >= 0; }));
    }

    [[noreturn]] void fail(std::string const & what) const { throw input_error(path_ + ": " + what); }

    cif::category const * category(std::string_view name, bool required) const
    {
        auto const * cat = db_.get(name);
        if ((cat == nullptr || cat->empty()) && required)
            fail("no _" + std::string{name} + " category");
        return cat != nullptr && !cat->empty() ? cat : nullptr;
    }

    long number(cif::row_handle const & r, std::string_view category, std::string_view item) const
    {
        auto const t = r[item].text();
        auto const n = parsed<long>(t);
        if (!n)
            fail("_" + std::string{category} + "." + std::string{item} + " '" + std::string{t} + "' is not a number");
        return *n;
    }

    //! `_entry.id`, else the file name without extensions.
    std::string entry() const
    {
        if (auto const * e = category("entry", false); e != nullptr && !s_.entry_from_file)
            for (auto r : *e)
                if (auto const t = r["id"].text(); !t.empty() && t != "?" && t != ".")
                    return std::string{t};
        auto name = fs::path{path_}.filename().string();
        return name.substr(0, name.find('.'));
    }

    void read_entities()
    {
        std::map<std::string, std::string> can; // pdbx_seq_one_letter_code_can per entity
        for (auto r : *category("entity_poly", true))
        {
            auto const id = std::string{r["entity_id"].text()};
            entity_type_[id] = std::string{r["type"].text()};
            std::string letters;
            for (char ch : r["pdbx_seq_one_letter_code_can"].text())
                if (ch != ' ' && ch != '\n' && ch != '\r' && ch != '\t')
                    letters += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
            can[id] = letters == "?" || letters == "." ? std::string{} : letters;
        }
        std::map<std::string, std::map<long, char>> by_num;
        if (auto const * eps = category("entity_poly_seq", false))
            for (auto r : *eps)
                by_num[std::string{r["entity_id"].text()}].try_emplace(number(r, "entity_poly_seq", "num"),
                                                                       one_letter(r["mon_id"].text()));
        for (auto const & [id, type] : entity_type_)
        {
            std::string seq;
            long expect = 1;
            for (auto const & [num, c] : by_num[id])
            {
                if (num != expect++)
                    fail("entity " + id + ": _entity_poly_seq.num " + std::to_string(num) + " out of order");
                seq += c;
            }
            // The canonical one-letter sequence, where it matches the residue list (or is all there is).
            if (auto const & c = can[id]; !c.empty() && (seq.empty() || c.size() == seq.size()))
                seq = c;
            if (seq.empty())
                fail("entity " + id + ": no sequence (_entity_poly_seq)");
            for (auto & ch : seq)
                if (ch < 'A' || ch > 'Z')
                    ch = 'X';
            sequence_[id] = std::move(seq);
        }
    }

    void read_states()
    {
        // mkdssp leaves the category out when it finds no residue to assign (e.g. atoms without
        // entity IDs): every chain then counts as one without DSSP states.
        auto const * summary = category("dssp_struct_summary", false);
        if (summary == nullptr)
            return;
        for (auto r : *summary)
        {
            auto const pos = number(r, "dssp_struct_summary", "label_seq_id");
            auto const v = r["secondary_structure"].text();
            int const state = state_of(v);
            if (state < 0)
                fail("chain " + std::string{r["label_asym_id"].text()} + ", residue " + std::to_string(pos) +
                     ": unknown DSSP state '" + std::string{v} + "'");
            states_[std::string{r["label_asym_id"].text()}].try_emplace(pos, state); // heterogeneity: the first
        }
    }

    std::vector<chain_info> chains() const
    {
        std::vector<chain_info> out;
        std::set<std::string> seen;
        if (auto const * scheme = category("pdbx_poly_seq_scheme", false))
        {
            for (auto r : *scheme)
                if (auto asym = std::string{r["asym_id"].text()}; seen.insert(asym).second)
                {
                    auto author = std::string{r["pdb_strand_id"].text()};
                    out.push_back({asym, std::string{r["entity_id"].text()}, author.empty() ? asym : author});
                }
            return out;
        }
        if (auto const * asyms = category("struct_asym", false))
            for (auto r : *asyms)
                if (auto asym = std::string{r["id"].text()};
                    entity_type_.contains(std::string{r["entity_id"].text()}) && seen.insert(asym).second)
                    out.push_back({asym, std::string{r["entity_id"].text()}, asym});
        return out;
    }

    void count_models()
    {
        std::set<std::string_view> models;
        if (auto const * atoms = category("atom_site", false))
            for (auto r : *atoms)
                models.insert(r["pdbx_PDB_model_num"].text());
        if (models.size() > 1)
            c_.extra_models += models.size() - 1;
    }

    void read_confidence()
    {
        if (auto const * q = category("ma_qa_metric_local", false))
        {
            for (auto r : *q)
                if (auto const v = parsed<double>(r["metric_value"].text()))
                    plddt_[std::string{r["label_asym_id"].text()}][number(r, "ma_qa_metric_local", "label_seq_id")] =
                        *v;
            return;
        }
        std::string_view first_model;
        if (auto const * atoms = category("atom_site", false))
            for (auto r : *atoms)
            {
                auto const model = r["pdbx_PDB_model_num"].text();
                if (first_model.empty())
                    first_model = model;
                if (model != first_model || r["label_atom_id"].text() != "CA")
                    continue;
                auto const seq = parsed<long>(r["label_seq_id"].text());
                if (auto const b = parsed<double>(r["B_iso_or_equiv"].text()); seq && b)
                    plddt_[std::string{r["label_asym_id"].text()}].try_emplace(*seq, *b);
            }
    }

    bool below_min(std::string const & asym, long pos) const
    {
        auto const c = plddt_.find(asym);
        if (c == plddt_.end())
            return true;
        auto const v = c->second.find(pos);
        return v == c->second.end() || v->second < s_.min_plddt;
    }

    std::string path_;
    cif::datablock const & db_;
    structure_settings const & s_;
    structure_counts & c_;
    std::map<std::string, std::string> entity_type_, sequence_;
    std::map<std::string, std::map<long, int>> states_;
    std::map<std::string, std::map<long, double>> plddt_;
};

//! Writes the atoms of a minimal mmCIF file in PDB format (libcifpp's writer), the label names
//! standing in for missing author names.
void write_pdb(std::string const & path, std::string_view text, std::ostream & out)
{
    try
    {
        cif::file file(text.data(), text.size());
        if (file.empty() || file.front().get("atom_site") == nullptr)
            throw input_error(path + ": no _atom_site category (no coordinates)");
        auto & db = file.front();
        for (auto r : db["atom_site"])
            for (auto const & [author, label] :
                 {std::pair{"auth_comp_id", "label_comp_id"}, std::pair{"auth_atom_id", "label_atom_id"},
                  std::pair{"auth_asym_id", "label_asym_id"}})
                if (r[author].empty())
                    r[author] = std::string{r[label].text()};
        cif::pdb::write(out, db);
    }
    catch (ssrnn::error const &)
    {
        throw;
    }
    catch (std::exception const & e)
    {
        throw input_error(path + ": not a readable mmCIF file: " + e.what());
    }
}
} // namespace

bool is_mmcif(std::string_view text) noexcept
{
    return first_line(text).starts_with("data_");
}

bool is_pdb(std::string_view text) noexcept
{
    auto const line = text.substr(0, text.find('\n'));
    for (std::string_view const rec : {"HEADER", "ATOM  ", "HETATM", "MODEL ", "CRYST1", "REMARK", "TITLE ", "COMPND",
                                       "EXPDTA", "SEQRES", "OBSLTE", "SOURCE", "KEYWDS", "AUTHOR", "DBREF "})
        if (line.starts_with(rec))
            return true;
    return false;
}

std::vector<labelled_record> parse_dssp_mmcif(std::string const & path, std::string_view text,
                                              structure_settings const & s, structure_counts & counts)
{
    check_ascii(path, text);
    cif::file file;
    try
    {
        file = cif::file(text.data(), text.size());
    }
    catch (std::exception const & e)
    {
        throw input_error(path + ": not a readable mmCIF file: " + e.what());
    }
    if (file.empty())
        throw input_error(path + ": no mmCIF data block");
    structure_counts c;
    auto records = block_reader{path, file.front(), s, c}.records();
    c.files = 1;
    counts += c;
    return records;
}

std::vector<labelled_record> read_structure(std::string const & path, structure_settings const & s,
                                            fs::path const & work, structure_counts & counts)
{
    std::string const text = gunzip_if_compressed(path, read_whole_file(path));
    bool const cif = is_mmcif(text);
    if (cif && text.find("\n_dssp_struct_summary.") != std::string::npos)
        return parse_dssp_mmcif(path, text, s, counts);
    if (!cif && !is_pdb(text))
        throw input_error(path + ": not a structure (neither mmCIF, starting with data_, nor PDB format)");
    check_ascii(path, text);
    fs::create_directories(work);
    // A minimal mmCIF (only _atom_site, as many modelling tools and libraries write it) gives
    // mkdssp no entities to assign; as PDB format it reads the chains from the atoms.
    bool const minimal = cif && text.find("\n_entity_poly.") == std::string::npos;
    auto const in = work / (cif && !minimal ? "in.cif" : "in.pdb");
    auto const out = work / "out.cif";
    {
        std::ofstream f(in, std::ios::binary);
        if (minimal)
            write_pdb(path, text, f);
        else
            f << text;
        if (!f.flush())
            throw io_error(in.string() + ": cannot write mkdssp's input");
    }
    std::error_code ec;
    fs::remove(out, ec);
    base::run_program(s.dssp, {"--output-format", "mmcif", "--write-experimental", in.string(), out.string()},
                      work / "mkdssp.log", "mkdssp", "DSSP of " + path, "install the dssp package, or give --dssp PATH",
                      s.dssp_timeout + s.per_mb * static_cast<double>(text.size()) / 1e6);
    if (!fs::exists(out))
        throw tool_error("mkdssp wrote no output for " + path +
                         "; the end of its log:" + base::log_tail(work / "mkdssp.log"));
    auto named = s;
    named.entry_from_file = minimal; // its data block name is no entry ID (often "data_s" or "data_model")
    auto records = parse_dssp_mmcif(path, read_whole_file(out.string()), named, counts);
    fs::remove(in, ec);
    fs::remove(out, ec);
    return records;
}

std::vector<std::vector<labelled_record>> read_structures(std::vector<std::string> const & paths,
                                                          structure_settings const & s, int threads, std::ostream * log,
                                                          structure_counts & counts)
{
    if (paths.empty())
        return {};
    char const * tmp = std::getenv("TMPDIR");
    fs::path const parent = tmp != nullptr && *tmp != '\0' ? fs::path{tmp} : fs::path{"/tmp"};
    auto const work = base::fresh_directory(parent, "ssrnn-dssp-");
    std::vector<std::vector<labelled_record>> per_file(paths.size());
    std::vector<structure_counts> per_counts(paths.size());
    std::vector<std::exception_ptr> errors(paths.size());
    std::mutex log_mutex;
    std::size_t done = 0;
    auto const n = static_cast<std::ptrdiff_t>(paths.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(std::max(1, threads))
    for (std::ptrdiff_t i = 0; i < n; ++i)
    {
        auto const k = static_cast<std::size_t>(i);
        try
        {
            per_file[k] = read_structure(paths[k], s, work / std::to_string(k), per_counts[k]);
        }
        catch (...)
        {
            errors[k] = std::current_exception();
        }
        std::lock_guard lock{log_mutex};
        ++done;
        if (log != nullptr && !errors[k])
            *log << "[" << done << "/" << paths.size() << "] " << paths[k] << ": " << per_file[k].size() << " chains\n";
    }
    std::error_code ec;
    fs::remove_all(work, ec);
    for (std::size_t k = 0; k < paths.size(); ++k)
    {
        if (errors[k])
            std::rethrow_exception(errors[k]);
        counts += per_counts[k];
    }
    return per_file;
}

std::string summary_line(structure_counts const & c)
{
    std::ostringstream s;
    s << c.files << " structure files: " << c.chains << " protein chains kept; skipped: " << c.non_protein
      << " non-protein, " << c.too_short << " too short, " << c.no_standard << " without standard residues, "
      << c.no_dssp << " without DSSP states";
    if (c.same_entity > 0)
        s << ", " << c.same_entity << " further chains of an entity";
    s << "; " << c.extra_models << " models beyond the first ignored; " << c.unobserved
      << " residues without a DSSP state (mask 0)";
    if (c.low_plddt > 0)
        s << ", " << c.low_plddt << " below --min-plddt (mask 0)";
    return s.str();
}

} // namespace ssrnn::io
