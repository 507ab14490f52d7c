#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/nn/default_model.hpp>
#include <ssrnn/nn/ensemble.hpp>
#include <ssrnn/predict/predictor.hpp>
#include <ssrnn/ssrnn.hpp>

#include <malloc.h>

namespace ssrnn
{

struct model::impl
{
    nn::ensemble networks;
    std::string source;
};

model model::load(std::string const & path)
{
    return load(std::vector<std::string>{path});
}

model model::load(std::vector<std::string> const & paths)
{
    if (paths.empty())
        throw config_error("no model file given");
    auto p = std::make_shared<impl>();
    p->networks = nn::load_ensemble(paths);
    for (auto const & s : paths)
        p->source += (p->source.empty() ? "" : ", ") + s;
    return model{std::move(p)};
}

model model::load_default()
{
    return load(nn::default_model_path());
}

std::vector<prediction> model::predict(std::vector<record> const & records, predict_options const & options) const
{
    if (options.threads < 1 || options.threads > 1024)
        throw config_error("threads must be between 1 and 1024");
    std::vector<std::vector<std::uint8_t>> encoded;
    encoded.reserve(records.size());
    for (std::size_t k = 0; k < records.size(); ++k)
    {
        try
        {
            encoded.push_back(encode::residues_from_letters(records[k].sequence));
        }
        catch (input_error const & e)
        {
            throw input_error("record " + std::to_string(k + 1) + " ('" + records[k].id + "'): " + e.what());
        }
    }
    auto const probs = predict::predict_probabilities(impl_->networks, encoded, options.threads);
    std::vector<prediction> out(records.size());
    for (std::size_t k = 0; k < records.size(); ++k)
    {
        auto & p = out[k];
        std::size_t const n = records[k].sequence.size();
        p.id = records[k].id;
        p.sequence = records[k].sequence;
        p.prob8 = probs[k];
        p.ss8.resize(n);
        p.ss3.resize(n);
        p.prob3.resize(3 * n);
        for (std::size_t i = 0; i < n; ++i)
        {
            auto const p3 = encode::to_ss3(p.probabilities8(i));
            p.ss8[i] = encode::ss8_letters[static_cast<std::size_t>(encode::argmax(p.probabilities8(i)))];
            p.ss3[i] = encode::ss3_letters[static_cast<std::size_t>(encode::argmax(p3))];
            std::copy(p3.begin(), p3.end(), p.prob3.begin() + static_cast<std::ptrdiff_t>(3 * i));
        }
    }
    return out;
}

prediction model::predict(std::string_view sequence, predict_options const & options) const
{
    return std::move(predict(std::vector<record>{{"", std::string{sequence}}}, options).front());
}

std::size_t model::members() const noexcept
{
    return impl_->networks.members.size();
}

std::string const & model::source() const noexcept
{
    return impl_->source;
}

void keep_freed_memory() noexcept
{
    ::mallopt(M_MMAP_MAX, 0);
    ::mallopt(M_ARENA_MAX, 1);
    ::mallopt(M_TRIM_THRESHOLD, -1);
}

} // namespace ssrnn
