#include <ssrnn/error.hpp>
#include <ssrnn/nn/default_model.hpp>

#include <cstdlib>
#include <filesystem>

namespace ssrnn::nn
{

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

std::vector<std::string> model_paths(std::vector<std::string> const & given)
{
    return given.empty() ? std::vector<std::string>{default_model_path()} : given;
}

} // namespace ssrnn::nn
