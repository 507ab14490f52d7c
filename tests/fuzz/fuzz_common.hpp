#pragma once
// Shared by the libFuzzer targets: the input goes to a file (the readers take paths, as the
// tools do); ssrnn::error is the expected outcome of bad input, anything else is a finding.
#include <ssrnn/error.hpp>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace ssrnn_fuzz
{

//! A file of this process holding `size` bytes of `data` (rewritten for every input).
inline std::string write_input(std::uint8_t const * data, std::size_t size, char const * suffix)
{
    std::string const path = "/tmp/ssrnn-fuzz-" + std::to_string(::getpid()) + suffix;
    std::FILE * f = std::fopen(path.c_str(), "wb");
    if (!f)
        std::abort();
    if (size > 0 && std::fwrite(data, 1, size, f) != size)
        std::abort();
    std::fclose(f);
    return path;
}

//! Runs `body`: ssrnn errors are fine (bad input, reported), any other exception is a bug.
template <typename body_t>
void expect_clean(body_t && body)
{
    try
    {
        body();
    }
    catch (ssrnn::error const &)
    {
    }
    catch (std::bad_alloc const &)
    {
        // a size taken from the input that cannot be allocated is reported by the tools as such
    }
    catch (std::exception const & e)
    {
        std::fprintf(stderr, "unexpected exception (the tools would call this an internal error): %s\n", e.what());
        std::abort();
    }
}

} // namespace ssrnn_fuzz
