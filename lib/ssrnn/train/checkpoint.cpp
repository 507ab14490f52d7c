#include <ssrnn/error.hpp>
#include <ssrnn/io/container_file.hpp>
#include <ssrnn/nn/model.hpp>
#include <ssrnn/train/checkpoint.hpp>

namespace ssrnn::train
{

void save_checkpoint(std::string const & path, run_identity const & id, nn::network<float> const & net,
                     adam const & opt, run_position const & pos)
{
    nlohmann::json h;
    h["format"] = "ssrnn-model";
    h["kind"] = "checkpoint";
    h["architecture"] = nn::to_json(id.arch);
    h["seed"] = id.seed;
    h["split_seed"] = id.split_seed;
    h["epoch"] = pos.epoch;
    h["batch"] = pos.batch;
    h["adam_step"] = opt.step;
    h["best_epoch"] = pos.best_epoch;
    h["best_q8"] = pos.best_q8;
    h["best_q3"] = pos.best_q3;
    auto const P = static_cast<int>(net.params().size());
    auto t = nn::network_tensors(net);
    t.push_back({"adam.m", P, 1, opt.m});
    t.push_back({"adam.v", P, 1, opt.v});
    io::write_container(path, h, t);
}

namespace
{
//! Moves tensor `name` (P x 1) of `c` into `out`; throws model_format_error.
void take_vector(nn::container & c, std::string const & name, std::size_t P, std::vector<float> & out,
                 std::string const & path)
{
    auto it = c.data.find(name);
    if (it == c.data.end())
        throw model_format_error(path + ": not a usable ssrnn checkpoint: no optimizer state ('" + name +
                                 "' is missing)");
    if (it->second.size() != P)
        throw model_format_error(path + ": not a usable ssrnn checkpoint: '" + name + "' has " +
                                 std::to_string(it->second.size()) + " values for " + std::to_string(P) +
                                 " parameters");
    out = std::move(it->second);
    c.data.erase(it);
}

run_position read_position(nlohmann::json const & h, adam & opt)
{
    run_position pos;
    opt.step = h.at("adam_step").get<std::uint64_t>();
    pos.epoch = h.at("epoch").get<int>();
    pos.batch = h.at("batch").get<std::size_t>();
    pos.best_epoch = h.at("best_epoch").get<int>();
    pos.best_q8 = h.at("best_q8").get<double>();
    pos.best_q3 = h.at("best_q3").get<double>();
    if (pos.epoch < 0 || pos.best_epoch < 0 || pos.best_epoch > pos.epoch)
        throw model_format_error("epoch " + std::to_string(pos.epoch) + ", best epoch " +
                                 std::to_string(pos.best_epoch) + " are inconsistent");
    return pos;
}
} // namespace

run_position load_checkpoint(std::string const & path, run_identity const & id, nn::network<float> & net, adam & opt)
{
    return checkpoint_from_container(io::read_container(path), path, id, net, opt);
}

run_position checkpoint_from_container(nn::container c, std::string const & path, run_identity const & id,
                                       nn::network<float> & net, adam & opt)
{
    if (c.header.value("kind", "") != "checkpoint")
        throw model_format_error(path + ": not an ssrnn checkpoint (file kind is '" + c.header.value("kind", "?") +
                                 "'; a model file cannot be given as --checkpoint)");
    run_position pos;
    try
    {
        auto const seed = c.header.at("seed").get<std::uint64_t>();
        if (nn::to_json(id.arch) != c.header.at("architecture") || seed != id.seed ||
            c.header.value("split_seed", seed) != id.split_seed)
            throw config_error(path + ": checkpoint was written with another architecture, seed or split seed");
        pos = read_position(c.header, opt);
    }
    catch (nlohmann::json::exception const & e)
    {
        throw model_format_error(path + ": not a usable ssrnn checkpoint: malformed header: " + e.what());
    }
    catch (model_format_error const & e)
    {
        throw model_format_error(path + ": not a usable ssrnn checkpoint: " + e.what());
    }
    nn::check_network_tensors(c, net.tensors(), "", path);
    nn::take_network_tensors(c, net, "");
    take_vector(c, "adam.m", net.params().size(), opt.m, path);
    take_vector(c, "adam.v", net.params().size(), opt.v, path);
    if (!c.data.empty())
        throw model_format_error(path + ": not a usable ssrnn checkpoint: unknown tensor '" + c.data.begin()->first +
                                 "'");
    return pos;
}

} // namespace ssrnn::train
