#include <ssrnn/base/names.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/base/parallel.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/io/fasta.hpp>
#include <ssrnn/io/profiles.hpp>
#include <ssrnn/io/record_files.hpp>
#include <ssrnn/nn/default_model.hpp>
#include <ssrnn/nn/workspace.hpp>
#include <ssrnn/predict/predictor.hpp>
#include <ssrnn/version.hpp>

#include <omp.h>

#include <algorithm>
#include <chrono>
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

precision resolve(precision p) noexcept
{
    if (p != precision::automatic)
        return p;
    return nn::bf16_pays() ? precision::bf16 : precision::float32;
}

length_groups group_by_length(std::span<std::size_t const> lengths, int group_size, int group_residues)
{
    length_groups g;
    g.order.resize(lengths.size());
    std::iota(g.order.begin(), g.order.end(), std::size_t{0});
    std::stable_sort(g.order.begin(), g.order.end(),
                     [&](std::size_t a, std::size_t b) { return lengths[a] > lengths[b]; });
    for (std::size_t i = 0; i < g.order.size();)
    {
        std::size_t j = i, residues = 0;
        while (j < g.order.size() && j - i < static_cast<std::size_t>(group_size) &&
               (j == i || residues + lengths[g.order[j]] <= static_cast<std::size_t>(group_residues)))
            residues += lengths[g.order[j++]];
        g.groups.emplace_back(i, j);
        i = j;
    }
    return g;
}

std::vector<std::vector<float>>
predict_probabilities(nn::network<float> const & net, std::vector<std::vector<std::uint8_t>> const & seqs, int threads,
                      int group_size, int group_residues, bool bf16, std::span<std::vector<float> const> profiles,
                      nn::disorder_head const * head, std::vector<std::vector<float>> * disorder)
{
    if ((head == nullptr) != (disorder == nullptr))
        throw config_error("a disorder head needs an output for its probabilities, and the reverse");
    if (disorder != nullptr)
        disorder->assign(seqs.size(), {});
    if (net.arch().profile && profiles.size() != seqs.size())
        throw config_error("a profile model needs a profile for every sequence");
    std::vector<std::vector<float>> out(seqs.size());
    std::vector<std::size_t> lengths;
    for (auto const & s : seqs)
        lengths.push_back(s.size());
    auto const grouped = group_by_length(lengths, group_size, group_residues);
    auto const & idx = grouped.order;
    auto const & groups = grouped.groups;
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
                     {
                         auto const i = static_cast<std::size_t>(idx[k]);
                         in.push_back({seqs[i], {}, static_cast<std::uint64_t>(i), {}, {}});
                         if (net.arch().profile)
                             in.back().profile = profiles[i];
                     }
                     if (head != nullptr)
                         w.forward(net, in, head->w1);
                     else
                         w.forward(net, in);
                     std::vector<float> p(head != nullptr ? static_cast<std::size_t>(w.projection().cols()) : 0);
                     if (head != nullptr)
                         head->probabilities(w.projection(), p);
                     for (std::size_t k = b; k < e; ++k)
                     {
                         auto const i = static_cast<std::size_t>(idx[k]);
                         auto & o = out[i];
                         o.resize(seqs[i].size() * 8);
                         w.sequence_probabilities(static_cast<int>(k - b), o);
                         if (head == nullptr)
                             continue;
                         auto & d = (*disorder)[i];
                         d.resize(seqs[i].size());
                         for (std::size_t t = 0; t < d.size(); ++t)
                             d[t] = p[static_cast<std::size_t>(w.column(static_cast<int>(k - b), static_cast<int>(t)))];
                     }
                 });
    return out;
}

std::vector<std::vector<float>> predict_probabilities(nn::ensemble const & models,
                                                      std::vector<std::vector<std::uint8_t>> const & seqs, int threads,
                                                      bool bf16, std::span<std::vector<float> const> profiles,
                                                      std::vector<std::vector<float>> * disorder)
{
    if (disorder != nullptr)
        disorder->clear();
    if (models.members.empty())
        return std::vector<std::vector<float>>(seqs.size());
    bool const heads = disorder != nullptr && nn::has_disorder(models);
    auto add = [](std::vector<std::vector<float>> & sum, std::vector<std::vector<float>> const & more)
    {
        for (std::size_t k = 0; k < sum.size(); ++k)
            for (std::size_t i = 0; i < sum[k].size(); ++i)
                sum[k][i] += more[k][i];
    };
    auto scale = [](std::vector<std::vector<float>> & sum, float inv)
    {
        for (auto & p : sum)
            for (auto & v : p)
                v *= inv;
    };
    std::vector<std::vector<float>> more_disorder;
    auto run = [&](std::size_t m, std::vector<std::vector<float>> * d)
    {
        auto const & member = models.members[m];
        return predict_probabilities(member.net, seqs, threads, 32, 16384, bf16, profiles,
                                     heads ? &*member.disorder : nullptr, heads ? d : nullptr);
    };
    auto out = run(0, disorder);
    for (std::size_t m = 1; m < models.members.size(); ++m)
    {
        add(out, run(m, &more_disorder));
        if (heads)
            add(*disorder, more_disorder);
    }
    if (models.members.size() == 1)
        return out;
    float const inv = 1.0F / static_cast<float>(models.members.size());
    scale(out, inv);
    if (heads)
        scale(*disorder, inv);
    return out;
}

bool needs_profiles(nn::ensemble const & models) noexcept
{
    return std::any_of(models.members.begin(), models.members.end(),
                       [](auto const & m) { return m.net.arch().profile; });
}

std::vector<std::vector<float>> predict_with_fallback(nn::ensemble const & models, nn::ensemble const * fallback,
                                                      std::vector<std::vector<std::uint8_t>> const & seqs, int threads,
                                                      bool bf16, std::vector<std::vector<float>> const & profiles,
                                                      std::vector<double> const & depths,
                                                      std::vector<std::vector<float>> * disorder)
{
    if (disorder != nullptr && fallback != nullptr && !nn::has_disorder(*fallback))
        disorder = nullptr; // all or none: a record must not lose its column because it has no homolog
    std::vector<std::size_t> lonely;
    for (std::size_t k = 0; fallback != nullptr && k < depths.size(); ++k)
        if (depths[k] == 1)
            lonely.push_back(k);
    if (lonely.empty())
        return predict_probabilities(models, seqs, threads, bf16, profiles, disorder);
    std::vector<std::vector<std::uint8_t>> main_seqs, lonely_seqs;
    std::vector<std::vector<float>> main_profiles;
    std::vector<std::size_t> rest;
    for (std::size_t k = 0, j = 0; k < seqs.size(); ++k)
        if (j < lonely.size() && lonely[j] == k)
        {
            lonely_seqs.push_back(seqs[k]);
            ++j;
        }
        else
        {
            rest.push_back(k);
            main_seqs.push_back(seqs[k]);
            main_profiles.push_back(profiles[k]);
        }
    bool const heads = disorder != nullptr && nn::has_disorder(models);
    if (!heads)
        disorder = nullptr;
    std::vector<std::vector<float>> da, db;
    auto a = predict_probabilities(models, main_seqs, threads, bf16, main_profiles, disorder ? &da : nullptr);
    auto b = predict_probabilities(*fallback, lonely_seqs, threads, bf16, {}, disorder ? &db : nullptr);
    std::vector<std::vector<float>> out(seqs.size());
    if (disorder != nullptr)
        disorder->assign(seqs.size(), {});
    for (std::size_t i = 0; i < rest.size(); ++i)
    {
        out[rest[i]] = std::move(a[i]);
        if (heads)
            (*disorder)[rest[i]] = std::move(da[i]);
    }
    for (std::size_t i = 0; i < lonely.size(); ++i)
    {
        out[lonely[i]] = std::move(b[i]);
        if (heads)
            (*disorder)[lonely[i]] = std::move(db[i]);
    }
    return out;
}

std::unique_ptr<nn::ensemble> load_no_homolog_model(std::string const & name)
{
    if (name == "none")
        return nullptr;
    auto const paths = nn::model_paths(name == "default" ? std::vector<std::string>{} : std::vector<std::string>{name});
    auto m = std::make_unique<nn::ensemble>(nn::load_ensemble(paths));
    if (needs_profiles(*m))
        throw config_error(paths[0] + " needs profiles: the model for records without homologs must be a "
                                      "single-sequence model");
    return m;
}

std::span<base::option<predict_config> const> option_table()
{
    static auto const table = []
    {
        base::option_list<predict_config> o;
        o.add(
             "threads", [](auto & c) -> auto & { return c.threads; }, "worker threads (output does not depend on it)",
             base::between(1, 1024), 't')
            .choice(
                "precision", [](auto & c) -> auto & { return c.precision; }, precision_names, precision_help)
            .add(
                "model", [](auto & c) -> auto & { return c.models; },
                "model or ensemble file, or a bundled model by name (default, profile); repeat to average several "
                "(default: the bundled default model)",
                {}, 'm')
            .cli_only()
            .choice(
                "format", [](auto & c) -> auto & { return c.format; }, io::format_names,
                base::list_names(io::format_names), 'f')
            .cli_only()
            .add(
                "output", [](auto & c) -> auto & { return c.output; }, "output file (- = stdout; written atomically)",
                {}, 'o')
            .cli_only()
            .add(
                "outdir", [](auto & c) -> auto & { return c.outdir; },
                "write one file per record instead: DIR/<id>.<format> (IDs made file-safe; repeats get _2, _3, ...)")
            .cli_only()
            .include(
                io::chart_option_table(), [](auto & c) -> auto & { return c.chart; })
            .add(
                "max-residues", [](auto & c) -> auto & { return c.max_residues; },
                "refuse records longer than this before predicting anything (0 = no limit)")
            .add(
                "input", [](auto & c) -> auto & { return c.inputs; }, "FASTA files (- = stdin; .gz accepted)")
            .positional()
            .cli_only()
            .add(
                "profiles", [](auto & c) -> auto & { return c.profiles; },
                "precomputed profiles for a profile model: ssrnn profile file, PSI-BLAST ASCII PSSM, .hhm or MMseqs2 "
                "profile2pssm output, or a directory of them (repeatable; matched by record ID)")
            .add(
                "msa", [](auto & c) -> auto & { return c.msa; },
                "alignments for a profile model: A3M, aligned FASTA or Stockholm (.gz too), or a directory of them "
                "(repeatable); each record's profile is computed from the alignment whose query has its ID")
            .include(
                search::option_table(), [](auto & c) -> auto & { return c.search; })
            .add(
                "no-homolog-model", [](auto & c) -> auto & { return c.no_homolog_model; }, no_homolog_help);
        return o.done();
    }();
    return table;
}

void validate_options(predict_config const & cfg)
{
    base::check_ranges(option_table(), cfg);
    if ((!cfg.profiles.empty() || !cfg.msa.empty()) && !cfg.search.database.empty())
        throw config_error("give --profiles/--msa or --search-db, not both");
}

void validate(predict_config const & cfg)
{
    validate_options(cfg);
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
    prediction_sink(predict_config const & cfg, std::string model)
        : cfg_{cfg}, namer_{io::to_string(cfg.format)}, model_{std::move(model)}
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
        if (cfg_.format == io::output_format::svg || cfg_.format == io::output_format::html)
            return draw(r);
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
        if (!single_)
            return;
        if (cfg_.format == io::output_format::svg || cfg_.format == io::output_format::html)
            document(single_->stream(), charts_);
        single_->commit();
    }

private:
    //! Pictures: a document of all records (kept until commit) or one file per record.
    void draw(io::predicted_record const & r)
    {
        auto c = io::draw_chart({r.id, r.sequence, r.prob8, model_, {}, {}, r.disorder}, cfg_.chart);
        if (single_)
        {
            charts_.push_back(std::move(c));
            return;
        }
        io::atomic_output file{(std::filesystem::path{cfg_.outdir} / namer_.next(r.id)).string()};
        document(file.stream(), {&c, 1});
        file.commit();
    }
    //! An SVG document of `charts` stacked, or the HTML report of them.
    void document(std::ostream & out, std::span<io::chart const> charts) const
    {
        if (cfg_.format == io::output_format::svg)
            io::write_svg_document(out, charts);
        else
            io::write_html_report(out, {"ssrnn predictions", cfg_.command_line, model_, version_string, {}}, charts);
    }

    predict_config const & cfg_;
    io::record_file_namer namer_;
    std::unique_ptr<io::atomic_output> single_;
    std::string model_; //!< the model's file name(s), shown in titles
    std::vector<io::chart> charts_;
};

} // namespace

profile_source::profile_source(predict_config const & cfg, nn::ensemble const & m, std::string const & model,
                               std::ostream & log)
    : log_{log}
{
    bool const given = !cfg.profiles.empty() || !cfg.msa.empty() || !cfg.search.database.empty();
    if (!needs_profiles(m))
    {
        if (given)
            log << "predict-structure: note: " << model << " is a single-sequence model; "
                << (!cfg.profiles.empty() ? "--profiles"
                    : !cfg.msa.empty()    ? "--msa"
                                          : "--search-db")
                << " ignored\n";
        return;
    }
    if (!given && cfg.profile_data.empty())
        throw config_error(
            model + " is a profile model: give --profiles FILE, --msa ALIGNMENT or --search-db DB (docs/profiles.md)");
    if (cfg.search.database.empty())
    {
        index_ = std::make_unique<io::profile_index>(cfg.profiles);
        index_->add_paths(cfg.msa, true);
        for (auto const & f : cfg.profile_data)
            index_->add(f);
    }
    else
    {
        auto search = cfg.search; // MMseqs2 runs on the prediction's threads
        search.threads = cfg.threads;
        searcher_ = std::make_unique<search::profile_searcher>(search, log);
    }
    fallback_ = load_no_homolog_model(cfg.no_homolog_model);
}

profile_source::~profile_source() = default;

std::vector<std::vector<float>> profile_source::features(std::vector<io::fasta_record> const & chunk,
                                                         std::vector<std::string> const & where, std::size_t first)
{
    std::vector<std::vector<float>> out;
    depths_.clear();
    if (index_)
        for (std::size_t k = 0; k < chunk.size(); ++k)
        {
            auto const & p = index_->find(chunk[k].id, first + k, chunk[k].sequence, where[k]);
            encode::append_profile_features(p.scores, p.depth, out.emplace_back());
            depths_.push_back(p.depth);
        }
    else if (searcher_ && !chunk.empty())
    {
        auto const t0 = std::chrono::steady_clock::now();
        auto const cpu0 = searcher_->child_cpu_seconds();
        for (auto const & p : searcher_->run(chunk))
        {
            encode::append_profile_features(p.scores, p.depth, out.emplace_back());
            depths_.push_back(p.depth);
        }
        std::chrono::duration<double> const dt = std::chrono::steady_clock::now() - t0;
        log_ << "predict-structure: profiles of " << chunk.size() << " sequences searched in " << dt.count()
             << " s (MMseqs2 CPU " << searcher_->child_cpu_seconds() - cpu0 << " s)\n";
    }
    return out;
}

std::string model_names(std::vector<std::string> const & paths)
{
    std::string out;
    for (auto const & p : paths)
        out += (out.empty() ? "" : ", ") + std::filesystem::path{p}.filename().string();
    return out;
}

std::vector<std::vector<float>> predict_records(predict_config const & cfg,
                                                std::vector<io::fasta_record> const & records,
                                                std::string const & where, std::ostream & log,
                                                std::vector<std::vector<float>> * disorder)
{
    validate_options(cfg);
    auto const paths = nn::model_paths(cfg.models);
    std::string source;
    for (auto const & p : paths)
        source += (source.empty() ? "" : ", ") + p;
    auto const m = nn::load_ensemble(paths);
    profile_source profiles{cfg, m, source, log};
    std::vector<std::vector<std::uint8_t>> encoded;
    for (std::size_t k = 0; k < records.size(); ++k)
        try
        {
            encoded.push_back(encode::residues_from_letters(records[k].sequence));
        }
        catch (input_error const & e)
        {
            throw input_error(where + ": record " + std::to_string(k + 1) + " ('" + records[k].id + "'): " + e.what());
        }
    auto const features = profiles.features(records, std::vector<std::string>(records.size(), where), 0);
    return predict_with_fallback(m, profiles.fallback(), encoded, cfg.threads,
                                 resolve(cfg.precision) == precision::bf16, features, profiles.depths(), disorder);
}

predict_summary run_predict(predict_config const & cfg, std::ostream & log)
{
    validate(cfg);
    predict_summary sum;
    auto const paths = nn::model_paths(cfg.models);
    for (auto const & p : paths)
        sum.model += (sum.model.empty() ? "" : ", ") + p;
    auto const m = nn::load_ensemble(paths);
    profile_source profiles{cfg, m, sum.model, log};
    if (nn::has_disorder(m) && profiles.fallback() != nullptr && !nn::has_disorder(*profiles.fallback()))
        log << "predict-structure: note: no disorder output: the model for records without homologs ("
            << cfg.no_homolog_model << ") has no disorder head\n";
    prediction_sink out{cfg, model_names(paths)};
    std::vector<io::fasta_record> chunk;
    std::vector<std::string> where;
    std::vector<std::vector<std::uint8_t>> encoded;
    auto flush = [&]
    {
        auto const features = profiles.features(chunk, where, sum.records);
        std::vector<std::vector<float>> disorder;
        auto const probs =
            predict_with_fallback(m, profiles.fallback(), encoded, cfg.threads,
                                  resolve(cfg.precision) == precision::bf16, features, profiles.depths(), &disorder);
        for (std::size_t k = 0; k < chunk.size(); ++k)
        {
            io::predicted_record r{chunk[k].id, chunk[k].description, chunk[k].sequence, probs[k],
                                   disorder.empty() ? std::span<float const>{} : disorder[k]};
            out.write(r, sum.records == 0);
            ++sum.records;
            sum.residues += chunk[k].sequence.size();
        }
        chunk.clear();
        where.clear();
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
            where.push_back(reader.name());
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
