// The MPI communicator (built with -DSSRNN_MPI=ON): blocking collectives made of non-blocking
// ones polled against a deadline, so a rank that died or hangs ends the job instead of hanging it.
#include <ssrnn/dist/communicator.hpp>
#include <ssrnn/error.hpp>

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

namespace ssrnn::dist
{
namespace
{
class mpi_communicator final : public communicator
{
public:
    explicit mpi_communicator(double timeout) : timeout_{timeout}
    {
        int provided = 0;
        MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
        MPI_Comm_size(MPI_COMM_WORLD, &size_);
    }
    ~mpi_communicator() override
    {
        int finalized = 0;
        MPI_Finalized(&finalized);
        if (!finalized)
            MPI_Finalize();
    }
    mpi_communicator(mpi_communicator const &) = delete;
    mpi_communicator & operator=(mpi_communicator const &) = delete;

    [[nodiscard]] int rank() const noexcept override { return rank_; }
    [[nodiscard]] int size() const noexcept override { return size_; }
    void allgather(std::span<float> all, std::span<std::size_t const> offsets) override
    {
        gather_blocks(all.data(), MPI_FLOAT, offsets, "allgather");
    }
    void allgather(std::span<double> all, std::span<std::size_t const> offsets) override
    {
        gather_blocks(all.data(), MPI_DOUBLE, offsets, "allgather");
    }
    void alltoall(std::span<float const> send, std::span<std::size_t const> send_offsets, std::span<float> recv,
                  std::span<std::size_t const> recv_offsets) override
    {
        auto const sc = counts_of(send_offsets), sd = displs_of(send_offsets);
        auto const rc = counts_of(recv_offsets), rd = displs_of(recv_offsets);
        MPI_Request req = MPI_REQUEST_NULL;
        MPI_Ialltoallv(send.data(), sc.data(), sd.data(), MPI_FLOAT, recv.data(), rc.data(), rd.data(), MPI_FLOAT,
                       MPI_COMM_WORLD, &req);
        wait(req, "alltoall");
    }
    void sum(std::span<std::uint64_t> values) override
    {
        MPI_Request req = MPI_REQUEST_NULL;
        MPI_Iallreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_UINT64_T, MPI_SUM,
                       MPI_COMM_WORLD, &req);
        wait(req, "sum");
    }
    [[nodiscard]] int max(int v) override
    {
        MPI_Request req = MPI_REQUEST_NULL;
        int out = v;
        MPI_Iallreduce(&v, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &req);
        wait(req, "max");
        return out;
    }
    [[nodiscard]] std::string name() const override { return "mpi"; }

private:
    [[nodiscard]] std::vector<int> counts_of(std::span<std::size_t const> offsets) const
    {
        if (offsets.size() != static_cast<std::size_t>(size_) + 1)
            throw config_error("collective: need one block per rank");
        std::vector<int> c(static_cast<std::size_t>(size_));
        for (std::size_t r = 0; r < c.size(); ++r)
            c[r] = static_cast<int>(offsets[r + 1] - offsets[r]);
        return c;
    }
    [[nodiscard]] static std::vector<int> displs_of(std::span<std::size_t const> offsets)
    {
        std::vector<int> d(offsets.size() - 1);
        for (std::size_t r = 0; r < d.size(); ++r)
            d[r] = static_cast<int>(offsets[r]);
        return d;
    }
    void gather_blocks(void * data, MPI_Datatype type, std::span<std::size_t const> offsets, char const * what)
    {
        auto const counts = counts_of(offsets), displs = displs_of(offsets);
        MPI_Request req = MPI_REQUEST_NULL;
        MPI_Iallgatherv(MPI_IN_PLACE, 0, type, data, counts.data(), displs.data(), type, MPI_COMM_WORLD, &req);
        wait(req, what);
    }
    //! Polls `req` until it completes; throws ranks_error after the timeout.
    void wait(MPI_Request & req, char const * what)
    {
        auto const start = std::chrono::steady_clock::now();
        auto pause = std::chrono::microseconds{20};
        for (int done = 0;;)
        {
            MPI_Test(&req, &done, MPI_STATUS_IGNORE);
            if (done)
                return;
            double const waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (timeout_ > 0 && waited > timeout_)
                throw ranks_error("rank " + std::to_string(rank_) + " of " + std::to_string(size_) +
                                  ": no answer from the other ranks in " + what + " for " +
                                  std::to_string(static_cast<int>(timeout_)) + " s (a rank died or hangs)");
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::microseconds{2000});
        }
    }

    double timeout_;
    int rank_ = 0, size_ = 1;
};
} // namespace

communicator & world(double timeout_seconds)
{
    if (launched_ranks() <= 1)
        return serial();
    static mpi_communicator comm{timeout_seconds};
    return comm;
}

} // namespace ssrnn::dist
