#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/dssp.hpp>

#include <charconv>
#include <filesystem>
#include <map>
#include <optional>

namespace ssrnn::io
{

namespace
{
constexpr std::string_view banner = "==== Secondary Structure Definition by the program DSSP";
constexpr std::size_t max_gap = 10000; //!< a larger numbering jump is not taken as missing residues

//! The entry name: HEADER's PDB ID (columns 63-66), else the file name without .dssp/.gz.
std::string entry_of(std::string const & path, std::string_view text)
{
    auto const h = text.find("\nHEADER");
    if (h != std::string_view::npos)
    {
        auto const end = text.find('\n', h + 1);
        auto const line = text.substr(h + 1, end == std::string_view::npos ? end : end - h - 1);
        if (line.size() >= 66)
        {
            auto id = std::string{line.substr(62, 4)};
            if (id.find(' ') == std::string::npos && !id.empty())
                return id;
        }
    }
    auto name = std::filesystem::path{path}.filename().string();
    for (std::string_view const ext : {".gz", ".dssp"})
        if (name.size() > ext.size() && name.ends_with(ext))
            name.resize(name.size() - ext.size());
    return name;
}

//! The residue number of columns 6-10, if it is a plain number (no insertion code).
std::optional<long> number_of(std::string_view line)
{
    if (line.size() < 11 || line[10] != ' ')
        return std::nullopt;
    auto field = line.substr(5, 5);
    while (!field.empty() && field.front() == ' ')
        field.remove_prefix(1);
    long n = 0;
    auto const r = std::from_chars(field.data(), field.data() + field.size(), n);
    if (field.empty() || r.ec != std::errc{} || r.ptr != field.data() + field.size())
        return std::nullopt;
    return n;
}

//! Builds the records while residue lines come in.
class chains
{
public:
    chains(std::string path, std::string entry) : path_{std::move(path)}, entry_{std::move(entry)} {}

    void residue(std::string_view line, std::size_t number)
    {
        char const chain = line[11];
        auto const here = number_of(line);
        if (current_ == nullptr || chain != chain_)
            start(chain);
        else if (broken_ && last_ && here)
        {
            // Residues missing inside the chain: their place, unlabelled.
            long const gap = *here - *last_ - 1;
            if (gap > 0 && static_cast<std::size_t>(gap) <= max_gap)
                for (long k = 0; k < gap; ++k)
                    add('X', encode::no_label);
        }
        broken_ = false;
        char aa = line[13];
        if (aa >= 'a' && aa <= 'z')
            aa = 'C'; // DSSP names the cysteines of a disulfide bridge by lowercase letters
        if (aa < 'A' || aa > 'Z')
            throw input_error(path_ + ", line " + std::to_string(number) + ": residue '" + std::string(1, line[13]) +
                              "' in column 14 is not a letter");
        char const s = line.size() > 16 ? line[16] : ' ';
        int const k = s == ' ' || s == 'P' ? encode::ss8_index('C') : encode::ss8_index(s);
        if (k < 0)
            throw input_error(path_ + ", line " + std::to_string(number) + ": secondary structure '" +
                              std::string(1, s) + "' in column 17 is not a DSSP state");
        add(aa, static_cast<std::int8_t>(k));
        last_ = here;
    }
    //! A `!` line: a break inside the chain, or (`!*`) the chain's end.
    void brk(std::string_view line)
    {
        broken_ = true;
        if (line.size() > 14 && line[14] == '*')
            current_ = nullptr;
    }
    std::vector<labelled_record> done() && { return std::move(records_); }

private:
    void start(char chain)
    {
        chain_ = chain;
        std::string id = chain == ' ' ? entry_ : entry_ + "_" + std::string(1, chain);
        if (auto const n = ++seen_[id]; n > 1)
            id += "_" + std::to_string(n);
        records_.push_back({id, {}, {}});
        current_ = &records_.back();
        last_.reset();
        broken_ = false;
    }
    void add(char aa, std::int8_t label)
    {
        current_->sequence.push_back(aa);
        current_->label.push_back(label);
    }

    std::string path_, entry_;
    std::vector<labelled_record> records_;
    labelled_record * current_ = nullptr;
    char chain_ = 0;
    std::optional<long> last_;
    bool broken_ = false;
    std::map<std::string, int> seen_;
};
} // namespace

bool is_dssp(std::string_view text) noexcept
{
    return text.starts_with(banner);
}

std::vector<labelled_record> parse_dssp(std::string const & path, std::string_view text)
{
    chains out{path, entry_of(path, text)};
    bool residues = false;
    std::size_t number = 0;
    for (std::size_t pos = 0; pos < text.size();)
    {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        auto line = text.substr(pos, end - pos);
        pos = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (!residues)
        {
            residues = line.starts_with("  #  RESIDUE");
            continue;
        }
        if (line.empty())
            continue;
        if (line.size() < 14)
            throw input_error(path + ", line " + std::to_string(number) + ": residue line of " +
                              std::to_string(line.size()) + " characters (expected at least 17)");
        if (line[13] == '!')
            out.brk(line);
        else
            out.residue(line, number);
    }
    if (!residues)
        throw input_error(path + ": a DSSP file without the '  #  RESIDUE' table");
    auto records = std::move(out).done();
    if (records.empty())
        throw input_error(path + ": no residues in the DSSP file");
    return records;
}

} // namespace ssrnn::io
