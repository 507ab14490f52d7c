#include <ssrnn/error.hpp>
#include <ssrnn/io/input_buffers.hpp>
#include <ssrnn/io/whole_file.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace ssrnn::io
{

std::string read_whole_file(std::string const & path, std::string const & kind)
{
    if (path == "-")
    {
        std::ostringstream bytes;
        bytes << std::cin.rdbuf();
        if (std::cin.bad())
            throw io_error("standard input: read error");
        return std::move(bytes).str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw io_error(path + ": cannot open " + kind + ": " + std::strerror(errno));
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad())
        throw io_error(path + ": read error");
    return std::move(bytes).str();
}

std::string gunzip_if_compressed(std::string const & path, std::string bytes)
{
    if (!bytes.starts_with("\x1f\x8b"))
        return bytes;
    std::stringbuf raw{std::move(bytes)};
    gz_buf gz{&raw, path};
    std::string out;
    std::array<char, 1 << 16> buf{};
    for (std::streamsize n; (n = gz.sgetn(buf.data(), static_cast<std::streamsize>(buf.size()))) > 0;)
        out.append(buf.data(), static_cast<std::size_t>(n));
    return out;
}

} // namespace ssrnn::io
