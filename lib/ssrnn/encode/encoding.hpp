#pragma once
//! \file Per-residue input encodings: one-hot, BLOSUM62 row, or both.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ssrnn::encode
{

//! Input encoding of a residue; recorded in the model file.
enum class encoding_kind
{
    onehot, //!< 21 values: one-hot over 20 standard residues + unknown
    blosum, //!< 20 values: the residue's BLOSUM62 row / 5 (unknown: the X row)
    both    //!< 41 values: one-hot followed by BLOSUM62
};

//! Encoding names in enum order (command line and model files).
inline constexpr std::array<std::string_view, 3> encoding_names = {"onehot", "blosum", "both"};
//! Name used on the command line and in model files ("onehot", "blosum", "both").
[[nodiscard]] std::string to_string(encoding_kind k);
//! Parses a name; throws config_error on an unknown one.
[[nodiscard]] encoding_kind parse_encoding(std::string_view name);
//! Number of input features per residue.
[[nodiscard]] int encoding_dim(encoding_kind k) noexcept;

//! Background frequencies of BLOSUM62 (Henikoff & Henikoff 1992), ARNDCQEGHILKMFPSTWYV: the
//! reference of every log-odds score (profiles, information content).
inline constexpr std::array<double, 20> blosum62_background = {0.074, 0.052, 0.045, 0.054, 0.025, 0.034, 0.054,
                                                               0.074, 0.026, 0.068, 0.099, 0.058, 0.025, 0.047,
                                                               0.039, 0.057, 0.051, 0.013, 0.032, 0.073};

//! BLOSUM62 score between two residue indices (0..20; 20 = X).
[[nodiscard]] int blosum62(int a, int b) noexcept;

//! Converts a sequence of letters to residue indices (0..20). Throws input_error on non-letters
//! ("residue N: invalid character ..." as the FASTA reader words it).
[[nodiscard]] std::vector<std::uint8_t> residues_from_letters(std::string_view seq);

//! Profile features per residue, after the residue's encoding: 20 logistic(score) values (as
//! PSIPRED feeds its PSSM), the position's information content in bits / 4, and the alignment's
//! depth as min(1, log10(depth) / 3). A "pssm" model reads the first 21, a "pssm+depth" model
//! all 22 (nn::architecture::profile_width).
inline constexpr int profile_dim = 22;

//! Appends the profile features of every position of `scores` (length x 20 half-bit log-odds,
//! ARNDCQEGHILKMFPSTWYV) from an alignment of `depth` sequences to `out`. A depth of 0 (not
//! recorded) gives a NaN depth feature, which only a "pssm+depth" model reads (and refuses).
void append_profile_features(std::span<float const> scores, double depth, std::vector<float> & out);

//! The profile features of a sequence without homologs (--profile-dropout): each residue's
//! BLOSUM62 row as its scores (zeros for unknown residues).
[[nodiscard]] std::vector<float> no_homolog_features(std::span<std::uint8_t const> residues);

//! Writes the `encoding_dim(k)` features of residue `r` to `out`.
template <typename scalar>
void encode_residue(encoding_kind k, int r, scalar * out) noexcept;

} // namespace ssrnn::encode
