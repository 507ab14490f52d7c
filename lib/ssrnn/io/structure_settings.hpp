#pragma once
//! \file The settings of reading structures (io/structure.hpp) and what the reading counted.
#include <cstddef>
#include <string>

namespace ssrnn::io
{

//! How structure files become records.
struct structure_settings
{
    std::string dssp = "mkdssp";  //!< the DSSP program (looked up on PATH without a '/')
    double min_plddt = 0;         //!< residues with a lower pLDDT (or B-factor) get no label; 0: off
    int min_length = 20;          //!< protein chains with a shorter sequence are skipped
    bool per_entity = false;      //!< one record per entity: its chain with the most labelled residues
    bool entry_from_file = false; //!< record IDs from the file name, not `_entry.id`
    //! Time limit (seconds) of mkdssp on one file, plus `per_mb` seconds per MB of the file: an
    //! input it never finishes (mkdssp reads mmCIF with libcifpp, which can loop forever on a
    //! malformed one) ends in an error instead of a hang.
    double dssp_timeout = 300, per_mb = 30;
};

//! What reading structures kept and skipped.
struct structure_counts
{
    std::size_t files = 0;        //!< structure files read
    std::size_t chains = 0;       //!< protein chains kept
    std::size_t non_protein = 0;  //!< polymer chains that are not protein (DNA, RNA, sugars)
    std::size_t too_short = 0;    //!< protein chains below min_length
    std::size_t no_standard = 0;  //!< protein chains with no standard residue
    std::size_t no_dssp = 0;      //!< protein chains DSSP gave no state (e.g. CA-only)
    std::size_t same_entity = 0;  //!< chains left out by per_entity
    std::size_t extra_models = 0; //!< models beyond the first (NMR ensembles)
    std::size_t low_plddt = 0;    //!< residues unlabelled for min_plddt
    std::size_t unobserved = 0;   //!< residues of kept chains with no DSSP state (mask 0)

    structure_counts & operator+=(structure_counts const & o) noexcept;
};

} // namespace ssrnn::io
