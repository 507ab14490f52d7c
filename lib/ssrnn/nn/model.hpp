#pragma once
//! \file A trained model: a network and its file header (architecture, labels, provenance),
//! saved to and loaded from the `.ssrnn` container (docs/model-format.md).
#include <ssrnn/nn/container.hpp>
#include <ssrnn/nn/disorder_head.hpp>
#include <ssrnn/nn/network.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ssrnn::nn
{

//! A loaded model: the network and its header (provenance etc.).
struct model
{
    network<float> net;                    //!< parameters
    nlohmann::json header;                 //!< the file's JSON header
    std::optional<disorder_head> disorder; //!< P(disordered) from the top layer, if the file has it
};

//! Tensors of `net` for write_container (names from its tensor table, optional name prefix).
[[nodiscard]] std::vector<tensor_out> network_tensors(network<float> const & net, std::string const & prefix = "");

//! Checks that `c` holds every tensor of `table` (names prefixed with `prefix`) with its shape.
//! Call it before allocating a network of that size: a header then cannot make a loader allocate
//! more than the file's own data. Throws model_format_error naming `path`.
void check_network_tensors(container const & c, std::vector<tensor_spec> const & table, std::string const & prefix,
                           std::string const & path);

//! Moves the tensors `prefix` + name of `c` into `net` (removing them from `c`). Precondition:
//! check_network_tensors(c, net.tensors(), prefix, path) passed.
void take_network_tensors(container & c, network<float> & net, std::string const & prefix);

//! The fields every `.ssrnn` header starts with: format, `kind` (model, ensemble or
//! checkpoint), the 8- and 3-state label sets and the tensor order.
[[nodiscard]] nlohmann::json file_header(std::string const & kind);

//! Saves `net` as a model file with the given provenance object (atomic); with `head`, a format
//! version 2 file that carries it.
void save_model(std::string const & path, network<float> const & net, nlohmann::json const & provenance,
                disorder_head const * head = nullptr);
//! Loads and validates a model file. Throws model_format_error (io_error if unreadable).
[[nodiscard]] model load_model(std::string const & path);
//! The model in a decoded container (kind "model"); `source` names it in errors. Throws
//! model_format_error.
[[nodiscard]] model model_from_container(container c, std::string const & source);

//! Builds the member described by `arch_json` from the tensors `prefix` + name of `c` (removing
//! them); `header` becomes the member's header. Throws model_format_error naming `path`.
[[nodiscard]] model model_from(container & c, nlohmann::json const & arch_json, nlohmann::json const & header,
                               std::string const & prefix, std::string const & path);

} // namespace ssrnn::nn
