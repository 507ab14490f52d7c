#pragma once
//! \file Everything evaluate-structure reports about a set of predictions: per-residue metrics,
//! SOV'99 (3 and 8 states), per-protein averages and calibration (reliability tables).
#include <ssrnn/eval/metrics.hpp>
#include <ssrnn/eval/sov.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace ssrnn::eval
{

//! One record's prediction next to its labels. Every span is over the record's residues.
struct scored_record
{
    std::span<std::int8_t const> truth; //!< 8-state labels; negative = not scored
    std::span<std::int8_t const> pred8; //!< 8-state prediction; empty if the source has none
    std::span<std::int8_t const> pred3; //!< 3-state prediction (H E C = 0 1 2)
    std::span<float const> prob8;       //!< length x 8 probabilities, or empty
    std::span<float const> prob3;       //!< length x 3 probabilities (H E C), or empty
    std::span<std::int8_t const> conf;  //!< PSIPRED-style confidence digits 0-9, or empty
};

//! Reliability table: predictions binned by confidence (the probability of the predicted state).
struct reliability
{
    static constexpr int bins = 10;             //!< [0, 0.1), ..., [0.9, 1]
    std::array<std::uint64_t, bins> count{};    //!< predictions per bin
    std::array<double, bins> confidence{};      //!< sum of confidences per bin
    std::array<std::uint64_t, bins> correct{};  //!< right predictions per bin
    void add(double conf, bool right) noexcept; //!< adds one prediction
    [[nodiscard]] double ece() const noexcept;  //!< expected calibration error, percent
    [[nodiscard]] nlohmann::json to_json() const;
    [[nodiscard]] std::uint64_t total() const noexcept;
};

//! Accumulates scores over records.
class scorer
{
public:
    //! Adds one record (records without scored residues are skipped).
    void add(scored_record const & r);

    [[nodiscard]] metrics const & residues() const noexcept { return m_; }
    [[nodiscard]] std::uint64_t records() const noexcept { return pp_.records; } //!< records scored
    [[nodiscard]] bool has8() const noexcept { return has8_; }                   //!< 8-state predictions were given
    [[nodiscard]] double sov3() const noexcept { return sov3_.percent(); }
    [[nodiscard]] double sov8() const noexcept { return sov8_.percent(); }

    //! JSON report: metrics::to_json() plus sov3, sov8, per_protein, calibration3/8, confidence_digits.
    [[nodiscard]] nlohmann::json to_json() const;
    //! Human-readable report.
    [[nodiscard]] std::string to_text() const;
    //! Reliability diagram (SVG) of the 3-state (and 8-state) probabilities.
    void write_calibration_plot(std::string const & path) const;

private:
    metrics m_;
    bool has8_ = true;
    sov_sum sov3_, sov8_;
    struct per_protein
    {
        double q3 = 0, q8 = 0, sov3 = 0, sov8 = 0;
        std::uint64_t records = 0;
    } pp_;
    reliability cal3_, cal8_;
    std::array<std::uint64_t, 10> digit_count_{}, digit_correct_{};
};

} // namespace ssrnn::eval
