#pragma once
//! \file Whole jobs as the ssrnn tools run them, configured by settings (options.hpp): predict files,
//! evaluate, train (with progress events, stop requests, resume), build profiles, combine models,
//! analyze gradients. Each tool is this call plus its command line; the Python module calls the
//! same functions.
//!
//!     ssrnn::settings s{ssrnn::job::train};
//!     s.set("train", "train.txt");
//!     s.set("out", "my.ssrnn");
//!     s.set("epochs", 5);
//!     auto const r = ssrnn::train_model(s, std::cerr); // the train-structure log on std::cerr
//!
//! Contracts, for every call below:
//! - `s` must be settings of the job the function runs (config_error otherwise); options that
//!   are out of range or contradict each other throw config_error before any work starts.
//! - Errors are exceptions derived from ssrnn::error (error.hpp): input_error, io_error,
//!   model_format_error, config_error, tool_error (MMseqs2), numeric_error (training diverged),
//!   ranks_error (an MPI rank stopped answering). Outputs are written atomically: a job that
//!   throws leaves no partial output file. Nothing calls exit() or prints except to the streams
//!   given; `log` receives the lines the tool prints on stderr.
//! - Threads: each call uses the job's `threads` OpenMP threads; results never depend on them.
#include <ssrnn/options.hpp>

#include <atomic>
#include <cstddef>
#include <iosfwd>
#include <string>

namespace ssrnn
{

//! What predict_files() did.
struct predict_run
{
    std::size_t records = 0;  //!< records predicted
    std::size_t residues = 0; //!< residues predicted
    std::string model;        //!< the model file(s) used, comma-separated
};

//! predict-structure: reads the `input` FASTA files, predicts (with profiles from `profiles` or a
//! `search-db` search for a profile model) and writes `format` to `output` or one file per record
//! into `outdir`. A note on `log` for bf16 on a CPU without it, what `--precision auto` chose,
//! and a summary line. `command_line` is shown in an html report (leave out what does not change
//! the output, such as --threads, so the report stays the same for any thread count).
predict_run predict_files(settings const & s, std::ostream & log, std::string const & command_line = {});

//! evaluate-structure: scores a model (or a `predictions` file) on `data`, writes the report
//! (`format` text or json) to `out`; notes on `log`.
void evaluate_files(settings const & s, std::ostream & out, std::ostream & log);

//! build-profiles: MMseqs2 profiles of the `input` FASTA files into `output`, in resumable chunks.
void build_profiles(settings const & s, std::ostream & log);

//! ssrnn-addss: an A3M alignment annotated with >ss_pred and >ss_conf for its query, as HH-suite's
//! addss.pl writes them (docs/integrations.md). Throws as predict_files does.
void add_secondary_structure(settings const & s, std::ostream & log);

//! ssrnn-runpsipred_single / ssrnn-runpsipred: ROOT.ss, ROOT.ss2 and ROOT.horiz of a one-record
//! FASTA file, PSIPRED's contract (docs/integrations.md).
void psipred_files(settings const & s, std::ostream & log);

//! prepare-database: a protein FASTA converted and indexed for MMseqs2 once, into a directory that
//! --search-db takes (docs/profiles.md). Throws config_error, tool_error, io_error.
void prepare_database(settings const & s, std::ostream & log);

//! make-labels: labelled inputs (3-line, classic DSSP; .gz) into one 3-line `output` and its mask
//! `output.mask` (docs/cli.md).
void make_labels(settings const & s, std::ostream & log);

//! train-disorder-head: the `model` (every member of an ensemble) with a disorder head trained on
//! `train`'s unlabelled (mask 0) residues, its networks unchanged, written to `out`
//! (docs/training.md#disorder).
void train_disorder_head(settings const & s, std::ostream & log);
//! combine-models: the `input` models into one ensemble file `out` (or, with `average`, one model
//! whose weights are their mean).
void combine_models(settings const & s, std::ostream & log);

//! analyze-gradients (job gradient_flow, gradient_truncation, gradient_modes or gradient_check):
//! the table on `out` (TSV with a header), summary lines on `log`; gradient_check throws
//! numeric_error when an analytic gradient disagrees with finite differences.
void analyze_gradients(settings const & s, std::ostream & out, std::ostream & log);

//! What a training run trains on, reported once before the first update.
struct training_start
{
    std::size_t train_records = 0;  //!< training records
    std::size_t train_residues = 0; //!< training residues
    std::size_t valid_records = 0;  //!< validation records
    std::string valid_source;       //!< where the validation set came from
    std::size_t parameters = 0;     //!< network parameters
    std::string config_json;        //!< every option's effective value, as JSON (as in the model's provenance)
    //! The run's effective options (--init's architecture in place of the given one); valid
    //! during the started() call.
    settings const * options = nullptr;
    std::size_t excluded_records = 0; //!< training records dropped by --exclude
};

//! The outcome of one epoch.
struct training_epoch
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
    bool saved = false;        //!< this epoch's model became the best one and was written
};

//! Receives the events of a training run, on the calling thread, in order. Every method does
//! nothing by default; an exception thrown by one ends the run (after a failed() call).
class training_progress
{
public:
    virtual ~training_progress() = default;
    //! Before the first update.
    virtual void started(training_start const &) {}
    //! After each update: `done` of `total` batches of epoch `epoch` (1-based), mean loss so far.
    virtual void batch_done(int epoch, int epochs, std::size_t done, std::size_t total, double mean_loss)
    {
        (void)epoch, (void)epochs, (void)done, (void)total, (void)mean_loss;
    }
    //! After each epoch's validation.
    virtual void epoch_done(training_epoch const &) {}
    //! A one-line message (resuming, time limit reached, validation split written).
    virtual void message(std::string const &) {}
    //! The run stops with an exception (before it propagates).
    virtual void failed() {}
};

//! How a caller steers a training run besides its options.
struct training_control
{
    //! Polled before every batch; when it holds a non-zero value (a signal number, say, set by a
    //! SIGTERM handler) the run writes a checkpoint and returns (training_result::stop_signal).
    std::atomic<int> const * stop = nullptr;
    //! Recorded in the model's provenance.
    std::string command_line;
    //! Train data-parallel over the processes of the MPI job (join_process_group(); every rank
    //! calls train_model() with the same settings, rank 0 writes). False: this process alone.
    bool distributed = false;
};

//! Outcome of a training run.
struct training_result
{
    int epochs_done = 0;        //!< completed epochs (including resumed ones)
    int epochs_run = 0;         //!< epochs trained by this call (0: a resumed run was already finished)
    int best_epoch = 0;         //!< epoch whose model was kept (1-based)
    double best_q8 = 0;         //!< validation Q8 of the kept model (percent)
    double best_q3 = 0;         //!< validation Q3 of the kept model (percent)
    double last_train_loss = 0; //!< mean training loss of the last completed epoch
    bool stopped_early = false; //!< the time limit or a stop request stopped it; `resume` continues it
    int stop_signal = 0;        //!< the value of training_control::stop that stopped it (0: none)
    std::string model;          //!< the model file written (`out`)
};

//! train-structure: trains by BPTT as configured, writes the best model to `out` and a checkpoint
//! after every epoch; `resume` continues from the checkpoint. Events go to `progress`.
training_result train_model(settings const & s, training_progress & progress, training_control const & control = {});
//! The same with train-structure's log on `log` (a progress bar when `log` is a terminal's stderr).
training_result train_model(settings const & s, std::ostream & log, training_control const & control = {});

//! This process's place among the processes of an MPI job (mpirun, srun).
struct process_group
{
    int rank = 0; //!< 0 .. size - 1
    int size = 1; //!< processes in the job (1 without MPI, or in a build without MPI)
};
//! Joins the MPI job this process was started in (once; later calls return the same), with
//! `timeout_seconds` for the collective operations of training (0 = wait forever; a rank that
//! waits longer fails with ranks_error).
[[nodiscard]] process_group join_process_group(double timeout_seconds);

} // namespace ssrnn
