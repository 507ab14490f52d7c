#include <ssrnn/base/checksum.hpp>
#include <ssrnn/base/json_text.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/nn/container.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace ssrnn::nn
{
static_assert(std::endian::native == std::endian::little, "ssrnn model I/O assumes a little-endian host");
static_assert(sizeof(float) == 4);

namespace
{
constexpr char magic[8] = {'S', 'S', 'R', 'N', 'N', 'M', 'D', 'L'};
constexpr std::size_t preamble = 24;
constexpr std::size_t alignment = 64;
constexpr std::size_t max_header = 16U << 20;

template <typename U>
void put(std::ostream & o, U v)
{
    o.write(reinterpret_cast<char const *>(&v), sizeof v);
}

template <typename U>
U get(char const * p)
{
    U v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

std::size_t pad_to(std::size_t n)
{
    return (n + alignment - 1) / alignment * alignment;
}
} // namespace

std::vector<int> container::shape(std::string const & name) const
{
    auto const & t = header.at("tensors");
    auto const it = std::find_if(t.begin(), t.end(), [&](auto const & x) { return x.at("name") == name; });
    return it == t.end() ? std::vector<int>{} : it->at("shape").template get<std::vector<int>>();
}

void encode_container(std::ostream & o, nlohmann::json header, std::span<tensor_out const> tensors)
{
    std::uint64_t h = base::fnv1a64_basis;
    std::size_t off = 0;
    auto & table = header["tensors"] = nlohmann::json::array();
    for (auto const & t : tensors)
    {
        table.push_back({{"name", t.name}, {"dtype", "f32"}, {"shape", {t.rows, t.cols}}, {"offset", off}});
        h = base::fnv1a64(t.data.data(), t.data.size_bytes(), h);
        off += t.data.size_bytes();
    }
    header["data_bytes"] = off;
    header["data_fnv1a64"] = base::hex64(h);
    std::string const text = base::json_text(header, 1);
    o.write(magic, sizeof magic);
    put<std::uint32_t>(o, format_version_of(header));
    put<std::uint32_t>(o, 0);
    put<std::uint64_t>(o, text.size());
    o.write(text.data(), static_cast<std::streamsize>(text.size()));
    std::string const pad(pad_to(preamble + text.size()) - preamble - text.size(), '\0');
    o.write(pad.data(), static_cast<std::streamsize>(pad.size()));
    for (auto const & t : tensors)
        o.write(reinterpret_cast<char const *>(t.data.data()), static_cast<std::streamsize>(t.data.size_bytes()));
}

container decode_container(std::string_view bytes, std::string const & source)
{
    auto bad = [&](std::string const & why)
    {
        return model_format_error(source + ": not a usable ssrnn model: " + why);
    };
    if (bytes.size() < preamble || std::memcmp(bytes.data(), magic, sizeof magic) != 0)
        throw bad("wrong magic number (expected an ssrnn model file starting with 'SSRNNMDL')");
    auto const version = get<std::uint32_t>(bytes.data() + 8);
    if (version > model_format_version)
        throw bad("format version " + std::to_string(version) + " is newer than this ssrnn supports (" +
                  std::to_string(model_format_version) + "); upgrade ssrnn");
    if (version == 0)
        throw bad("format version 0 is invalid");
    auto const hlen = get<std::uint64_t>(bytes.data() + 16);
    if (hlen > max_header || preamble + hlen > bytes.size())
        throw bad("header length " + std::to_string(hlen) + " exceeds the file (truncated file?)");
    container c;
    try
    {
        c.header = nlohmann::json::parse(bytes.begin() + preamble,
                                         bytes.begin() + static_cast<std::ptrdiff_t>(preamble + hlen));
    }
    catch (nlohmann::json::exception const & e)
    {
        throw bad(std::string{"corrupt JSON header: "} + e.what());
    }
    if (!c.header.is_object())
        throw bad("the JSON header is not an object");
    if (format_version_of(c.header) != version)
        throw bad("format version " + std::to_string(version) +
                  (version == 1 ? " cannot carry a disorder head, but the header has a 'disorder' object"
                                : " is a model with a disorder head, but the header has no 'disorder' object"));
    std::size_t const data_start = pad_to(preamble + hlen);
    try
    {
        auto const data_bytes = c.header.at("data_bytes").get<std::size_t>();
        if (data_start > bytes.size() || bytes.size() - data_start != data_bytes)
            throw bad("file is " + std::to_string(bytes.size()) + " bytes but its header describes " +
                      std::to_string(data_start + data_bytes) + " (truncated or trailing data)");
        std::uint64_t h = base::fnv1a64(bytes.data() + data_start, data_bytes);
        if (base::hex64(h) != c.header.at("data_fnv1a64").get<std::string>())
            throw bad("tensor data checksum mismatch (corrupt file)");
        for (auto const & t : c.header.at("tensors"))
        {
            auto const name = t.at("name").get<std::string>();
            if (t.at("dtype").get<std::string>() != "f32")
                throw bad("tensor '" + name + "' has unsupported dtype " + t.at("dtype").dump());
            auto const shape = t.at("shape").get<std::vector<std::int64_t>>();
            if (shape.size() != 2 || shape[0] < 0 || shape[1] < 0 || shape[0] > (1 << 28) || shape[1] > (1 << 28))
                throw bad("tensor '" + name + "' has an invalid shape");
            auto const n = static_cast<std::size_t>(shape[0] * shape[1]);
            auto const off = t.at("offset").get<std::size_t>();
            if (off > data_bytes || n * 4 > data_bytes - off)
                throw bad("tensor '" + name + "' lies outside the data section");
            if (c.data.count(name))
                throw bad("tensor '" + name + "' appears twice");
            std::vector<float> v(n);
            if (n > 0) // an empty tensor has no storage to copy into (memcpy to null is undefined)
                std::memcpy(v.data(), bytes.data() + data_start + off, n * 4);
            for (float x : v)
                if (!std::isfinite(x))
                    throw bad("tensor '" + name + "' contains NaN or Inf");
            c.data.emplace(name, std::move(v));
        }
    }
    catch (nlohmann::json::exception const & e)
    {
        throw bad(std::string{"malformed header: "} + e.what());
    }
    return c;
}

} // namespace ssrnn::nn
