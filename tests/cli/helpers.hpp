#pragma once
// Helpers of the CLI tests: run a built tool through /bin/sh, read files, a tiny trained model.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ssrnn_cli
{
namespace fs = std::filesystem;

struct result
{
    int code = -1;
    std::string out, err;
};

inline fs::path scratch()
{
    static fs::path const dir = []
    {
        auto d = fs::temp_directory_path() / ("ssrnn_cli_" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

inline std::string slurp(fs::path const & p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

//! Runs `cmd` through /bin/sh in the test-data folder; with `tool` the command starts with a tool
//! name from the build's bin/ directory.
inline result run(std::string const & cmd, bool tool = true)
{
    auto const o = scratch() / "stdout", e = scratch() / "stderr";
    std::string const full = "cd '" + std::string{SSRNN_TEST_DATA} + "' && " +
                             (tool ? std::string{SSRNN_BIN_DIR} + "/" : "") + cmd + " > '" + o.string() + "' 2> '" +
                             e.string() + "'";
    int const status = std::system(full.c_str());
    result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(o);
    r.err = slurp(e);
    return r;
}

inline std::string const & tiny_model()
{
    static std::string const path = []
    {
        auto const p = (scratch() / "tiny.ssrnn").string();
        auto const r = run("train-structure --train toy.ss8 --out " + p +
                           " --layers 1 --hidden 8 --epochs 2 --batch 8 --seed 3 --valid-fraction 0.2");
        INFO(r.err);
        REQUIRE(r.code == 0);
        return p;
    }();
    return path;
}

inline std::vector<std::string> lines(std::string const & s)
{
    std::vector<std::string> v;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);)
        v.push_back(l);
    return v;
}
} // namespace ssrnn_cli
