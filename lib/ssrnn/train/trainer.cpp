#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/eval/evaluate.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/io/labelled.hpp>
#include <ssrnn/nn/model_file.hpp>
#include <ssrnn/nn/random.hpp>
#include <ssrnn/train/adam.hpp>
#include <ssrnn/train/gradient_step.hpp>
#include <ssrnn/train/trainer.hpp>
#include <ssrnn/version.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <ostream>

namespace ssrnn::train
{
namespace
{

struct example
{
    std::vector<std::uint8_t> residues;
    std::vector<std::int8_t> labels;
    std::uint64_t id = 0;
    std::size_t labelled = 0;
};

std::vector<example> to_examples(io::labelled_set const & s, std::vector<std::size_t> const & which)
{
    std::vector<example> out;
    out.reserve(which.size());
    for (auto k : which)
    {
        auto const & r = s.records[k];
        example e;
        e.residues = encode::residues_from_letters(r.sequence);
        e.labels = r.label;
        e.id = k;
        e.labelled =
            static_cast<std::size_t>(std::count_if(r.label.begin(), r.label.end(), [](auto l) { return l >= 0; }));
        out.push_back(std::move(e));
    }
    return out;
}

//! Batches of one epoch: shuffled, bucketed by length within windows of 16 batches, batch order shuffled.
std::vector<std::vector<std::size_t>> make_batches(std::vector<example> const & data, int batch, std::uint64_t seed,
                                                   int epoch)
{
    nn::splitmix rng{nn::hash_keys({seed, 0xba7c4, static_cast<std::uint64_t>(epoch)})};
    std::vector<std::size_t> order(data.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    nn::shuffle(order, rng);
    std::size_t const window = static_cast<std::size_t>(batch) * 16;
    std::vector<std::vector<std::size_t>> batches;
    for (std::size_t w = 0; w < order.size(); w += window)
    {
        auto const e = std::min(order.size(), w + window);
        std::stable_sort(order.begin() + static_cast<std::ptrdiff_t>(w), order.begin() + static_cast<std::ptrdiff_t>(e),
                         [&](std::size_t a, std::size_t b)
                         { return data[a].residues.size() > data[b].residues.size(); });
        for (std::size_t b = w; b < e; b += static_cast<std::size_t>(batch))
            batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(b),
                                 order.begin() +
                                     static_cast<std::ptrdiff_t>(std::min(e, b + static_cast<std::size_t>(batch))));
    }
    nn::shuffle(batches, rng);
    return batches;
}

double learning_rate(train_config const & cfg, std::uint64_t step, std::uint64_t total)
{
    if (cfg.schedule == "constant" || total == 0)
        return cfg.lr;
    double const progress = std::min(1.0, static_cast<double>(step) / static_cast<double>(total));
    double const floor = cfg.lr / 20.0;
    return floor + (cfg.lr - floor) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

std::string format_seconds(double s)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d:%02d:%02d", static_cast<int>(s / 3600), static_cast<int>(s / 60) % 60,
                  static_cast<int>(s) % 60);
    return buf;
}

void progress_bar(std::ostream & log, int epoch, int epochs, std::size_t done, std::size_t total, double loss)
{
    int const width = 30;
    int const filled = total ? static_cast<int>(width * done / total) : width;
    char buf[160];
    std::snprintf(buf, sizeof buf, "\repoch %d/%d [%s%s] %3d%% loss %.4f", epoch, epochs,
                  std::string(static_cast<std::size_t>(filled), '=').c_str(),
                  std::string(static_cast<std::size_t>(width - filled), ' ').c_str(),
                  total ? static_cast<int>(100 * done / total) : 100, loss);
    log << buf << std::flush;
}

} // namespace

void validate(train_config const & cfg)
{
    nn::validate(cfg.arch);
    if (cfg.train.empty())
        throw config_error("--train is required");
    if (cfg.out.empty())
        throw config_error("--out is required");
    if (!cfg.valid_mask.empty() && cfg.valid.empty())
        throw config_error("--valid-mask needs --valid");
    if (cfg.valid.empty() && !(cfg.valid_fraction > 0.0 && cfg.valid_fraction < 1.0))
        throw config_error("--valid-fraction must be in (0, 1) when no --valid file is given");
    if (cfg.epochs < 1 || cfg.epochs > 100000)
        throw config_error("--epochs must be at least 1");
    if (cfg.batch < 1 || cfg.batch > 100000)
        throw config_error("--batch must be at least 1");
    if (!(cfg.lr > 0.0) || !std::isfinite(cfg.lr))
        throw config_error("--lr must be positive");
    if (!(cfg.dropout >= 0.0F && cfg.dropout < 1.0F))
        throw config_error("--dropout must be in [0, 1)");
    if (!(cfg.label_smoothing >= 0.0 && cfg.label_smoothing < 1.0))
        throw config_error("--label-smoothing must be in [0, 1)");
    if (!(cfg.q3_weight >= 0.0 && cfg.q3_weight <= 100.0))
        throw config_error("--q3-weight must be in [0, 100]");
    if (!(cfg.clip_norm >= 0.0) || !std::isfinite(cfg.clip_norm))
        throw config_error("--clip-norm must be >= 0 (0 disables clipping)");
    if (cfg.threads < 1 || cfg.threads > 1024)
        throw config_error("--threads must be between 1 and 1024");
    if (cfg.shards < 1 || cfg.shards > 1024)
        throw config_error("shards must be between 1 and 1024");
    if (cfg.schedule != "constant" && cfg.schedule != "cosine")
        throw config_error("--schedule must be constant or cosine");
    if (!(cfg.clip_value >= 0.0) || !std::isfinite(cfg.clip_value))
        throw config_error("--clip-value must be >= 0 (0 disables it)");
    if (cfg.bptt != "full" && cfg.bptt != "truncated")
        throw config_error("--bptt must be full or truncated");
    if (cfg.bptt == "truncated" && cfg.bptt_k < 1)
        throw config_error("--bptt truncated needs --bptt-k K >= 1");
    if (cfg.bptt == "full" && cfg.bptt_k != 0)
        throw config_error("--bptt-k needs --bptt truncated");
    if (cfg.time_limit_minutes < 0)
        throw config_error("--time-limit must be >= 0");
}

train_result train(train_config const & cfg, std::ostream & log)
{
    validate(cfg);
    std::uint64_t const split_seed = cfg.split_seed ? cfg.split_seed : cfg.seed;
    auto const t_start = std::chrono::steady_clock::now();
    auto elapsed = [&]
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    };
    bool const tty = ::isatty(2) != 0;

    // --- data ---
    auto const train_set = io::read_labelled(
        cfg.train, cfg.train_mask.empty() ? std::vector<std::string>{} : std::vector<std::string>{cfg.train_mask});
    std::vector<example> train_data;
    io::labelled_set valid_set;
    std::string valid_desc;
    if (cfg.valid.empty())
    {
        std::vector<std::size_t> idx(train_set.records.size());
        for (std::size_t i = 0; i < idx.size(); ++i)
            idx[i] = i;
        nn::splitmix rng{nn::hash_keys({split_seed, 0x5eed5b117})};
        nn::shuffle(idx, rng);
        auto const nv = static_cast<std::size_t>(std::llround(cfg.valid_fraction * static_cast<double>(idx.size())));
        if (nv == 0 || nv >= idx.size())
            throw config_error(cfg.train + ": too few records (" + std::to_string(idx.size()) +
                               ") to split off a validation set of fraction " + std::to_string(cfg.valid_fraction));
        std::vector<std::size_t> v(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(nv));
        std::vector<std::size_t> t(idx.begin() + static_cast<std::ptrdiff_t>(nv), idx.end());
        std::sort(v.begin(), v.end());
        std::sort(t.begin(), t.end());
        for (auto k : v)
            valid_set.records.push_back(train_set.records[k]);
        train_data = to_examples(train_set, t);
        valid_desc = "split of " + cfg.train + ": " + std::to_string(nv) + " records (fraction " +
                     std::to_string(cfg.valid_fraction) + ", seed " + std::to_string(split_seed) + ")";
    }
    else
    {
        std::vector<std::size_t> all(train_set.records.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            all[i] = i;
        train_data = to_examples(train_set, all);
        valid_desc = cfg.valid;
        valid_set = io::read_labelled(cfg.valid, cfg.valid_mask.empty() ? std::vector<std::string>{}
                                                                        : std::vector<std::string>{cfg.valid_mask});
    }
    if (!cfg.write_valid.empty())
    {
        // The validation split as files, so ensembles and other tools can be scored on it.
        io::atomic_output data{cfg.write_valid}, mask{cfg.write_valid + ".mask"};
        for (auto const & r : valid_set.records)
        {
            std::string labels(r.sequence.size(), 'C'), bits(r.sequence.size(), '0');
            for (std::size_t i = 0; i < r.label.size(); ++i)
                if (r.label[i] >= 0)
                {
                    labels[i] = encode::ss8_letters[static_cast<std::size_t>(r.label[i])];
                    bits[i] = '1';
                }
            data.stream() << '>' << r.id << '\n' << r.sequence << '\n' << labels << '\n';
            mask.stream() << '>' << r.id << '\n' << r.sequence << '\n' << bits << '\n';
        }
        data.commit();
        mask.commit();
        log << "validation split (" << valid_desc << ") written to " << cfg.write_valid << " and " << cfg.write_valid
            << ".mask\n";
        return {};
    }
    auto checksum = train_set.checksum;
    std::uint64_t next_id = train_set.records.size();
    for (auto const & path : cfg.extra_train)
    {
        auto const extra = io::read_labelled(path);
        std::vector<std::size_t> all(extra.records.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            all[i] = i;
        for (auto & e : to_examples(extra, all))
        {
            e.id += next_id; // distinct ids keep dropout masks distinct
            train_data.push_back(std::move(e));
        }
        next_id += extra.records.size();
        checksum = io::fnv1a64(&extra.checksum, sizeof extra.checksum, checksum);
    }
    std::size_t train_residues = 0;
    for (auto const & e : train_data)
        train_residues += e.residues.size();

    // --- model and optimiser ---
    nn::network<float> net{cfg.arch};
    net.init(cfg.seed, cfg.forget_bias);
    adam opt;
    int start_epoch = 0;
    std::size_t start_batch = 0;
    train_result res;
    std::string const ckpt = cfg.checkpoint.empty() ? cfg.out + ".ckpt" : cfg.checkpoint;
    if (cfg.resume && std::filesystem::exists(ckpt))
    {
        auto c = nn::read_container(ckpt);
        if (c.header.value("kind", "") != "checkpoint")
            throw model_format_error(ckpt + ": not an ssrnn checkpoint");
        if (nn::to_json(cfg.arch) != c.header.at("architecture") ||
            c.header.at("seed").get<std::uint64_t>() != cfg.seed ||
            c.header.value("split_seed", c.header.at("seed").get<std::uint64_t>()) != split_seed)
            throw config_error(ckpt + ": checkpoint was written with another architecture, seed or split seed");
        for (auto const & s : net.tensors())
        {
            auto const & p = c.data.at(s.name);
            std::copy(p.begin(), p.end(), net.params().begin() + static_cast<std::ptrdiff_t>(s.offset));
        }
        opt.m = c.data.at("adam.m");
        opt.v = c.data.at("adam.v");
        opt.step = c.header.at("adam_step").get<std::uint64_t>();
        start_epoch = c.header.at("epoch").get<int>();
        start_batch = c.header.at("batch").get<std::size_t>();
        res.best_epoch = c.header.at("best_epoch").get<int>();
        res.best_q8 = c.header.at("best_q8").get<double>();
        res.best_q3 = c.header.at("best_q3").get<double>();
        log << "resuming from " << ckpt << " at epoch " << start_epoch + 1 << ", batch " << start_batch << '\n';
    }

    log << "train-structure " << version_string << ": " << train_data.size() << " training records (" << train_residues
        << " residues), validation " << valid_set.records.size() << " records (" << valid_desc << ")\n"
        << "  cell " << cfg.arch.cell << ", layers " << cfg.arch.layers << ", hidden " << cfg.arch.hidden
        << ", encoding " << encode::to_string(cfg.arch.encoding) << ", parameters " << net.params().size() << '\n'
        << "  epochs " << cfg.epochs << ", batch " << cfg.batch << ", lr " << cfg.lr << " (" << cfg.schedule
        << "), dropout " << cfg.dropout << ", label smoothing " << cfg.label_smoothing << ", q3 weight "
        << cfg.q3_weight << ", clip-norm " << cfg.clip_norm << ", bptt " << cfg.bptt
        << (cfg.bptt_k ? " k=" + std::to_string(cfg.bptt_k) : std::string{}) << ", threads " << cfg.threads
        << ", shards " << cfg.shards << ", seed " << cfg.seed << '\n';

    auto const P = net.params().size();
    if (opt.m.size() != P)
    {
        opt.m.assign(P, 0.0F);
        opt.v.assign(P, 0.0F);
    }
    int const shards = std::min(cfg.shards, cfg.batch);
    gradient_step step{P, shards};
    auto & grad = step.grad();
    std::uint64_t const batches_per_epoch =
        (train_data.size() + static_cast<std::size_t>(cfg.batch) - 1) / static_cast<std::size_t>(cfg.batch);
    std::uint64_t const total_steps = batches_per_epoch * static_cast<std::uint64_t>(cfg.epochs);

    auto save_checkpoint = [&](int epoch, std::size_t batch)
    {
        nlohmann::json h;
        h["format"] = "ssrnn-model";
        h["kind"] = "checkpoint";
        h["architecture"] = nn::to_json(cfg.arch);
        h["seed"] = cfg.seed;
        h["split_seed"] = split_seed;
        h["epoch"] = epoch;
        h["batch"] = batch;
        h["adam_step"] = opt.step;
        h["best_epoch"] = res.best_epoch;
        h["best_q8"] = res.best_q8;
        h["best_q3"] = res.best_q3;
        auto t = nn::network_tensors(net);
        t.push_back({"adam.m", static_cast<int>(P), 1, opt.m});
        t.push_back({"adam.v", static_cast<int>(P), 1, opt.v});
        nn::write_container(ckpt, h, t);
    };

    for (int epoch = start_epoch; epoch < cfg.epochs; ++epoch)
    {
        auto const t_epoch = elapsed();
        auto const batches = make_batches(train_data, cfg.batch, cfg.seed, epoch);
        double loss_total = 0.0;
        std::size_t count_total = 0, correct_total = 0, residues_done = 0, clipped = 0;
        nn::dropout_config const drop{cfg.dropout, cfg.seed, static_cast<std::uint64_t>(epoch)};
        std::size_t const first = epoch == start_epoch ? start_batch : 0;
        for (std::size_t bi = first; bi < batches.size(); ++bi)
        {
            if (cfg.time_limit_minutes > 0 && elapsed() > cfg.time_limit_minutes * 60.0)
            {
                save_checkpoint(epoch, bi);
                if (tty)
                    log << '\n';
                log << "time limit reached after " << format_seconds(elapsed()) << "; checkpoint " << ckpt
                    << " written at epoch " << epoch + 1 << ", batch " << bi << " (resume with --resume)\n";
                res.epochs_done = epoch;
                res.stopped_early = true;
                return res;
            }
            auto const & batch = batches[bi];
            std::size_t labelled = 0;
            for (auto k : batch)
            {
                labelled += train_data[k].labelled;
                residues_done += train_data[k].residues.size();
            }
            if (labelled == 0)
                continue;
            float const scale = 1.0F / static_cast<float>(labelled);
            std::vector<nn::sequence_input> in;
            in.reserve(batch.size());
            for (auto k : batch)
                in.push_back({train_data[k].residues, train_data[k].labels, train_data[k].id});
            auto const sums =
                step.run(net, in, drop, scale, cfg.threads, cfg.bptt_k, {cfg.label_smoothing, cfg.q3_weight});
            double const batch_loss = sums.loss;
            count_total += sums.count;
            correct_total += sums.correct;
            loss_total += batch_loss;
            double const norm = global_norm(grad);
            if (!std::isfinite(batch_loss) || !std::isfinite(norm))
            {
                if (tty)
                    log << '\n';
                throw numeric_error(
                    "training diverged: " + std::string(std::isfinite(batch_loss) ? "gradient" : "loss") +
                    " is not finite at epoch " + std::to_string(epoch + 1) + ", batch " + std::to_string(bi + 1) +
                    " (try a lower --lr or a smaller --clip-norm); " + "the last saved model is unchanged");
            }
            bool const by_norm = clip_global_norm(grad, norm, cfg.clip_norm);
            bool const by_value = clip_elements(grad, cfg.clip_value);
            clipped += by_norm || by_value ? 1 : 0;
            opt.update(net.params(), grad, learning_rate(cfg, opt.step, total_steps), cfg.threads);
            if (tty && (bi % 4 == 0 || bi + 1 == batches.size()))
                progress_bar(log, epoch + 1, cfg.epochs, bi + 1, batches.size(),
                             count_total ? loss_total / static_cast<double>(count_total) : 0.0);
        }
        if (tty)
            log << '\n';
        double const train_seconds = elapsed() - t_epoch;
        auto const vm = eval::evaluate(net, valid_set, cfg.threads);
        bool const best = vm.q8() > res.best_q8 || res.best_epoch == 0;
        if (best)
        {
            res.best_q8 = vm.q8();
            res.best_q3 = vm.q3();
            res.best_epoch = epoch + 1;
        }
        if (best || cfg.save_epochs)
        {
            nlohmann::json prov;
            prov["tool"] = std::string{"ssrnn train-structure "} + version_string;
            prov["command"] = cfg.command_line;
            prov["seed"] = cfg.seed;
            prov["bptt"] = cfg.bptt;
            prov["bptt_k"] = cfg.bptt_k;
            prov["train"] = {{"file", cfg.train},          {"mask", cfg.train_mask},   {"records", train_data.size()},
                             {"residues", train_residues}, {"extra", cfg.extra_train}, {"fnv1a64_of_files", checksum}};
            prov["validation"] = {{"source", valid_desc},
                                  {"records", valid_set.records.size()},
                                  {"residues", vm.residues()},
                                  {"q8", vm.q8()},
                                  {"q3", vm.q3()}};
            prov["hyperparameters"] = {{"epochs", cfg.epochs},
                                       {"batch", cfg.batch},
                                       {"lr", cfg.lr},
                                       {"schedule", cfg.schedule},
                                       {"dropout", cfg.dropout},
                                       {"label_smoothing", cfg.label_smoothing},
                                       {"q3_weight", cfg.q3_weight},
                                       {"clip_norm", cfg.clip_norm},
                                       {"clip_value", cfg.clip_value},
                                       {"forget_bias", cfg.forget_bias},
                                       {"shards", shards},
                                       {"optimizer", "adam"}};
            prov["epoch"] = epoch + 1;
            prov["train_seconds"] = elapsed();
            if (best)
                nn::save_model(cfg.out, net, prov);
            if (cfg.save_epochs)
                nn::save_model(cfg.out + ".epoch" + std::to_string(epoch + 1), net, prov);
        }
        char buf[320];
        std::snprintf(
            buf, sizeof buf,
            "epoch %d/%d loss %.4f train_q8 %.2f | valid Q8 %.2f Q3 %.2f | %.0f res/s, %s, clipped %zu/%zu%s\n",
            epoch + 1, cfg.epochs, count_total ? loss_total / static_cast<double>(count_total) : 0.0,
            count_total ? 100.0 * static_cast<double>(correct_total) / static_cast<double>(count_total) : 0.0, vm.q8(),
            vm.q3(), static_cast<double>(residues_done) / std::max(train_seconds, 1e-9),
            format_seconds(elapsed()).c_str(), clipped, batches.size() - first, best ? "  [saved]" : "");
        log << buf << std::flush;
        res.epochs_done = epoch + 1;
        ++res.epochs_run;
        res.last_train_loss = count_total ? loss_total / static_cast<double>(count_total) : 0.0;
        save_checkpoint(epoch + 1, 0);
    }
    return res;
}

} // namespace ssrnn::train
