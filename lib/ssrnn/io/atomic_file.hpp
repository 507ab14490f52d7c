#pragma once
//! \file Atomic output: write to a temporary file beside the target, rename on commit.
#include <fstream>
#include <memory>
#include <ostream>
#include <string>

namespace ssrnn::io
{

//! An output destination: standard output (`-`), a file replaced atomically, or a file written
//! in place.
//! - A regular file or a new path is replaced atomically: until commit() the data lives in
//!   `<path>.tmp.<pid>` beside it; the destructor removes that if commit() was never called, so
//!   an error leaves no partial file at `path`, and concurrent writers of one path leave one
//!   complete file (the last to commit). A symlink is followed: its target is replaced and the
//!   link stays.
//! - Anything else that exists (a character device such as /dev/null or /dev/full, a FIFO, a
//!   socket) and the names of open descriptors (/dev/stdout, /dev/stderr, /dev/fd/N,
//!   /proc/self/fd/N) is written in place, never replaced.
//! Every write error (ENOSPC, EIO, EPIPE, ...) is an io_error naming the path, at the latest
//! from commit().
class atomic_output
{
public:
    //! Opens the temporary file (or binds standard output for `-`). Throws io_error.
    explicit atomic_output(std::string path);
    ~atomic_output();
    atomic_output(atomic_output const &) = delete;
    atomic_output & operator=(atomic_output const &) = delete;

    //! The stream to write to.
    std::ostream & stream() noexcept { return *out_; }
    //! Throws io_error (naming the path and the reason) if a write has failed; call it after
    //! writing a unit of output to stop at the first error.
    void check() const;
    //! Flushes, checks for write errors and renames the temporary file into place. Throws io_error.
    void commit();

private:
    std::string path_;
    std::string target_; //!< the file an atomic replace renames onto (a symlink's target)
    std::string tmp_;    //!< the temporary file; empty when writing in place
    std::unique_ptr<std::ofstream> file_;
    std::ostream * out_ = nullptr;
    bool committed_ = false;
};

} // namespace ssrnn::io
