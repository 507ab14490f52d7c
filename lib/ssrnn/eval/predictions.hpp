#pragma once
//! \file Reading predictions back from any predict-structure output format (ss8, ss3, ss2, horiz,
//! tsv, json), so evaluate-structure can score them, or another tool's output in the same format,
//! without a model.
#include <cstdint>
#include <string>
#include <vector>

namespace ssrnn::eval
{

//! One predicted record as read from a file.
struct prediction
{
    std::string id;                 //!< record ID (empty for ss2/horiz, which carry none)
    std::string sequence;           //!< residues
    std::vector<std::int8_t> pred8; //!< 8-state indices (empty if the format has none)
    std::vector<std::int8_t> pred3; //!< 3-state indices H E C = 0 1 2
    std::vector<float> prob8;       //!< length x 8 (tsv, json), else empty
    std::vector<float> prob3;       //!< length x 3 in H E C order (ss2, tsv, json), else empty
    std::vector<std::int8_t> conf;  //!< horiz confidence digits, else empty
};

//! Predictions of a file and the format it was read as.
struct prediction_set
{
    std::string format;              //!< ss8, ss3, ss2, horiz, tsv or json
    std::vector<prediction> records; //!< in file order
    [[nodiscard]] bool has_ids() const noexcept { return format != "ss2" && format != "horiz"; }
};

//! Reads `path`. `format` "auto" detects it from the first line (a 3-line file whose labels use
//! only H, E and C is read as ss3). Throws input_error naming file, line and problem.
[[nodiscard]] prediction_set read_predictions(std::string const & path, std::string const & format = "auto");

} // namespace ssrnn::eval
