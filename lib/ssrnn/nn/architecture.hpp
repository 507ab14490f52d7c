#pragma once
//! \file What a network looks like: cell kind, layers, width, input encoding, outputs; its tensor
//! table (names, shapes, offsets in the flat parameter buffer) and its JSON form in model files.
#include <ssrnn/base/names.hpp>
#include <ssrnn/encode/encoding.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ssrnn::nn
{

//! Recurrent cell of every layer.
enum class cell_kind
{
    lstm, //!< long short-term memory (gates i, f, g, o)
    gru,  //!< gated recurrent unit, PyTorch's formulation (gates r, z, n)
    rnn   //!< plain tanh (Elman) RNN
};

//! Names of the cell kinds, in enum order (command line, model files, tensor names).
inline constexpr std::array<std::string_view, 3> cell_names = {"lstm", "gru", "rnn"};
//! Name of a cell kind.
[[nodiscard]] inline std::string to_string(cell_kind c)
{
    return base::name_of(cell_names, c);
}
//! Parses a cell name; throws config_error on an unknown one.
[[nodiscard]] cell_kind parse_cell(std::string_view name);

//! What the network looks like; stored in the model file header.
struct architecture
{
    cell_kind cell = cell_kind::lstm;                               //!< recurrent cell
    int layers = 2;                                                 //!< bidirectional layers
    int hidden = 128;                                               //!< units per direction
    encode::encoding_kind encoding = encode::encoding_kind::onehot; //!< input encoding
    int outputs = 8;                                                //!< output classes (DSSP 8 states)
    //! Input also has profile features per residue (model files: "profile": "pssm").
    bool profile = false;
    //! With `profile`: the alignment's depth is one more input (model files: "profile": "pssm+depth").
    bool profile_depth = false;

    //! Profile features the network reads per residue: the first profile_width() of each
    //! residue's encode::profile_dim.
    [[nodiscard]] int profile_width() const noexcept
    {
        return profile ? encode::profile_dim - (profile_depth ? 0 : 1) : 0;
    }

    //! Gate blocks per direction (LSTM 4, GRU 3, RNN 1).
    [[nodiscard]] int gates() const noexcept { return cell == cell_kind::lstm ? 4 : cell == cell_kind::gru ? 3 : 1; }
    //! Tensors per direction (GRU has an extra recurrent bias `bias_hn`).
    [[nodiscard]] int tensors_per_direction() const noexcept { return cell == cell_kind::gru ? 4 : 3; }
    //! Input features per residue.
    [[nodiscard]] int input_dim() const noexcept { return encode::encoding_dim(encoding) + profile_width(); }

    bool operator==(architecture const &) const = default;
};

//! Checks the architecture; throws config_error.
void validate(architecture const & a);

//! JSON form of an architecture (model and checkpoint headers).
[[nodiscard]] nlohmann::json to_json(architecture const & a);
//! Architecture from JSON; throws model_format_error.
[[nodiscard]] architecture architecture_from_json(nlohmann::json const & j);

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

//! The tensors of an architecture, in buffer order: per layer and direction
//! `<cell>.<layer>.<fwd|rev>.{w_ih,w_hh,bias[,bias_hn]}`, then `out.weight`, `out.bias`.
[[nodiscard]] std::vector<tensor_spec> tensor_table(architecture const & a);

//! The parameters of a "pssm" profile model `a` (flat, as tensor_table lays them out) for the same
//! network with the depth input added ("pssm+depth"): its weights start at zero, so the network
//! computes what it did (train-structure --init --profile-depth). Throws config_error otherwise.
[[nodiscard]] std::vector<float> with_depth_input(architecture const & a, std::span<float const> params);

} // namespace ssrnn::nn
