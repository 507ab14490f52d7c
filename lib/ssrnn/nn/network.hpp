#pragma once
//! \file The network: stacked bidirectional LSTM layers, dropout between layers, and a per-residue
//! linear + softmax layer over the 8 DSSP states.
//!
//! Parameters live in one flat buffer (so Adam, clipping and the fixed-order gradient reduction
//! are loops over one array); each tensor is a column-major view into it, named as in the model
//! file: `<cell>.<layer>.<fwd|rev>.{w_ih,w_hh,bias[,bias_hn]}`, `out.weight`, `out.bias`.
//! A network is read-only during training and prediction; all mutable state is in a workspace,
//! one per thread (or per shard).
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/nn/lstm.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ssrnn::nn
{

//! What the network looks like; stored in the model file header.
struct architecture
{
    std::string cell = "lstm";                                      //!< recurrent cell: lstm, gru or rnn
    int layers = 2;                                                 //!< bidirectional layers
    int hidden = 128;                                               //!< units per direction
    encode::encoding_kind encoding = encode::encoding_kind::onehot; //!< input encoding
    int outputs = 8;                                                //!< output classes (DSSP 8 states)

    //! Gate blocks per direction (LSTM 4, GRU 3, RNN 1).
    [[nodiscard]] int gates() const noexcept { return cell == "lstm" ? 4 : cell == "gru" ? 3 : 1; }
    //! Tensors per direction (GRU has an extra recurrent bias `bias_hn`).
    [[nodiscard]] int tensors_per_direction() const noexcept { return cell == "gru" ? 4 : 3; }
    //! Input features per residue.
    [[nodiscard]] int input_dim() const noexcept { return encode::encoding_dim(encoding); }
};

//! Checks the architecture; throws config_error.
void validate(architecture const & a);

//! One tensor of the flat parameter buffer.
struct tensor_spec
{
    std::string name;       //!< e.g. "lstm.0.fwd.w_ih"
    int rows = 0;           //!< first dimension
    int cols = 0;           //!< second dimension (1 for vectors)
    std::size_t offset = 0; //!< first element in the flat buffer
    [[nodiscard]] std::size_t size() const noexcept
    {
        return static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols);
    }
};

//! The tensors of an architecture, in buffer order.
[[nodiscard]] std::vector<tensor_spec> tensor_table(architecture const & a);

//! Network parameters of scalar type T.
template <typename T>
class network
{
public:
    //! Zero-initialised parameters for `a` (validated).
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

    //! Views of the parameters of layer `layer`, direction `dir` (0 forward, 1 reverse) in `buf`.
    [[nodiscard]] lstm_params<T> lstm(int layer, int dir) const;
    //! View of tensor `i` of the table.
    [[nodiscard]] cmatrix_map<T> tensor(std::size_t i) const;
    //! Output weight (outputs x 2H) and bias (outputs x 1).
    [[nodiscard]] cmatrix_map<T> out_weight() const;
    [[nodiscard]] cmatrix_map<T> out_bias() const;

    //! Index of the first tensor of layer `layer`, direction `dir`.
    [[nodiscard]] std::size_t lstm_tensor(int layer, int dir) const noexcept
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
                  lstm_state<T> & st);

//! BPTT through one direction of one layer, whatever its cell; adds to the flat gradient `grad`.
template <typename T>
void cell_backward(network<T> const & net, int layer, int dir, packed_layout const & lay, matrix<T> const & x,
                   matrix<T> const & dh, lstm_state<T> & st, std::span<T> grad, matrix<T> * dx, int bptt_k = 0);

//! One sequence of a batch.
struct sequence_input
{
    std::span<std::uint8_t const> residues; //!< residue indices 0..20
    std::span<std::int8_t const> labels;    //!< 8-state labels or no_label; may be empty (prediction)
    std::uint64_t id = 0;                   //!< stable index (drives dropout randomness)
};

//! Dropout applied to the inputs of layers 2..L and of the output layer (inverted dropout).
struct dropout_config
{
    float rate = 0.0F;       //!< probability of dropping a unit; 0 disables dropout
    std::uint64_t seed = 0;  //!< training seed
    std::uint64_t epoch = 0; //!< epoch (masks differ per epoch, not per thread)
};

//! Training objective per labelled residue. The default is plain 8-state cross-entropy
//! -log p(y). `label_smoothing` e replaces the one-hot target by (1 - e) one-hot + e/8;
//! `q3_weight` w adds w times the 3-state cross-entropy -log P(y3), where P(y3) sums the
//! 8-state probabilities of the labels that map to y3 (H = HGI, E = EB, C = TSC).
struct objective
{
    double label_smoothing = 0.0; //!< in [0, 1)
    double q3_weight = 0.0;       //!< >= 0
};

//! Loss of one forward/backward pass.
struct loss_sum
{
    double loss = 0.0;       //!< sum of the objective (default: -log p(label)) over labelled residues
    std::size_t count = 0;   //!< labelled residues
    std::size_t correct = 0; //!< labelled residues whose 8-state argmax is right
};

//! Per-thread activations and scratch space; reuses its buffers across batches.
template <typename T>
class workspace
{
public:
    //! Forward pass; afterwards probabilities() holds outputs x N in the packed layout.
    //! With `keep_activations` false (prediction) one layer's buffers are reused for the next, so
    //! memory does not grow with the number of layers; training keeps every layer for BPTT.
    void forward(network<T> const & net, std::span<sequence_input const> seqs, dropout_config const & drop = {},
                 bool keep_activations = false);

    //! Forward pass, masked cross-entropy and BPTT backward pass (full for `bptt_k` = 0, else
    //! truncated every `bptt_k` steps, see lstm_backward). Adds `scale` times the gradient of the
    //! summed loss (the objective `obj`) to `grad` (a flat buffer laid out like the parameters).
    loss_sum forward_backward(network<T> const & net, std::span<sequence_input const> seqs, dropout_config const & drop,
                              T scale, std::span<T> grad, int bptt_k = 0, objective const & obj = {});

    //! Reduced precision for forward() without kept activations (prediction): bfloat16 products
    //! with float32 sums in the LSTM layers, on CPUs with AVX-512 BF16 (else float32).
    void set_bf16(bool on) noexcept { bf16_ = on; }

    //! Layout of the last batch.
    [[nodiscard]] packed_layout const & layout() const noexcept { return lay_; }
    //! Softmax outputs of the last forward pass (outputs x N, packed layout).
    [[nodiscard]] matrix<T> const & probabilities() const noexcept { return probs_; }
    //! Copies the probabilities of the caller's sequence `k` into `out` (length x outputs, row-major).
    void sequence_probabilities(int k, std::span<T> out) const;

private:
    void make_dropout_mask(int which, int rows, std::span<sequence_input const> seqs, dropout_config const & d);

    packed_layout lay_;
    std::vector<matrix<T>> inputs_;     //!< input of each layer after dropout (D x N)
    std::vector<matrix<T>> rev_inputs_; //!< the same in reverse-direction layout
    std::vector<matrix<T>> outputs_;    //!< 2H x N output of each layer
    std::vector<matrix<T>> masks_;      //!< dropout masks (layer inputs 1..L-1, then the output layer)
    std::vector<lstm_state<T>> states_; //!< per layer and direction
    matrix<T> top_;                     //!< input of the output layer after dropout (2H x N)
    matrix<T> probs_;                   //!< outputs x N
    matrix<T> dlogits_, dtop_, dh_fwd_, dh_rev_, dx_fwd_, dx_rev_;
    std::vector<int> inv_order_;
    int recompute_k_ = 0; //!< chunk length for LSTM recomputation during forward_backward
    bool bf16_ = false;   //!< reduced-precision prediction
};

} // namespace ssrnn::nn
