// The only translation unit that includes SeqAn3 (it is template-heavy; we build on 2 cores).
#include <ssrnn/error.hpp>
#include <ssrnn/io/fasta.hpp>
#include <ssrnn/io/input_buffers.hpp>

#include <seqan3/alphabet/aminoacid/aa27.hpp>
#include <seqan3/contrib/stream/bz2_istream.hpp>
#include <seqan3/io/sequence_file/input.hpp>

#include <array>
#include <optional>
#include <streambuf>

namespace ssrnn::io
{
namespace
{

//! Position of a problem, for messages.
struct fasta_problem
{
    std::string message;
    std::size_t record = 0; //!< 1-based record number the problem belongs to
};

/*!\brief A streambuf between the (decompressed) input and SeqAn3 that enforces what SeqAn3 does not.
 *
 * SeqAn3 3.2 silently drops digits inside sequences, treats ';' as a record start and accepts empty
 * records. This filter passes text through unchanged until it sees such a problem; then it records
 * the problem and reports end-of-input, so SeqAn3 stops and the reader raises the recorded error.
 * A trailing '*' of a record is removed here so SeqAn3 never sees it.
 */
class validating_buf : public std::streambuf
{
public:
    validating_buf(std::streambuf * src, std::string name) : src_{src}, name_{std::move(name)} {}

    [[nodiscard]] std::optional<fasta_problem> const & problem() const noexcept { return problem_; }

protected:
    int_type underflow() override
    {
        if (gptr() < egptr())
            return traits_type::to_int_type(*gptr());
        if (problem_ || done_)
            return traits_type::eof();
        std::streamsize const n = src_->sgetn(in_.data(), static_cast<std::streamsize>(in_.size()));
        std::size_t out_n = 0;
        for (std::streamsize k = 0; k < n && !problem_; ++k)
        {
            if (scan(in_[static_cast<std::size_t>(k)]))
                out_[out_n++] = in_[static_cast<std::size_t>(k)];
        }
        if (n <= 0 && !problem_)
        {
            done_ = true;
            finish();
        }
        if (out_n == 0) // keep the old get area at the end, so that peeked bytes can be put back
            return problem_ || done_ ? traits_type::eof() : underflow();
        setg(out_.data(), out_.data(), out_.data() + out_n);
        return traits_type::to_int_type(*gptr());
    }

private:
    void fail(std::string what)
    {
        std::string where = name_;
        if (record_ > 0)
            where += ": record " + std::to_string(record_) + " ('" + id_ + "')";
        where += ", line " + std::to_string(line_) + ", column " + std::to_string(column_);
        problem_ = fasta_problem{where + ": " + what, record_ == 0 ? 1 : record_};
    }

    static std::string printable(char c)
    {
        auto const u = static_cast<unsigned char>(c);
        if (u >= 0x21 && u < 0x7f)
            return std::string{"'"} + c + "'";
        char buf[16];
        std::snprintf(buf, sizeof buf, "byte 0x%02X", u);
        return buf;
    }

    void end_record()
    {
        if (record_ > 0 && residues_ == 0 && !problem_)
        {
            --line_; // point at the header line
            column_ = 1;
            fail("empty record (a header with no sequence)");
        }
    }

    void finish()
    {
        if (in_header_ && !problem_)
            fail("unexpected end of input inside the header");
        else
            end_record();
    }

    //! Consumes one character; returns whether it is passed on to SeqAn3.
    bool scan(char c)
    {
        bool const line_start = column_ == 0;
        ++column_;
        if (c == '\n')
        {
            if (in_header_ && id_.empty())
            {
                fail("empty record ID");
                return false;
            }
            in_header_ = false;
            ++line_;
            column_ = 0;
            return true;
        }
        if (in_header_)
        {
            if (c == '\0')
            {
                fail("binary data in the header: is this a FASTA file?");
                return false;
            }
            if (!id_done_)
            {
                if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f')
                    id_done_ = !id_.empty();
                else if (id_.size() < 200)
                    id_ += c;
            }
            return true;
        }
        if (line_start && c == '>')
        {
            end_record();
            if (problem_)
                return false;
            ++record_;
            in_header_ = true;
            id_.clear();
            id_done_ = false;
            residues_ = 0;
            star_ = false;
            return true;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f')
            return true;
        if (record_ == 0)
        {
            fail("expected a FASTA header line starting with '>' but found " + printable(c) +
                 (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f
                      ? " (is this a FASTA file?)"
                      : ""));
            return false;
        }
        if (star_)
        {
            fail("residue " + std::to_string(residues_ + 1) + ": " + printable(c) +
                 " after the terminal '*' (only a single trailing '*' is allowed)");
            return false;
        }
        if (c == '*')
        {
            star_ = true;
            return false;
        }
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
        {
            ++residues_;
            return true;
        }
        fail("residue " + std::to_string(residues_ + 1) + ": invalid character " + printable(c) +
             " (expected an amino-acid letter)");
        return false;
    }

    std::streambuf * src_;
    std::string name_;
    std::array<char, 1 << 16> in_{};
    std::array<char, 1 << 16> out_{};
    std::optional<fasta_problem> problem_;
    bool done_ = false;
    bool in_header_ = false;
    bool id_done_ = false;
    bool star_ = false;
    std::size_t record_ = 0;
    std::size_t residues_ = 0;
    std::size_t line_ = 1;
    std::size_t column_ = 0;
    std::string id_;
};

struct fasta_traits : seqan3::sequence_file_input_default_traits_aa
{
    using sequence_alphabet = seqan3::aa27;
    template <typename alph>
    using sequence_container = std::vector<alph>;
};

using seqan_file = seqan3::sequence_file_input<fasta_traits, seqan3::fields<seqan3::field::seq, seqan3::field::id>,
                                               seqan3::type_list<seqan3::format_fasta>>;

} // namespace

struct fasta_reader::impl
{
    std::string name;
    std::unique_ptr<fd_buf> raw;
    std::unique_ptr<gz_buf> gz;
    std::unique_ptr<std::istream> raw_stream;
    std::unique_ptr<std::istream> bz2;
    std::unique_ptr<validating_buf> filter;
    std::unique_ptr<std::istream> filtered;
    std::unique_ptr<seqan_file> seqan;
    std::optional<seqan_file::iterator> it;
    std::size_t returned = 0;

    [[noreturn]] void rethrow_problem_or(std::string const & fallback)
    {
        if (filter && filter->problem())
            throw input_error(filter->problem()->message);
        throw input_error(name + ": record " + std::to_string(returned + 1) + ": " + fallback);
    }
};

fasta_reader::fasta_reader(std::string const & path) : impl_{std::make_unique<impl>()}
{
    impl_->name = path == "-" ? "<stdin>" : path;
    impl_->raw = std::make_unique<fd_buf>(path);
    std::streambuf * source = impl_->raw.get();
    if (starts_with_gzip(*source))
    {
        impl_->gz = std::make_unique<gz_buf>(source, impl_->name);
        source = impl_->gz.get();
    }
    else if (source->sgetc() == 'B')
    {
        // bzip2 magic "BZh": SeqAn3's decompressor (a FASTA file cannot start with 'B').
        impl_->raw_stream = std::make_unique<std::istream>(source);
        impl_->bz2 = std::make_unique<seqan3::contrib::basic_bz2_istream<char>>(*impl_->raw_stream);
        source = impl_->bz2->rdbuf();
    }
    impl_->filter = std::make_unique<validating_buf>(source, impl_->name);
    impl_->filtered = std::make_unique<std::istream>(impl_->filter.get());
}

fasta_reader::~fasta_reader() = default;

std::string const & fasta_reader::name() const noexcept
{
    return impl_->name;
}

bool fasta_reader::next(fasta_record & rec)
{
    auto & s = *impl_;
    try
    {
        if (!s.seqan)
        {
            // An input that is empty or only blank is a valid FASTA file with no records.
            // (A streambuf call, not istream::peek, so that read errors propagate as exceptions.)
            if (s.filter->sgetc() == std::char_traits<char>::eof())
            {
                if (s.filter->problem())
                    throw input_error(s.filter->problem()->message);
                return false;
            }
            s.seqan = std::make_unique<seqan_file>(*s.filtered, seqan3::format_fasta{});
            s.it = s.seqan->begin();
        }
        else
        {
            ++*s.it;
        }
        if (*s.it == s.seqan->end())
        {
            if (s.filter->problem())
                throw input_error(s.filter->problem()->message);
            return false;
        }
        if (s.filter->problem() && s.filter->problem()->record <= s.returned + 1)
            throw input_error(s.filter->problem()->message);
        auto & r = **s.it;
        std::string const & header = r.id();
        auto const blank = header.find_first_of(" \t\r\v\f");
        rec.id = header.substr(0, blank);
        rec.description.clear();
        if (blank != std::string::npos)
        {
            auto const start = header.find_first_not_of(" \t\r\v\f", blank);
            if (start != std::string::npos)
                rec.description = header.substr(start);
            while (!rec.description.empty() && (rec.description.back() == '\r' || rec.description.back() == ' '))
                rec.description.pop_back();
        }
        rec.sequence.resize(r.sequence().size());
        for (std::size_t i = 0; i < rec.sequence.size(); ++i)
            rec.sequence[i] = seqan3::to_char(r.sequence()[i]);
        ++s.returned;
        return true;
    }
    catch (ssrnn::error const &)
    {
        throw;
    }
    catch (std::exception const & e)
    {
        s.rethrow_problem_or(e.what());
    }
}

std::vector<fasta_record> read_fasta(std::string const & path)
{
    fasta_reader reader{path};
    std::vector<fasta_record> out;
    fasta_record rec;
    while (reader.next(rec))
        out.push_back(rec);
    return out;
}

} // namespace ssrnn::io
