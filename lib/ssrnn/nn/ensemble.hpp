#pragma once
//! \file Ensembles: several networks whose probabilities are averaged, stored in one file of kind
//! "ensemble", and checkpoint averaging (one network with the members' mean weights).
#include <ssrnn/nn/model.hpp>

#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::base
{
template <typename Config>
struct option;
} // namespace ssrnn::base

namespace ssrnn::nn
{

//! An ensemble: member networks whose probabilities are averaged (a plain model file is an
//! ensemble of one). Members may differ in architecture.
struct ensemble
{
    std::vector<model> members;       //!< in file order
    std::vector<std::string> sources; //!< file each member came from
    //! The ensemble file's threshold for the binary disorder call of the averaged P(disordered)
    //! (header `disorder.threshold`), if the first file read was an ensemble with disorder heads.
    std::optional<float> disorder_threshold;
};

//! Saves several networks in one file of kind "ensemble": header `members` (architecture and
//! provenance of each, and its disorder head's object), tensors prefixed `m<k>.` (atomic). When every
//! member has a disorder head the file is format version 2 with a top-level `disorder` object
//! holding `threshold` (default: the mean of the members'). Throws io_error.
void save_ensemble(std::string const & path, std::vector<model> const & members,
                   std::optional<float> disorder_threshold = std::nullopt);
//! Loads every member of each file (model or ensemble files) in order. Throws model_format_error.
[[nodiscard]] ensemble load_ensemble(std::vector<std::string> const & paths);
//! Appends the members of a decoded container (kind "model" or "ensemble") to `e`; `source`
//! names them (and starts every error). Throws model_format_error.
void add_members(ensemble & e, container c, std::string const & source);

//! Checkpoint averaging: one network whose every weight is the mean of the members' weights
//! (members must share one architecture, e.g. several epochs of one training run; `sources`
//! name them in errors). The provenance lists each member's. Throws model_format_error.
[[nodiscard]] model average_weights(ensemble const & e);

//! Options of combine-models.
struct combine_config
{
    std::vector<std::string> inputs; //!< model or ensemble files, in member order
    std::string out;                 //!< the file to write (atomically)
    bool average = false;            //!< one model whose weights are the inputs' mean, not an ensemble
    int member = 0;                  //!< > 0: write only this member (1-based, over every input's members)
};

//! Every option of combine-models, bound to its field (base/option_table.hpp).
[[nodiscard]] std::span<base::option<combine_config> const> combine_option_table();

//! Runs combine-models: writes the ensemble (or the averaged model) and says so on `log`. Throws
//! config_error (no output, no input), model_format_error, io_error.
void combine_models(combine_config const & cfg, std::ostream & log);

} // namespace ssrnn::nn
