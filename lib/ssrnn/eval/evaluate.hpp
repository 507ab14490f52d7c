#pragma once
//! \file Scoring a model on a labelled data set.
#include <ssrnn/eval/metrics.hpp>
#include <ssrnn/io/labelled.hpp>
#include <ssrnn/nn/network.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace ssrnn::eval
{

//! Predicts every record of `data` with `net` and scores residues that carry a label.
[[nodiscard]] metrics evaluate(nn::network<float> const & net, io::labelled_set const & data, int threads);

//! Options of evaluate-structure.
struct evaluate_config
{
    std::string model;              //!< model file; empty = bundled default
    std::string data;               //!< 3-line labelled file
    std::vector<std::string> masks; //!< mask files; residues count where every mask is 1
    std::string format = "text";    //!< text or json
    int threads = 1;                //!< OpenMP threads
};

//! Runs evaluate-structure: loads, scores and writes the report to `out`.
metrics run_evaluate(evaluate_config const & cfg, std::ostream & out);

} // namespace ssrnn::eval
