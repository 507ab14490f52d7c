#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/container_file.hpp>
#include <ssrnn/nn/model.hpp>

#include <algorithm>

namespace ssrnn::nn
{

std::vector<tensor_out> network_tensors(network<float> const & net, std::string const & prefix)
{
    std::vector<tensor_out> out;
    for (auto const & s : net.tensors())
        out.push_back(
            {prefix + s.name, s.rows, s.cols, std::span<float const>(net.params().data() + s.offset, s.size())});
    return out;
}

void check_network_tensors(container const & c, std::vector<tensor_spec> const & table, std::string const & prefix,
                           std::string const & path)
{
    for (auto const & s : table)
    {
        auto const name = prefix + s.name;
        if (!c.data.count(name))
            throw model_format_error(path + ": not a usable ssrnn model: missing tensor '" + name + "'");
        auto const shape = c.shape(name);
        if (shape.size() != 2 || shape[0] != s.rows || shape[1] != s.cols)
            throw model_format_error(
                path + ": not a usable ssrnn model: tensor '" + name + "' has shape [" +
                (shape.size() == 2 ? std::to_string(shape[0]) + ", " + std::to_string(shape[1]) : std::string{"?"}) +
                "], expected [" + std::to_string(s.rows) + ", " + std::to_string(s.cols) + "]");
    }
}
void take_network_tensors(container & c, network<float> & net, std::string const & prefix)
{
    for (auto const & s : net.tensors())
    {
        auto const it = c.data.find(prefix + s.name);
        std::copy(it->second.begin(), it->second.end(), net.params().begin() + static_cast<std::ptrdiff_t>(s.offset));
        c.data.erase(it);
    }
}

nlohmann::json file_header(std::string const & kind)
{
    return {{"format", "ssrnn-model"},
            {"kind", kind},
            {"labels", std::string{encode::ss8_letters}},
            {"labels3", std::string{encode::ss3_letters}},
            {"tensor_order", "column-major"}};
}

void save_model(std::string const & path, network<float> const & net, nlohmann::json const & provenance,
                disorder_head const * head)
{
    auto h = file_header("model");
    h["architecture"] = to_json(net.arch());
    h["provenance"] = provenance;
    auto t = network_tensors(net);
    if (head != nullptr)
    {
        h["disorder"] = disorder_json(*head);
        auto const d = disorder_tensors(*head);
        t.insert(t.end(), d.begin(), d.end());
    }
    io::write_container(path, h, t);
}

model model_from(container & c, nlohmann::json const & arch_json, nlohmann::json const & header,
                 std::string const & prefix, std::string const & path)
{
    auto bad = [&](std::string const & why)
    {
        return model_format_error(path + ": not a usable ssrnn model: " + why);
    };
    architecture a;
    try
    {
        a = architecture_from_json(arch_json);
        if (c.header.at("labels").get<std::string>() != encode::ss8_letters)
            throw bad("label set " + c.header.at("labels").dump() + " is not HGIEBTSC");
    }
    catch (model_format_error const & e)
    {
        throw bad(e.what());
    }
    catch (nlohmann::json::exception const & e)
    {
        throw bad(e.what());
    }
    check_network_tensors(c, tensor_table(a), prefix, path); // before allocating the network
    model m{network<float>{a}, header, std::nullopt};
    take_network_tensors(c, m.net, prefix);
    if (header.contains("disorder"))
        m.disorder =
            take_disorder_head(c, header["disorder"], static_cast<int>(m.net.out_weight().cols()), prefix, path);
    return m;
}

model load_model(std::string const & path)
{
    return model_from_container(io::read_container(path), path);
}

model model_from_container(container c, std::string const & path)
{
    if (c.header.value("kind", "") != "model")
        throw model_format_error(path + ": not a usable ssrnn model: file kind is '" + c.header.value("kind", "?") +
                                 "', expected 'model'" +
                                 (c.header.value("kind", "") == "ensemble" ? " (use load_ensemble)" : ""));
    auto m = model_from(c, c.header.value("architecture", nlohmann::json{}), c.header, "", path);
    if (!c.data.empty())
        throw model_format_error(path + ": not a usable ssrnn model: unknown tensor '" + c.data.begin()->first + "'");
    return m;
}

} // namespace ssrnn::nn
