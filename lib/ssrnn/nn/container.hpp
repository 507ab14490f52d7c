#pragma once
//! \file The ssrnn file container (`.ssrnn` models, ensembles and checkpoints): magic, version,
//! JSON header, aligned float32 tensors, checksum.
//!
//! Layout (all integers little-endian):
//! | offset | size | content |
//! |---|---|---|
//! | 0  | 8 | magic `SSRNNMDL` |
//! | 8  | 4 | format version (uint32, currently 1) |
//! | 12 | 4 | reserved, 0 |
//! | 16 | 8 | JSON header length in bytes (uint64) |
//! | 24 | n | JSON header (UTF-8) |
//! | .. | .. | zero padding to a multiple of 64 bytes |
//! | D  | .. | tensor data: float32 little-endian, column-major, at the offsets in the header |
//!
//! The header holds `kind` ("model" or "checkpoint"), `architecture`, `labels`, `tensors`
//! (name, dtype "f32", shape [rows, cols], byte offset from D), `data_bytes`, `data_fnv1a64`
//! (FNV-1a 64 of the data, hex) and `provenance` (tool version, command, seed, data checksum,
//! validation scores). Loading rejects a wrong magic, a newer version, a truncated or padded
//! file, a checksum mismatch, unknown or missing tensors and wrong shapes. See docs/model-format.md.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ssrnn::nn
{

//! Newest model file format version: 2 = a file with a disorder head (a top-level `disorder`
//! object and `disorder.*` tensors, nn/disorder_head.hpp), 1 = every other file (also written so
//! today, so a file without the head stays readable by older ssrnn releases).
inline constexpr std::uint32_t model_format_version = 2;

//! The version a file with this header is written as: 2 if it has a `disorder` object, else 1.
[[nodiscard]] inline std::uint32_t format_version_of(nlohmann::json const & header)
{
    return header.is_object() && header.contains("disorder") ? 2U : 1U;
}

//! A named float tensor to write.
struct tensor_out
{
    std::string name;            //!< tensor name
    int rows = 0;                //!< first dimension
    int cols = 0;                //!< second dimension
    std::span<float const> data; //!< rows*cols values, column-major
};

//! The raw contents of a model or checkpoint file.
struct container
{
    nlohmann::json header;                          //!< the whole JSON header
    std::map<std::string, std::vector<float>> data; //!< tensor values by name

    //! The shape [rows, cols] the header gives tensor `name` (read_container checked it).
    [[nodiscard]] std::vector<int> shape(std::string const & name) const;
};

//! Encodes a container onto `out` (the format only: files, paths and atomic replacement are
//! io/container_file.hpp's). `header` gets `tensors`, `data_bytes` and `data_fnv1a64` added.
//! Stream errors are the caller's to check.
void encode_container(std::ostream & out, nlohmann::json header, std::span<tensor_out const> tensors);

//! Decodes and checks the bytes of a container; `source` (a path, or a name) starts every error
//! message. Throws model_format_error.
[[nodiscard]] container decode_container(std::string_view bytes, std::string const & source);

} // namespace ssrnn::nn
