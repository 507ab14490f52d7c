#include <ssrnn/base/names.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/nn/architecture.hpp>

namespace ssrnn::nn
{

cell_kind parse_cell(std::string_view name)
{
    return base::parse_name<cell_kind>(cell_names, name,
                                       "unknown cell type '" + std::string{name} +
                                           "' (supported: " + base::list_names(cell_names, ", ") + ")");
}

void validate(architecture const & a)
{
    if (a.layers < 1 || a.layers > 16)
        throw config_error("layers must be between 1 and 16 (got " + std::to_string(a.layers) + ")");
    if (a.hidden < 1 || a.hidden > 4096)
        throw config_error("hidden units must be between 1 and 4096 (got " + std::to_string(a.hidden) + ")");
    if (a.outputs != encode::ss8_count)
        throw config_error("the output layer must have 8 classes (got " + std::to_string(a.outputs) + ")");
}

nlohmann::json to_json(architecture const & a)
{
    nlohmann::json j = {{"cell", to_string(a.cell)},
                        {"layers", a.layers},
                        {"hidden", a.hidden},
                        {"bidirectional", true},
                        {"encoding", encode::to_string(a.encoding)},
                        {"input_dim", a.input_dim()},
                        {"outputs", a.outputs}};
    if (a.profile) // written only for profile models, so single-sequence model files keep their bytes
        j["profile"] = a.profile_depth ? "pssm+depth" : "pssm";
    return j;
}

architecture architecture_from_json(nlohmann::json const & j)
{
    try
    {
        architecture a;
        a.cell = parse_cell(j.at("cell").get<std::string>());
        a.layers = j.at("layers").get<int>();
        a.hidden = j.at("hidden").get<int>();
        a.encoding = encode::parse_encoding(j.at("encoding").get<std::string>());
        a.outputs = j.at("outputs").get<int>();
        if (auto const p = j.find("profile"); p != j.end())
        {
            if (*p != "pssm" && *p != "pssm+depth")
                throw model_format_error("unknown profile features " + p->dump() +
                                         " (this version reads \"pssm\" and \"pssm+depth\"; a newer ssrnn may "
                                         "read more)");
            a.profile = true;
            a.profile_depth = *p == "pssm+depth";
        }
        if (j.at("input_dim").get<int>() != a.input_dim())
            throw model_format_error("input_dim does not match the encoding");
        validate(a);
        return a;
    }
    catch (config_error const & e)
    {
        throw model_format_error(e.what());
    }
    catch (nlohmann::json::exception const & e)
    {
        throw model_format_error(std::string{"bad architecture: "} + e.what());
    }
}

std::vector<tensor_spec> tensor_table(architecture const & a)
{
    validate(a);
    std::vector<tensor_spec> t;
    std::size_t off = 0;
    auto add = [&](std::string name, int r, int c)
    {
        t.push_back({std::move(name), r, c, off});
        off += t.back().size();
    };
    int const H = a.hidden;
    for (int l = 0; l < a.layers; ++l)
    {
        int const in = l == 0 ? a.input_dim() : 2 * H;
        for (int d = 0; d < 2; ++d)
        {
            std::string const p = to_string(a.cell) + "." + std::to_string(l) + (d == 0 ? ".fwd." : ".rev.");
            int const G = a.gates() * H;
            add(p + "w_ih", G, in);
            add(p + "w_hh", G, H);
            add(p + "bias", G, 1);
            if (a.cell == cell_kind::gru)
                add(p + "bias_hn", H, 1);
        }
    }
    add("out.weight", a.outputs, 2 * H);
    add("out.bias", a.outputs, 1);
    return t;
}

std::vector<float> with_depth_input(architecture const & a, std::span<float const> params)
{
    if (!a.profile || a.profile_depth)
        throw config_error("only a \"pssm\" profile model can be given the depth input");
    auto const table = tensor_table(a);
    if (table.empty() || params.size() != table.back().offset + table.back().size())
        throw config_error("parameters do not match the architecture");
    // The depth is the last input, so the last column of each first-layer w_ih (column-major):
    // appending `rows` zeros to those tensors adds it with weight zero.
    std::vector<float> out;
    out.reserve(params.size() + 2 * static_cast<std::size_t>(a.gates() * a.hidden));
    for (auto const & t : table)
    {
        auto const from = params.subspan(t.offset, t.size());
        out.insert(out.end(), from.begin(), from.end());
        if (t.name.starts_with(to_string(a.cell) + ".0.") && t.name.ends_with(".w_ih"))
            out.insert(out.end(), static_cast<std::size_t>(t.rows), 0.0F);
    }
    return out;
}

} // namespace ssrnn::nn
