#pragma once
//! \file The batches of one epoch: a function of (data lengths, batch size, seed, epoch) only,
//! so a resumed run sees the same batches as an uninterrupted one.
#include <ssrnn/train/dataset.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ssrnn::train
{

//! Indices into `data` for each batch of epoch `epoch`: the records shuffled, sorted by length
//! within windows of 16 batches (so a batch holds similar lengths), and the batch order shuffled.
[[nodiscard]] std::vector<std::vector<std::size_t>> make_batches(std::vector<example> const & data, int batch,
                                                                 std::uint64_t seed, int epoch);

//! Number of batches per epoch.
[[nodiscard]] std::uint64_t batches_per_epoch(std::size_t records, int batch) noexcept;

} // namespace ssrnn::train
