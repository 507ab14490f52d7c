#pragma once
//! \file The network's parameters: stacked bidirectional recurrent layers and a per-residue
//! linear + softmax layer over the 8 DSSP states (nn/workspace runs them).
//!
//! Parameters live in one flat buffer (so Adam, clipping and the fixed-order gradient reduction
//! are loops over one array); each tensor is a column-major view into it, named as in the model
//! file (nn/architecture.hpp: tensor_table). A network is read-only during training and
//! prediction; all mutable state is in a workspace, one per thread (or per shard).
#include <ssrnn/nn/architecture.hpp>
#include <ssrnn/nn/recurrent.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace ssrnn::nn
{

//! Network parameters of scalar type T.
template <typename T>
class network
{
public:
    //! Zero-initialised parameters for `a` (validated; throws config_error).
    explicit network(architecture a);

    //! The architecture.
    [[nodiscard]] architecture const & arch() const noexcept { return arch_; }
    //! Tensor table (names, shapes, offsets).
    [[nodiscard]] std::vector<tensor_spec> const & tensors() const noexcept { return specs_; }
    //! The flat parameter buffer.
    [[nodiscard]] std::vector<T> & params() noexcept { return params_; }
    //! The flat parameter buffer (read-only).
    [[nodiscard]] std::vector<T> const & params() const noexcept { return params_; }

    //! Random initialisation: U(-1/sqrt(H), 1/sqrt(H)) like PyTorch, forget-gate bias `forget_bias`.
    void init(std::uint64_t seed, T forget_bias = T(1));

    //! Views of the parameters of layer `layer`, direction `dir` (0 forward, 1 reverse).
    [[nodiscard]] recurrent_params<T> recurrent(int layer, int dir) const;
    //! View of tensor `i` of the table.
    [[nodiscard]] cmatrix_map<T> tensor(std::size_t i) const;
    //! Output weight (outputs x 2H).
    [[nodiscard]] cmatrix_map<T> out_weight() const;
    //! Output bias (outputs x 1).
    [[nodiscard]] cmatrix_map<T> out_bias() const;

    //! Index of the first tensor of layer `layer`, direction `dir`.
    [[nodiscard]] std::size_t layer_tensor(int layer, int dir) const noexcept
    {
        return static_cast<std::size_t>(arch_.tensors_per_direction() * (2 * layer + dir));
    }

    //! The same network with another scalar type.
    template <typename U>
    [[nodiscard]] network<U> cast() const
    {
        network<U> n{arch_};
        for (std::size_t i = 0; i < params_.size(); ++i)
            n.params()[i] = static_cast<U>(params_[i]);
        return n;
    }

private:
    architecture arch_;
    std::vector<tensor_spec> specs_;
    std::vector<T> params_;
};

//! Forward pass of one direction (`dir` 0 forward, 1 reverse) of layer `layer`, whatever its cell.
template <typename T>
void cell_forward(network<T> const & net, int layer, int dir, packed_layout const & lay, matrix<T> const & x,
                  recurrent_state<T> & st);

//! BPTT through one direction of one layer, whatever its cell; adds to the flat gradient `grad`.
template <typename T>
void cell_backward(network<T> const & net, int layer, int dir, packed_layout const & lay, matrix<T> const & x,
                   matrix<T> const & dh, recurrent_state<T> & st, std::span<T> grad, matrix<T> * dx, int bptt_k = 0);

} // namespace ssrnn::nn
