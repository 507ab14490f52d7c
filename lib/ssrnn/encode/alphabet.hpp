#pragma once
//! \file Residue and secondary-structure alphabets.
//!
//! Residues: the 20 standard amino acids in BLOSUM order `ARNDCQEGHILKMFPSTWYV` (indices 0..19)
//! and one unknown residue (index 20) that B, Z, J, U, O and X map to.
//! DSSP 8 states `HGIEBTSC` (indices 0..7); 3 states H (= H, G, I), E (= E, B), C (= T, S, C).
#include <array>
#include <cstdint>
#include <string_view>

namespace ssrnn::encode
{

//! Number of residue classes (20 standard + unknown).
inline constexpr int residue_count = 21;
//! Index of the unknown residue.
inline constexpr int unknown_residue = 20;
//! The standard residues in index order.
inline constexpr std::string_view residue_letters = "ARNDCQEGHILKMFPSTWYV";

//! Number of DSSP 8-state classes.
inline constexpr int ss8_count = 8;
//! Number of 3-state classes.
inline constexpr int ss3_count = 3;
//! DSSP 8-state letters in index order.
inline constexpr std::string_view ss8_letters = "HGIEBTSC";
//! 3-state letters in index order.
inline constexpr std::string_view ss3_letters = "HEC";
//! Maps an 8-state index to its 3-state index (H,G,I -> H; E,B -> E; T,S,C -> C).
inline constexpr std::array<int, ss8_count> ss8_to_ss3 = {0, 0, 0, 1, 1, 2, 2, 2};

//! Label value for a residue that takes no part in loss or scores (mask 0).
inline constexpr std::int8_t no_label = -1;

//! Residue index of a letter (either case); -1 if `c` is not a letter.
[[nodiscard]] int residue_index(char c) noexcept;

//! 8-state index of a DSSP letter; `-`, `L`, ` ` and `_` read as C; -1 if unknown.
[[nodiscard]] int ss8_index(char c) noexcept;

} // namespace ssrnn::encode
