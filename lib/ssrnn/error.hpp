#pragma once
//! \file Exception hierarchy of ssrnn and the exit codes the tools map them to.
#include <stdexcept>
#include <string>

namespace ssrnn
{
//! Exit codes of every ssrnn tool (documented in docs/cli.md).
enum class exit_code : int
{
    ok = 0,         //!< success
    usage = 1,      //!< bad command line or configuration
    input = 2,      //!< bad input data (FASTA, labels, masks)
    model = 3,      //!< model file missing, corrupt or incompatible
    io = 4,         //!< cannot read or write a file
    diverged = 5,   //!< training produced NaN/Inf
    tool = 6,       //!< an external program (MMseqs2) failed or could not be run
    ranks = 7,      //!< a data-parallel run lost a rank (it died or hangs past --comm-timeout)
    internal = 70,  //!< unexpected internal error (a bug)
    time_limit = 75 //!< training stopped at --time-limit with a checkpoint: rerun with --resume (EX_TEMPFAIL)
};

//! Base class of all ssrnn errors.
class error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
    //! Exit code a tool should return for this error.
    [[nodiscard]] virtual exit_code code() const noexcept { return exit_code::internal; }
};

//! Bad input data: names file, record and position in its message.
class input_error : public error
{
public:
    using error::error;
    [[nodiscard]] exit_code code() const noexcept override { return exit_code::input; }
};

//! A model file that cannot be used (unknown magic, newer version, corrupt, wrong shapes).
class model_format_error : public error
{
public:
    using error::error;
    [[nodiscard]] exit_code code() const noexcept override { return exit_code::model; }
};

//! Invalid configuration (options out of range, inconsistent combinations).
class config_error : public error
{
public:
    using error::error;
    [[nodiscard]] exit_code code() const noexcept override { return exit_code::usage; }
};

//! A file could not be opened, read or written.
class io_error : public error
{
public:
    using error::error;
    [[nodiscard]] exit_code code() const noexcept override { return exit_code::io; }
};

//! Non-finite loss or gradient during training.
class numeric_error : public error
{
public:
    using error::error;
    [[nodiscard]] exit_code code() const noexcept override { return exit_code::diverged; }
};

//! An external program (MMseqs2) could not be started or failed; the message quotes its log.
class tool_error : public error
{
public:
    using error::error;
    [[nodiscard]] exit_code code() const noexcept override { return exit_code::tool; }
};

//! A data-parallel run lost a rank: the other ranks did not answer a collective in time (one died
//! or hangs). The tool then ends every rank (train-structure: exit code 7).
class ranks_error : public error
{
public:
    using error::error;
    [[nodiscard]] exit_code code() const noexcept override { return exit_code::ranks; }
};

} // namespace ssrnn
