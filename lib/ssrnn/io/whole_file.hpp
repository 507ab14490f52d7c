#pragma once
//! \file A whole file read into memory (labelled data, model containers).
#include <string>

namespace ssrnn::io
{

//! The bytes of the file at `path`. Throws io_error "PATH: cannot open KIND: reason" (`kind`:
//! "model file", or "for reading") or "PATH: read error".
[[nodiscard]] std::string read_whole_file(std::string const & path, std::string const & kind = "for reading");

} // namespace ssrnn::io
