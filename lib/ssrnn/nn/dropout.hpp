#pragma once
//! \file Inverted dropout with masks hashed from (seed, epoch, sequence id, layer, position,
//! unit): the same batch gets the same masks whatever thread or shard computes it.
#include <ssrnn/nn/architecture.hpp>
#include <ssrnn/nn/recurrent.hpp>

#include <cstdint>
#include <span>
#include <vector>

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

//! Recurrent dropout as weight dropping (DropConnect on the recurrent weights W_hh, as in
//! AWD-LSTM, Merity et al. 2018): one multiplier per parameter for one update, written to `mask`
//! (resized to the parameter count of `tensors`): 1 outside the `w_hh` tensors; inside them 0 with
//! probability `rate`, else 1 / (1 - rate). It is hashed from (seed, update, parameter index), so
//! every sequence, time step, shard, thread and process of an update sees the same dropped
//! connections, which is what makes it a dropout of the recurrence itself (the same W_hh at every
//! step) rather than of the states. Training runs the masked weights W * mask and multiplies the
//! gradient by the same mask (the chain rule for W -> W * mask).
template <typename T>
void recurrent_weight_mask(std::vector<T> & mask, std::span<tensor_spec const> tensors, float rate, std::uint64_t seed,
                           std::uint64_t update);

} // namespace ssrnn::nn
