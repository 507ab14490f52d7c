#pragma once
//! \file The options of every ssrnn job, declared once in the library (name, type, default, help,
//! valid range) and set by name: the tools build their command lines from them, the Python module
//! its keyword arguments, and docs/cli.md and docs/python.md their option tables.
//!
//!     ssrnn::settings s{ssrnn::job::predict};          // predict-structure's options, at their defaults
//!     s.set("search-db", "uniref50.fasta.gz");          // a value of the option's type (option_value)
//!     s.set_text("search-sensitivity", "5.7");          // or its text, as on a command line
//!     for (auto const & o : s.options())                // name, type, default, help, range
//!         std::cout << o.name << " (" << o.default_text << "): " << o.help << '\n';
//!
//! Contracts:
//! - set() and set_text() check the value's type, a choice against its names and an integer
//!   against its type's limits, and throw config_error naming the option; ranges and options that
//!   depend on each other are checked when the job starts (the same config_error texts).
//! - A settings object is a value: copies are independent. Not synchronised: one thread sets,
//!   any number may read a settings object nobody changes.
#include <ssrnn/error.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ssrnn
{

//! The jobs of the ssrnn tools; each has its own options.
enum class job
{
    predict,             //!< predict-structure
    evaluate,            //!< evaluate-structure
    train,               //!< train-structure
    build_profiles,      //!< build-profiles
    combine,             //!< combine-models
    gradient_flow,       //!< analyze-gradients flow
    gradient_truncation, //!< analyze-gradients truncation
    gradient_modes,      //!< analyze-gradients modes
    gradient_check,      //!< analyze-gradients check
    make_labels,         //!< make-labels
    addss,               //!< ssrnn-addss
    psipred,             //!< ssrnn-runpsipred_single (and ssrnn-runpsipred)
    prepare_database,    //!< prepare-database
    disorder_head        //!< train-disorder-head
};

//! Every job, in the order above.
inline constexpr std::array<job, 14> all_jobs = {job::predict,
                                                 job::evaluate,
                                                 job::train,
                                                 job::build_profiles,
                                                 job::combine,
                                                 job::gradient_flow,
                                                 job::gradient_truncation,
                                                 job::gradient_modes,
                                                 job::gradient_check,
                                                 job::make_labels,
                                                 job::addss,
                                                 job::psipred,
                                                 job::prepare_database,
                                                 job::disorder_head};

//! The tool (and subcommand) of a job: "predict-structure", "analyze-gradients flow", ...
[[nodiscard]] std::string tool_name(job kind);

//! What an option's value is.
enum class option_type
{
    flag,    //!< on when given (bool); off by default
    integer, //!< a whole number (std::int64_t; the field may be narrower: checked)
    real,    //!< a number (double; an integer is accepted)
    text,    //!< a string: a path, a program, a list written as text
    choice,  //!< one of `option_info::choices` (a string)
    list     //!< repeatable: several strings (paths), in order (one string is a list of one)
};

//! Name of an option type ("flag", "integer", ...).
[[nodiscard]] std::string_view to_string(option_type t) noexcept;

//! An option's value as the CLI or Python gives it, before it reaches the job's configuration.
//! Plain literals pick the right alternative: `s.set("epochs", 5)`, `s.set("lr", 0.01)`,
//! `s.set("train", "train.ss8")`, `s.set("resume", true)`.
using option_value = std::variant<bool, std::int64_t, double, std::string, std::vector<std::string>>;

//! One option of a job, as declared next to the configuration field it fills.
struct option_info
{
    std::string name;    //!< the command-line name without dashes ("search-max-seqs")
    char short_name = 0; //!< one-letter alias ('o' for -o), 0 if none
    option_type type = option_type::text;
    std::string default_text;         //!< the default as the tool shows it; empty: none (off, or not given)
    std::string help;                 //!< one sentence or two, as in --help
    std::string range;                //!< valid values of a number ("[0, 1)", ">= 1"); empty: any
    std::vector<std::string> choices; //!< the names a choice takes, in order
    bool positional = false;          //!< the tool's positional arguments (INPUT...)
    bool cli_only = false;            //!< files the API takes as arguments instead (inputs, outputs, models)

    //! The Python keyword: the name with '_' for '-' ("search_max_seqs").
    [[nodiscard]] std::string python_name() const;
};

//! The options of one job with their values. Starts at the documented defaults.
class settings
{
public:
    //! Every option of `kind` at its default.
    explicit settings(job kind);
    settings(settings const & other);
    settings & operator=(settings const & other);
    settings(settings &&) noexcept;
    settings & operator=(settings &&) noexcept;
    ~settings();

    //! The job these settings are for.
    [[nodiscard]] job kind() const noexcept;
    //! Every option, in the order the tool's --help lists them.
    [[nodiscard]] std::span<option_info const> options() const noexcept;
    //! The option named `name` (CLI name or Python keyword), or nullptr.
    [[nodiscard]] option_info const * find(std::string_view name) const noexcept;

    //! Sets option `name` (CLI name or Python keyword). Throws config_error for an unknown name,
    //! a value of the wrong type ("--epochs takes an integer"), an unknown choice or an integer
    //! out of its field's limits.
    void set(std::string_view name, option_value const & value);
    //! Sets option `name` from text as written on a command line ("0.002", "lstm"; a flag takes
    //! "true"/"false"/"1"/"0"; a list gets one more element). Throws config_error as set() does,
    //! and for text that is not a number of the option's type.
    void set_text(std::string_view name, std::string const & text);
    //! The current value of option `name` (a choice as its name). Throws config_error if unknown.
    [[nodiscard]] option_value get(std::string_view name) const;

    struct impl; //!< internal: the job's typed configuration and its option table
    //! Internal: settings holding a configuration the library made (base/option_table.hpp).
    explicit settings(std::unique_ptr<impl> internals) noexcept;
    //! Internal: the typed configuration (the library's job functions read it).
    [[nodiscard]] impl const & internals() const noexcept { return *impl_; }
    //! Internal: the same, to change.
    [[nodiscard]] impl & internals() noexcept { return *impl_; }

private:
    std::unique_ptr<impl> impl_;
};

} // namespace ssrnn
