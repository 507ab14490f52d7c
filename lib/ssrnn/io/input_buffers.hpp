#pragma once
//! \file Input stream buffers under the FASTA reader: a file-descriptor buffer that keeps a
//! put-back area (so format sniffing works on pipes) and a gzip decompressor that reports
//! corrupt or truncated data instead of ending the input early.
//!
//! SeqAn3's own gzip stream (contrib/stream/gz_istream.hpp) treats a zlib error or a truncated
//! file as the end of input, so a damaged `.gz` would silently yield fewer records; that is why
//! ssrnn decompresses gzip itself.
#include <array>
#include <memory>
#include <streambuf>
#include <string>

namespace ssrnn::io
{

//! Unbuffered-file streambuf over a POSIX file descriptor with a 64-byte put-back area.
class fd_buf : public std::streambuf
{
public:
    //! Opens `path`, or reads standard input for "-". Throws io_error.
    explicit fd_buf(std::string const & path);
    ~fd_buf() override;
    fd_buf(fd_buf const &) = delete;
    fd_buf & operator=(fd_buf const &) = delete;

protected:
    int_type underflow() override;

private:
    static constexpr std::size_t putback = 64;
    int fd_ = -1;
    bool own_ = false;
    std::string name_;
    std::array<char, (1 << 16) + putback> buf_{};
};

//! Gzip (and bgzf, i.e. multi-member gzip) decompression over another streambuf.
//! Throws input_error on corrupt or truncated compressed data.
class gz_buf : public std::streambuf
{
public:
    //! Decompresses what `src` delivers; `name` is used in messages.
    gz_buf(std::streambuf * src, std::string name);
    ~gz_buf() override;
    gz_buf(gz_buf const &) = delete;
    gz_buf & operator=(gz_buf const &) = delete;

protected:
    int_type underflow() override;

private:
    struct state;
    std::unique_ptr<state> s_;
};

//! True if the next two bytes of `b` are the gzip magic (does not consume them).
[[nodiscard]] bool starts_with_gzip(std::streambuf & b);

} // namespace ssrnn::io
