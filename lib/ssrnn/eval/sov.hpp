#pragma once
//! \file Segment overlap score SOV'99 (Zemla, Venclovas, Fidelis & Rost, Proteins 34:220-223, 1999).
//!
//! For each state i, S(i) holds the pairs (s1, s2) of an observed segment s1 and a predicted
//! segment s2 of state i that overlap, and S'(i) the observed segments of state i that no
//! predicted segment of state i overlaps. With minov the length of the overlap, maxov the length
//! of the union's span and delta = min(maxov - minov, minov, floor(len(s1)/2), floor(len(s2)/2)):
//!
//!   SOV = 100 * sum_i sum_{S(i)} (minov + delta) / maxov * len(s1)  /  N,
//!   N   = sum_i ( sum_{S(i)} len(s1) + sum_{S'(i)} len(s1) ).
//!
//! Positions that are not scored (mask 0) end segments in both strings, so no segment spans an
//! unobserved residue. A data set's SOV pools the numerators and N of all its proteins
//! (per-residue weighting); the per-protein average is reported separately.
#include <cstdint>
#include <span>

namespace ssrnn::eval
{

//! Numerator and normaliser of SOV'99 (add them up over proteins to pool).
struct sov_sum
{
    double score = 0; //!< sum of (minov + delta) / maxov * len(s1)
    double norm = 0;  //!< N
    //! SOV in percent (0 when there is nothing to score).
    [[nodiscard]] double percent() const noexcept { return norm > 0 ? 100.0 * score / norm : 0.0; }
    sov_sum & operator+=(sov_sum const & o) noexcept
    {
        score += o.score;
        norm += o.norm;
        return *this;
    }
};

//! SOV'99 of `pred` against `truth` (state indices; a negative truth value = not scored).
[[nodiscard]] sov_sum sov99(std::span<std::int8_t const> truth, std::span<std::int8_t const> pred);

} // namespace ssrnn::eval
