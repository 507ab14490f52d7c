#pragma once
//! \file Batched inference and the `predict-structure` pipeline.
#include <ssrnn/nn/model_file.hpp>
#include <ssrnn/nn/network.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace ssrnn::predict
{

//! Runs `net` over `seqs` (residue indices). Sequences are grouped by length into fixed groups
//! (at most `group_size` sequences and `group_residues` residues) that do not depend on
//! `threads`, so the output is bit-identical for any thread count. Returns per sequence its
//! probabilities, length x 8, row-major.
[[nodiscard]] std::vector<std::vector<float>> predict_probabilities(nn::network<float> const & net,
                                                                    std::vector<std::vector<std::uint8_t>> const & seqs,
                                                                    int threads, int group_size = 32,
                                                                    int group_residues = 16384, bool bf16 = false);

//! The same for an ensemble: the members' probabilities averaged in member order.
[[nodiscard]] std::vector<std::vector<float>> predict_probabilities(nn::ensemble const & models,
                                                                    std::vector<std::vector<std::uint8_t>> const & seqs,
                                                                    int threads, bool bf16 = false);

//! `given`, or the bundled default model when it is empty.
[[nodiscard]] std::vector<std::string> model_paths(std::vector<std::string> const & given);

//! Options of predict-structure.
struct predict_config
{
    std::vector<std::string> models;       //!< model or ensemble files, averaged; empty = bundled default
    std::string format = "ss8";            //!< ss8, ss3, ss2, horiz, tsv or json
    int threads = 1;                       //!< OpenMP threads
    std::string output = "-";              //!< output file or "-" for stdout (written atomically)
    std::vector<std::string> inputs;       //!< FASTA files ("-" = stdin)
    std::size_t chunk_residues = 1U << 20; //!< residues read before predicting a chunk
    bool bf16 = false;                     //!< reduced-precision products (AVX-512 BF16 CPUs)
};

//! Checks a predict_config; throws config_error.
void validate(predict_config const & cfg);

//! What a prediction run did.
struct predict_summary
{
    std::size_t records = 0;  //!< records predicted
    std::size_t residues = 0; //!< residues predicted
    std::string model;        //!< model file(s) used
};

//! Reads every input in order, predicts, and writes the chosen format. Logs go to `log`.
predict_summary run_predict(predict_config const & cfg, std::ostream & log);

} // namespace ssrnn::predict
