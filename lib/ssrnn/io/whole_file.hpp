#pragma once
//! \file A whole file read into memory (labelled data, model containers).
#include <string>

namespace ssrnn::io
{

//! The bytes of the file at `path` (`-`: standard input). Throws io_error "PATH: cannot open KIND:
//! reason" (`kind`: "model file", or "for reading") or "PATH: read error".
[[nodiscard]] std::string read_whole_file(std::string const & path, std::string const & kind = "for reading");

//! `bytes` (read from `path`) decompressed if they are gzip (or bgzf), else unchanged. Throws
//! input_error naming `path` for corrupt or truncated compressed data.
[[nodiscard]] std::string gunzip_if_compressed(std::string const & path, std::string bytes);

} // namespace ssrnn::io
