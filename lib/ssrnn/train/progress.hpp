#pragma once
//! \file Progress of a training run as structured events: the tool's log is one listener
//! (log_reporter), API users and tests can be others.
#include <ssrnn/train/config.hpp>

#include <cstddef>
#include <iosfwd>
#include <string>

namespace ssrnn::train
{

//! What a run trains on, reported once before the first update.
struct run_info
{
    train_config const * config = nullptr; //!< the run's options
    std::size_t train_records = 0;         //!< training records
    std::size_t train_residues = 0;        //!< training residues
    std::size_t valid_records = 0;         //!< validation records
    std::string valid_desc;                //!< where the validation set came from
    std::size_t parameters = 0;            //!< network parameters
};

//! The outcome of one epoch.
struct epoch_report
{
    int epoch = 0;             //!< 1-based
    int epochs = 0;            //!< epochs of the run
    double train_loss = 0;     //!< mean training loss per labelled residue
    double train_q8 = 0;       //!< training Q8 (percent, with dropout)
    double valid_q8 = 0;       //!< validation Q8 (percent)
    double valid_q3 = 0;       //!< validation Q3 (percent)
    double residues_per_s = 0; //!< training speed of this epoch
    double elapsed_s = 0;      //!< wall time since the run started
    std::size_t clipped = 0;   //!< updates whose gradient was clipped
    std::size_t updates = 0;   //!< batches of this epoch run by this process
    bool saved = false;        //!< the epoch's model became the best one and was written
};

//! Receives the events of a training run, on the calling thread, in order. Every method does
//! nothing by default.
class progress_reporter
{
public:
    virtual ~progress_reporter() = default;
    //! Before the first update.
    virtual void started(run_info const &) {}
    //! After each update: `done` of `total` batches of epoch `epoch` (1-based), mean loss so far.
    virtual void batch_done(int epoch, int epochs, std::size_t done, std::size_t total, double mean_loss)
    {
        (void)epoch, (void)epochs, (void)done, (void)total, (void)mean_loss;
    }
    //! After each epoch's validation.
    virtual void epoch_done(epoch_report const &) {}
    //! A one-line message (resuming, time limit, validation split written).
    virtual void message(std::string const &) {}
    //! The run stops with an exception (before it propagates).
    virtual void failed() {}
};

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
