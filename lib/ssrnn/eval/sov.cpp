#include <ssrnn/eval/sov.hpp>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace ssrnn::eval
{
namespace
{
struct segment
{
    std::size_t begin, end; //!< [begin, end)
    int state;
};

//! Runs of equal states; positions where `scored` is false end a run and belong to none.
std::vector<segment> segments(std::span<std::int8_t const> s, std::span<std::int8_t const> truth)
{
    std::vector<segment> out;
    for (std::size_t i = 0; i < s.size();)
    {
        if (truth[i] < 0 || s[i] < 0)
        {
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        while (j < s.size() && truth[j] >= 0 && s[j] == s[i])
            ++j;
        out.push_back({i, j, s[i]});
        i = j;
    }
    return out;
}
} // namespace

sov_sum sov99(std::span<std::int8_t const> truth, std::span<std::int8_t const> pred)
{
    auto const obs = segments(truth, truth);
    auto const prd = segments(pred.first(std::min(pred.size(), truth.size())), truth);
    sov_sum r;
    std::size_t first = 0; // predicted segments are sorted; skip those that end before s1
    for (auto const & s1 : obs)
    {
        auto const len1 = static_cast<double>(s1.end - s1.begin);
        while (first < prd.size() && prd[first].end <= s1.begin)
            ++first;
        bool overlapped = false;
        for (std::size_t k = first; k < prd.size() && prd[k].begin < s1.end; ++k)
        {
            auto const & s2 = prd[k];
            if (s2.state != s1.state)
                continue;
            overlapped = true;
            auto const minov = static_cast<double>(std::min(s1.end, s2.end) - std::max(s1.begin, s2.begin));
            auto const maxov = static_cast<double>(std::max(s1.end, s2.end) - std::min(s1.begin, s2.begin));
            auto const len2 = static_cast<double>(s2.end - s2.begin);
            double const delta = std::min({maxov - minov, minov, static_cast<double>(static_cast<long>(len1) / 2),
                                           static_cast<double>(static_cast<long>(len2) / 2)});
            r.score += (minov + delta) / maxov * len1;
            r.norm += len1;
        }
        if (!overlapped)
            r.norm += len1;
    }
    return r;
}

} // namespace ssrnn::eval
