#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/eval/scorer.hpp>
#include <ssrnn/io/svg_plot.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace ssrnn::eval
{

void reliability::add(double conf, bool right) noexcept
{
    auto const b = static_cast<std::size_t>(std::clamp(static_cast<int>(conf * bins), 0, bins - 1));
    ++count[b];
    confidence[b] += conf;
    correct[b] += right ? 1 : 0;
}

std::uint64_t reliability::total() const noexcept
{
    std::uint64_t n = 0;
    for (auto c : count)
        n += c;
    return n;
}

double reliability::ece() const noexcept
{
    auto const n = static_cast<double>(total());
    if (n == 0)
        return 0.0;
    double e = 0;
    for (std::size_t b = 0; b < bins; ++b)
        if (count[b])
            e += std::abs(static_cast<double>(correct[b]) - confidence[b]) / n;
    return 100.0 * e;
}

nlohmann::json reliability::to_json() const
{
    nlohmann::json j;
    j["ece"] = ece();
    j["bins"] = nlohmann::json::array();
    for (std::size_t b = 0; b < bins; ++b)
    {
        auto const c = static_cast<double>(count[b]);
        j["bins"].push_back({{"from", static_cast<double>(b) / bins},
                             {"to", static_cast<double>(b + 1) / bins},
                             {"count", count[b]},
                             {"mean_confidence", c ? confidence[b] / c : 0.0},
                             {"accuracy", c ? static_cast<double>(correct[b]) / c : 0.0}});
    }
    return j;
}

void scorer::add(scored_record const & r)
{
    metrics one;
    bool const with8 = !r.pred8.empty();
    has8_ = has8_ && with8;
    std::vector<std::int8_t> truth3(r.truth.size());
    for (std::size_t i = 0; i < r.truth.size(); ++i)
    {
        truth3[i] = r.truth[i] < 0 ? std::int8_t{-1}
                                   : static_cast<std::int8_t>(encode::ss8_to_ss3[static_cast<std::size_t>(r.truth[i])]);
        if (r.truth[i] < 0)
            continue;
        if (with8)
            one.add(r.truth[i], r.pred8[i], r.pred3[i]);
        else
            one.add3(r.truth[i], r.pred3[i]);
        bool const right3 = r.pred3[i] == truth3[i];
        if (!r.prob3.empty())
        {
            auto const p = r.prob3.subspan(3 * i, 3);
            cal3_.add(p[static_cast<std::size_t>(r.pred3[i])], right3);
        }
        if (!r.prob8.empty() && with8)
            cal8_.add(r.prob8[8 * i + static_cast<std::size_t>(r.pred8[i])], r.pred8[i] == r.truth[i]);
        if (!r.conf.empty())
        {
            auto const d = static_cast<std::size_t>(std::clamp<int>(r.conf[i], 0, 9));
            ++digit_count_[d];
            digit_correct_[d] += right3 ? 1 : 0;
        }
    }
    if (one.residues() == 0)
        return;
    one.add_record();
    m_.merge(one);
    auto const s3 = sov99(truth3, r.pred3);
    sov3_ += s3;
    pp_.q3 += one.q3();
    pp_.sov3 += s3.percent();
    if (with8)
    {
        auto const s8 = sov99(r.truth, r.pred8);
        sov8_ += s8;
        pp_.q8 += one.q8();
        pp_.sov8 += s8.percent();
    }
    ++pp_.records;
}

nlohmann::json scorer::to_json() const
{
    auto j = m_.to_json();
    auto const n = static_cast<double>(std::max<std::uint64_t>(pp_.records, 1));
    j["sov3"] = sov3();
    j["per_protein"] = {{"records", pp_.records}, {"q3", pp_.q3 / n}, {"sov3", pp_.sov3 / n}};
    if (has8_)
    {
        j["sov8"] = sov8();
        j["per_protein"]["q8"] = pp_.q8 / n;
        j["per_protein"]["sov8"] = pp_.sov8 / n;
    }
    else
    {
        for (auto const * k : {"q8", "per_class", "confusion"})
            j.erase(k);
    }
    if (cal3_.total())
        j["calibration3"] = cal3_.to_json();
    if (cal8_.total())
        j["calibration8"] = cal8_.to_json();
    std::uint64_t digits = 0;
    for (auto c : digit_count_)
        digits += c;
    if (digits)
        for (std::size_t d = 0; d < 10; ++d)
            j["confidence_digits"].push_back({{"digit", d},
                                              {"count", digit_count_[d]},
                                              {"accuracy3", digit_count_[d] ? static_cast<double>(digit_correct_[d]) /
                                                                                  static_cast<double>(digit_count_[d])
                                                                            : 0.0}});
    return j;
}

std::string scorer::to_text() const
{
    std::string s;
    char buf[256];
    auto const n = static_cast<double>(std::max<std::uint64_t>(pp_.records, 1));
    std::snprintf(buf, sizeof buf, "records\t%llu\nresidues\t%llu\n", static_cast<unsigned long long>(m_.records()),
                  static_cast<unsigned long long>(m_.residues()));
    s += buf;
    if (has8_)
    {
        std::snprintf(buf, sizeof buf, "Q8\t%.2f\nQ3\t%.2f\nSOV8\t%.2f\nSOV3\t%.2f\n", m_.q8(), m_.q3(), sov8(),
                      sov3());
        s += buf;
        std::snprintf(buf, sizeof buf, "per-protein mean\tQ8 %.2f\tQ3 %.2f\tSOV8 %.2f\tSOV3 %.2f\n", pp_.q8 / n,
                      pp_.q3 / n, pp_.sov8 / n, pp_.sov3 / n);
    }
    else
    {
        std::snprintf(buf, sizeof buf, "Q3\t%.2f\nSOV3\t%.2f\n", m_.q3(), sov3());
        s += buf;
        std::snprintf(buf, sizeof buf, "per-protein mean\tQ3 %.2f\tSOV3 %.2f\n", pp_.q3 / n, pp_.sov3 / n);
    }
    s += buf;
    s += '\n';
    auto body = m_.to_text();
    // Drop metrics' own header lines (records, residues, Q8, Q3) printed above.
    for (int line = 0; line < 5; ++line)
        body.erase(0, body.find('\n') + 1);
    if (!has8_)
        body = body.substr(body.find("3-state"), body.find("\nconfusion") - body.find("3-state") + 1);
    s += body;
    auto table = [&](char const * title, reliability const & r)
    {
        std::snprintf(buf, sizeof buf, "\n%s (ECE %.2f%%)\nconfidence\tcount\tmean_confidence\taccuracy\n", title,
                      r.ece());
        s += buf;
        for (std::size_t b = 0; b < reliability::bins; ++b)
        {
            auto const c = static_cast<double>(r.count[b]);
            std::snprintf(buf, sizeof buf, "%.1f-%.1f\t%llu\t%.3f\t%.3f\n", static_cast<double>(b) / 10,
                          static_cast<double>(b + 1) / 10, static_cast<unsigned long long>(r.count[b]),
                          c ? r.confidence[b] / c : 0.0, c ? static_cast<double>(r.correct[b]) / c : 0.0);
            s += buf;
        }
    };
    if (cal3_.total())
        table("calibration, 3 states", cal3_);
    if (cal8_.total())
        table("calibration, 8 states", cal8_);
    std::uint64_t digits = 0;
    for (auto c : digit_count_)
        digits += c;
    if (digits)
    {
        s += "\nconfidence digit (horiz Conf)\tcount\tQ3 accuracy\n";
        for (std::size_t d = 0; d < 10; ++d)
        {
            std::snprintf(
                buf, sizeof buf, "%zu\t%llu\t%.3f\n", d, static_cast<unsigned long long>(digit_count_[d]),
                digit_count_[d] ? static_cast<double>(digit_correct_[d]) / static_cast<double>(digit_count_[d]) : 0.0);
            s += buf;
        }
    }
    return s;
}

void scorer::write_calibration_plot(std::string const & path) const
{
    std::vector<io::series> lines;
    lines.push_back({"perfect calibration", {0.0, 1.0}, {0.0, 1.0}});
    auto add = [&](char const * name, reliability const & r)
    {
        io::series s{name, {}, {}};
        for (std::size_t b = 0; b < reliability::bins; ++b)
            if (r.count[b])
            {
                s.x.push_back(r.confidence[b] / static_cast<double>(r.count[b]));
                s.y.push_back(static_cast<double>(r.correct[b]) / static_cast<double>(r.count[b]));
            }
        if (!s.x.empty())
            lines.push_back(std::move(s));
    };
    add("3 states", cal3_);
    add("8 states", cal8_);
    io::write_svg_plot(path, "Reliability: predicted confidence vs observed accuracy",
                       "confidence (probability of the predicted state)", "observed accuracy", lines, false);
}

} // namespace ssrnn::eval
