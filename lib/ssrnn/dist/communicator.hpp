#pragma once
//! \file Communication between the processes of a data-parallel training run (MPI), behind an
//! interface whose serial implementation needs no MPI.
//!
//! Training is data-parallel: the shards of each batch are spread over the ranks, each rank
//! computes its shards' gradients; rank q receives every shard's slice q of the parameters
//! (alltoall), sums them in shard order and the sums are gathered on every rank (allgather). So
//! every rank applies bit-identical updates, and the weights are those of one process with the
//! same `--shards`, whatever the number of ranks or threads.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace ssrnn::dist
{

//! The processes of one run.
class communicator
{
public:
    virtual ~communicator() = default;
    [[nodiscard]] virtual int rank() const noexcept = 0; //!< this process, 0 .. size() - 1
    [[nodiscard]] virtual int size() const noexcept = 0; //!< number of processes
    //! Every rank has filled its own block of `all` (block r = [offsets[r], offsets[r + 1]),
    //! size() + 1 offsets); afterwards every rank holds every block.
    virtual void allgather(std::span<float> all, std::span<std::size_t const> offsets) = 0;
    //! The same for doubles.
    virtual void allgather(std::span<double> all, std::span<std::size_t const> offsets) = 0;
    //! Personalised exchange: block q of `send` ([send_offsets[q], send_offsets[q + 1])) goes to
    //! rank q, and block r of `recv` receives what rank r sent to this rank (size() + 1 offsets each).
    virtual void alltoall(std::span<float const> send, std::span<std::size_t const> send_offsets, std::span<float> recv,
                          std::span<std::size_t const> recv_offsets) = 0;
    //! Element-wise sum over ranks, in place (integers: exact in any order).
    virtual void sum(std::span<std::uint64_t> values) = 0;
    //! The largest `v` over ranks.
    [[nodiscard]] virtual int max(int v) = 0;
    //! "serial" or "mpi".
    [[nodiscard]] virtual std::string name() const = 0;
};

//! One process: the collectives are no-ops.
class serial_communicator final : public communicator
{
public:
    [[nodiscard]] int rank() const noexcept override { return 0; }
    [[nodiscard]] int size() const noexcept override { return 1; }
    void allgather(std::span<float>, std::span<std::size_t const>) override {}
    void allgather(std::span<double>, std::span<std::size_t const>) override {}
    void alltoall(std::span<float const> send, std::span<std::size_t const> send_offsets, std::span<float> recv,
                  std::span<std::size_t const> recv_offsets) override;
    void sum(std::span<std::uint64_t>) override {}
    [[nodiscard]] int max(int v) override { return v; }
    [[nodiscard]] std::string name() const override { return "serial"; }
};

//! The serial communicator (one per process).
[[nodiscard]] communicator & serial();

//! The number of ranks the launcher (mpirun, srun) started, from its environment; 1 if none.
[[nodiscard]] int launched_ranks() noexcept;

//! The communicator of this process: MPI when this build has it and the launcher started more
//! than one rank, else serial. Initialises MPI on the first call (finalised at exit). Every
//! collective that waits longer than `timeout_seconds` (0: forever) for the other ranks throws
//! ranks_error (a rank died or hangs); ending the whole job is the caller's decision (the tools:
//! tools::end_every_rank). Throws config_error if the launcher started several ranks but this
//! build has no MPI (they would train separate models).
[[nodiscard]] communicator & world(double timeout_seconds = 0);

} // namespace ssrnn::dist
