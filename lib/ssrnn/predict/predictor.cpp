#include <ssrnn/base/names.hpp>
#include <ssrnn/base/parallel.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/io/fasta.hpp>
#include <ssrnn/io/record_files.hpp>
#include <ssrnn/nn/default_model.hpp>
#include <ssrnn/nn/workspace.hpp>
#include <ssrnn/predict/predictor.hpp>

#include <omp.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <numeric>
#include <ostream>

namespace ssrnn::predict
{

precision parse_precision(std::string_view name)
{
    return base::parse_name<precision>(precision_names, name,
                                       "--precision must be " + base::list_names(precision_names));
}

std::vector<std::vector<float>> predict_probabilities(nn::network<float> const & net,
                                                      std::vector<std::vector<std::uint8_t>> const & seqs, int threads,
                                                      int group_size, int group_residues, bool bf16)
{
    std::vector<std::vector<float>> out(seqs.size());
    // Fixed groups of similar length, independent of the thread count.
    std::vector<int> idx(seqs.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(),
                     [&](int a, int b)
                     { return seqs[static_cast<std::size_t>(a)].size() > seqs[static_cast<std::size_t>(b)].size(); });
    std::vector<std::pair<std::size_t, std::size_t>> groups;
    for (std::size_t i = 0; i < idx.size();)
    {
        std::size_t j = i, residues = 0;
        while (j < idx.size() && j - i < static_cast<std::size_t>(group_size) &&
               (j == i ||
                residues + seqs[static_cast<std::size_t>(idx[j])].size() <= static_cast<std::size_t>(group_residues)))
            residues += seqs[static_cast<std::size_t>(idx[j++])].size();
        groups.emplace_back(i, j);
        i = j;
    }
    int const nthreads = std::max(1, threads);
    std::vector<nn::workspace<float>> ws(static_cast<std::size_t>(nthreads));
    for (auto & w : ws)
        w.set_bf16(bf16);
    parallel_for(static_cast<long>(groups.size()), nthreads,
                 [&](long g)
                 {
                     auto & w = ws[static_cast<std::size_t>(omp_get_thread_num())];
                     auto [b, e] = groups[static_cast<std::size_t>(g)];
                     std::vector<nn::sequence_input> in;
                     for (std::size_t k = b; k < e; ++k)
                         in.push_back({seqs[static_cast<std::size_t>(idx[k])], {}, static_cast<std::uint64_t>(idx[k])});
                     w.forward(net, in);
                     for (std::size_t k = b; k < e; ++k)
                     {
                         auto & o = out[static_cast<std::size_t>(idx[k])];
                         o.resize(seqs[static_cast<std::size_t>(idx[k])].size() * 8);
                         w.sequence_probabilities(static_cast<int>(k - b), o);
                     }
                 });
    return out;
}

std::vector<std::vector<float>> predict_probabilities(nn::ensemble const & models,
                                                      std::vector<std::vector<std::uint8_t>> const & seqs, int threads,
                                                      bool bf16)
{
    if (models.members.empty())
        return std::vector<std::vector<float>>(seqs.size());
    auto out = predict_probabilities(models.members[0].net, seqs, threads, 32, 16384, bf16);
    if (models.members.size() == 1)
        return out;
    for (std::size_t m = 1; m < models.members.size(); ++m)
    {
        auto const more = predict_probabilities(models.members[m].net, seqs, threads, 32, 16384, bf16);
        for (std::size_t k = 0; k < out.size(); ++k)
            for (std::size_t i = 0; i < out[k].size(); ++i)
                out[k][i] += more[k][i];
    }
    float const inv = 1.0F / static_cast<float>(models.members.size());
    for (auto & p : out)
        for (auto & v : p)
            v *= inv;
    return out;
}

void validate(predict_config const & cfg)
{
    if (cfg.threads < 1 || cfg.threads > 1024)
        throw config_error("--threads must be between 1 and 1024");
    if (cfg.inputs.empty())
        throw config_error("no input file given (use - for standard input)");
    if (std::count(cfg.inputs.begin(), cfg.inputs.end(), std::string{"-"}) > 1)
        throw config_error("standard input (-) can be read only once");
    if (!cfg.outdir.empty() && cfg.output != "-")
        throw config_error("give --output or --outdir, not both");
}

namespace
{
//! Where predictions go: one stream (`-o`), or one file per record (`--outdir`).
class prediction_sink
{
public:
    explicit prediction_sink(predict_config const & cfg) : cfg_{cfg}, namer_{io::to_string(cfg.format)}
    {
        if (cfg.outdir.empty())
        {
            single_ = std::make_unique<io::atomic_output>(cfg.output);
            return;
        }
        std::error_code ec;
        std::filesystem::create_directories(cfg.outdir, ec);
        if (ec || !std::filesystem::is_directory(cfg.outdir))
            throw io_error(cfg.outdir + ": cannot create output directory" + (ec ? ": " + ec.message() : ""));
    }
    void write(io::predicted_record const & r, bool first)
    {
        if (single_)
        {
            io::write_record(single_->stream(), cfg_.format, r, first);
            single_->check();
            return;
        }
        io::atomic_output file{(std::filesystem::path{cfg_.outdir} / namer_.next(r.id)).string()};
        io::write_record(file.stream(), cfg_.format, r, true);
        file.commit();
    }
    void commit()
    {
        if (single_)
            single_->commit();
    }

private:
    predict_config const & cfg_;
    io::record_file_namer namer_;
    std::unique_ptr<io::atomic_output> single_;
};
} // namespace

predict_summary run_predict(predict_config const & cfg, std::ostream & log)
{
    validate(cfg);
    predict_summary sum;
    auto const paths = nn::model_paths(cfg.models);
    for (auto const & p : paths)
        sum.model += (sum.model.empty() ? "" : ", ") + p;
    auto const m = nn::load_ensemble(paths);
    prediction_sink out{cfg};
    std::vector<io::fasta_record> chunk;
    std::vector<std::vector<std::uint8_t>> encoded;
    auto flush = [&]
    {
        auto const probs = predict_probabilities(m, encoded, cfg.threads, cfg.precision == precision::bf16);
        for (std::size_t k = 0; k < chunk.size(); ++k)
        {
            io::predicted_record r{chunk[k].id, chunk[k].description, chunk[k].sequence, probs[k]};
            out.write(r, sum.records == 0);
            ++sum.records;
            sum.residues += chunk[k].sequence.size();
        }
        chunk.clear();
        encoded.clear();
    };
    std::size_t pending = 0;
    for (auto const & path : cfg.inputs)
    {
        io::fasta_reader reader{path};
        io::fasta_record rec;
        for (std::size_t number = 1; reader.next(rec); ++number)
        {
            if (cfg.max_residues > 0 && rec.sequence.size() > cfg.max_residues)
                throw input_error(reader.name() + ": record " + std::to_string(number) + " ('" + rec.id + "') has " +
                                  std::to_string(rec.sequence.size()) + " residues, more than --max-residues " +
                                  std::to_string(cfg.max_residues) +
                                  " (prediction memory grows with the longest record; raise the limit to predict it)");
            pending += rec.sequence.size();
            encoded.push_back(encode::residues_from_letters(rec.sequence));
            chunk.push_back(std::move(rec));
            if (pending >= cfg.chunk_residues)
            {
                flush();
                pending = 0;
            }
        }
    }
    flush();
    out.commit();
    log << "predict-structure: " << sum.records << " records, " << sum.residues << " residues, model " << sum.model
        << '\n';
    return sum;
}

} // namespace ssrnn::predict
