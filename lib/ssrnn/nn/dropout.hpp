#pragma once
//! \file Inverted dropout with masks hashed from (seed, epoch, sequence id, layer, position,
//! unit): the same batch gets the same masks whatever thread or shard computes it.
#include <ssrnn/nn/recurrent.hpp>

#include <cstdint>
#include <span>

namespace ssrnn::nn
{

//! Dropout applied to the inputs of layers 2..L and of the output layer (inverted dropout).
struct dropout_config
{
    float rate = 0.0F;       //!< probability of dropping a unit; 0 disables dropout
    std::uint64_t seed = 0;  //!< training seed
    std::uint64_t epoch = 0; //!< epoch (masks differ per epoch, not per thread)
};

//! Fills `mask` (rows x lay.total(), packed layout of `seqs`) for dropout site `which` (layer
//! input 1..L-1 is site l-1, the output layer's input site L-1): 0 for a dropped unit, else
//! 1 / (1 - rate).
template <typename T>
void make_dropout_mask(matrix<T> & mask, int which, int rows, packed_layout const & lay,
                       std::span<sequence_input const> seqs, dropout_config const & d);

} // namespace ssrnn::nn
