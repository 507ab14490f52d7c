#include <ssrnn/error.hpp>
#include <ssrnn/io/whole_file.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ssrnn::io
{

std::string read_whole_file(std::string const & path, std::string const & kind)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw io_error(path + ": cannot open " + kind + ": " + std::strerror(errno));
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad())
        throw io_error(path + ": read error");
    return std::move(bytes).str();
}

} // namespace ssrnn::io
