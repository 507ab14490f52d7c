#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/atomic_file.hpp>
#include <ssrnn/io/labelled.hpp>
#include <ssrnn/nn/model_file.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

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

std::string hex64(std::uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

std::size_t pad_to(std::size_t n)
{
    return (n + alignment - 1) / alignment * alignment;
}
} // namespace

void write_container(std::string const & path, nlohmann::json header, std::span<tensor_out const> tensors)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    std::size_t off = 0;
    auto & table = header["tensors"] = nlohmann::json::array();
    for (auto const & t : tensors)
    {
        table.push_back({{"name", t.name}, {"dtype", "f32"}, {"shape", {t.rows, t.cols}}, {"offset", off}});
        h = io::fnv1a64(t.data.data(), t.data.size_bytes(), h);
        off += t.data.size_bytes();
    }
    header["data_bytes"] = off;
    header["data_fnv1a64"] = hex64(h);
    std::string const text = header.dump(1);
    io::atomic_output out{path};
    auto & o = out.stream();
    o.write(magic, sizeof magic);
    put<std::uint32_t>(o, model_format_version);
    put<std::uint32_t>(o, 0);
    put<std::uint64_t>(o, text.size());
    o.write(text.data(), static_cast<std::streamsize>(text.size()));
    std::string const pad(pad_to(preamble + text.size()) - preamble - text.size(), '\0');
    o.write(pad.data(), static_cast<std::streamsize>(pad.size()));
    for (auto const & t : tensors)
        o.write(reinterpret_cast<char const *>(t.data.data()), static_cast<std::streamsize>(t.data.size_bytes()));
    out.commit();
}

container read_container(std::string const & path)
{
    if (std::filesystem::is_directory(path))
        throw io_error(path + ": is a directory, not a model file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw io_error(path + ": cannot open model file: " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string const bytes = ss.str();
    auto bad = [&](std::string const & why)
    {
        return model_format_error(path + ": not a usable ssrnn model: " + why);
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
    std::size_t const data_start = pad_to(preamble + hlen);
    try
    {
        auto const data_bytes = c.header.at("data_bytes").get<std::size_t>();
        if (data_start > bytes.size() || bytes.size() - data_start != data_bytes)
            throw bad("file is " + std::to_string(bytes.size()) + " bytes but its header describes " +
                      std::to_string(data_start + data_bytes) + " (truncated or trailing data)");
        std::uint64_t h = io::fnv1a64(bytes.data() + data_start, data_bytes);
        if (hex64(h) != c.header.at("data_fnv1a64").get<std::string>())
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

nlohmann::json to_json(architecture const & a)
{
    return {{"cell", a.cell},
            {"layers", a.layers},
            {"hidden", a.hidden},
            {"bidirectional", true},
            {"encoding", encode::to_string(a.encoding)},
            {"input_dim", a.input_dim()},
            {"outputs", a.outputs}};
}

architecture architecture_from_json(nlohmann::json const & j)
{
    try
    {
        architecture a;
        a.cell = j.at("cell").get<std::string>();
        a.layers = j.at("layers").get<int>();
        a.hidden = j.at("hidden").get<int>();
        a.encoding = encode::parse_encoding(j.at("encoding").get<std::string>());
        a.outputs = j.at("outputs").get<int>();
        if (j.at("input_dim").get<int>() != a.input_dim())
            throw model_format_error("input_dim does not match the encoding");
        validate(a);
        return a;
    }
    catch (config_error const & e)
    {
        throw model_format_error(e.what());
    }
    catch (nlohmann::json::exception const & e)
    {
        throw model_format_error(std::string{"bad architecture: "} + e.what());
    }
}

std::vector<tensor_out> network_tensors(network<float> const & net, std::string const & prefix)
{
    std::vector<tensor_out> out;
    for (auto const & s : net.tensors())
        out.push_back(
            {prefix + s.name, s.rows, s.cols, std::span<float const>(net.params().data() + s.offset, s.size())});
    return out;
}

void save_model(std::string const & path, network<float> const & net, nlohmann::json const & provenance)
{
    nlohmann::json h;
    h["format"] = "ssrnn-model";
    h["kind"] = "model";
    h["architecture"] = to_json(net.arch());
    h["labels"] = std::string{encode::ss8_letters};
    h["labels3"] = std::string{encode::ss3_letters};
    h["tensor_order"] = "column-major";
    h["provenance"] = provenance;
    auto const t = network_tensors(net);
    write_container(path, h, t);
}

namespace
{
//! Builds the network described by `arch_json` from the tensors `prefix`+name of `c` (removing them).
model member_from(container & c, nlohmann::json const & arch_json, nlohmann::json const & header,
                  std::string const & prefix, std::string const & path)
{
    auto bad = [&](std::string const & why)
    {
        return model_format_error(path + ": not a usable ssrnn model: " + why);
    };
    architecture a;
    try
    {
        a = architecture_from_json(arch_json);
        if (c.header.at("labels").get<std::string>() != encode::ss8_letters)
            throw bad("label set " + c.header.at("labels").dump() + " is not HGIEBTSC");
    }
    catch (model_format_error const & e)
    {
        throw bad(e.what());
    }
    catch (nlohmann::json::exception const & e)
    {
        throw bad(e.what());
    }
    model m{network<float>{a}, header};
    for (auto const & s : m.net.tensors())
    {
        auto const name = prefix + s.name;
        auto it = c.data.find(name);
        if (it == c.data.end())
            throw bad("missing tensor '" + name + "'");
        auto const & t = *std::find_if(c.header["tensors"].begin(), c.header["tensors"].end(),
                                       [&](auto const & x) { return x["name"] == name; });
        auto const shape = t["shape"].get<std::vector<int>>();
        if (shape[0] != s.rows || shape[1] != s.cols)
            throw bad("tensor '" + name + "' has shape [" + std::to_string(shape[0]) + ", " + std::to_string(shape[1]) +
                      "], expected [" + std::to_string(s.rows) + ", " + std::to_string(s.cols) + "]");
        std::copy(it->second.begin(), it->second.end(), m.net.params().begin() + static_cast<std::ptrdiff_t>(s.offset));
        c.data.erase(it);
    }
    return m;
}
} // namespace

model load_model(std::string const & path)
{
    auto c = read_container(path);
    if (c.header.value("kind", "") != "model")
        throw model_format_error(path + ": not a usable ssrnn model: file kind is '" + c.header.value("kind", "?") +
                                 "', expected 'model'" +
                                 (c.header.value("kind", "") == "ensemble" ? " (use load_ensemble)" : ""));
    auto m = member_from(c, c.header.value("architecture", nlohmann::json{}), c.header, "", path);
    if (!c.data.empty())
        throw model_format_error(path + ": not a usable ssrnn model: unknown tensor '" + c.data.begin()->first + "'");
    return m;
}

void save_ensemble(std::string const & path, std::vector<model> const & members)
{
    nlohmann::json h;
    h["format"] = "ssrnn-model";
    h["kind"] = "ensemble";
    h["labels"] = std::string{encode::ss8_letters};
    h["labels3"] = std::string{encode::ss3_letters};
    h["tensor_order"] = "column-major";
    h["members"] = nlohmann::json::array();
    std::vector<tensor_out> t;
    for (std::size_t k = 0; k < members.size(); ++k)
    {
        h["members"].push_back({{"architecture", to_json(members[k].net.arch())},
                                {"provenance", members[k].header.value("provenance", nlohmann::json::object())}});
        auto mt = network_tensors(members[k].net, "m" + std::to_string(k) + ".");
        t.insert(t.end(), mt.begin(), mt.end());
    }
    write_container(path, h, t);
}

model average_weights(ensemble const & e)
{
    if (e.members.empty())
        throw model_format_error("nothing to average: no model given");
    auto const arch = to_json(e.members.front().net.arch());
    model out{e.members.front().net, nlohmann::json::object()};
    auto & p = out.net.params();
    std::vector<double> sum(p.begin(), p.end());
    nlohmann::json sources = nlohmann::json::array();
    for (std::size_t k = 0; k < e.members.size(); ++k)
    {
        auto const & m = e.members[k];
        std::string const name = k < e.sources.size() ? e.sources[k] : "member " + std::to_string(k);
        if (to_json(m.net.arch()) != arch)
            throw model_format_error(name + ": cannot average weights of models with different architectures (" +
                                     to_json(m.net.arch()).dump() + " vs " + arch.dump() + ")");
        sources.push_back(m.header.value("provenance", nlohmann::json::object()));
        if (k == 0)
            continue;
        auto const & q = m.net.params();
        for (std::size_t i = 0; i < sum.size(); ++i)
            sum[i] += static_cast<double>(q[i]);
    }
    double const n = static_cast<double>(e.members.size());
    for (std::size_t i = 0; i < sum.size(); ++i)
        p[i] = static_cast<float>(sum[i] / n);
    out.header["provenance"] = {{"tool", "weight average of " + std::to_string(e.members.size()) + " models"},
                                {"averaged", sources}};
    return out;
}

ensemble load_ensemble(std::vector<std::string> const & paths)
{
    ensemble e;
    for (auto const & path : paths)
    {
        auto c = read_container(path);
        auto const kind = c.header.value("kind", "");
        if (kind == "model")
        {
            e.members.push_back(member_from(c, c.header.value("architecture", nlohmann::json{}), c.header, "", path));
            e.sources.push_back(path);
        }
        else if (kind == "ensemble" && c.header.contains("members") && c.header["members"].is_array() &&
                 !c.header["members"].empty())
        {
            auto const members = c.header["members"];
            for (std::size_t k = 0; k < members.size(); ++k)
            {
                nlohmann::json h = c.header;
                h.erase("members");
                h["provenance"] = members[k].value("provenance", nlohmann::json::object());
                e.members.push_back(member_from(c, members[k].value("architecture", nlohmann::json{}), h,
                                                "m" + std::to_string(k) + ".", path));
                e.sources.push_back(path + "#" + std::to_string(k));
            }
        }
        else
            throw model_format_error(path + ": not a usable ssrnn model: file kind is '" +
                                     (kind.empty() ? std::string{"?"} : kind) + "', expected 'model' or 'ensemble'");
        if (!c.data.empty())
            throw model_format_error(path + ": not a usable ssrnn model: unknown tensor '" + c.data.begin()->first +
                                     "'");
    }
    return e;
}

std::string default_model_path()
{
    std::vector<std::filesystem::path> candidates;
    if (char const * env = std::getenv("SSRNN_MODEL"); env && *env)
        return env;
    std::error_code ec;
    auto const exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec)
    {
        auto const bin = exe.parent_path();
        candidates.push_back(bin.parent_path() / "share/ssrnn/models/default.ssrnn");
        candidates.push_back(bin.parent_path().parent_path() / "models/default.ssrnn");
    }
    candidates.emplace_back(std::string{SSRNN_SOURCE_MODEL_DIR} + "/default.ssrnn");
    candidates.emplace_back(std::string{SSRNN_INSTALL_MODEL_DIR} + "/default.ssrnn");
    std::string tried;
    for (auto const & c : candidates)
    {
        if (std::filesystem::is_regular_file(c, ec))
            return c.string();
        tried += "\n  " + c.string();
    }
    throw model_format_error("no default model found; use --model FILE or set SSRNN_MODEL. Looked in:" + tried);
}

} // namespace ssrnn::nn
