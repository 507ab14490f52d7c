#pragma once
//! \file Per-thread activations and scratch space: runs a network forward (prediction) or
//! forward and backward (training) over a packed batch.
#include <ssrnn/nn/dropout.hpp>
#include <ssrnn/nn/network.hpp>
#include <ssrnn/nn/objective.hpp>

#include <cstddef>
#include <span>
#include <vector>

namespace ssrnn::nn
{

//! Loss of one forward/backward pass.
struct loss_sum
{
    double loss = 0.0;       //!< sum of the objective (default: -log p(label)) over labelled residues
    std::size_t count = 0;   //!< labelled residues
    std::size_t correct = 0; //!< labelled residues whose 8-state argmax is right
};

//! Activations and scratch of one thread; reuses its buffers across batches. One workspace
//! must not be used by two threads at once; many workspaces may share one (read-only) network.
template <typename T>
class workspace
{
public:
    //! Forward pass for prediction; afterwards probabilities() holds outputs x N in the packed
    //! layout. One layer's buffers are reused for the next and freed as soon as they are done
    //! with, so memory does not grow with the number of layers (4 floats per hidden unit and
    //! residue at most; 3 for a 2-layer network). The probabilities are those of forward_backward's
    //! forward pass without dropout, bit for bit.
    void forward(network<T> const & net, std::span<sequence_input const> seqs);
    //! The same forward pass that also projects the top layer's states h (2H per residue) with
    //! `proj` (R x 2H): afterwards projection() holds proj * h, R x N in the packed layout (the
    //! first layer of a disorder head, or the states themselves for an identity `proj`).
    void forward(network<T> const & net, std::span<sequence_input const> seqs, matrix<T> const & proj);

    //! Forward pass, masked loss and BPTT backward pass (full for `bptt_k` = 0, else truncated
    //! every `bptt_k` steps, see lstm_backward). Adds `scale` times the gradient of the summed
    //! loss (the objective `obj`) to `grad` (a flat buffer laid out like the parameters).
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
    //! The projection of the last forward(net, seqs, proj) (R x N, packed layout).
    [[nodiscard]] matrix<T> const & projection() const noexcept { return proj_out_; }
    //! The packed column of residue `t` of the caller's sequence `k` in the last batch.
    [[nodiscard]] int column(int k, int t) const { return lay_.column(inv_order_[static_cast<std::size_t>(k)], t); }

private:
    void begin_forward(std::span<sequence_input const> seqs);
    //! forward() with an optional projection of the top states (proj_ for the pass).
    void forward_impl(network<T> const & net, std::span<sequence_input const> seqs, matrix<T> const * proj);
    void predict_layer(network<T> const & net, int l);
    //! Forward pass keeping every layer's activations for the backward pass.
    void forward_train(network<T> const & net, std::span<sequence_input const> seqs, dropout_config const & drop);
    void encode_inputs(network<T> const & net, std::span<sequence_input const> seqs);
    void output_layer(network<T> const & net, std::span<sequence_input const> seqs, dropout_config const & drop);
    loss_sum output_loss(std::span<sequence_input const> seqs, T scale, objective const & obj);
    void soft_residue_loss(sequence_input const & s, int t, int j, T scale, objective const & obj, loss_sum & ls);
    void backward_layers(network<T> const & net, bool dropping, std::span<T> grad, int bptt_k);

    packed_layout lay_;
    std::vector<matrix<T>> inputs_;             //!< input of each layer after dropout (D x N)
    std::vector<matrix<T>> rev_inputs_;         //!< the same in reverse-direction layout
    std::vector<matrix<T>> outputs_;            //!< 2H x N output of each layer
    std::vector<matrix<T>> masks_;              //!< dropout masks (layer inputs 1..L-1, then the output layer)
    std::vector<recurrent_state<T>> states_;    //!< per layer and direction
    matrix<T> top_;                             //!< input of the output layer after dropout (2H x N)
    matrix<T> const * top_used_ = nullptr;      //!< the output layer's input: top_, or the last outputs
    static constexpr int inference_chunk = 256; //!< LSTM steps whose gates a prediction keeps at a time
    matrix<T> probs_;                           //!< outputs x N
    matrix<T> const * proj_ = nullptr;          //!< projection of the top states in this pass, or null
    matrix<T> proj_out_;                        //!< proj_ times the top states (R x N)
    matrix<T> dlogits_, dtop_, dh_fwd_, dh_rev_, dx_fwd_, dx_rev_;
    std::vector<int> inv_order_;
    int recompute_k_ = 0; //!< chunk length for LSTM recomputation during forward_backward
    bool bf16_ = false;   //!< reduced-precision prediction
};

} // namespace ssrnn::nn
