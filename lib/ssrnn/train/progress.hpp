#pragma once
//! \file Progress of a training run as structured events: the tool's log is one listener
//! (log_reporter), API users and tests can be others.
#include <ssrnn/jobs.hpp>
#include <ssrnn/train/config.hpp>

#include <cstddef>
#include <iosfwd>
#include <string>

namespace ssrnn::train
{

//! The events of a run are the public API's (ssrnn/jobs.hpp): the trainer reports to a
//! training_progress, whose started() gets the run's effective options as settings.
using run_info = ssrnn::training_start;
using epoch_report = ssrnn::training_epoch;
using progress_reporter = ssrnn::training_progress;

//! The train-structure log: the configuration, one line per epoch and messages; with `tty`
//! also a progress bar redrawn in place.
class log_reporter : public progress_reporter
{
public:
    //! Writes to `log` (which must outlive the reporter).
    log_reporter(std::ostream & log, bool tty) : log_{log}, tty_{tty} {}
    void started(run_info const & info) override;
    void batch_done(int epoch, int epochs, std::size_t done, std::size_t total, double mean_loss) override;
    void epoch_done(epoch_report const & r) override;
    void message(std::string const & text) override;
    void failed() override;

private:
    void end_bar();
    std::ostream & log_;
    bool tty_ = false;
    bool bar_open_ = false;
};

//! "H:MM:SS".
[[nodiscard]] std::string format_seconds(double s);

} // namespace ssrnn::train
