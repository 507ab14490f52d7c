#include <ssrnn/error.hpp>
#include <ssrnn/io/input_buffers.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace ssrnn::io
{

fd_buf::fd_buf(std::string const & path) : name_{path == "-" ? "<stdin>" : path}
{
    if (path == "-")
    {
        fd_ = 0;
        return;
    }
    fd_ = ::open(path.c_str(), O_RDONLY);
    if (fd_ < 0)
        throw io_error(path + ": cannot open for reading: " + std::strerror(errno));
    own_ = true;
    struct stat st
    {
    };
    if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode))
    {
        ::close(fd_);
        throw io_error(path + ": is a directory, not a file");
    }
}

fd_buf::~fd_buf()
{
    if (own_)
        ::close(fd_);
}

fd_buf::int_type fd_buf::underflow()
{
    if (gptr() < egptr())
        return traits_type::to_int_type(*gptr());
    // Keep the last bytes so that callers can put back what they peeked at.
    std::size_t const keep = gptr() ? std::min<std::size_t>(static_cast<std::size_t>(gptr() - eback()), putback) : 0;
    if (keep)
        std::memmove(buf_.data() + putback - keep, gptr() - keep, keep);
    ssize_t n = 0;
    do
        n = ::read(fd_, buf_.data() + putback, buf_.size() - putback);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        throw io_error(name_ + ": read error: " + std::strerror(errno));
    if (n == 0)
        return traits_type::eof(); // leave the get area (and its put-back bytes) as it is
    setg(buf_.data() + putback - keep, buf_.data() + putback, buf_.data() + putback + n);
    return traits_type::to_int_type(*gptr());
}

struct gz_buf::state
{
    std::streambuf * src = nullptr;
    std::string name;
    z_stream zs{};
    bool in_member = false;
    bool end = false;
    std::array<char, 1 << 16> in{};
    std::array<char, 1 << 17> out{};
};

gz_buf::gz_buf(std::streambuf * src, std::string name) : s_{std::make_unique<state>()}
{
    s_->src = src;
    s_->name = std::move(name);
    if (inflateInit2(&s_->zs, 15 + 16) != Z_OK)
        throw io_error(s_->name + ": cannot initialise gzip decompression");
}

gz_buf::~gz_buf()
{
    inflateEnd(&s_->zs);
}

gz_buf::int_type gz_buf::underflow()
{
    if (gptr() < egptr())
        return traits_type::to_int_type(*gptr());
    auto & s = *s_;
    if (s.end)
        return traits_type::eof();
    auto const cap = static_cast<uInt>(s.out.size());
    s.zs.next_out = reinterpret_cast<Bytef *>(s.out.data());
    s.zs.avail_out = cap;
    while (s.zs.avail_out == cap)
    {
        if (s.zs.avail_in == 0)
        {
            auto const n = s.src->sgetn(s.in.data(), static_cast<std::streamsize>(s.in.size()));
            if (n <= 0)
            {
                if (s.in_member)
                    throw input_error(s.name + ": truncated gzip data (the compressed stream ends early)");
                s.end = true;
                break;
            }
            s.zs.next_in = reinterpret_cast<Bytef *>(s.in.data());
            s.zs.avail_in = static_cast<uInt>(n);
        }
        if (!s.in_member)
        {
            // A new member must start with the gzip magic; anything else is trailing garbage,
            // which gzip itself ignores with a warning.
            if (s.zs.avail_in >= 1 && s.zs.next_in[0] != 0x1f)
            {
                s.end = true;
                break;
            }
            s.in_member = true;
        }
        int const r = inflate(&s.zs, Z_NO_FLUSH);
        if (r == Z_STREAM_END)
        {
            s.in_member = false;
            inflateReset(&s.zs);
        }
        else if (r != Z_OK && !(r == Z_BUF_ERROR && s.zs.avail_in == 0))
            throw input_error(s.name + ": corrupt gzip data (" +
                              (s.zs.msg ? s.zs.msg : "zlib error " + std::to_string(r)) + ")");
    }
    auto const produced = static_cast<std::ptrdiff_t>(cap - s.zs.avail_out);
    if (produced == 0)
        return traits_type::eof();
    setg(s.out.data(), s.out.data(), s.out.data() + produced);
    return traits_type::to_int_type(*gptr());
}

bool starts_with_gzip(std::streambuf & b)
{
    auto const c1 = b.sgetc();
    if (c1 != 0x1f)
        return false;
    b.sbumpc();
    auto const c2 = b.sgetc();
    b.sungetc();
    return c2 == 0x8b;
}

} // namespace ssrnn::io
