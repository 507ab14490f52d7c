#include <ssrnn/base/option_table.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/container_file.hpp>
#include <ssrnn/nn/ensemble.hpp>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace ssrnn::nn
{

void save_ensemble(std::string const & path, std::vector<model> const & members,
                   std::optional<float> disorder_threshold)
{
    auto h = file_header("ensemble");
    h["members"] = nlohmann::json::array();
    std::vector<tensor_out> t;
    bool const heads = !members.empty() && std::all_of(members.begin(), members.end(),
                                                       [](model const & m) { return m.disorder.has_value(); });
    double thresholds = 0.0;
    for (std::size_t k = 0; k < members.size(); ++k)
    {
        auto const prefix = "m" + std::to_string(k) + ".";
        h["members"].push_back({{"architecture", to_json(members[k].net.arch())},
                                {"provenance", members[k].header.value("provenance", nlohmann::json::object())}});
        auto mt = network_tensors(members[k].net, prefix);
        t.insert(t.end(), mt.begin(), mt.end());
        if (!heads)
            continue;
        h["members"].back()["disorder"] = disorder_json(*members[k].disorder);
        thresholds += members[k].disorder->threshold;
        auto const d = disorder_tensors(*members[k].disorder, prefix);
        t.insert(t.end(), d.begin(), d.end());
    }
    if (heads)
    {
        double const t = disorder_threshold ? static_cast<double>(*disorder_threshold)
                                            : thresholds / static_cast<double>(members.size());
        h["disorder"] = {{"threshold", std::round(t * 1e6) / 1e6}};
    }
    io::write_container(path, h, t);
}

model average_weights(ensemble const & e)
{
    if (e.members.empty())
        throw model_format_error("nothing to average: no model given");
    auto const arch = to_json(e.members.front().net.arch());
    model out{e.members.front().net, nlohmann::json::object(), std::nullopt};
    auto & p = out.net.params();
    std::vector<double> sum(p.begin(), p.end());
    nlohmann::json sources = nlohmann::json::array();
    for (std::size_t k = 0; k < e.members.size(); ++k)
    {
        auto const & m = e.members[k];
        std::string const name = k < e.sources.size() ? e.sources[k] : "member " + std::to_string(k);
        if (to_json(m.net.arch()) != arch)
            throw model_format_error(name + ": cannot average weights of models with different architectures (" +
                                     to_json(m.net.arch()).dump() + " vs " + arch.dump() + ")");
        sources.push_back(m.header.value("provenance", nlohmann::json::object()));
        if (k == 0)
            continue;
        auto const & q = m.net.params();
        for (std::size_t i = 0; i < sum.size(); ++i)
            sum[i] += static_cast<double>(q[i]);
    }
    double const n = static_cast<double>(e.members.size());
    for (std::size_t i = 0; i < sum.size(); ++i)
        p[i] = static_cast<float>(sum[i] / n);
    out.header["provenance"] = {{"tool", "weight average of " + std::to_string(e.members.size()) + " models"},
                                {"averaged", sources}};
    return out;
}

ensemble load_ensemble(std::vector<std::string> const & paths)
{
    ensemble e;
    for (auto const & path : paths)
        add_members(e, io::read_container(path), path);
    return e;
}

void add_members(ensemble & e, container c, std::string const & path)
{
    auto const kind = c.header.value("kind", "");
    bool const first = e.members.empty();
    if (kind == "model")
    {
        e.members.push_back(model_from(c, c.header.value("architecture", nlohmann::json{}), c.header, "", path));
        e.sources.push_back(path);
    }
    else if (kind == "ensemble" && c.header.contains("members") && c.header["members"].is_array() &&
             !c.header["members"].empty())
    {
        auto const members = c.header["members"];
        for (std::size_t k = 0; k < members.size(); ++k)
        {
            nlohmann::json h = c.header;
            h.erase("members");
            h.erase("disorder");
            h["provenance"] = members[k].value("provenance", nlohmann::json::object());
            if (c.header.contains("disorder"))
            {
                if (!members[k].contains("disorder"))
                    throw model_format_error(path + ": not a usable ssrnn model: member " + std::to_string(k) +
                                             " has no disorder head, but the file has a 'disorder' object");
                h["disorder"] = members[k]["disorder"];
            }
            e.members.push_back(model_from(c, members[k].value("architecture", nlohmann::json{}), h,
                                           "m" + std::to_string(k) + ".", path));
            e.sources.push_back(path + "#" + std::to_string(k));
        }
        if (first && c.header.contains("disorder"))
        {
            auto const & d = c.header["disorder"];
            double const t = d.is_object() && d.contains("threshold") && d["threshold"].is_number()
                                 ? d["threshold"].get<double>()
                                 : -1.0;
            if (!(t > 0.0 && t < 1.0))
                throw model_format_error(path +
                                         ": not a usable ssrnn model: disorder threshold missing or not in (0, 1)");
            e.disorder_threshold = static_cast<float>(t);
        }
    }
    else
        throw model_format_error(path + ": not a usable ssrnn model: file kind is '" +
                                 (kind.empty() ? std::string{"?"} : kind) + "', expected 'model' or 'ensemble'");
    if (!c.data.empty())
        throw model_format_error(path + ": not a usable ssrnn model: unknown tensor '" + c.data.begin()->first + "'");
}

std::span<base::option<combine_config> const> combine_option_table()
{
    static auto const table =
        base::option_list<combine_config>{}
            .add(
                "average", [](auto & c) -> auto & { return c.average; },
                "write one model whose weights are the inputs' mean (checkpoint averaging; inputs must share one "
                "architecture)")
            .add(
                "member", [](auto & c) -> auto & { return c.member; },
                "write member K (1-based, counted over the inputs' members in order) as one model file, with its "
                "disorder head and provenance (0 = all: an ensemble)",
                base::at_least(0))
            .add(
                "out", [](auto & c) -> auto & { return c.out; },
                "file to write (atomically): an ensemble, or with --average one model", {}, 'o')
            .add(
                "input", [](auto & c) -> auto & { return c.inputs; }, "model or ensemble files (positional)")
            .positional()
            .done();
    return table;
}

void combine_models(combine_config const & cfg, std::ostream & log)
{
    if (cfg.out.empty())
        throw config_error("--out is required");
    if (cfg.inputs.empty())
        throw config_error("no input model given");
    auto const e = load_ensemble(cfg.inputs);
    if (cfg.member > 0)
    {
        auto const k = static_cast<std::size_t>(cfg.member);
        if (cfg.average)
            throw config_error("give --member or --average, not both");
        if (k > e.members.size())
            throw config_error("--member " + std::to_string(k) + ": the inputs have " +
                               std::to_string(e.members.size()) + " members");
        auto const & m = e.members[k - 1];
        save_model(cfg.out, m.net, m.header.value("provenance", nlohmann::json::object()),
                   m.disorder ? &*m.disorder : nullptr);
        log << "combine-models: member " << k << " of " << e.members.size() << " (" << e.sources[k - 1]
            << ") written to " << cfg.out << '\n';
        return;
    }
    if (cfg.average)
    {
        auto const m = average_weights(e);
        save_model(cfg.out, m.net, m.header["provenance"]);
        log << "combine-models: weights of " << e.members.size() << " models averaged into " << cfg.out << '\n';
        return;
    }
    save_ensemble(cfg.out, e.members);
    log << "combine-models: " << e.members.size() << " members written to " << cfg.out << '\n';
}

} // namespace ssrnn::nn
