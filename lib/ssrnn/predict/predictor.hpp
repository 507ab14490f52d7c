#pragma once
//! \file Batched inference and the `predict-structure` pipeline.
#include <ssrnn/base/names.hpp>
#include <ssrnn/io/chart.hpp>
#include <ssrnn/io/predictions.hpp>
#include <ssrnn/io/profiles.hpp>
#include <ssrnn/nn/ensemble.hpp>
#include <ssrnn/nn/network.hpp>
#include <ssrnn/search/mmseqs.hpp>

#include <array>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssrnn::base
{
template <typename Config>
struct option;
} // namespace ssrnn::base

namespace ssrnn::predict
{

//! Arithmetic of prediction.
enum class precision
{
    float32,  //!< float32 products and sums (the default)
    bf16,     //!< bfloat16 products with float32 sums in the LSTM layers (CPUs with AVX-512 BF16, else float32)
    automatic //!< bf16 where it is measured to pay (nn::bf16_pays()), float32 elsewhere; see resolve()
};

//! Precision names in enum order (command line).
inline constexpr std::array<std::string_view, 3> precision_names = {"float32", "bf16", "auto"};
//! The help of --precision (predict-structure, evaluate-structure).
inline constexpr char const * precision_help =
    "float32; bf16: bfloat16 products with float32 sums in the LSTM layers (CPUs with AVX-512 BF16; elsewhere "
    "float32 is used and a note is printed); auto: bf16 on CPUs where it is measured to be >= 1.5x faster (AMD Zen "
    "5), float32 elsewhere (docs/performance.md)";
//! The help of --no-homolog-model.
inline constexpr char const * no_homolog_help =
    "with a profile model: records whose profile has depth 1 (no homolog found) are predicted by this "
    "single-sequence model: default (the bundled model), none, or a model file";
//! Name of a precision.
[[nodiscard]] inline std::string to_string(precision p)
{
    return base::name_of(precision_names, p);
}
//! Parses a precision name; throws config_error on an unknown one.
[[nodiscard]] precision parse_precision(std::string_view name);
//! The precision this CPU computes `p` in: `automatic` becomes bf16 where nn::bf16_pays(), else
//! float32; bf16 stays bf16 (computed in float32 on CPUs without AVX-512 BF16).
[[nodiscard]] precision resolve(precision p) noexcept;

//! Sequences in fixed groups for batched inference: `order` holds their indices longest first
//! (stable), `groups` [begin, end) ranges of it with at most `group_size` sequences and
//! `group_residues` residues (a longer sequence alone). Independent of the thread count.
struct length_groups
{
    std::vector<std::size_t> order;
    std::vector<std::pair<std::size_t, std::size_t>> groups;
};
[[nodiscard]] length_groups group_by_length(std::span<std::size_t const> lengths, int group_size = 32,
                                            int group_residues = 16384);
//! Runs `net` over `seqs` (residue indices). Sequences are grouped by length into fixed groups
//! (at most `group_size` sequences and `group_residues` residues) that do not depend on
//! `threads`, so the output is bit-identical for any thread count. Returns per sequence its
//! probabilities, length x 8, row-major. `profiles`: per sequence its profile features
//! (length x encode::profile_dim), required by a profile model, ignored by others; may be empty.
//! With `head` and `disorder` (both or neither), also P(disordered) per residue from the head
//! into `*disorder` (one vector per sequence).
[[nodiscard]] std::vector<std::vector<float>>
predict_probabilities(nn::network<float> const & net, std::vector<std::vector<std::uint8_t>> const & seqs, int threads,
                      int group_size = 32, int group_residues = 16384, bool bf16 = false,
                      std::span<std::vector<float> const> profiles = {}, nn::disorder_head const * head = nullptr,
                      std::vector<std::vector<float>> * disorder = nullptr);

//! The same for an ensemble: the members' probabilities averaged in member order. With
//! `disorder` and disorder heads on every member (nn::has_disorder), also their averaged
//! P(disordered) per residue; without heads `*disorder` is left empty.
[[nodiscard]] std::vector<std::vector<float>>
predict_probabilities(nn::ensemble const & models, std::vector<std::vector<std::uint8_t>> const & seqs, int threads,
                      bool bf16 = false, std::span<std::vector<float> const> profiles = {},
                      std::vector<std::vector<float>> * disorder = nullptr);

//! True if any member of `models` needs profiles.
[[nodiscard]] bool needs_profiles(nn::ensemble const & models) noexcept;

//! As predict_probabilities for a profile model, except that sequences whose profile depth is 1
//! (the search found no homolog; `depths[k]`, 0 = unknown) are predicted by `fallback` (a
//! single-sequence model) when it is not null. `disorder` as for predict_probabilities: filled only
//! when `models` and `fallback` (if any) all have disorder heads.
[[nodiscard]] std::vector<std::vector<float>>
predict_with_fallback(nn::ensemble const & models, nn::ensemble const * fallback,
                      std::vector<std::vector<std::uint8_t>> const & seqs, int threads, bool bf16,
                      std::vector<std::vector<float>> const & profiles, std::vector<double> const & depths,
                      std::vector<std::vector<float>> * disorder = nullptr);

//! The single-sequence model that predicts records without homologs for a profile model:
//! `name` "default" (the bundled default model), "none" (no fallback: null) or a model file.
[[nodiscard]] std::unique_ptr<nn::ensemble> load_no_homolog_model(std::string const & name);

//! Options of predict-structure.
struct predict_config
{
    std::vector<std::string> models;                   //!< model or ensemble files, averaged; empty = bundled default
    io::output_format format = io::output_format::ss8; //!< output format
    int threads = 1;                                   //!< OpenMP threads
    std::string output = "-";                          //!< output file or "-" for stdout (written atomically)
    std::string outdir; //!< if set: one file per record, DIR/<safe id>.<format> (io/record_files), not `output`
    std::vector<std::string> inputs;            //!< FASTA files ("-" = stdin)
    std::vector<std::string> profiles;          //!< precomputed profiles (files or directories) for a profile model
    std::vector<std::string> msa;               //!< alignments (files or directories): profiles computed from them
    std::vector<io::profile_file> profile_data; //!< profiles already in memory (ssrnn-addss: its own A3M); no option
    search::search_settings search;           //!< with search.database set: build profiles with MMseqs2 (on `threads`)
    std::string no_homolog_model = "default"; //!< predicts records without homologs (load_no_homolog_model)
    std::size_t chunk_residues = 1U << 20;    //!< residues read before predicting a chunk
    //! Longest record accepted (residues); a longer one is refused before anything is predicted,
    //! because prediction memory grows with the longest record (README: 736 MB for one 35,000-residue
    //! sequence with the bundled model, about 21 kB per residue, so 100,000 residues would take
    //! about 2.1 GB: an extrapolation, not a measurement). 0 = no limit.
    std::size_t max_residues = 100000;
    predict::precision precision = predict::precision::float32; //!< arithmetic
    io::chart_options chart;  //!< --format svg/html: rows, 8 states, probability curves
    std::string command_line; //!< --format html: shown in the report (the tool's, without --threads)
};

//! Every option of predict-structure, bound to its field (base/option_table.hpp).
[[nodiscard]] std::span<base::option<predict_config> const> option_table();

//! Checks the options of a prediction (ranges, profiles or a search); throws config_error.
void validate_options(predict_config const & cfg);
//! validate_options(), and the inputs and outputs of run_predict; throws config_error.
void validate(predict_config const & cfg);

//! The profiles of a profile model's records, from precomputed files (`cfg.profiles`), alignments
//! (`cfg.msa`, `cfg.profile_data`) or an MMseqs2 search (`cfg.search`), and the model for records without homologs. For
//! a single-sequence model it gives no features (and notes on `log` that profile options are ignored). Used by
//! run_predict and by the C++ API.
class profile_source
{
public:
    //! Throws config_error for a profile model without profiles or a database, tool_error if
    //! MMseqs2 cannot be set up, input_error/io_error for bad profile files.
    profile_source(predict_config const & cfg, nn::ensemble const & m, std::string const & model, std::ostream & log);
    ~profile_source();
    profile_source(profile_source const &) = delete;
    profile_source & operator=(profile_source const &) = delete;

    //! The model for records without homologs, or null.
    [[nodiscard]] nn::ensemble const * fallback() const noexcept { return fallback_.get(); }
    //! The depths of the last chunk's profiles (empty for a single-sequence model).
    [[nodiscard]] std::vector<double> const & depths() const noexcept { return depths_; }
    //! Features of `chunk` (records numbered from `first` over all inputs; `where[k]` names the file
    //! of record k in messages), or none. Throws input_error for a missing or disagreeing profile.
    std::vector<std::vector<float>> features(std::vector<io::fasta_record> const & chunk,
                                             std::vector<std::string> const & where, std::size_t first);

private:
    std::ostream & log_;
    std::unique_ptr<io::profile_index> index_;
    std::unique_ptr<search::profile_searcher> searcher_;
    std::unique_ptr<nn::ensemble> fallback_;
    std::vector<double> depths_;
};

//! What a prediction run did.
struct predict_summary
{
    std::size_t records = 0;  //!< records predicted
    std::size_t residues = 0; //!< residues predicted
    std::string model;        //!< model file(s) used
};

//! The file names of model paths, comma-separated: what pictures show (not machine-specific paths).
[[nodiscard]] std::string model_names(std::vector<std::string> const & paths);

//! The 8-state probabilities (length x 8 per record) of `records` (read from `where`), with the
//! models, profiles and precision `cfg` says (its inputs and output are not used): what
//! run_predict computes for one chunk (and with `disorder`, P(disordered) per residue when the
//! models have disorder heads; else it stays empty). Throws as run_predict does.
[[nodiscard]] std::vector<std::vector<float>> predict_records(predict_config const & cfg,
                                                              std::vector<io::fasta_record> const & records,
                                                              std::string const & where, std::ostream & log,
                                                              std::vector<std::vector<float>> * disorder = nullptr);

//! Reads every input in order, predicts, and writes the chosen format. Logs go to `log`.
predict_summary run_predict(predict_config const & cfg, std::ostream & log);

} // namespace ssrnn::predict
