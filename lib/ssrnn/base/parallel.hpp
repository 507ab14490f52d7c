#pragma once
//! \file OpenMP loop that never lets an exception escape the parallel region.
#include <exception>
#include <mutex>

namespace ssrnn
{

//! Runs body(i) for i in [0, n) on `threads` OpenMP threads, one index at a time (dynamic
//! schedule). The first exception thrown by any body is rethrown after the loop; results must not
//! depend on which thread ran which index.
template <typename body_t>
void parallel_for(long n, int threads, body_t && body)
{
    std::exception_ptr failure;
    std::mutex failure_mutex;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (long i = 0; i < n; ++i)
    {
        try
        {
            body(i);
        }
        catch (...)
        {
            std::lock_guard lock{failure_mutex};
            if (!failure)
                failure = std::current_exception();
        }
    }
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace ssrnn
