#pragma once
//! \file Predictions files, every format in one place: the writers predict-structure uses and the
//! readers (with format sniffing) evaluate-structure uses to score any such file without a model.
//!
//! - `ss8`, `ss3`: 3-line records `>id`, sequence, labels (same layout as the training data).
//! - `ss2`: PSIPRED VFORMAT, one block per record: `# PSIPRED VFORMAT (PSIPRED V4.0)`, a blank
//!   line, then `%4d %c %c  %6.3f %6.3f %6.3f` with 3-state probabilities in the order C H E.
//! - `horiz`: PSIPRED HFORMAT, one block per record: 60-residue blocks of `Conf:`, `Pred:`,
//!   `  AA:` lines and a position ruler; confidence = floor(10 * (p_max - p_second)), at most 9.
//! - `tsv`: header row, then id, pos, residue, ss8, ss3, p_H..p_C (8), p3_H, p3_E, p3_C, and
//!   p_disorder when the model has a disorder head.
//! - `json`: JSON Lines, one object per record (`p_disorder` with a disorder head).
//! - `jalview`: a Jalview annotation file (`JALVIEW_ANNOTATION`): per record a `SEQUENCE_REF` and
//!   the rows `ssrnn SS3` (NO_GRAPH, H and E drawn as Jalview's helix and strand), `ssrnn SS8`
//!   (the 8-state letters) and `ssrnn confidence` (BAR_GRAPH, PSIPRED's 0-9 digit).
//! - `soft`: soft-label file (io/soft_labels.hpp): 8-state probabilities quantised to bytes, the
//!   training data of distillation (train-structure reads it).
#include <ssrnn/base/names.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ssrnn::io
{

//! Output format of predictions.
enum class output_format
{
    ss8,
    ss3,
    ss2,
    horiz,
    tsv,
    json,
    soft,
    svg,    //!< a PSIPRED-style chart per record (io/chart.hpp); written only
    html,   //!< a self-contained report: table and charts (io/chart.hpp); written only
    jalview //!< a Jalview annotation file: SS3 and SS8 rows and a confidence bar graph; written only
};

//! Format names in enum order (command line).
inline constexpr std::array<std::string_view, 10> format_names = {"ss8",  "ss3",  "ss2", "horiz", "tsv",
                                                                  "json", "soft", "svg", "html",  "jalview"};
//! The formats that can be read back (evaluate-structure --predictions): all but the pictures.
inline constexpr std::array<std::string_view, 7> readable_format_names = {"ss8", "ss3",  "ss2", "horiz",
                                                                          "tsv", "json", "soft"};
//! Name of a format.
[[nodiscard]] inline std::string to_string(output_format f)
{
    return base::name_of(format_names, f);
}
//! Parses an output format name; throws config_error on an unknown one.
[[nodiscard]] output_format parse_output_format(std::string_view name);
//! Parses the format of a predictions file to read: "auto" (nullopt: sniff it) or a format name;
//! throws config_error on anything else.
[[nodiscard]] std::optional<output_format> parse_predictions_format(std::string_view name);

//! One predicted record to write.
struct predicted_record
{
    std::string_view id;          //!< record ID
    std::string_view description; //!< rest of the header
    std::string_view sequence;    //!< residues as read
    std::span<float const> prob8; //!< length x 8 probabilities, row-major (HGIEBTSC)
    //! P(disordered) per residue, or empty (a model without a disorder head): tsv `p_disorder`,
    //! json `p_disorder`, a jalview bar graph; the PSIPRED formats and ss8/ss3 leave it out.
    std::span<float const> disorder;
};

//! PSIPRED's confidence digit: floor(10 * (p_max - p_second)) of the 3-state probabilities, 0-9.
[[nodiscard]] int horiz_confidence(std::array<float, 3> p3) noexcept;

//! PSIPRED's calls per residue from length x 8 probabilities: `pred`, the 3-state argmax (H, E,
//! C), and `conf`, horiz_confidence's digit; what the horiz format, ssrnn-addss and the Jalview
//! rows show.
struct psipred_call_strings
{
    std::string pred, conf;
};
[[nodiscard]] psipred_call_strings psipred_calls(std::span<float const> prob8);

//! Writes one record in `format`; `first` tells whether it is the first record of the output.
//! Not for svg and html, which are whole documents (io/chart.hpp; std::invalid_argument).
void write_record(std::ostream & out, output_format format, predicted_record const & rec, bool first);

//! One predicted record as read from a file.
struct prediction
{
    std::string id;                 //!< record ID (empty for ss2/horiz, which carry none)
    std::string sequence;           //!< residues
    std::vector<std::int8_t> pred8; //!< 8-state indices (empty if the format has none)
    std::vector<std::int8_t> pred3; //!< 3-state indices H E C = 0 1 2
    std::vector<float> prob8;       //!< length x 8 (tsv, json), else empty
    std::vector<float> prob3;       //!< length x 3 in H E C order (ss2, tsv, json), else empty
    std::vector<std::int8_t> conf;  //!< horiz confidence digits, else empty
    std::vector<float> disorder;    //!< P(disordered) per residue (tsv/json `p_disorder`), else empty
};

//! Predictions of a file and the format it was read as.
struct prediction_set
{
    output_format format = output_format::ss8; //!< the format read
    std::vector<prediction> records;           //!< in file order
    //! Whether records carry IDs (ss2 and horiz do not: they are matched by order).
    [[nodiscard]] bool has_ids() const noexcept
    {
        return format != output_format::ss2 && format != output_format::horiz;
    }
};

//! Reads `path` in `format`, or (nullopt) the format detected from the first line (a 3-line
//! file whose labels use only 3-state letters is read as ss3). Throws input_error naming file,
//! line and problem, io_error if it cannot be opened.
[[nodiscard]] prediction_set read_predictions(std::string const & path, std::optional<output_format> format);

} // namespace ssrnn::io
