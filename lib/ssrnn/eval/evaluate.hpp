#pragma once
//! \file Scoring a model on a labelled data set.
#include <ssrnn/eval/disorder.hpp>
#include <ssrnn/eval/metrics.hpp>
#include <ssrnn/eval/scorer.hpp>
#include <ssrnn/io/labelled.hpp>
#include <ssrnn/io/predictions.hpp>
#include <ssrnn/nn/ensemble.hpp>
#include <ssrnn/nn/network.hpp>
#include <ssrnn/predict/predictor.hpp>

#include <array>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::eval
{

//! Predicts every record of `data` with `net` and scores residues that carry a label.
//! `profiles`: per record its profile features (profile models; see train::profile_features).
[[nodiscard]] metrics evaluate(nn::network<float> const & net, io::labelled_set const & data, int threads,
                               std::span<std::vector<float> const> profiles = {});

//! Predicts every record of `data` with `net` and scores it fully (SOV, calibration, ...).
[[nodiscard]] scorer score_model(nn::ensemble const & models, io::labelled_set const & data, int threads,
                                 bool bf16 = false, std::span<std::vector<float> const> profiles = {});

//! Scores predictions read from a file against `data`: records are matched by ID (or by order
//! for ss2/horiz, which carry no IDs) and must have the same sequence. Throws input_error.
//! With `disorder`: the matched records' P(disordered) in `data`'s order (empty unless every
//! record has a p_disorder column).
[[nodiscard]] scorer score_predictions(io::prediction_set const & preds, io::labelled_set const & data,
                                       std::string const & preds_name, std::string const & data_name,
                                       std::vector<std::vector<float>> * disorder = nullptr);

//! Profile-depth bins of evaluate-structure --by-depth: sequences in the alignment, query included.
inline constexpr std::array<std::pair<double, char const *>, 5> depth_bins = {
    {{1, "1"}, {5, "2-5"}, {20, "6-20"}, {100, "21-100"}, {1e300, ">100"}}};

//! Options of evaluate-structure.
struct evaluate_config
{
    std::vector<std::string> models; //!< model or ensemble files (averaged); empty = bundled default
    std::string predictions;         //!< score this predictions file instead of running a model
    std::optional<io::output_format> predictions_format;        //!< format of `predictions`; empty: detect it
    std::string plot;                                           //!< reliability diagram (SVG) to write, if not empty
    predict::precision precision = predict::precision::float32; //!< arithmetic of the model's predictions
    std::string data;                                           //!< labelled data (any format io::read_labelled reads)
    std::vector<std::string> structures;                        //!< or structure files, directories, @lists
    io::labelled_options read;                                  //!< format and structure options for both
    std::vector<std::string> masks;                             //!< mask files; residues count where every mask is 1
    std::vector<std::string> profiles;                          //!< profiles of the records (profile models)
    bool by_depth = false;                    //!< also score per profile-depth bin (needs `profiles` with depths)
    std::string no_homolog_model = "default"; //!< profile models: predicts records without homologs
    std::string format = "text";              //!< text, json, svg or html (pictures: prediction against structure)
    io::chart_options chart;                  //!< svg/html: rows, 8 states, probability curves
    int threads = 1;                          //!< OpenMP threads
    bool disorder = false;           //!< require the disorder report (else: given when the model or file has it)
    double disorder_threshold = 0.0; //!< binary disorder call at p >= this; 0 = the model's (a predictions file: 0.5)
    std::string disorder_plot;       //!< disorder calibration diagram (SVG) to write, if not empty
};

//! Every option of evaluate-structure, bound to its field (base/option_table.hpp).
[[nodiscard]] std::span<base::option<evaluate_config> const> option_table();

//! Runs evaluate-structure: loads, scores and writes the report to `out`; notes (a profile option
//! a model ignores) go to `log`.
scorer run_evaluate(evaluate_config const & cfg, std::ostream & out, std::ostream & log);

} // namespace ssrnn::eval
