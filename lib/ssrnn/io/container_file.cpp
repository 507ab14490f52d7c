#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/io/container_file.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ssrnn::io
{

void write_container(std::string const & path, nlohmann::json header, std::span<nn::tensor_out const> tensors)
{
    atomic_output out{path};
    nn::encode_container(out.stream(), std::move(header), tensors);
    out.commit();
}

nn::container read_container(std::string const & path)
{
    if (std::filesystem::is_directory(path))
        throw io_error(path + ": is a directory, not a model file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw io_error(path + ": cannot open model file: " + std::strerror(errno));
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad())
        throw io_error(path + ": cannot read model file: " + std::strerror(errno));
    return nn::decode_container(bytes.view(), path);
}

} // namespace ssrnn::io
