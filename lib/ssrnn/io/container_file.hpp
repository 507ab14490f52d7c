#pragma once
//! \file Container files (`.ssrnn` models, ensembles, checkpoints) on disk: the format is
//! nn/container.hpp's, opening and atomic replacement are here.
#include <ssrnn/nn/container.hpp>

#include <nlohmann/json.hpp>

#include <span>
#include <string>

namespace ssrnn::io
{

//! Writes a container file atomically (temporary file + rename: an error leaves no partial file).
//! `header` gets `tensors`, `data_bytes` and `data_fnv1a64` added. Throws io_error.
void write_container(std::string const & path, nlohmann::json header, std::span<nn::tensor_out const> tensors);

//! Reads and checks a container file. Throws io_error (missing, a directory, unreadable) or
//! model_format_error (naming the path).
[[nodiscard]] nn::container read_container(std::string const & path);

} // namespace ssrnn::io
