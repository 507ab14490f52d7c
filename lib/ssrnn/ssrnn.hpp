#pragma once
//! \file The ssrnn C++ API: read FASTA, load a model, predict secondary structure for protein
//! sequences, evaluate; whole jobs (train, predict files, build profiles, combine models, analyze
//! gradients) with every option of the tools are in jobs.hpp and options.hpp, included here.
//!
//! These headers (with error.hpp and version.hpp) are everything ssrnn installs; the rest of the
//! library is internal. Link `ssrnn::ssrnn` (`find_package(ssrnn)` or pkg-config). Example (examples/):
//!
//!     auto const model = ssrnn::model::load_default();        // or ssrnn::model::load("x.ssrnn")
//!     auto const p = model.predict("MKTAYIAKQRQISFVKSHFSRQ");  // one sequence
//!     std::cout << p.ss8 << '\n' << p.ss3 << '\n';            // e.g. "CCHHHH..." / "CCHHHH..."
//!     float p_helix = p.probabilities3(5)[0];                  // P(H) of residue 6
//!
//! Contracts, for every call below:
//! - Errors are exceptions derived from ssrnn::error (error.hpp), each naming what was wrong:
//!   model_format_error (missing, corrupt or incompatible model file), io_error (a file cannot be
//!   read), input_error (a residue that is not a letter: names record and position),
//!   config_error (an option out of range). Nothing calls exit() or prints.
//! - Ownership: every returned object owns its memory. The only views are the spans returned by
//!   prediction::probabilities8/3, valid while that prediction lives and is not modified.
//! - Threads: a model is immutable once loaded. Any number of threads may call predict() on one
//!   model (or on copies, which share the weights) at the same time; each call uses its own
//!   workspaces and `threads` OpenMP threads of its own. Results never depend on `threads`.
#include <ssrnn/error.hpp>
#include <ssrnn/jobs.hpp>
#include <ssrnn/options.hpp>
#include <ssrnn/version.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ssrnn
{

//! One input record.
struct record
{
    std::string id;       //!< identifier, copied to the prediction
    std::string sequence; //!< residues, one letter each (either case; B Z J U O X read as unknown)

    friend bool operator==(record const &, record const &) = default;
};

//! The prediction of one sequence.
struct prediction
{
    std::string id;           //!< the record's ID (empty for a bare sequence)
    std::string sequence;     //!< the residues as given
    std::string ss8;          //!< 8-state DSSP label per residue: one of H G I E B T S C
    std::string ss3;          //!< 3-state label per residue: H (= H G I), E (= E B) or C (= T S C)
    std::vector<float> prob8; //!< length x 8 probabilities, row-major, in the order H G I E B T S C
    std::vector<float> prob3; //!< length x 3 probabilities (sums of prob8), in the order H E C
    //! P(disordered) per residue (unobserved in a structure; docs/training.md#disorder), or empty
    //! when the model has no disorder head. model::disorder_threshold() is its binary call.
    std::vector<float> disorder;

    //! The 8 probabilities of residue `i` (0-based; i < sequence.size(), unchecked). The view
    //! lives as long as this prediction and is invalidated by changing `prob8`.
    [[nodiscard]] std::span<float const, 8> probabilities8(std::size_t i) const noexcept
    {
        return std::span<float const, 8>(prob8.data() + 8 * i, 8);
    }
    //! The 3 probabilities (H, E, C) of residue `i`; the same lifetime rule.
    [[nodiscard]] std::span<float const, 3> probabilities3(std::size_t i) const noexcept
    {
        return std::span<float const, 3>(prob3.data() + 3 * i, 3);
    }
};

//! Options of a prediction call.
struct predict_options
{
    int threads = 1; //!< OpenMP threads for this call, 1..1024 (the output does not depend on it)
};

//! Where a profile model (one trained with profiles) gets its profiles: `files` or `search_db`.
//! Single-sequence models ignore it (docs/profiles.md).
struct profile_input
{
    //! Precomputed profile files or folders of them (ssrnn profiles, PSI-BLAST PSSM, HH-suite .hhm,
    //! MMseqs2 profile2pssm), matched to the records by ID and checked against their sequences
    //! (input_error when one is missing or disagrees).
    std::vector<std::string> files;
    //! Alignments (A3M, aligned FASTA, Stockholm; files or folders of them): each record's profile
    //! computed in-process from the alignment whose query has its ID (docs/profiles.md). With `files`
    //! too; not with `search_db`.
    std::vector<std::string> msa;
    //! Instead of `files` and `msa`: search this database with MMseqs2 (a FASTA, .gz too, converted once into
    //! the cache, or an MMseqs2 database) with predict-structure's default search settings.
    //! MMseqs2 missing or failing is a tool_error.
    std::string search_db;
    //! What predicts records whose profile has no homolog (depth 1): "default" (the bundled model),
    //! "none" (the profile model itself) or a model file, as predict-structure --no-homolog-model.
    std::string no_homolog_model = "default";
};

//! Reads every record of a FASTA file (plain, gzip or bzip2; "-" = standard input) with the tools'
//! validation: throws input_error naming the file, record, line and residue of a malformed record
//! (a digit or ';' in a sequence, an empty record, no header), io_error if it cannot be read.
//! B Z J U O X are kept as letters (predicted as the unknown residue); IDs end at the first blank.
[[nodiscard]] std::vector<record> read_fasta(std::string const & path);

//! A trained model (one network or an ensemble whose probabilities are averaged). Cheap to copy:
//! copies share the immutable weights.
class model
{
public:
    //! Loads a model or ensemble file ("default" or "profile", when no such file exists, names a
    //! bundled model). Throws model_format_error, io_error.
    [[nodiscard]] static model load(std::string const & path);
    //! Loads several files whose probabilities are averaged (as predict-structure --model A
    //! --model B). Throws model_format_error, io_error, config_error (no path).
    [[nodiscard]] static model load(std::vector<std::string> const & paths);
    //! Loads the bundled default model ($SSRNN_MODEL, else share/ssrnn/models/default.ssrnn near
    //! the running program or the Python module: its install prefix or build tree; else under the
    //! configured install prefix). Throws model_format_error naming the places it looked.
    [[nodiscard]] static model load_default();

    //! Predicts each record, in input order. Throws input_error (naming the record and
    //! position of a residue that is not a letter, or a profile that is missing or disagrees),
    //! config_error (bad options; a profile model without `profiles`), tool_error (the MMseqs2
    //! search failed). Thread-safe.
    [[nodiscard]] std::vector<prediction> predict(std::vector<record> const & records,
                                                  predict_options const & options = {},
                                                  profile_input const & profiles = {}) const;
    //! Predicts each record with every option of predict-structure that is not a file
    //! (`s`: settings of job::predict: threads, precision, max-residues, profiles, search-db and the
    //! search options, no-homolog-model). Throws as above, and input_error for a record longer
    //! than max-residues. Thread-safe.
    [[nodiscard]] std::vector<prediction> predict(std::vector<record> const & records, settings const & s) const;
    //! Predicts one sequence (its ID is empty). Throws as above. Thread-safe.
    [[nodiscard]] prediction predict(std::string_view sequence, predict_options const & options = {},
                                     profile_input const & profiles = {}) const;
    //! True if this model needs profiles (profile_input) to predict.
    [[nodiscard]] bool needs_profiles() const noexcept;
    //! True if its predictions carry P(disordered) (every member has a disorder head).
    [[nodiscard]] bool has_disorder() const noexcept;
    //! The threshold of the binary disorder call (p >= it), chosen on validation; 0.5 without a head.
    [[nodiscard]] float disorder_threshold() const noexcept;

    //! Number of networks (1 for a plain model file).
    [[nodiscard]] std::size_t members() const noexcept;
    //! The file(s) it was loaded from, comma-separated.
    [[nodiscard]] std::string const & source() const noexcept;

    //! The files it was loaded from, in order.
    [[nodiscard]] std::vector<std::string> const & paths() const noexcept;

    struct impl; //!< internal
private:
    explicit model(std::shared_ptr<impl const> p) : impl_{std::move(p)} {}
    std::shared_ptr<impl const> impl_;
};

//! What evaluate-structure reports about predictions against labels (docs/evaluation.md):
//! per-residue Q8/Q3 and SOV'99 over the residues whose mask is 1, per-protein means, and the whole
//! report as evaluate-structure --format json prints it (per class, confusion, calibration, ...).
struct evaluation
{
    std::uint64_t records = 0;  //!< records with at least one scored residue
    std::uint64_t residues = 0; //!< scored residues
    double q8 = 0;              //!< percent of residues whose 8-state prediction is right (0 if none)
    double q3 = 0;              //!< percent right in 3 states
    double sov8 = 0;            //!< SOV'99 over 8 states, percent
    double sov3 = 0;            //!< SOV'99 over 3 states, percent
    double protein_q8 = 0;      //!< mean over records of each record's Q8
    double protein_q3 = 0;      //!< mean over records of each record's Q3
    double ece3 = 0;            //!< expected calibration error of the 3-state probabilities, percent
    bool has_disorder = false;  //!< a disorder report was made (a head, and unlabelled residues)
    double disorder_mcc = 0;    //!< its MCC at the threshold, all residues
    double disorder_auc = 0;    //!< its AUC-ROC, all residues
    std::string report_json;    //!< the full report, evaluate-structure --format json
};

//! Scores `m` on a 3-line labelled file (`data`; residues count where every mask file is 1), as
//! evaluate-structure --model does; a profile model takes `profiles.files` (not a search).
//! Throws input_error, io_error, model_format_error, config_error.
[[nodiscard]] evaluation evaluate(model const & m, std::string const & data, std::vector<std::string> const & masks,
                                  predict_options const & options = {}, profile_input const & profiles = {});

//! Scores as evaluate-structure does with settings of job::evaluate (data, mask, model or
//! predictions, profiles, precision, by-depth, ...; a `plot` is drawn; `format` does not matter:
//! report_json is JSON). Throws as above.
[[nodiscard]] evaluation evaluate(settings const & s);

//! Scores a predictions file of any output format (ss8, ss3, ss2, horiz, tsv, json, soft; detected)
//! on a labelled file, as evaluate-structure --predictions does. Throws as above.
[[nodiscard]] evaluation evaluate_predictions(std::string const & predictions, std::string const & data,
                                              std::vector<std::string> const & masks);

//! What a chart shows (predict-structure --format svg/html: --chart-row, --ss8, --chart-probabilities).
struct chart_options
{
    int row_length = 50;        //!< residues per row, 10..500
    bool ss8 = false;           //!< the 8 states: G and I apart from H, B from E, T and S marked
    bool probabilities = false; //!< a track of P(H), P(E), P(C) curves
};

//! The PSIPRED-style chart of `p` as an SVG document: ruler, confidence bars, cartoon (helix bar,
//! strand arrow, coil line), prediction and sequence, a tooltip per residue; `model` (a file
//! name) goes into the title. The bytes predict-structure --format svg writes for this record
//! (docs/cli.md). Throws config_error for a row length out of range.
[[nodiscard]] std::string chart_svg(prediction const & p, chart_options const & options = {},
                                    std::string const & model = {});

//! One self-contained HTML page (no network): a sortable table of the predictions (length, % H E C,
//! mean confidence) and each one's chart, as predict-structure --format html writes (without a
//! command line). Throws config_error as chart_svg.
[[nodiscard]] std::string report_html(std::vector<prediction> const & predictions, chart_options const & options = {},
                                      std::string const & model = {});

//! Tunes glibc's allocator for ssrnn's workload: freed memory is kept for reuse instead of being
//! returned to the kernel (no mmap for large blocks, one arena, no trimming). The network's
//! buffers change size with every batch; fresh mmap()s would have their pages zeroed by the
//! kernel on first touch, which cost up to a quarter of training time. Affects the whole process
//! (heap grows to the largest batch and stays), so it is the program's choice: the ssrnn tools
//! call it first thing. It also grows the heap once by a quarter of physical memory (at most 4 GB,
//! virtual only), marks that for transparent huge pages and frees it, so first touches fault 2 MB
//! at a time (docs/performance.md). Call it before starting threads. Never throws.
void keep_freed_memory() noexcept;

} // namespace ssrnn
