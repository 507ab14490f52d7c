#pragma once
//! \file External programs (MMseqs2, mkdssp): run one with its output in a log file, and fresh
//! work directories for their files.
#include <filesystem>
#include <string>
#include <vector>

namespace ssrnn::base
{

//! A new, empty directory `parent/<prefix><pid>-<random>` (parent created if needed). Throws
//! io_error.
[[nodiscard]] std::filesystem::path fresh_directory(std::filesystem::path const & parent, std::string const & prefix);

//! The last `lines` lines of a text file, each on a new line indented by two spaces (for error
//! messages); empty if the file cannot be read.
[[nodiscard]] std::string log_tail(std::filesystem::path const & path, std::size_t lines = 8);

//! Runs `program` (looked up on PATH without a '/') with `args`, stdin from /dev/null, stdout and
//! stderr to `log` (truncated), and waits for it. `name` names the program in messages, `step`
//! what it was doing, `hint` how to get it. Throws tool_error when it cannot be started, is not
//! found, ends with a non-zero exit code or a signal (the message quotes the log's end), or runs
//! longer than `timeout_s` seconds (> 0; it is killed).
void run_program(std::string const & program, std::vector<std::string> const & args, std::filesystem::path const & log,
                 std::string const & name, std::string const & step, std::string const & hint, double timeout_s = 0);

} // namespace ssrnn::base
