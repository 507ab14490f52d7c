#include <ssrnn/base/checksum.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/io/dssp.hpp>
#include <ssrnn/io/labelled.hpp>
#include <ssrnn/io/whole_file.hpp>

#include <array>
#include <cstring>
#include <fstream>
#include <ostream>
#include <sstream>

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
    for (auto const & rec : set.records)
        for (auto l : rec.label)
            set.labelled_residues += l >= 0 ? 1 : 0;
}
} // namespace

labelled_set read_labelled(std::string const & path, std::vector<std::string> const & masks)
{
    labelled_set set;
    std::string const bytes = read_whole_file(path);
    set.checksum = base::fnv1a64(bytes.data(), bytes.size());
    std::string const text = gunzip_if_compressed(path, bytes);
    if (is_dssp(text))
    {
        set.records = parse_dssp(path, text);
        apply_masks(set, path, masks);
        return set;
    }
    auto raw = parse_three_line(path, text);
    set.records.reserve(raw.size());
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
        set.records.push_back(std::move(rec));
    }
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

std::span<base::option<labels_config> const> labels_option_table()
{
    static auto const table =
        base::option_list<labels_config>{}
            .add(
                "output", [](auto & c) -> auto & { return c.output; },
                "the 3-line file to write (atomically); the mask goes to OUTPUT.mask", {}, 'o')
            .add(
                "input", [](auto & c) -> auto & { return c.inputs; },
                "labelled files: 3-line, or classic DSSP (.dssp, mkdssp's output); .gz too; told by content")
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
    labelled_set all;
    for (auto const & path : cfg.inputs)
    {
        auto set = read_labelled(path);
        all.labelled_residues += set.labelled_residues;
        for (auto & r : set.records)
            all.records.push_back(std::move(r));
    }
    write_labelled(cfg.output, cfg.output + ".mask", all);
    std::size_t residues = 0;
    for (auto const & r : all.records)
        residues += r.sequence.size();
    log << "make-labels: " << cfg.inputs.size() << " files, " << all.records.size() << " records, " << residues
        << " residues (" << all.labelled_residues << " labelled) written to " << cfg.output << " and " << cfg.output
        << ".mask\n";
}

} // namespace ssrnn::io
