#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/io/container_file.hpp>
#include <ssrnn/io/whole_file.hpp>

#include <filesystem>

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
    return nn::decode_container(read_whole_file(path, "model file"), path);
}

} // namespace ssrnn::io
