#pragma once
//! \file Atomic output: write to a temporary file beside the target, rename on commit.
#include <fstream>
#include <memory>
#include <ostream>
#include <string>

namespace ssrnn::io
{

//! An output destination that is either standard output (`-`) or a file written atomically.
//! Until commit() the data lives in `<path>.tmp.<pid>`; the destructor removes it if commit()
//! was never called, so an error leaves no partial file at `path`.
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
    //! Flushes, checks for write errors and renames the temporary file into place. Throws io_error.
    void commit();

private:
    std::string path_;
    std::string tmp_;
    std::unique_ptr<std::ofstream> file_;
    std::ostream * out_ = nullptr;
    bool committed_ = false;
};

} // namespace ssrnn::io
