#include <ssrnn/base/checksum.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/io/datasets.hpp>
#include <ssrnn/io/dssp.hpp>
#include <ssrnn/io/fasta.hpp>
#include <ssrnn/io/labelled.hpp>
#include <ssrnn/io/structure.hpp>
#include <ssrnn/io/whole_file.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <unordered_set>

namespace ssrnn::io
{
namespace
{

struct raw_record
{
    std::string id, seq, third;
    std::size_t line = 0; //!< line of the header
};

std::vector<raw_record> parse_three_line(std::string const & path, std::string const & text)
{
    std::vector<raw_record> out;
    std::size_t pos = 0, line = 0;
    auto next_line = [&](std::string & s)
    {
        if (pos >= text.size())
            return false;
        auto e = text.find('\n', pos);
        if (e == std::string::npos)
            e = text.size();
        s.assign(text, pos, e - pos);
        while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
            s.pop_back();
        pos = e + 1;
        ++line;
        return true;
    };
    std::string l;
    while (next_line(l))
    {
        if (l.empty())
            continue;
        if (l[0] != '>')
            throw input_error(path + ", line " + std::to_string(line) +
                              ": expected a header line starting with '>' (3-line format: >id, sequence, labels)");
        raw_record r;
        r.line = line;
        r.id =
            l.substr(1, l.find_first_of(" \t") == std::string::npos ? std::string::npos : l.find_first_of(" \t") - 1);
        if (r.id.empty())
            throw input_error(path + ", line " + std::to_string(line) + ": empty record ID");
        if (!next_line(r.seq) || r.seq.empty() || r.seq[0] == '>')
            throw input_error(path + ", line " + std::to_string(line) + ": record '" + r.id +
                              "': missing sequence line");
        if (!next_line(r.third) || r.third.empty() || r.third[0] == '>')
            throw input_error(path + ", line " + std::to_string(line) + ": record '" + r.id +
                              "': missing label line (3-line format: >id, sequence, labels)");
        if (r.third.size() != r.seq.size())
            throw input_error(path + ", line " + std::to_string(line + 2) + ": record '" + r.id + "': label line has " +
                              std::to_string(r.third.size()) + " characters but the sequence has " +
                              std::to_string(r.seq.size()));
        out.push_back(std::move(r));
    }
    return out;
}

std::string where(std::string const & path, raw_record const & r, std::size_t line_offset, std::size_t i)
{
    return path + ", line " + std::to_string(r.line + line_offset) + ": record '" + r.id + "', position " +
           std::to_string(i + 1);
}

} // namespace

namespace
{
//! Residues with a label in `records`.
std::size_t labelled_residues(std::vector<labelled_record> const & records)
{
    std::size_t n = 0;
    for (auto const & r : records)
        for (auto l : r.label)
            n += l >= 0 ? 1 : 0;
    return n;
}

//! Applies every mask file to `set` (records matched by order and ID) and counts the labels.
void apply_masks(labelled_set & set, std::string const & path, std::vector<std::string> const & masks)
{
    for (auto const & mpath : masks)
    {
        std::string const mtext = read_whole_file(mpath);
        set.checksum = base::fnv1a64(mtext.data(), mtext.size(), set.checksum);
        auto mraw = parse_three_line(mpath, mtext);
        if (mraw.size() != set.records.size())
            throw input_error(mpath + ": mask has " + std::to_string(mraw.size()) + " records but " + path + " has " +
                              std::to_string(set.records.size()));
        for (std::size_t k = 0; k < mraw.size(); ++k)
        {
            auto const & m = mraw[k];
            auto & rec = set.records[k];
            if (m.id != rec.id)
                throw input_error(mpath + ", line " + std::to_string(m.line) + ": mask record " +
                                  std::to_string(k + 1) + " is '" + m.id + "' but the data record is '" + rec.id + "'");
            if (m.seq.size() != rec.sequence.size())
                throw input_error(mpath + ", line " + std::to_string(m.line + 1) + ": record '" + m.id +
                                  "': mask covers " + std::to_string(m.seq.size()) + " residues but the sequence has " +
                                  std::to_string(rec.sequence.size()));
            for (std::size_t i = 0; i < m.third.size(); ++i)
            {
                char const c = m.third[i];
                if (c == '0')
                    rec.label[i] = encode::no_label;
                else if (c != '1')
                    throw input_error(where(mpath, m, 2, i) + ": mask character '" + std::string(1, c) +
                                      "' (expected 0 or 1)");
            }
        }
    }
    set.labelled_residues = labelled_residues(set.records);
}
} // namespace

namespace
{
//! The 3-line records of `text` (read from `path`).
std::vector<labelled_record> three_line_records(std::string const & path, std::string const & text)
{
    auto raw = parse_three_line(path, text);
    std::vector<labelled_record> out;
    out.reserve(raw.size());
    for (auto const & r : raw)
    {
        labelled_record rec;
        rec.id = r.id;
        rec.sequence.resize(r.seq.size());
        rec.label.resize(r.seq.size());
        for (std::size_t i = 0; i < r.seq.size(); ++i)
        {
            char c = r.seq[i];
            if (c >= 'a' && c <= 'z')
                c = static_cast<char>(c - 'a' + 'A');
            if (c < 'A' || c > 'Z')
                throw input_error(where(path, r, 1, i) + ": invalid residue character '" + std::string(1, r.seq[i]) +
                                  "'");
            rec.sequence[i] = c;
            int const s = encode::ss8_index(r.third[i]);
            if (s < 0)
                throw input_error(where(path, r, 2, i) + ": unknown secondary-structure letter '" +
                                  std::string(1, r.third[i]) + "' (expected one of HGIEBTSC, '-' or 'L')");
            rec.label[i] = static_cast<std::int8_t>(s);
        }
        out.push_back(std::move(rec));
    }
    return out;
}

//! The format of `text`, as `wanted` says or by content.
labelled_format format_of(std::string_view text, labelled_format wanted) noexcept
{
    if (wanted != labelled_format::automatic)
        return wanted;
    if (is_dssp(text))
        return labelled_format::dssp;
    if (is_mmcif(text) || is_pdb(text))
        return labelled_format::structure;
    if (is_netsurfp_csv(text))
        return labelled_format::netsurfp_csv;
    if (is_tape_json(text))
        return labelled_format::tape_json;
    return labelled_format::three_line;
}

//! The records of one file that is not a structure.
std::vector<labelled_record> records_of(std::string const & path, std::string const & text, labelled_format f)
{
    switch (f)
    {
    case labelled_format::dssp:
        return parse_dssp(path, text);
    case labelled_format::netsurfp_csv:
        return parse_netsurfp_csv(path, text);
    case labelled_format::tape_json:
        return parse_tape_json(path, text);
    default:
        return three_line_records(path, text);
    }
}

bool is_set_of_files(std::string const & path)
{
    std::error_code ec;
    return path.starts_with('@') || std::filesystem::is_directory(path, ec);
}

//! Every record of `files` in order (structure files read together on opt.threads threads);
//! `checksum` continues over the files' bytes.
std::vector<labelled_record> read_files(std::vector<std::string> const & files, labelled_options const & opt,
                                        std::uint64_t & checksum)
{
    std::vector<std::vector<labelled_record>> per_file(files.size());
    std::vector<std::string> structures;
    std::vector<std::size_t> structure_index;
    for (std::size_t k = 0; k < files.size(); ++k)
    {
        std::string const bytes = read_whole_file(files[k]);
        checksum = base::fnv1a64(bytes.data(), bytes.size(), checksum);
        std::string const text = gunzip_if_compressed(files[k], bytes);
        auto const f = format_of(text, opt.format);
        if (f == labelled_format::structure)
        {
            structures.push_back(files[k]);
            structure_index.push_back(k);
        }
        else
            per_file[k] = records_of(files[k], text, f);
    }
    if (!structures.empty())
    {
        structure_counts counts;
        auto chains = read_structures(structures, opt.structures, opt.threads, opt.log, counts);
        for (std::size_t j = 0; j < structures.size(); ++j)
            per_file[structure_index[j]] = std::move(chains[j]);
        if (opt.log != nullptr)
            *opt.log << summary_line(counts) << '\n';
    }
    std::vector<labelled_record> out;
    for (auto & v : per_file)
        for (auto & r : v)
            out.push_back(std::move(r));
    return out;
}
} // namespace

labelled_set read_labelled_inputs(std::vector<std::string> const & inputs, labelled_options const & opt)
{
    labelled_set set;
    set.checksum = base::fnv1a64_basis;
    set.records = read_files(expand_inputs(inputs), opt, set.checksum);
    set.labelled_residues = labelled_residues(set.records);
    return set;
}

labelled_set read_labelled(std::string const & path, std::vector<std::string> const & masks,
                           labelled_options const & opt)
{
    labelled_set set;
    set.checksum = base::fnv1a64_basis;
    if (is_set_of_files(path))
        set.records = read_files(expand_inputs({path}), opt, set.checksum);
    else
        set.records = read_files({path}, opt, set.checksum);
    apply_masks(set, path, masks);
    return set;
}

void write_labelled(std::string const & path, std::string const & mask_path, labelled_set const & set)
{
    atomic_output data{path}, mask{mask_path};
    for (auto const & r : set.records)
    {
        std::string labels(r.sequence.size(), 'C'), bits(r.sequence.size(), '0');
        for (std::size_t i = 0; i < r.label.size(); ++i)
            if (r.label[i] >= 0)
            {
                labels[i] = encode::ss8_letters[static_cast<std::size_t>(r.label[i])];
                bits[i] = '1';
            }
        data.stream() << '>' << r.id << '\n' << r.sequence << '\n' << labels << '\n';
        mask.stream() << '>' << r.id << '\n' << r.sequence << '\n' << bits << '\n';
    }
    data.commit();
    mask.commit();
}

std::vector<std::string> expand_inputs(std::vector<std::string> const & inputs)
{
    namespace fs = std::filesystem;
    static constexpr std::array<std::string_view, 5> extensions{".cif", ".mmcif", ".pdb", ".ent", ".dssp"};
    auto const wanted = [](fs::path const & p)
    {
        auto name = p.filename().string();
        if (name.ends_with(".gz"))
            name.resize(name.size() - 3);
        return std::any_of(extensions.begin(), extensions.end(), [&](auto e) { return name.ends_with(e); });
    };
    std::vector<std::string> out;
    for (auto const & in : inputs)
    {
        std::error_code ec;
        if (in.starts_with('@'))
        {
            auto const list = in.substr(1);
            std::istringstream lines{read_whole_file(list)};
            auto const base = fs::path{list}.parent_path();
            std::vector<std::string> named;
            for (std::string l; std::getline(lines, l);)
            {
                while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t'))
                    l.pop_back();
                if (!l.empty() && !l.starts_with('#'))
                    named.push_back(fs::path{l}.is_absolute() ? l : (base / l).string());
            }
            auto more = expand_inputs(named);
            out.insert(out.end(), more.begin(), more.end());
        }
        else if (fs::is_directory(in, ec))
        {
            std::vector<std::string> found;
            for (auto const & e :
                 fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec))
                if (e.is_regular_file() && wanted(e.path()))
                    found.push_back(e.path().string());
            if (found.empty())
                throw config_error(in + ": no structure or DSSP files in this directory (.cif .mmcif .pdb .ent "
                                        ".dssp, .gz too)");
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        }
        else if (fs::exists(in, ec))
            out.push_back(in);
        else
            throw config_error(in + ": no such file or directory");
    }
    return out;
}

std::size_t drop_overlapping(std::vector<labelled_record> & records, std::vector<std::string> const & test_files)
{
    constexpr std::size_t k = 30;
    std::vector<std::string> tests;
    for (auto const & path : test_files)
    {
        try
        {
            for (auto & r : read_labelled(path).records)
                tests.push_back(std::move(r.sequence));
        }
        catch (input_error const &)
        {
            for (auto & r : read_fasta(path))
                tests.push_back(std::move(r.sequence));
        }
    }
    std::unordered_set<std::string_view> whole, kmers;
    for (auto const & t : tests)
    {
        whole.insert(t);
        for (std::size_t i = 0; i + k <= t.size(); ++i)
            kmers.insert(std::string_view{t}.substr(i, k));
    }
    auto const overlaps = [&](labelled_record const & r)
    {
        std::string_view const seq{r.sequence};
        if (whole.contains(seq))
            return true;
        for (std::size_t i = 0; i + k <= seq.size(); ++i)
            if (kmers.contains(seq.substr(i, k)))
                return true;
        return false;
    };
    auto const before = records.size();
    std::erase_if(records, overlaps);
    return before - records.size();
}

std::span<base::option<labelled_options> const> labelled_option_table()
{
    static auto const table =
        base::option_list<labelled_options>{}
            .choice(
                "input-format", [](auto & o) -> auto & { return o.format; }, labelled_format_names,
                "format of the labelled inputs: auto (told by content), 3-line, dssp (classic DSSP), structure (PDB or "
                "mmCIF, through mkdssp), netsurfp-csv, tape-json")
            .add(
                "dssp", [](auto & o) -> auto & { return o.structures.dssp; },
                "the DSSP program run on structure files (mkdssp 4.x, Debian package dssp)")
            .add(
                "min-plddt", [](auto & o) -> auto & { return o.structures.min_plddt; },
                "structures: residues with a lower pLDDT (_ma_qa_metric_local, else the CA atom's B-factor column) "
                "get mask 0; 0 = off (for predicted models such as AlphaFold's)",
                base::between(0, 100))
            .add(
                "min-length", [](auto & o) -> auto & { return o.structures.min_length; },
                "structures: protein chains with a shorter sequence are skipped", base::between(1, 100000))
            .add(
                "per-entity", [](auto & o) -> auto & { return o.structures.per_entity; },
                "structures: one record per entity (its chain with the most labelled residues), not per chain")
            .done();
    return table;
}

std::span<base::option<labels_config> const> labels_option_table()
{
    static auto const table =
        base::option_list<labels_config>{}
            .add(
                "output", [](auto & c) -> auto & { return c.output; },
                "the 3-line file to write (atomically); the mask goes to OUTPUT.mask", {}, 'o')
            .add(
                "exclude", [](auto & c) -> auto & { return c.exclude; },
                "test sequences (FASTA or labelled files): records identical to one, or sharing a 30-residue "
                "stretch with one, are dropped")
            .add(
                "threads", [](auto & c) -> auto & { return c.read.threads; },
                "structure files converted at once (output does not depend on it)", base::between(1, 1024), 't')
            .include(
                labelled_option_table(), [](auto & c) -> auto & { return c.read; })
            .add(
                "input", [](auto & c) -> auto & { return c.inputs; },
                "labelled inputs: structure files (PDB, mmCIF; AlphaFold models too), classic DSSP, 3-line, "
                "NetSurfP-2.0 "
                "CSV, TAPE JSON (.gz too; told by content), directories of structure/DSSP files, @LIST files")
            .positional()
            .done();
    return table;
}

void make_labels(labels_config const & cfg, std::ostream & log)
{
    if (cfg.output.empty())
        throw config_error("--output is required");
    if (cfg.inputs.empty())
        throw config_error("no input file given");
    base::check_ranges(labels_option_table(), cfg);
    auto const files = expand_inputs(cfg.inputs);
    auto opt = cfg.read;
    opt.log = &log;
    labelled_set all;
    all.records = read_files(files, opt, all.checksum);
    std::set<std::string> ids;
    std::size_t repeated = 0;
    std::erase_if(all.records,
                  [&](labelled_record const & r)
                  {
                      bool const again = !ids.insert(r.id).second;
                      repeated += again ? 1 : 0;
                      return again;
                  });
    if (repeated > 0)
        log << "make-labels: " << repeated << " records repeat an earlier record's ID (the same entry in two files?) "
            << "and were dropped\n";
    if (!cfg.exclude.empty())
        log << "make-labels: " << drop_overlapping(all.records, cfg.exclude)
            << " records identical to, or sharing a 30-residue stretch with, a sequence of --exclude were dropped\n";
    std::size_t residues = 0;
    for (auto const & r : all.records)
        residues += r.sequence.size();
    all.labelled_residues = labelled_residues(all.records);
    write_labelled(cfg.output, cfg.output + ".mask", all);
    log << "make-labels: " << files.size() << " files, " << all.records.size() << " records, " << residues
        << " residues (" << all.labelled_residues << " labelled) written to " << cfg.output << " and " << cfg.output
        << ".mask\n";
}

} // namespace ssrnn::io
