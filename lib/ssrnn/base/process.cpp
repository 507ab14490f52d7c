#include <ssrnn/base/process.hpp>
#include <ssrnn/error.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <fstream>
#include <random>
#include <thread>

extern char ** environ;

namespace ssrnn::base
{
namespace fs = std::filesystem;

fs::path fresh_directory(fs::path const & parent, std::string const & prefix)
{
    std::error_code ec;
    fs::create_directories(parent, ec);
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt)
    {
        auto const dir = parent / (prefix + std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000));
        if (fs::create_directory(dir, ec))
            return dir;
    }
    throw io_error(parent.string() + ": cannot create a work directory" + (ec ? ": " + ec.message() : ""));
}

std::string log_tail(fs::path const & path, std::size_t lines)
{
    std::ifstream in(path);
    std::deque<std::string> last;
    for (std::string l; std::getline(in, l);)
    {
        last.push_back(l);
        if (last.size() > lines)
            last.pop_front();
    }
    std::string s;
    for (auto const & l : last)
        s += "\n  " + l;
    return s;
}

namespace
{
//! Waits for child `pid` up to `seconds` (0: no limit); false when it is still running then
//! (it is killed and reaped). `status` gets its wait status. Throws tool_error if waiting fails.
bool wait_for(pid_t pid, double seconds, int & status, std::string const & what)
{
    auto const deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;)
    {
        pid_t const r = waitpid(pid, &status, seconds > 0 ? WNOHANG : 0);
        if (r == pid)
            return true;
        if (r < 0 && errno != EINTR)
            throw tool_error("waiting for " + what + ": " + std::strerror(errno));
        if (seconds > 0 && std::chrono::steady_clock::now() > deadline)
        {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            {
            }
            return false;
        }
        if (seconds > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}
} // namespace

void run_program(std::string const & program, std::vector<std::string> const & args, fs::path const & log,
                 std::string const & name, std::string const & step, std::string const & hint, double timeout_s)
{
    std::vector<std::string> all{program};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (auto & a : all)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    int const rc = posix_spawnp(&pid, program.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        throw tool_error("cannot run " + name + " ('" + program + "'): " + std::strerror(rc) + " (" + hint + ")");
    int status = 0;
    if (!wait_for(pid, timeout_s, status, name + " (" + step + ")"))
        throw tool_error(name + " did not finish '" + step + "' within " + std::to_string(std::lround(timeout_s)) +
                         " s and was stopped; the end of its log:" + log_tail(log));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        throw tool_error("cannot run " + name + " ('" + program + "'): not found (" + hint + ")");
    std::string const how = WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                              : "signal " + std::to_string(WTERMSIG(status));
    throw tool_error(name + " failed in '" + step + "' (" + how + "); the end of its log:" + log_tail(log));
}

} // namespace ssrnn::base
