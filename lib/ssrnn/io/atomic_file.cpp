#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace ssrnn::io
{
namespace
{
//! Paths that name a descriptor the process already has: written in place, never replaced.
bool names_open_descriptor(std::string const & p)
{
    return p == "/dev/stdout" || p == "/dev/stderr" || p.rfind("/dev/fd/", 0) == 0 || p.rfind("/proc/self/fd/", 0) == 0;
}

//! Where an atomic replace of `path` must happen: a symlink's final target, even a dangling
//! one (so the link stays a link), else the path itself.
std::string replace_target(std::string const & path)
{
    namespace fs = std::filesystem;
    fs::path p{path};
    std::error_code ec;
    for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(p, ec)); ++hops)
    {
        auto const next = fs::read_symlink(p, ec);
        if (ec)
            break;
        p = next.is_absolute() ? next : p.parent_path() / next;
    }
    return p.string();
}

std::string why(char const * what)
{
    return errno ? std::string{what} + ": " + std::strerror(errno) : std::string{what};
}
} // namespace

atomic_output::atomic_output(std::string path) : path_{std::move(path)}
{
    if (path_ == "-")
    {
        out_ = &std::cout;
        return;
    }
    struct stat st
    {
    };
    bool const exists = ::stat(path_.c_str(), &st) == 0; // follows symlinks
    if (exists && S_ISDIR(st.st_mode))
        throw io_error(path_ + ": is a directory");
    if (names_open_descriptor(path_) || (exists && !S_ISREG(st.st_mode)))
    {
        // A device, FIFO, socket or an open descriptor: write into it as it is.
        errno = 0;
        file_ = std::make_unique<std::ofstream>(path_, std::ios::binary);
        if (!*file_)
            throw io_error(path_ + ": " + why("cannot open for writing"));
        out_ = file_.get();
        return;
    }
    // A regular file or a new path: write a temporary file beside it, rename on commit.
    target_ = replace_target(path_);
    tmp_ = target_ + ".tmp." + std::to_string(::getpid());
    errno = 0;
    file_ = std::make_unique<std::ofstream>(tmp_, std::ios::binary | std::ios::trunc);
    if (!*file_)
        throw io_error(path_ + ": " + why("cannot open for writing"));
    out_ = file_.get();
}

atomic_output::~atomic_output()
{
    if (file_ && !committed_ && !tmp_.empty())
    {
        file_->close();
        std::remove(tmp_.c_str());
    }
}

void atomic_output::check() const
{
    if (!*out_) // errno still holds the failed write's reason (ENOSPC, EPIPE, EIO, ...)
        throw io_error((path_ == "-" ? std::string{"<stdout>"} : path_) + ": " + why("write error"));
}

void atomic_output::commit()
{
    check();
    errno = 0;
    out_->flush();
    check();
    if (!file_)
        return;
    errno = 0;
    file_->close();
    if (file_->fail())
        throw io_error(path_ + ": " + why("write error"));
    if (!tmp_.empty() && std::rename(tmp_.c_str(), target_.c_str()) != 0)
        throw io_error(path_ + ": " + why("cannot rename the temporary file into place"));
    committed_ = true;
}

} // namespace ssrnn::io
