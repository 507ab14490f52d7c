#include <ssrnn/eval/disorder.hpp>
#include <ssrnn/io/svg_plot.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>

namespace ssrnn::eval
{

namespace
{

double ratio(double a, double b)
{
    return b > 0 ? a / b : 0.0;
}

double auc_roc(std::span<float const> p, std::span<std::uint8_t const> y)
{
    std::vector<std::size_t> idx(p.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
    // Mann-Whitney: sum of the positives' ranks (ties get their mean rank).
    double rank_sum = 0.0;
    std::uint64_t pos = 0;
    for (std::size_t i = 0; i < idx.size();)
    {
        std::size_t j = i;
        while (j < idx.size() && p[idx[j]] == p[idx[i]])
            ++j;
        double const mean_rank = 0.5 * static_cast<double>(i + 1 + j);
        for (std::size_t k = i; k < j; ++k)
            if (y[idx[k]] != 0)
            {
                rank_sum += mean_rank;
                ++pos;
            }
        i = j;
    }
    auto const neg = static_cast<double>(p.size() - pos);
    if (pos == 0 || neg == 0)
        return 0.0;
    auto const np = static_cast<double>(pos);
    return (rank_sum - np * (np + 1) / 2) / (np * neg);
}

} // namespace

nlohmann::json disorder_scores::to_json() const
{
    return {{"residues", residues},
            {"disordered", disordered},
            {"threshold", threshold},
            {"mcc", mcc},
            {"auc", auc},
            {"precision", precision},
            {"recall", recall},
            {"balanced_accuracy", balanced_accuracy},
            {"confusion", {{"tp", tp}, {"fp", fp}, {"tn", tn}, {"fn", fn}}}};
}

disorder_scores score_disorder(std::span<float const> p, std::span<std::uint8_t const> label, double threshold)
{
    disorder_scores s;
    s.threshold = threshold;
    s.residues = p.size();
    for (std::size_t i = 0; i < p.size(); ++i)
    {
        bool const call = p[i] >= threshold;
        bool const truth = label[i] != 0;
        s.disordered += truth;
        s.tp += call && truth;
        s.fp += call && !truth;
        s.tn += !call && !truth;
        s.fn += !call && truth;
    }
    auto const tp = static_cast<double>(s.tp), fp = static_cast<double>(s.fp);
    auto const tn = static_cast<double>(s.tn), fn = static_cast<double>(s.fn);
    s.precision = ratio(tp, tp + fp);
    s.recall = ratio(tp, tp + fn);
    s.balanced_accuracy = 0.5 * (s.recall + ratio(tn, tn + fp));
    s.mcc = ratio(tp * tn - fp * fn, std::sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)));
    s.auc = auc_roc(p, label);
    return s;
}

double best_mcc_threshold(std::span<float const> p, std::span<std::uint8_t const> label)
{
    // Counts per 0.01-wide bin of p, then every threshold in one pass.
    std::vector<std::uint64_t> pos(101, 0), neg(101, 0);
    for (std::size_t i = 0; i < p.size(); ++i)
    {
        // bin b holds p in [b/100, (b+1)/100): "p >= t" for t = b/100 is bins >= b (to float rounding at
        // a bin's edge; the caller scores the chosen threshold exactly with score_disorder)
        auto const b = std::clamp(static_cast<int>(std::floor(static_cast<double>(p[i]) * 100.0)), 0, 100);
        (label[i] != 0 ? pos : neg)[static_cast<std::size_t>(b)]++;
    }
    double const P = static_cast<double>(std::accumulate(pos.begin(), pos.end(), std::uint64_t{0}));
    double const N = static_cast<double>(std::accumulate(neg.begin(), neg.end(), std::uint64_t{0}));
    double tp = P, fp = N, best = -2.0;
    int best_t = 50;
    for (int t = 1; t <= 99; ++t)
    {
        tp -= static_cast<double>(pos[static_cast<std::size_t>(t - 1)]);
        fp -= static_cast<double>(neg[static_cast<std::size_t>(t - 1)]);
        double const fn = P - tp, tn = N - fp;
        double const m = ratio(tp * tn - fp * fn, std::sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)));
        if (m > best)
        {
            best = m;
            best_t = t;
        }
    }
    return best_t / 100.0;
}

void disorder_evaluation::add_record(std::span<float const> p, std::span<std::uint8_t const> label,
                                     std::span<std::uint8_t const> scored)
{
    auto const n = p.size();
    for (std::size_t i = 0; i < n; ++i)
    {
        if (!scored.empty() && scored[i] == 0)
            continue;
        auto const d = std::min(i, n - 1 - i);
        p_.push_back(p[i]);
        y_.push_back(label[i]);
        base_.push_back(1.0F / (1.0F + static_cast<float>(d)));
        terminal_.push_back(d < static_cast<std::size_t>(terminal_window) ? 1 : 0);
    }
}

nlohmann::json disorder_evaluation::calibration() const
{
    std::array<double, 10> sum{};
    std::array<std::uint64_t, 10> n{}, pos{};
    for (std::size_t i = 0; i < p_.size(); ++i)
    {
        auto const b = static_cast<std::size_t>(std::min(static_cast<int>(p_[i] * 10.0F), 9));
        sum[b] += p_[i];
        ++n[b];
        pos[b] += y_[i];
    }
    nlohmann::json bins = nlohmann::json::array();
    for (std::size_t b = 0; b < 10; ++b)
        bins.push_back({{"from", static_cast<double>(b) / 10.0},
                        {"to", static_cast<double>(b + 1) / 10.0},
                        {"residues", n[b]},
                        {"mean_p", ratio(sum[b], static_cast<double>(n[b]))},
                        {"observed", ratio(static_cast<double>(pos[b]), static_cast<double>(n[b]))}});
    return bins;
}

nlohmann::json disorder_evaluation::to_json(double threshold) const
{
    std::vector<float> tp, ip;
    std::vector<std::uint8_t> ty, iy;
    for (std::size_t i = 0; i < p_.size(); ++i)
    {
        (terminal_[i] ? tp : ip).push_back(p_[i]);
        (terminal_[i] ? ty : iy).push_back(y_[i]);
    }
    auto const base_t = best_mcc_threshold(base_, y_);
    auto const base = score_disorder(base_, y_, base_t);
    auto const bins = calibration();
    return {{"label", "disordered = residue unobserved in the structure (mask 0)"},
            {"all", score_disorder(p_, y_, threshold).to_json()},
            {"terminal_window", terminal_window},
            {"terminal", score_disorder(tp, ty, threshold).to_json()},
            {"internal", score_disorder(ip, iy, threshold).to_json()},
            {"baseline",
             {{"score", "1 / (1 + distance to the nearer chain end)"},
              {"auc", base.auc},
              {"best_threshold", base_t},
              {"mcc_at_best_threshold", base.mcc}}},
            {"calibration", bins}};
}

std::string disorder_evaluation::to_text(double threshold) const
{
    auto const j = to_json(threshold);
    std::ostringstream o;
    char line[256];
    o << "disorder (residues unobserved in the structure; " << j["all"]["disordered"].get<std::uint64_t>() << " of "
      << j["all"]["residues"].get<std::uint64_t>() << " residues; call at p >= " << threshold << ")\n";
    o << "             MCC     AUC     precision  recall  balanced_acc  residues  disordered\n";
    for (char const * part : {"all", "terminal", "internal"})
    {
        auto const & s = j[part];
        std::snprintf(line, sizeof line, "  %-9s  %6.3f  %6.3f  %9.3f  %6.3f  %12.3f  %8llu  %10llu\n",
                      std::string{part}.c_str(), s["mcc"].get<double>(), s["auc"].get<double>(),
                      s["precision"].get<double>(), s["recall"].get<double>(), s["balanced_accuracy"].get<double>(),
                      static_cast<unsigned long long>(s["residues"].get<std::uint64_t>()),
                      static_cast<unsigned long long>(s["disordered"].get<std::uint64_t>()));
        o << line;
    }
    std::snprintf(line, sizeof line,
                  "  baseline (1 / (1 + distance to the nearer end)): AUC %.3f, MCC %.3f at its best threshold %.2f "
                  "on this set\n",
                  j["baseline"]["auc"].get<double>(), j["baseline"]["mcc_at_best_threshold"].get<double>(),
                  j["baseline"]["best_threshold"].get<double>());
    o << line << "  terminal = within " << terminal_window << " residues of a chain end\n";
    o << "  calibration (p bin: mean p / observed fraction / residues):";
    for (auto const & b : j["calibration"])
        if (b["residues"].get<std::uint64_t>() > 0)
        {
            std::snprintf(line, sizeof line, " [%.1f,%.1f) %.3f/%.3f/%llu", b["from"].get<double>(),
                          b["to"].get<double>(), b["mean_p"].get<double>(), b["observed"].get<double>(),
                          static_cast<unsigned long long>(b["residues"].get<std::uint64_t>()));
            o << line;
        }
    o << '\n';
    return o.str();
}

void disorder_evaluation::write_calibration_plot(std::string const & path) const
{
    io::series s{"ssrnn p_disorder", {}, {}};
    for (auto const & b : calibration())
        if (b["residues"].get<std::uint64_t>() > 0)
        {
            s.x.push_back(b["mean_p"].get<double>());
            s.y.push_back(b["observed"].get<double>());
        }
    io::write_svg_plot(path, "Disorder calibration: predicted probability vs observed fraction unobserved",
                       "predicted p_disorder (mean of the bin)", "fraction of residues unobserved in the structure",
                       {{"perfect calibration", {0.0, 1.0}, {0.0, 1.0}}, s}, false);
}

} // namespace ssrnn::eval
