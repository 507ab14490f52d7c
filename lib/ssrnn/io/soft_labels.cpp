#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/input_buffers.hpp>
#include <ssrnn/io/soft_labels.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <istream>
#include <memory>

namespace ssrnn::io
{
namespace
{
constexpr std::string_view hex_digits = "0123456789abcdef";

int hex_value(char c) noexcept
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

//! Line-by-line reading from a (possibly gzip-compressed) file, with the line number for errors.
class line_source
{
public:
    explicit line_source(std::string const & path) : path_{path}, raw_{path}
    {
        std::streambuf * src = &raw_;
        if (starts_with_gzip(raw_))
        {
            gz_ = std::make_unique<gz_buf>(&raw_, path);
            src = gz_.get();
        }
        in_ = std::make_unique<std::istream>(src);
    }
    bool next(std::string & line)
    {
        if (!std::getline(*in_, line))
            return false;
        ++number_;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        return true;
    }
    [[noreturn]] void fail(std::string const & msg) const
    {
        throw input_error(path_ + ", line " + std::to_string(number_) + ": " + msg);
    }

private:
    std::string path_;
    fd_buf raw_;
    std::unique_ptr<gz_buf> gz_;
    std::unique_ptr<std::istream> in_;
    std::size_t number_ = 0;
};

void check_sequence(std::string const & seq, std::string const & id, line_source const & in)
{
    if (seq.empty())
        in.fail("record '" + id + "': empty sequence");
    for (std::size_t i = 0; i < seq.size(); ++i)
        if (!std::isalpha(static_cast<unsigned char>(seq[i])))
            in.fail("record '" + id + "', position " + std::to_string(i + 1) + ": '" + seq.substr(i, 1) +
                    "' is not a residue letter");
}

void decode_labels(std::string const & line, soft_record & r, line_source const & in)
{
    auto const n = r.sequence.size();
    if (line.size() != 16 * n)
        in.fail("record '" + r.id + "': " + std::to_string(line.size()) + " label digits for " + std::to_string(n) +
                " residues (need 16 per residue; truncated?)");
    r.bytes.resize(8 * n);
    for (std::size_t k = 0; k < r.bytes.size(); ++k)
    {
        int const hi = hex_value(line[2 * k]);
        int const lo = hex_value(line[2 * k + 1]);
        if (hi < 0 || lo < 0)
            in.fail("record '" + r.id + "', residue " + std::to_string(k / 8 + 1) + ": '" + line.substr(2 * k, 2) +
                    "' is not a hex byte");
        r.bytes[k] = static_cast<std::uint8_t>(16 * hi + lo);
    }
}
} // namespace

void write_soft_labels_header(std::ostream & out, std::string_view comment)
{
    out << soft_labels_magic << " states=" << encode::ss8_letters << " scale=255\n";
    while (!comment.empty())
    {
        auto const e = std::min(comment.find('\n'), comment.size());
        out << "# " << comment.substr(0, e) << '\n';
        comment.remove_prefix(std::min(e + 1, comment.size()));
    }
}

void quantise_probabilities(std::span<float const> p8, std::span<std::uint8_t> out) noexcept
{
    // Largest remainders: the bytes sum to exactly 255, each within 1 of 255 p / sum(p).
    std::array<double, 8> v{}, frac{};
    double sum = 0.0;
    for (std::size_t k = 0; k < 8; ++k)
        sum += v[k] = std::isfinite(p8[k]) ? std::clamp(static_cast<double>(p8[k]), 0.0, 1.0) : 0.0;
    int left = sum > 0.0 ? 255 : 0;
    for (std::size_t k = 0; k < 8; ++k)
    {
        double const x = sum > 0.0 ? 255.0 * v[k] / sum : 0.0;
        out[k] = static_cast<std::uint8_t>(std::floor(x));
        frac[k] = x - std::floor(x);
        left -= out[k];
    }
    for (; left > 0; --left)
    {
        auto const k = static_cast<std::size_t>(std::max_element(frac.begin(), frac.end()) - frac.begin());
        ++out[k];
        frac[k] = -1.0;
    }
}

void dequantise_probabilities(std::span<std::uint8_t const> bytes, std::span<float> p8) noexcept
{
    unsigned sum = 0;
    for (std::size_t k = 0; k < 8; ++k)
        sum += bytes[k];
    for (std::size_t k = 0; k < 8; ++k)
        p8[k] = sum ? static_cast<float>(bytes[k]) / static_cast<float>(sum) : 0.0F;
}

void write_soft_record(std::ostream & out, std::string_view id, std::string_view description, std::string_view sequence,
                       std::span<float const> prob8)
{
    out << '>' << id;
    if (!description.empty())
        out << ' ' << description;
    out << '\n' << sequence << '\n';
    std::string line(16 * sequence.size(), '0');
    std::array<std::uint8_t, 8> b{};
    for (std::size_t i = 0; i < sequence.size(); ++i)
    {
        quantise_probabilities(prob8.subspan(8 * i, 8), b);
        for (std::size_t k = 0; k < 8; ++k)
        {
            line[16 * i + 2 * k] = hex_digits[b[k] >> 4];
            line[16 * i + 2 * k + 1] = hex_digits[b[k] & 15];
        }
    }
    out << line << '\n';
}

bool is_soft_labels_file(std::string const & path)
{
    try
    {
        line_source in{path};
        std::string first;
        return in.next(first) && first.rfind(soft_labels_magic, 0) == 0;
    }
    catch (error const &)
    {
        return false;
    }
}

void read_soft_labels(std::string const & path, std::function<void(soft_record &&)> const & each)
{
    line_source in{path};
    std::string line;
    if (!in.next(line) || line.rfind(soft_labels_magic, 0) != 0)
        in.fail("not a soft-label file (the first line must start with '" + std::string{soft_labels_magic} + "')");
    soft_record r;
    while (in.next(line))
    {
        if (line.empty() || line[0] == '#')
            continue;
        if (line[0] != '>')
            in.fail("expected a '>' header line");
        auto const end = line.find_first_of(" \t");
        r.id = line.substr(1, end == std::string::npos ? std::string::npos : end - 1);
        if (r.id.empty())
            in.fail("empty record ID");
        if (!in.next(r.sequence))
            in.fail("record '" + r.id + "': file ends early (truncated?): expected its sequence");
        check_sequence(r.sequence, r.id, in);
        if (!in.next(line))
            in.fail("record '" + r.id + "': file ends early (truncated?): expected its label line");
        decode_labels(line, r, in);
        each(std::move(r));
        r = {};
    }
}

} // namespace ssrnn::io
