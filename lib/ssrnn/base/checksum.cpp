#include <ssrnn/base/checksum.hpp>

#include <cstdio>

namespace ssrnn::base
{

std::uint64_t fnv1a64(void const * data, std::size_t n, std::uint64_t h) noexcept
{
    auto const * p = static_cast<unsigned char const *>(data);
    for (std::size_t i = 0; i < n; ++i)
    {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::string hex64(std::uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

} // namespace ssrnn::base
