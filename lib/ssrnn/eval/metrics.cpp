#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/eval/metrics.hpp>

#include <cstdio>

namespace ssrnn::eval
{
namespace
{
template <std::size_t n>
class_scores scores_of(std::array<std::array<std::uint64_t, n>, n> const & m, int c)
{
    std::uint64_t tp = m[c][c], pred = 0, truth = 0;
    for (std::size_t k = 0; k < n; ++k)
    {
        pred += m[k][c];
        truth += m[c][k];
    }
    class_scores s;
    s.support = truth;
    s.precision = pred ? static_cast<double>(tp) / static_cast<double>(pred) : 0.0;
    s.recall = truth ? static_cast<double>(tp) / static_cast<double>(truth) : 0.0;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
    return s;
}

template <std::size_t n>
double accuracy(std::array<std::array<std::uint64_t, n>, n> const & m)
{
    std::uint64_t right = 0, all = 0;
    for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b)
        {
            all += m[a][b];
            right += a == b ? m[a][b] : 0;
        }
    return all ? 100.0 * static_cast<double>(right) / static_cast<double>(all) : 0.0;
}
} // namespace

void metrics::add(int truth8, int pred8, int pred3) noexcept
{
    ++c8_[static_cast<std::size_t>(truth8)][static_cast<std::size_t>(pred8)];
    ++c3_[static_cast<std::size_t>(encode::ss8_to_ss3[static_cast<std::size_t>(truth8)])]
         [static_cast<std::size_t>(pred3)];
}

void metrics::add3(int truth8, int pred3) noexcept
{
    ++c3_[static_cast<std::size_t>(encode::ss8_to_ss3[static_cast<std::size_t>(truth8)])]
         [static_cast<std::size_t>(pred3)];
}

void metrics::merge(metrics const & o) noexcept
{
    for (std::size_t a = 0; a < 8; ++a)
        for (std::size_t b = 0; b < 8; ++b)
            c8_[a][b] += o.c8_[a][b];
    for (std::size_t a = 0; a < 3; ++a)
        for (std::size_t b = 0; b < 3; ++b)
            c3_[a][b] += o.c3_[a][b];
    records_ += o.records_;
}

std::array<std::uint64_t, 74> metrics::counts() const noexcept
{
    std::array<std::uint64_t, 74> c{};
    for (std::size_t a = 0; a < 8; ++a)
        for (std::size_t b = 0; b < 8; ++b)
            c[8 * a + b] = c8_[a][b];
    for (std::size_t a = 0; a < 3; ++a)
        for (std::size_t b = 0; b < 3; ++b)
            c[64 + 3 * a + b] = c3_[a][b];
    c[73] = records_;
    return c;
}

metrics metrics::from_counts(std::array<std::uint64_t, 74> const & c) noexcept
{
    metrics m;
    for (std::size_t a = 0; a < 8; ++a)
        for (std::size_t b = 0; b < 8; ++b)
            m.c8_[a][b] = c[8 * a + b];
    for (std::size_t a = 0; a < 3; ++a)
        for (std::size_t b = 0; b < 3; ++b)
            m.c3_[a][b] = c[64 + 3 * a + b];
    m.records_ = c[73];
    return m;
}

double metrics::q8() const noexcept
{
    return accuracy(c8_);
}
double metrics::q3() const noexcept
{
    return accuracy(c3_);
}

std::uint64_t metrics::residues() const noexcept
{
    std::uint64_t all = 0;
    for (auto const & r : c3_)
        for (auto v : r)
            all += v;
    return all;
}

class_scores metrics::class8(int c) const noexcept
{
    return scores_of(c8_, c);
}
class_scores metrics::class3(int c) const noexcept
{
    return scores_of(c3_, c);
}

nlohmann::json metrics::to_json() const
{
    nlohmann::json j;
    j["q8"] = q8();
    j["q3"] = q3();
    j["residues"] = residues();
    j["records"] = records_;
    auto per = [](class_scores const & s)
    {
        return nlohmann::json{{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}, {"support", s.support}};
    };
    for (int c = 0; c < 8; ++c)
        j["per_class"][std::string(1, encode::ss8_letters[static_cast<std::size_t>(c)])] = per(class8(c));
    for (int c = 0; c < 3; ++c)
        j["per_class3"][std::string(1, encode::ss3_letters[static_cast<std::size_t>(c)])] = per(class3(c));
    j["confusion"] = {
        {"labels", std::string{encode::ss8_letters}}, {"rows", "true"}, {"columns", "predicted"}, {"counts", c8_}};
    j["confusion3"] = {
        {"labels", std::string{encode::ss3_letters}}, {"rows", "true"}, {"columns", "predicted"}, {"counts", c3_}};
    return j;
}

std::string metrics::to_text() const
{
    std::string s;
    char buf[256];
    std::snprintf(buf, sizeof buf, "records\t%llu\nresidues\t%llu\nQ8\t%.2f\nQ3\t%.2f\n\n",
                  static_cast<unsigned long long>(records_), static_cast<unsigned long long>(residues()), q8(), q3());
    s += buf;
    s += "class\tprecision\trecall\tF1\tsupport\n";
    auto line = [&](char name, class_scores const & c)
    {
        std::snprintf(buf, sizeof buf, "%c\t%.3f\t%.3f\t%.3f\t%llu\n", name, c.precision, c.recall, c.f1,
                      static_cast<unsigned long long>(c.support));
        s += buf;
    };
    for (int c = 0; c < 8; ++c)
        line(encode::ss8_letters[static_cast<std::size_t>(c)], class8(c));
    s += "\n3-state\tprecision\trecall\tF1\tsupport\n";
    for (int c = 0; c < 3; ++c)
        line(encode::ss3_letters[static_cast<std::size_t>(c)], class3(c));
    s += "\nconfusion (rows true, columns predicted)\n";
    for (char c : encode::ss8_letters)
        s += std::string{"\t"} + c;
    s += '\n';
    for (std::size_t a = 0; a < 8; ++a)
    {
        s += encode::ss8_letters[a];
        for (std::size_t b = 0; b < 8; ++b)
            s += '\t' + std::to_string(c8_[a][b]);
        s += '\n';
    }
    return s;
}

} // namespace ssrnn::eval
