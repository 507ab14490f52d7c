// ssrnn-bench: training and prediction throughput (residues/s, GFLOP/s, peak memory) of ssrnn
// networks on synthetic or real sequences. See docs/performance.md.
#include "common.hpp" // the tools' glue: CMake target ssrnn_tool_glue

#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/fasta.hpp>
#include <ssrnn/io/labelled.hpp>
#include <ssrnn/nn/ensemble.hpp>
#include <ssrnn/nn/packed_gemm.hpp>
#include <ssrnn/nn/random.hpp>
#include <ssrnn/predict/predictor.hpp>
#include <ssrnn/train/gradient_step.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

namespace
{
using namespace ssrnn;
using seqs_t = std::vector<std::vector<std::uint8_t>>;

//! Log-normal lengths (median `median`, sigma 0.6) clipped to [30, 700], uniform residues; the
//! same distribution as ../shared/bench/torch_bilstm_bench.py (not the same random stream).
seqs_t synthetic(std::size_t n, double median, std::uint64_t seed, int fixed_length)
{
    std::mt19937_64 rng{seed};
    std::lognormal_distribution<double> len{std::log(median), 0.6};
    std::uniform_int_distribution<int> aa{0, 19};
    seqs_t out(n);
    for (auto & s : out)
    {
        auto const l = fixed_length > 0 ? static_cast<std::size_t>(fixed_length)
                                        : static_cast<std::size_t>(std::clamp(std::lround(len(rng)), 30L, 700L));
        s.resize(l);
        for (auto & r : s)
            r = static_cast<std::uint8_t>(aa(rng));
    }
    return out;
}

seqs_t read_sequences(std::string const & path)
{
    seqs_t out;
    std::ifstream probe{path};
    std::string first, second, third;
    std::getline(probe, first);
    std::getline(probe, second);
    std::getline(probe, third);
    bool const three_line = !first.empty() && first[0] == '>' && !third.empty() && third[0] != '>' &&
                            third.find_first_not_of("HGIEBTSC-LX") == std::string::npos && path != "-";
    if (three_line)
    {
        for (auto const & r : io::read_labelled(path).records)
            out.push_back(encode::residues_from_letters(r.sequence));
        return out;
    }
    io::fasta_reader reader{path};
    io::fasta_record rec;
    while (reader.next(rec))
        out.push_back(encode::residues_from_letters(rec.sequence));
    return out;
}

//! Forward multiply-adds per residue x 2 (gate and output products; one-hot input counted dense).
double forward_flop_per_residue(nn::architecture const & a)
{
    double f = 0, in = a.input_dim();
    for (int l = 0; l < a.layers; ++l)
    {
        f += 2.0 * 2.0 * a.gates() * a.hidden * (in + a.hidden);
        in = 2.0 * a.hidden;
    }
    return f + 2.0 * in * a.outputs;
}

double peak_rss_mb()
{
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct row
{
    std::string model, phase;
    int threads = 1;
    std::size_t residues = 0;
    double seconds = 0, gflop_per_residue = 0;
};

void print(row const & r)
{
    double const rps = static_cast<double>(r.residues) / r.seconds;
    std::printf("%s\t%s\t%d\t%zu\t%.3f\t%.0f\t%.1f\t%.0f\n", r.model.c_str(), r.phase.c_str(), r.threads, r.residues,
                r.seconds, rps, rps * r.gflop_per_residue, peak_rss_mb());
    std::fflush(stdout);
}

//! Length-bucketed batches (sorted by length, order shuffled with a fixed seed), as in the trainer.
std::vector<std::vector<std::size_t>> batches_of(seqs_t const & seqs, int batch)
{
    std::vector<std::size_t> order(seqs.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return seqs[a].size() > seqs[b].size(); });
    std::vector<std::vector<std::size_t>> out;
    for (std::size_t b = 0; b < order.size(); b += static_cast<std::size_t>(batch))
        out.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(b),
                         order.begin() +
                             static_cast<std::ptrdiff_t>(std::min(order.size(), b + static_cast<std::size_t>(batch))));
    nn::splitmix rng{12345};
    nn::shuffle(out, rng);
    return out;
}

void bench_train(std::string const & name, nn::network<float> & net, seqs_t const & seqs, int threads, int batch,
                 int shards, double seconds_limit, int bptt_k)
{
    std::vector<std::vector<std::int8_t>> labels(seqs.size());
    for (std::size_t i = 0; i < seqs.size(); ++i)
    {
        labels[i].resize(seqs[i].size());
        for (std::size_t t = 0; t < seqs[i].size(); ++t)
            labels[i][t] = static_cast<std::int8_t>((i * 7 + t * 3) % 8);
    }
    train::gradient_step step{net.params().size(), std::min(shards, batch)};
    train::adam opt;
    opt.m.assign(net.params().size(), 0.0F);
    opt.v.assign(net.params().size(), 0.0F);
    auto const batches = batches_of(seqs, batch);
    row r{name, "train", threads, 0, 0, 3.0 * forward_flop_per_residue(net.arch()) / 1e9};
    double const t0 = now();
    for (std::size_t bi = 0; bi < batches.size(); ++bi)
    {
        std::vector<nn::sequence_input> in;
        std::size_t res = 0;
        for (auto k : batches[bi])
        {
            in.push_back({seqs[k], labels[k], k, {}, {}});
            res += seqs[k].size();
        }
        double const b0 = now();
        // The library's training update (gradient, clipping, Adam), as train-structure runs it.
        train::step_settings const s{{0.25F, 1, 0}, 1.0F / static_cast<float>(res), threads, bptt_k, {}, 1.0, 0.0,
                                     1e-3};
        (void)train::train_step(net, opt, step, in, s);
        r.seconds += now() - b0;
        r.residues += res;
        if (seconds_limit > 0 && now() - t0 > seconds_limit)
            break;
    }
    print(r);
}

void bench_predict(std::string const & name, nn::ensemble const & models, seqs_t const & seqs, int threads, bool bf16)
{
    double flop = 0;
    for (auto const & m : models.members)
        flop += forward_flop_per_residue(m.net.arch()) / 1e9;
    row r{name, bf16 ? "predict-bf16" : "predict", threads, 0, 0, flop};
    for (auto const & s : seqs)
        r.residues += s.size();
    double const t0 = now();
    auto const p = predict::predict_probabilities(models, seqs, threads, bf16);
    r.seconds = now() - t0;
    print(r);
}

int run_bench(int argc, char ** argv)
{
    namespace po = boost::program_options;
    int threads = 2, batch = 32, shards = 2, sequences = 1024, length = 0, bptt_k = 0;
    double median = 220, train_seconds = 0;
    std::string models, model_file, input, phase, write_fasta;
    std::uint64_t seed = 12345;
    po::options_description d{"Options"};
    tools::add_common(d, &threads);
    std::string precision = "float32";
    d.add_options()("precision", po::value(&precision)->default_value(precision), predict::precision_help);
    d.add_options()("models", po::value(&models)->default_value("2x256,1x128"),
                    "comma list of LAYERSxHIDDEN BiLSTMs with one-hot input (randomly initialised)")(
        "model", po::value(&model_file), "benchmark this model file instead (e.g. models/default.ssrnn)")(
        "input", po::value(&input), "FASTA or 3-line labelled file; default: synthetic sequences")(
        "sequences", po::value(&sequences)->default_value(1024), "synthetic sequences")(
        "median-length", po::value(&median)->default_value(220), "median synthetic length (log-normal, sigma 0.6)")(
        "seed", po::value(&seed)->default_value(12345),
        "seed of the synthetic sequences")("phase", po::value(&phase)->default_value("both"), "train, predict or both")(
        "write-fasta", po::value(&write_fasta), "write the synthetic sequences to this FASTA file and exit")(
        "batch", po::value(&batch)->default_value(32), "training batch (sequences)")(
        "shards", po::value(&shards)->default_value(2), "training shards per batch (as train-structure)")(
        "length", po::value(&length)->default_value(0), "give every synthetic sequence this length (0 = log-normal)")(
        "bptt-k", po::value(&bptt_k)->default_value(0), "truncated BPTT every K steps in training (0 = full)")(
        "train-seconds", po::value(&train_seconds)->default_value(0),
        "stop training after this many seconds (0 = one pass over the input)");
    if (!tools::parse(argc, argv, d, nullptr, "ssrnn-bench", "[options]"))
        return 0;
    bool const bf16 = predict::resolve(predict::parse_precision(precision)) == predict::precision::bf16;
    if (bf16 && !nn::bf16_supported())
        std::cerr << "ssrnn-bench: note: this CPU has no AVX-512 BF16; computing in float32\n";
    if (phase != "train" && phase != "predict" && phase != "both")
        throw config_error("--phase must be train, predict or both");
    if (threads < 1 || batch < 1 || shards < 1 || sequences < 1)
        throw config_error("--threads, --batch, --shards and --sequences must be positive");
    auto const seqs =
        input.empty() ? synthetic(static_cast<std::size_t>(sequences), median, seed, length) : read_sequences(input);
    std::size_t residues = 0;
    for (auto const & s : seqs)
        residues += s.size();
    if (!write_fasta.empty())
    {
        std::ofstream f{write_fasta};
        for (std::size_t i = 0; i < seqs.size(); ++i)
        {
            f << ">synthetic_" << i + 1 << '\n';
            for (auto r : seqs[i])
                f << encode::residue_letters[r];
            f << '\n';
        }
        if (!f.flush())
            throw io_error(write_fasta + ": cannot write");
        return 0;
    }
    std::cerr << "ssrnn-bench: " << seqs.size() << " sequences, " << residues << " residues ("
              << (input.empty() ? "synthetic" : input) << "), " << threads << " threads\n";
    std::printf("model\tphase\tthreads\tresidues\tseconds\tresidues_per_s\tgflop_per_s\tpeak_rss_mb\n");
    // Each entry: a name and the networks predicted together (an ensemble file's members are
    // averaged in prediction; training runs each member separately).
    std::vector<std::pair<std::string, nn::ensemble>> entries;
    if (!model_file.empty())
        entries.emplace_back(model_file, nn::load_ensemble({model_file}));
    else
    {
        std::stringstream ss{models};
        for (std::string m; std::getline(ss, m, ',');)
        {
            nn::architecture a;
            a.encoding = encode::encoding_kind::onehot;
            if (std::sscanf(m.c_str(), "%dx%d", &a.layers, &a.hidden) != 2)
                throw config_error("--models: expected LAYERSxHIDDEN, got '" + m + "'");
            nn::network<float> net{a};
            net.init(1);
            nn::ensemble e;
            e.members.push_back({std::move(net), {}, std::nullopt});
            entries.emplace_back(m, std::move(e));
        }
    }
    for (auto & [name, e] : entries)
    {
        if (phase != "train")
            bench_predict(name, e, seqs, threads, bf16);
        if (phase != "predict")
            for (std::size_t k = 0; k < e.members.size(); ++k)
                bench_train(e.members.size() > 1 ? name + "#" + std::to_string(k) : name, e.members[k].net, seqs,
                            threads, batch, shards, train_seconds, bptt_k);
    }
    return 0;
}

} // namespace

int main(int argc, char ** argv)
{
    return ssrnn::tools::run("ssrnn-bench", [&] { return run_bench(argc, argv); });
}
