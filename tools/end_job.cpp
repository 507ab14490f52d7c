// Ending a whole job is the tools' decision, never the library's (tools/common.hpp).
#include "common.hpp"

#ifdef SSRNN_WITH_MPI
#include <mpi.h>
#endif

#include <cstdlib>
#include <iostream>

namespace ssrnn::tools
{

void end_every_rank(int code, std::string const & message)
{
    if (!message.empty())
        std::cerr << message << std::endl;
#ifdef SSRNN_WITH_MPI
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (initialized && !finalized)
        MPI_Abort(MPI_COMM_WORLD, code);
#endif
    std::_Exit(code); // MPI_Abort does not return; without MPI this process is the job
}

} // namespace ssrnn::tools
