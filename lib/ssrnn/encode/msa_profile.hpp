#pragma once
//! \file The profile of a multiple sequence alignment, computed in-process (docs/profiles.md,
//! "Profiles from alignments"): position-based sequence weights (Henikoff & Henikoff 1994, with
//! HH-suite's length term), weighted residue frequencies per column, an effective number of
//! sequences (Neff), BLOSUM62 pseudo-counts admixed as MMseqs2 and HH-suite do by default
//! (tau = min(1, a / (1 + Neff_column / b)), a = 1.1, b = 4.1), and half-bit log-odds against
//! BLOSUM62's background, rounded to integers and clamped to [-20, 20] like every other profile.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::encode
{

//! Pseudo-count admixture tau = min(1, pca / (1 + Neff_column / pcb)).
struct msa_profile_settings
{
    double pca = 1.1; //!< MMseqs2's default (--pca)
    double pcb = 4.1; //!< MMseqs2's default (--pcb)
};

//! What an alignment gives the network and the reports.
struct msa_profile
{
    std::vector<float> scores; //!< length x 20 half-bit log-odds, ARNDCQEGHILKMFPSTWYV
    double neff = 1;           //!< effective number of sequences: the mean over columns of 2^(entropy)
    std::size_t sequences = 0; //!< rows, query included (the depth)
};

//! The profile of `rows`, each the same length: one character per match column of the query
//! (rows[0], the query, without gaps): an uppercase residue letter or '-' (letters other than the 20
//! standard residues occupy the column but add no frequency). Precondition: rows checked by the
//! reader (io::parse_msa).
[[nodiscard]] msa_profile profile_from_alignment(std::span<std::string const> rows,
                                                 msa_profile_settings const & settings = {});

} // namespace ssrnn::encode
