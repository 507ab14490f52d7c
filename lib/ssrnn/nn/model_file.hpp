#pragma once
//! \file The ssrnn model file (`.ssrnn`).
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
#include <ssrnn/nn/network.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::nn
{

//! Current model file format version.
inline constexpr std::uint32_t model_format_version = 1;

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
};

//! Writes a container atomically (temporary file + rename). `header` gets `tensors`,
//! `data_bytes` and `data_fnv1a64` added. Throws io_error.
void write_container(std::string const & path, nlohmann::json header, std::span<tensor_out const> tensors);

//! Reads and checks a container. Throws model_format_error (or io_error if it cannot be read).
[[nodiscard]] container read_container(std::string const & path);

//! A loaded model: the network and its header (provenance etc.).
struct model
{
    network<float> net;    //!< parameters
    nlohmann::json header; //!< the file's JSON header
};

//! JSON form of an architecture.
[[nodiscard]] nlohmann::json to_json(architecture const & a);
//! Architecture from JSON; throws model_format_error.
[[nodiscard]] architecture architecture_from_json(nlohmann::json const & j);

//! Saves `net` as a model file with the given provenance object (atomic).
void save_model(std::string const & path, network<float> const & net, nlohmann::json const & provenance);
//! Loads and validates a model file.
[[nodiscard]] model load_model(std::string const & path);

//! An ensemble: member networks whose probabilities are averaged (a plain model file is an
//! ensemble of one). Members may differ in architecture.
struct ensemble
{
    std::vector<model> members;       //!< in file order
    std::vector<std::string> sources; //!< file each member came from
};

//! Saves several networks in one file of kind "ensemble": header `members` (architecture and
//! provenance of each), tensors prefixed `m<k>.` (atomic). Throws io_error.
void save_ensemble(std::string const & path, std::vector<model> const & members);
//! Loads every member of each file (model or ensemble files) in order. Throws model_format_error.
[[nodiscard]] ensemble load_ensemble(std::vector<std::string> const & paths);

//! Checkpoint averaging: one network whose every weight is the mean of the members' weights
//! (members must share one architecture, e.g. several epochs of one training run; `sources`
//! name them in errors). The provenance lists each member's. Throws model_format_error.
[[nodiscard]] model average_weights(ensemble const & e);

//! Tensors of `net` for write_container (names from its tensor table, optional name prefix).
[[nodiscard]] std::vector<tensor_out> network_tensors(network<float> const & net, std::string const & prefix = "");

//! Path of the bundled default model: $SSRNN_MODEL if set, else `models/default.ssrnn` beside
//! the build tree's `bin/`, the source tree, or the install prefix. Throws model_format_error
//! naming the places it looked if none exists.
[[nodiscard]] std::string default_model_path();

} // namespace ssrnn::nn
