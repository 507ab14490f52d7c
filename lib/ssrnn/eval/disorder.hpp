#pragma once
//! \file Scores of a per-residue disorder prediction against the residues a structure leaves out
//! (mask 0 in a labelled set): MCC, precision and recall at a threshold, balanced accuracy,
//! AUC-ROC, a calibration table, and the same split into terminal and internal residues; plus the
//! trivial baseline a predictor must beat (distance to the nearer chain end).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::eval
{

//! Residues within this many positions of a chain end are "terminal" in the by-position split.
inline constexpr int terminal_window = 10;

//! Binary-call and ranking scores of one set of residues.
struct disorder_scores
{
    std::uint64_t residues = 0, disordered = 0;                       //!< scored residues, of them disordered (label 1)
    std::uint64_t tp = 0, fp = 0, tn = 0, fn = 0;                     //!< the confusion at `threshold`
    double threshold = 0.5;                                           //!< disordered when p >= threshold
    double mcc = 0, precision = 0, recall = 0, balanced_accuracy = 0; //!< at the threshold (0 when undefined)
    double auc = 0;                                                   //!< AUC-ROC (0.5 = chance; ties count half)
    [[nodiscard]] nlohmann::json to_json() const;
};

//! Scores `p` (P(disordered) per residue) against `label` (1 disordered, 0 ordered).
[[nodiscard]] disorder_scores score_disorder(std::span<float const> p, std::span<std::uint8_t const> label,
                                             double threshold);

//! The threshold in {0.01, 0.02, ..., 0.99} with the highest MCC (the lowest such on ties).
[[nodiscard]] double best_mcc_threshold(std::span<float const> p, std::span<std::uint8_t const> label);

//! Accumulates a set's residues (with their position in the chain) and scores it.
class disorder_evaluation
{
public:
    //! Adds one record: P(disordered) and the label of each residue of the chain (same length;
    //! checked by the caller); with `scored`, only residues whose entry is non-zero count (their
    //! distance to the chain ends is still the chain's).
    void add_record(std::span<float const> p, std::span<std::uint8_t const> label,
                    std::span<std::uint8_t const> scored = {});
    //! The report: `all`, `terminal` and `internal` scores at `threshold`, the baseline (score
    //! 1 / (1 + distance to the nearer end); its AUC, and its MCC at its best threshold on this same
    //! set, which flatters it), and calibration (10 bins of p: mean p, observed fraction, residues).
    [[nodiscard]] nlohmann::json to_json(double threshold) const;
    //! Human-readable lines of to_json's content.
    [[nodiscard]] std::string to_text(double threshold) const;
    //! The calibration table: 10 bins of p with mean p, observed fraction and residues.
    [[nodiscard]] nlohmann::json calibration() const;
    //! Writes the calibration diagram (mean predicted p against observed fraction per bin) as SVG.
    void write_calibration_plot(std::string const & path) const;
    [[nodiscard]] std::uint64_t residues() const noexcept { return p_.size(); }
    [[nodiscard]] std::span<float const> probabilities() const noexcept { return p_; }
    [[nodiscard]] std::span<std::uint8_t const> labels() const noexcept { return y_; }

private:
    std::vector<float> p_, base_;
    std::vector<std::uint8_t> y_, terminal_;
};

} // namespace ssrnn::eval
