#include <ssrnn/base/option_table.hpp>
#include <ssrnn/base/parallel.hpp>
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/eval/disorder.hpp>
#include <ssrnn/nn/ensemble.hpp>
#include <ssrnn/nn/random.hpp>
#include <ssrnn/nn/workspace.hpp>
#include <ssrnn/predict/predictor.hpp>
#include <ssrnn/train/config.hpp>
#include <ssrnn/train/dataset.hpp>
#include <ssrnn/train/disorder_training.hpp>
#include <ssrnn/version.hpp>

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <ostream>

namespace ssrnn::train
{

std::span<base::option<disorder_config> const> disorder_option_table()
{
    static auto const table =
        base::option_list<disorder_config>{}
            .add(
                "model", [](auto & c) -> auto & { return c.model; },
                "model or ensemble file to add a disorder head to (every member gets one; the networks are not "
                "changed)",
                {}, 'm')
            .add(
                "train", [](auto & c) -> auto & { return c.train; },
                "labelled training data (any format train-structure reads); residues without a label (mask 0, "
                "unobserved in the structure) are the disordered ones")
            .add(
                "train-mask", [](auto & c) -> auto & { return c.train_mask; }, "mask file of --train")
            .add(
                "train-profiles", [](auto & c) -> auto & { return c.train_profiles; },
                "profiles of the --train records (repeatable), for a profile model")
            .add(
                "valid-fraction", [](auto & c) -> auto & { return c.valid_fraction; },
                "fraction of --train records held out for validation (train-structure's split)", base::above_to(0, 0.5))
            .add(
                "split-seed", [](auto & c) -> auto & { return c.split_seed; },
                "seed of the validation split (1: the split of the bundled models)", base::at_least(1))
            .add(
                "hidden", [](auto & c) -> auto & { return c.hidden; }, "hidden units of the head",
                base::between(1, 4096))
            .add(
                "epochs", [](auto & c) -> auto & { return c.epochs; }, "passes over the training residues",
                base::between(1, 1000))
            .add(
                "lr", [](auto & c) -> auto & { return c.lr; }, "Adam learning rate (cosine schedule)",
                base::above_to(0, 1))
            .add(
                "batch", [](auto & c) -> auto & { return c.batch; }, "residues per update", base::between(16, 1 << 20))
            .add(
                "positive-weight", [](auto & c) -> auto & { return c.positive_weight; },
                "loss weight of a disordered residue against 1 for an ordered one (class balance)",
                base::between(0.01, 1000))
            .add(
                "seed", [](auto & c) -> auto & { return c.seed; },
                "seed of initialisation and residue order (member k of an ensemble: seed + k)")
            .add(
                "threads", [](auto & c) -> auto & { return c.threads; },
                "worker threads (output does not depend on it)", base::between(1, 1024), 't')
            .add(
                "out", [](auto & c) -> auto & { return c.out; },
                "model file to write (atomically): the input with disorder heads", {}, 'o')
            .done();
    return table;
}

void validate(disorder_config const & cfg)
{
    base::check_ranges(disorder_option_table(), cfg);
    if (cfg.model.empty())
        throw config_error("--model is required");
    if (cfg.train.empty())
        throw config_error("--train is required");
    if (cfg.out.empty())
        throw config_error("--out is required");
}

namespace
{

using mat = nn::matrix<float>;

//! One sequence to extract states of.
struct seq_view
{
    std::span<std::uint8_t const> residues;
    std::span<std::int8_t const> labels;
    std::span<float const> profile;
};

//! Top-layer states (2H x residues) and labels (1 = disordered) of a set of sequences.
struct feature_set
{
    mat x;
    std::vector<std::uint8_t> y;
};

//! Runs `net` over `seqs` (fixed length-sorted groups: the result does not depend on `threads`)
//! and keeps every residue's top-layer states.
feature_set extract(nn::network<float> const & net, std::vector<seq_view> const & seqs, int threads)
{
    std::vector<std::size_t> offset(seqs.size() + 1, 0);
    for (std::size_t i = 0; i < seqs.size(); ++i)
        offset[i + 1] = offset[i] + seqs[i].residues.size();
    auto const width = net.out_weight().cols();
    feature_set f;
    f.x.resize(width, static_cast<Eigen::Index>(offset.back()));
    f.y.resize(offset.back());
    std::vector<std::size_t> lengths;
    for (auto const & s : seqs)
        lengths.push_back(s.residues.size());
    auto const grouped = predict::group_by_length(lengths);
    auto const & idx = grouped.order;
    auto const & groups = grouped.groups;
    mat const identity = mat::Identity(width, width);
    std::vector<nn::workspace<float>> ws(static_cast<std::size_t>(threads));
    parallel_for(
        static_cast<long>(groups.size()), threads,
        [&](long g)
        {
            auto & w = ws[static_cast<std::size_t>(omp_get_thread_num())];
            auto const [b, e] = groups[static_cast<std::size_t>(g)];
            std::vector<nn::sequence_input> in;
            for (std::size_t k = b; k < e; ++k)
            {
                auto const & s = seqs[idx[k]];
                in.push_back({s.residues, {}, idx[k], net.arch().profile ? s.profile : std::span<float const>{}, {}});
            }
            w.forward(net, in, identity);
            for (std::size_t k = b; k < e; ++k)
            {
                auto const & s = seqs[idx[k]];
                for (std::size_t t = 0; t < s.residues.size(); ++t)
                {
                    auto const col = static_cast<Eigen::Index>(offset[idx[k]] + t);
                    f.x.col(col) = w.projection().col(w.column(static_cast<int>(k - b), static_cast<int>(t)));
                    f.y[static_cast<std::size_t>(col)] = s.labels[t] == encode::no_label ? 1 : 0;
                }
            }
        });
    return f;
}

//! The head's parameters as one flat vector (w1, b1, w2, b2), for Adam.
struct flat_head
{
    int k = 0, width = 0;
    std::vector<float> v;
    [[nodiscard]] Eigen::Map<mat const> w1() const { return {v.data(), k, width}; }
    [[nodiscard]] Eigen::Map<nn::vector<float> const> b1() const { return {v.data() + k * width, k}; }
    [[nodiscard]] Eigen::Map<nn::vector<float> const> w2() const { return {v.data() + k * width + k, k}; }
    [[nodiscard]] float b2() const { return v.back(); }
};

//! P(disordered) of every column of `x` (the head's own formula, over fixed column chunks).
std::vector<float> head_probabilities(nn::disorder_head const & h, mat const & x, int threads)
{
    std::vector<float> p(static_cast<std::size_t>(x.cols()));
    Eigen::Index const chunk = 4096;
    long const chunks = static_cast<long>((x.cols() + chunk - 1) / chunk);
    parallel_for(chunks, threads,
                 [&](long c)
                 {
                     auto const from = static_cast<Eigen::Index>(c) * chunk;
                     auto const n = std::min(x.cols(), from + chunk) - from;
                     mat const z = h.w1 * x.middleCols(from, n);
                     h.probabilities(
                         z, std::span<float>(p).subspan(static_cast<std::size_t>(from), static_cast<std::size_t>(n)));
                 });
    return p;
}

//! Adds the gradient of the weighted cross-entropy over residues `cols` to `g`; returns the loss.
double head_gradient(flat_head const & h, feature_set const & f, std::span<std::size_t const> cols, double pos_weight,
                     std::vector<float> & g)
{
    mat xb(f.x.rows(), static_cast<Eigen::Index>(cols.size()));
    for (std::size_t j = 0; j < cols.size(); ++j)
        xb.col(static_cast<Eigen::Index>(j)) = f.x.col(static_cast<Eigen::Index>(cols[j]));
    mat a = h.w1() * xb;
    a.colwise() += h.b1();
    a = a.array().tanh();
    nn::vector<float> ds(a.cols());
    double loss = 0.0;
    for (Eigen::Index j = 0; j < a.cols(); ++j)
    {
        float const s = a.col(j).dot(h.w2()) + h.b2();
        double const p = 1.0 / (1.0 + std::exp(-static_cast<double>(s)));
        bool const y = f.y[cols[static_cast<std::size_t>(j)]] != 0;
        double const w = y ? pos_weight : 1.0;
        loss -= w * std::log(std::max(y ? p : 1.0 - p, 1e-12));
        ds(j) = static_cast<float>(w * (p - (y ? 1.0 : 0.0)));
    }
    mat const dz = ((h.w2() * ds.transpose()).array() * (1.0F - a.array().square())).matrix();
    int const k = h.k, width = h.width;
    Eigen::Map<mat>(g.data(), k, width).noalias() += dz * xb.transpose();
    Eigen::Map<nn::vector<float>>(g.data() + k * width, k) += dz.rowwise().sum();
    Eigen::Map<nn::vector<float>>(g.data() + k * width + k, k) += a * ds;
    g.back() += ds.sum();
    return loss;
}

//! What training one head gave.
struct head_result
{
    nn::disorder_head head;
    std::vector<float> valid_p; //!< its P(disordered) on the validation residues
    double valid_auc = 0;
    int best_epoch = 0;
};

nn::disorder_head to_head(flat_head const & h)
{
    auto out = nn::make_disorder_head(h.k, h.width);
    out.w1 = h.w1();
    out.b1 = h.b1();
    out.w2 = h.w2();
    out.b2 = h.b2();
    return out;
}

flat_head initial_head(disorder_config const & cfg, int width, std::uint64_t seed, double prior)
{
    flat_head h{cfg.hidden, width, std::vector<float>(static_cast<std::size_t>(cfg.hidden) * (width + 2) + 1)};
    nn::splitmix rng{nn::hash_keys({seed, nn::stream::init, 0xd150})};
    double const a1 = 1.0 / std::sqrt(static_cast<double>(width)), a2 = 1.0 / std::sqrt(static_cast<double>(h.k));
    std::size_t const n1 = static_cast<std::size_t>(h.k) * static_cast<std::size_t>(width);
    for (std::size_t i = 0; i < n1; ++i)
        h.v[i] = static_cast<float>((2.0 * rng.uniform() - 1.0) * a1);
    for (std::size_t i = 0; i < static_cast<std::size_t>(h.k); ++i)
        h.v[n1 + static_cast<std::size_t>(h.k) + i] = static_cast<float>((2.0 * rng.uniform() - 1.0) * a2);
    h.v.back() = static_cast<float>(std::log(prior / (1.0 - prior)));
    return h;
}

//! Trains one head on `train`, keeping the epoch with the best validation AUC.
head_result train_head(disorder_config const & cfg, feature_set const & train, feature_set const & valid,
                       std::uint64_t seed, std::ostream & log)
{
    auto const n = train.y.size();
    double const positives = static_cast<double>(std::accumulate(train.y.begin(), train.y.end(), std::size_t{0}));
    double const prior = std::clamp(positives / static_cast<double>(n), 1e-4, 0.5);
    auto h = initial_head(cfg, static_cast<int>(train.x.rows()), seed, prior);
    std::vector<float> m(h.v.size(), 0.0F), v(h.v.size(), 0.0F);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto const batch = static_cast<std::size_t>(cfg.batch);
    std::size_t const steps = static_cast<std::size_t>(cfg.epochs) * ((n + batch - 1) / batch);
    std::size_t step = 0;
    int constexpr shards = 8; // fixed work units of an update: the sum does not depend on the threads
    head_result best;
    std::vector<std::vector<float>> g(shards, std::vector<float>(h.v.size()));
    std::vector<double> shard_loss(shards);
    for (int epoch = 0; epoch < cfg.epochs; ++epoch)
    {
        auto const t0 = std::chrono::steady_clock::now();
        nn::splitmix rng{nn::hash_keys({seed, nn::stream::batch_order, static_cast<std::uint64_t>(epoch), 0xd150})};
        nn::shuffle(order, rng);
        double loss = 0.0;
        for (std::size_t from = 0; from < n; from += batch, ++step)
        {
            std::span<std::size_t const> cols(order.data() + from, std::min(batch, n - from));
            for (auto & gs : g)
                std::fill(gs.begin(), gs.end(), 0.0F);
            std::fill(shard_loss.begin(), shard_loss.end(), 0.0);
            parallel_for(shards, cfg.threads,
                         [&](long s)
                         {
                             auto const a = cols.size() * static_cast<std::size_t>(s) / shards;
                             auto const b = cols.size() * static_cast<std::size_t>(s + 1) / shards;
                             if (b > a)
                                 shard_loss[static_cast<std::size_t>(s)] =
                                     head_gradient(h, train, cols.subspan(a, b - a), cfg.positive_weight,
                                                   g[static_cast<std::size_t>(s)]);
                         });
            for (int s = 1; s < shards; ++s)
                for (std::size_t i = 0; i < g[0].size(); ++i)
                    g[0][i] += g[static_cast<std::size_t>(s)][i];
            for (double l : shard_loss)
                loss += l;
            // Adam on the mean gradient, cosine learning rate
            double const lr =
                cfg.lr * 0.5 * (1.0 + std::cos(M_PI * static_cast<double>(step) / static_cast<double>(steps)));
            double const b1 = 0.9, b2 = 0.999, t = static_cast<double>(step + 1);
            double const c1 = 1.0 - std::pow(b1, t), c2 = 1.0 - std::pow(b2, t);
            for (std::size_t i = 0; i < h.v.size(); ++i)
            {
                double const gi = g[0][i] / static_cast<double>(cols.size());
                m[i] = static_cast<float>(b1 * m[i] + (1 - b1) * gi);
                v[i] = static_cast<float>(b2 * v[i] + (1 - b2) * gi * gi);
                h.v[i] -= static_cast<float>(lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + 1e-8));
            }
        }
        auto head = to_head(h);
        auto p = head_probabilities(head, valid.x, cfg.threads);
        auto const s = eval::score_disorder(p, valid.y, 0.5);
        std::chrono::duration<double> const dt = std::chrono::steady_clock::now() - t0;
        bool const better = best.best_epoch == 0 || s.auc > best.valid_auc;
        log << "train-disorder-head: epoch " << epoch + 1 << '/' << cfg.epochs << ": train loss "
            << loss / static_cast<double>(n) << ", validation AUC " << s.auc << (better ? " (best)" : "") << ", "
            << dt.count() << " s\n";
        if (better)
        {
            best.head = std::move(head);
            best.valid_p = std::move(p);
            best.valid_auc = s.auc;
            best.best_epoch = epoch + 1;
        }
    }
    return best;
}

//! The sequences of the training examples and of the validation records.
struct views
{
    std::vector<seq_view> train, valid;
    std::vector<std::vector<std::uint8_t>> valid_residues;
};

views sequence_views(dataset const & ds)
{
    views v;
    for (auto const & e : ds.train)
        v.train.push_back({e.residues, e.labels, e.profile});
    for (auto const & r : ds.valid.records)
        v.valid_residues.push_back(encode::residues_from_letters(r.sequence));
    for (std::size_t k = 0; k < ds.valid.records.size(); ++k)
        v.valid.push_back(
            {v.valid_residues[k], ds.valid.records[k].label,
             k < ds.valid_profiles.size() ? std::span<float const>(ds.valid_profiles[k]) : std::span<float const>{}});
    return v;
}

dataset load_data(disorder_config const & cfg, bool profiles)
{
    train_config tc;
    tc.train = cfg.train;
    tc.train_mask = cfg.train_mask;
    tc.train_profiles = cfg.train_profiles;
    tc.valid_fraction = cfg.valid_fraction;
    tc.split_seed = cfg.split_seed;
    tc.seed = cfg.seed;
    if (profiles && cfg.train_profiles.empty())
        throw config_error(cfg.model + " is a profile model: give --train-profiles");
    auto ds = load_dataset(tc, false);
    if (ds.train.empty() || ds.valid.records.empty())
        throw config_error(cfg.train + ": need training and validation records (" + std::to_string(ds.train.size()) +
                           " and " + std::to_string(ds.valid.records.size()) + "; raise --valid-fraction?)");
    return ds;
}

} // namespace

void train_disorder_heads(disorder_config const & cfg, std::ostream & log)
{
    validate(cfg);
    auto e = nn::load_ensemble({cfg.model});
    bool const profiles =
        std::any_of(e.members.begin(), e.members.end(), [](auto const & m) { return m.net.arch().profile; });
    auto const ds = load_data(cfg, profiles);
    auto const seqs = sequence_views(ds);
    std::size_t disordered = 0, residues = 0;
    for (auto const & s : seqs.train)
    {
        residues += s.labels.size();
        disordered += static_cast<std::size_t>(std::count(s.labels.begin(), s.labels.end(), encode::no_label));
    }
    if (disordered == 0 || disordered == residues)
        throw input_error(cfg.train + ": the training residues are all " +
                          (disordered == 0 ? "labelled" : "unlabelled") +
                          ": a disorder head learns from residues without a label (give --train-mask)");
    log << "train-disorder-head: " << seqs.train.size() << " training records, " << residues << " residues ("
        << disordered << " disordered); " << seqs.valid.size() << " validation records (" << ds.valid_desc << ")\n";
    std::vector<float> valid_sum;
    std::vector<std::uint8_t> valid_y;
    for (std::size_t k = 0; k < e.members.size(); ++k)
    {
        auto & member = e.members[k];
        auto const t0 = std::chrono::steady_clock::now();
        auto const train = extract(member.net, seqs.train, cfg.threads);
        auto const valid = extract(member.net, seqs.valid, cfg.threads);
        std::chrono::duration<double> const dt = std::chrono::steady_clock::now() - t0;
        log << "train-disorder-head: member " << k + 1 << '/' << e.members.size() << ": states of "
            << train.y.size() + valid.y.size() << " residues in " << dt.count() << " s\n";
        auto r = train_head(cfg, train, valid, cfg.seed + k, log);
        r.head.threshold = static_cast<float>(eval::best_mcc_threshold(r.valid_p, valid.y));
        auto const s = eval::score_disorder(r.valid_p, valid.y, r.head.threshold);
        r.head.training = {{"tool", std::string{"ssrnn train-disorder-head "} + version_string},
                           {"train", cfg.train},
                           {"train_mask", cfg.train_mask},
                           {"label", "disordered = no label (mask 0: unobserved in the structure)"},
                           {"train_records", seqs.train.size()},
                           {"train_residues", residues},
                           {"train_disordered", disordered},
                           {"valid_fraction", cfg.valid_fraction},
                           {"split_seed", cfg.split_seed},
                           {"hidden", cfg.hidden},
                           {"epochs", cfg.epochs},
                           {"best_epoch", r.best_epoch},
                           {"lr", cfg.lr},
                           {"batch", cfg.batch},
                           {"positive_weight", cfg.positive_weight},
                           {"seed", cfg.seed + k},
                           {"validation", s.to_json()}};
        member.disorder = std::move(r.head);
        if (valid_sum.empty())
        {
            valid_sum.assign(r.valid_p.size(), 0.0F);
            valid_y = valid.y;
        }
        for (std::size_t i = 0; i < valid_sum.size(); ++i)
            valid_sum[i] += r.valid_p[i];
    }
    for (auto & p : valid_sum)
        p /= static_cast<float>(e.members.size());
    auto const threshold = eval::best_mcc_threshold(valid_sum, valid_y);
    auto const s = eval::score_disorder(valid_sum, valid_y, threshold);
    log << "train-disorder-head: validation: AUC " << s.auc << ", MCC " << s.mcc << " at threshold " << threshold
        << " (precision " << s.precision << ", recall " << s.recall << ")\n";
    if (e.members.size() == 1 && e.members.front().header.value("kind", "") == "model")
    {
        auto const & m = e.members.front();
        nn::save_model(cfg.out, m.net, m.header.value("provenance", nlohmann::json::object()), &*m.disorder);
    }
    else
        nn::save_ensemble(cfg.out, e.members, static_cast<float>(threshold));
    log << "train-disorder-head: wrote " << cfg.out << '\n';
}

} // namespace ssrnn::train
