#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace ssrnn::io
{

atomic_output::atomic_output(std::string path) : path_{std::move(path)}
{
    if (path_ == "-")
    {
        out_ = &std::cout;
        return;
    }
    if (std::filesystem::is_directory(path_))
        throw io_error(path_ + ": is a directory");
    tmp_ = path_ + ".tmp." + std::to_string(::getpid());
    file_ = std::make_unique<std::ofstream>(tmp_, std::ios::binary | std::ios::trunc);
    if (!*file_)
        throw io_error(path_ + ": cannot open for writing: " + std::strerror(errno));
    out_ = file_.get();
}

atomic_output::~atomic_output()
{
    if (file_ && !committed_)
    {
        file_->close();
        std::remove(tmp_.c_str());
    }
}

void atomic_output::commit()
{
    out_->flush();
    if (!*out_)
        throw io_error((path_ == "-" ? std::string{"<stdout>"} : path_) + ": write error");
    if (!file_)
        return;
    file_->close();
    if (file_->fail())
        throw io_error(path_ + ": write error");
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
        throw io_error(path_ + ": cannot rename temporary file into place: " + std::strerror(errno));
    committed_ = true;
}

} // namespace ssrnn::io
