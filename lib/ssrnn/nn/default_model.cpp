#include <ssrnn/error.hpp>
#include <ssrnn/nn/default_model.hpp>

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>

namespace ssrnn::nn
{
namespace
{
namespace fs = std::filesystem;

char const module_anchor = 0; //!< an address inside the module that holds this code (dladdr)

//! `share/ssrnn/models` near a binary: PREFIX/bin and BUILD/bin (tools), BUILD/tests, BUILD/python
//! (one level up), and PREFIX/lib/python3.X/dist-packages (the installed Python module, three up).
void add_near(std::vector<fs::path> & dirs, fs::path const & binary)
{
    auto const dir = binary.parent_path();
    dirs.push_back(dir.parent_path() / "share/ssrnn/models");
    dirs.push_back(dir.parent_path().parent_path().parent_path() / "share/ssrnn/models");
}

//! The folders that may hold the bundled models, in order: near the running program, near the
//! module this code is linked into (the Python module, a shared library) when that is another
//! file, then the install prefix this library was configured with. A build tree holds links to
//! the source tree's models in BUILD/share/ssrnn/models (made by CMake), so no source path is
//! compiled in and an installed binary never reads the source tree.
std::vector<fs::path> model_dirs()
{
    std::vector<fs::path> dirs;
    std::error_code ec;
    auto const exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        add_near(dirs, exe);
    Dl_info info{};
    if (dladdr(&module_anchor, &info) != 0 && info.dli_fname != nullptr && *info.dli_fname != '\0')
    {
        auto const module = fs::weakly_canonical(info.dli_fname, ec);
        if (!ec && module != exe)
            add_near(dirs, module);
    }
    dirs.emplace_back(SSRNN_INSTALL_MODEL_DIR);
    return dirs;
}

} // namespace

namespace
{
//! The first `file` in model_dirs(), or empty with the places looked at in `tried`.
std::string find_model(std::string const & file, std::string & tried)
{
    std::error_code ec;
    for (auto const & dir : model_dirs())
    {
        auto const candidate = dir / file;
        if (fs::is_regular_file(candidate, ec))
            return candidate.string();
        tried += "\n  " + candidate.string();
    }
    return {};
}
} // namespace

std::string default_model_path()
{
    if (char const * env = std::getenv("SSRNN_MODEL"); env && *env)
        return env;
    std::string tried;
    if (auto p = find_model("default.ssrnn", tried); !p.empty())
        return p;
    throw model_format_error("no default model found; use --model FILE or set SSRNN_MODEL. Looked in:" + tried);
}

std::string bundled_model_path(std::string const & name)
{
    std::string tried;
    if (auto p = find_model(name + ".ssrnn", tried); !p.empty())
        return p;
    throw model_format_error("no bundled model '" + name + "' found; use --model FILE. Looked in:" + tried);
}

std::vector<std::string> model_paths(std::vector<std::string> const & given)
{
    if (given.empty())
        return {default_model_path()};
    auto out = given;
    for (auto & p : out)
        if (std::error_code ec; (p == "default" || p == "profile") && !std::filesystem::exists(p, ec))
            p = bundled_model_path(p);
    return out;
}

} // namespace ssrnn::nn
