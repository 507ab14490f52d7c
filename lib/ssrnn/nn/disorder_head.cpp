#include <ssrnn/error.hpp>
#include <ssrnn/nn/disorder_head.hpp>
#include <ssrnn/nn/ensemble.hpp>

#include <algorithm>
#include <cmath>

namespace ssrnn::nn
{

void disorder_head::probabilities(matrix<float> const & z, std::span<float> p) const
{
    for (Eigen::Index j = 0; j < z.cols(); ++j)
    {
        float const s = (z.col(j) + b1).array().tanh().matrix().dot(w2) + b2;
        p[static_cast<std::size_t>(j)] = 1.0F / (1.0F + std::exp(-s));
    }
}

disorder_head make_disorder_head(int hidden, int width)
{
    disorder_head h;
    h.w1 = matrix<float>::Zero(hidden, width);
    h.b1 = vector<float>::Zero(hidden);
    h.w2 = vector<float>::Zero(hidden);
    return h;
}

std::vector<tensor_out> disorder_tensors(disorder_head const & h, std::string const & prefix)
{
    int const k = h.hidden();
    int const w = static_cast<int>(h.w1.cols());
    return {{prefix + "disorder.w1", k, w, std::span<float const>(h.w1.data(), h.w1.size())},
            {prefix + "disorder.b1", k, 1, std::span<float const>(h.b1.data(), h.b1.size())},
            {prefix + "disorder.w2", 1, k, std::span<float const>(h.w2.data(), h.w2.size())},
            {prefix + "disorder.b2", 1, 1, std::span<float const>(&h.b2, 1)}};
}

nlohmann::json disorder_json(disorder_head const & h)
{
    // the float threshold as the decimal it was chosen as (0.4, not 0.4000000059604645)
    nlohmann::json j{{"hidden", h.hidden()}, {"threshold", std::round(static_cast<double>(h.threshold) * 1e6) / 1e6}};
    if (!h.training.is_null())
        j["training"] = h.training;
    return j;
}

disorder_head take_disorder_head(container & c, nlohmann::json const & info, int width, std::string const & prefix,
                                 std::string const & path)
{
    auto bad = [&](std::string const & why)
    {
        return model_format_error(path + ": not a usable ssrnn model: disorder head: " + why);
    };
    if (!info.is_object() || !info.contains("hidden") || !info["hidden"].is_number_integer())
        throw bad("the header's 'disorder' object has no integer 'hidden'");
    auto const k = info["hidden"].get<long long>();
    if (k < 1 || k > 4096)
        throw bad("hidden units " + std::to_string(k) + " not in [1, 4096]");
    double const threshold =
        info.contains("threshold") && info["threshold"].is_number() ? info["threshold"].get<double>() : -1.0;
    if (!(threshold > 0.0 && threshold < 1.0))
        throw bad("threshold must be in (0, 1)");
    auto h = make_disorder_head(static_cast<int>(k), width);
    h.threshold = static_cast<float>(threshold);
    h.training = info.value("training", nlohmann::json{});
    struct part
    {
        char const * name;
        float * data;
        int rows, cols;
    };
    part const parts[] = {{"disorder.w1", h.w1.data(), h.hidden(), width},
                          {"disorder.b1", h.b1.data(), h.hidden(), 1},
                          {"disorder.w2", h.w2.data(), 1, h.hidden()},
                          {"disorder.b2", &h.b2, 1, 1}};
    for (auto const & p : parts)
    {
        auto const it = c.data.find(prefix + p.name);
        if (it == c.data.end())
            throw bad("missing tensor '" + prefix + p.name + "'");
        auto const shape = c.shape(it->first);
        if (shape.size() != 2 || shape[0] != p.rows || shape[1] != p.cols)
            throw bad("tensor '" + it->first + "' has shape [" +
                      (shape.size() == 2 ? std::to_string(shape[0]) + ", " + std::to_string(shape[1]) : "?") +
                      "], expected [" + std::to_string(p.rows) + ", " + std::to_string(p.cols) + "]");
        std::copy(it->second.begin(), it->second.end(), p.data);
        c.data.erase(it);
    }
    return h;
}

bool has_disorder(ensemble const & e) noexcept
{
    return !e.members.empty() &&
           std::all_of(e.members.begin(), e.members.end(), [](auto const & m) { return m.disorder.has_value(); });
}

float disorder_threshold(ensemble const & e) noexcept
{
    if (e.disorder_threshold)
        return *e.disorder_threshold;
    double sum = 0.0;
    for (auto const & m : e.members)
        sum += m.disorder ? m.disorder->threshold : 0.5F;
    return e.members.empty() ? 0.5F : static_cast<float>(sum / static_cast<double>(e.members.size()));
}

} // namespace ssrnn::nn
