// train-structure: train a bidirectional LSTM by backpropagation through time.
#include "common.hpp"

#include <atomic>
#include <csignal>

namespace
{
std::atomic<int> stop_signal{0};

//! SIGINT/SIGTERM: ask the trainer to stop after the current batch with a checkpoint; a second
//! signal gets the default action (ends the process at once).
extern "C" void request_stop(int sig)
{
    stop_signal.store(sig);
    std::signal(sig, SIG_DFL);
}

} // namespace

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    process_group group;
    int const code =
        tools::run("train-structure",
                   [&]
                   {
                       auto const start = std::chrono::steady_clock::now();
                       settings s{job::train};
                       tools::po::variables_map vm;
                       if (!tools::parse(argc, argv, s, "--train FILE --out FILE [options]", vm))
                           return 0;
                       group = join_process_group(std::get<double>(s.get("comm-timeout")));
                       std::ostream quiet{nullptr}; // ranks other than 0 keep quiet: the log is rank 0's
                       std::ostream & log = group.rank == 0 ? std::cerr : quiet;
                       training_control control;
                       control.stop = &stop_signal;
                       control.command_line = tools::command_line(argc, argv);
                       control.distributed = true;
                       std::signal(SIGINT, request_stop);
                       std::signal(SIGTERM, request_stop);
                       auto const threads = std::get<std::int64_t>(s.get("threads"));
                       if (group.size > 1)
                           log << "train-structure: " << group.size << " MPI ranks, " << threads << " threads each\n";
                       auto const r = train_model(s, log, control);
                       if (!std::get<std::string>(s.get("write-valid")).empty())
                           return 0;
                       if (!r.stopped_early && r.epochs_run == 0)
                           log << "the checkpoint has finished all " << std::get<std::int64_t>(s.get("epochs"))
                               << " epochs; nothing to train (best validation Q8 " << r.best_q8 << " at epoch "
                               << r.best_epoch << ", written to --out by that run)\n";
                       else if (!r.stopped_early)
                           log << "best validation Q8 " << r.best_q8 << " Q3 " << r.best_q3 << " at epoch "
                               << r.best_epoch << "; model written to " << r.model << '\n';
                       if (group.rank == 0)
                           tools::report_resources("train-structure", start);
                       if (r.stop_signal != 0)
                           return 128 + r.stop_signal; // as a shell reports a process ended by that signal
                       // The time limit: exit 75 from rank 0 alone (after its checkpoint), so that mpirun, which
                       // ends a job when a rank exits non-zero, cannot end rank 0 before it has written.
                       bool const cut = r.stopped_early && group.rank == 0;
                       return static_cast<int>(cut ? exit_code::time_limit : exit_code::ok);
                   });
    // A rank that failed (bad input, an error) ends every rank with its exit code: the others would
    // wait for it at their next exchange. The time limit stops every rank at the same batch.
    if (code != 0 && code < 128 && code != static_cast<int>(exit_code::time_limit) && group.size > 1)
        tools::end_every_rank(code, "train-structure: rank " + std::to_string(group.rank) + " failed (exit code " +
                                        std::to_string(code) + "); ending every rank");
    return code;
}
