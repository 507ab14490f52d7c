#pragma once
//! \file The data of a training run: training examples (encoded, with labels), the validation
//! set (a file, or a split of the training file by record) and the training data's checksum.
#include <ssrnn/io/labelled.hpp>
#include <ssrnn/train/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ssrnn::train
{

//! One training sequence: raw residues and labels only, encoded per batch (so training memory is
//! about 2 bytes per residue with hard labels, 9 with soft ones, plus profile features if any).
struct example
{
    std::vector<std::uint8_t> residues; //!< residue indices
    std::vector<std::int8_t> labels;    //!< 8-state labels or encode::no_label (empty with soft labels)
    std::vector<std::uint8_t> soft;     //!< soft labels: length x 8 quantised probabilities (io/soft_labels.hpp)
    std::uint64_t id = 0;               //!< stable index over all training files (drives dropout)
    std::size_t labelled = 0;           //!< residues with a label
    std::vector<float> profile;         //!< length x encode::profile_dim profile features (profile models)
};

//! Training and validation data of a run.
struct dataset
{
    std::vector<example> train;                     //!< training examples, in file order
    io::labelled_set valid;                         //!< validation records
    std::vector<std::vector<float>> valid_profiles; //!< their profile features (profile models), by record
    std::string valid_desc;                         //!< where the validation set came from (log and provenance)
    std::uint64_t checksum = 0;                     //!< FNV-1a 64 of the training files (and masks)
    std::size_t train_residues = 0;                 //!< residues in `train`
    std::size_t excluded_records = 0;               //!< training records dropped by cfg.exclude
};

//! Reads `cfg.train` (with its mask) and the validation set: `cfg.valid`, or the fraction
//! `cfg.valid_fraction` of the training records chosen by the split seed. `cfg.extra_train` is
//! read only with `with_extra`. Training files may be soft-label files (recognised by their
//! first line), read record by record into examples; a soft-label `cfg.train` needs `cfg.valid`
//! (validation always scores real labels). With profiles (`cfg.train_profiles` ...), every record needs one
//! (matched by ID, checked against its sequence). Throws input_error, io_error, config_error.
[[nodiscard]] dataset load_dataset(train_config const & cfg, bool with_extra = true);

} // namespace ssrnn::train
