#pragma once
//! \file FNV-1a 64-bit checksums: training-data provenance and the model file's data checksum.
#include <cstddef>
#include <cstdint>
#include <string>

namespace ssrnn::base
{

//! FNV-1a offset basis: the checksum of no bytes.
inline constexpr std::uint64_t fnv1a64_basis = 0xcbf29ce484222325ULL;

//! FNV-1a 64-bit hash of `n` bytes at `data`, continued from `h` (so files can be hashed in parts).
[[nodiscard]] std::uint64_t fnv1a64(void const * data, std::size_t n, std::uint64_t h = fnv1a64_basis) noexcept;

//! `v` as 16 lowercase hexadecimal digits.
[[nodiscard]] std::string hex64(std::uint64_t v);

} // namespace ssrnn::base
