#include <ssrnn/dist/communicator.hpp>
#include <ssrnn/error.hpp>

#include <algorithm>
#include <cstdlib>

namespace ssrnn::dist
{

void serial_communicator::alltoall(std::span<float const> send, std::span<std::size_t const> send_offsets,
                                   std::span<float> recv, std::span<std::size_t const> recv_offsets)
{
    std::copy(send.begin() + static_cast<std::ptrdiff_t>(send_offsets[0]),
              send.begin() + static_cast<std::ptrdiff_t>(send_offsets[1]),
              recv.begin() + static_cast<std::ptrdiff_t>(recv_offsets[0]));
}

communicator & serial()
{
    static serial_communicator s;
    return s;
}

int launched_ranks() noexcept
{
    // Open MPI's mpirun, PMI (MPICH, srun --mpi=pmi2), PMIx, and srun itself (per job step, unlike
    // SLURM_NTASKS, which a batch script sees before it calls srun).
    for (char const * name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "SLURM_STEP_NUM_TASKS"})
        if (char const * v = std::getenv(name); v != nullptr && *v != '\0')
        {
            int const n = std::atoi(v);
            if (n > 0)
                return n;
        }
    return 1;
}

#ifndef SSRNN_WITH_MPI
communicator & world(double)
{
    if (launched_ranks() > 1)
        throw config_error("started as " + std::to_string(launched_ranks()) +
                           " ranks, but this build has no MPI (configure with -DSSRNN_MPI=ON): each rank would "
                           "train a model of its own");
    return serial();
}
#endif

} // namespace ssrnn::dist
