#include <ssrnn/analysis/reports.hpp>
#include <ssrnn/base/json_text.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/dist/communicator.hpp>
#include <ssrnn/eval/evaluate.hpp>
#include <ssrnn/io/labelled.hpp>
#include <ssrnn/jobs.hpp>
#include <ssrnn/nn/ensemble.hpp>
#include <ssrnn/nn/packed_gemm.hpp>
#include <ssrnn/predict/predictor.hpp>
#include <ssrnn/predict/psipred_compat.hpp>
#include <ssrnn/search/database.hpp>
#include <ssrnn/search/profile_builder.hpp>
#include <ssrnn/train/disorder_training.hpp>
#include <ssrnn/train/trainer.hpp>

#include <ostream>

namespace ssrnn
{

namespace
{
template <typename Config>
std::unique_ptr<settings::impl> typed(job kind, std::span<base::option<Config> const> table)
{
    return std::make_unique<base::typed_settings<Config>>(kind, table);
}
} // namespace

settings::settings(job kind)
{
    switch (kind)
    {
    case job::predict:
        impl_ = typed(kind, predict::option_table());
        break;
    case job::evaluate:
        impl_ = typed(kind, eval::option_table());
        break;
    case job::train:
        impl_ = typed(kind, train::option_table());
        break;
    case job::build_profiles:
        impl_ = typed(kind, search::build_option_table());
        break;
    case job::combine:
        impl_ = typed(kind, nn::combine_option_table());
        break;
    case job::gradient_flow:
        impl_ = typed(kind, analysis::flow_option_table());
        break;
    case job::gradient_truncation:
        impl_ = typed(kind, analysis::truncation_option_table());
        break;
    case job::gradient_modes:
        impl_ = typed(kind, analysis::modes_option_table());
        break;
    case job::gradient_check:
        impl_ = typed(kind, analysis::check_option_table());
        break;
    case job::make_labels:
        impl_ = typed(kind, io::labels_option_table());
        break;
    case job::addss:
        impl_ = typed(kind, predict::addss_option_table());
        break;
    case job::psipred:
        impl_ = typed(kind, predict::psipred_option_table());
        break;
    case job::prepare_database:
        impl_ = typed(kind, search::prepare_option_table());
        break;
    case job::disorder_head:
        impl_ = typed(kind, train::disorder_option_table());
        break;
    default:
        throw config_error("unknown job");
    }
}

namespace
{
//! The notes of --precision: bf16 asked for on a CPU without it, and what `auto` chose.
void note_precision(predict::precision p, job kind, std::ostream & log)
{
    if (p == predict::precision::bf16 && !nn::bf16_supported())
        log << tool_name(kind) << ": note: this CPU has no AVX-512 BF16; computing in float32\n";
    if (p == predict::precision::automatic)
        log << tool_name(kind) << ": note: --precision auto: " << predict::to_string(predict::resolve(p))
            << " on this CPU\n";
}

train::train_config training_config(settings const & s, training_control const & control)
{
    auto cfg = base::config_of<train::train_config>(s, job::train);
    cfg.stop_request = control.stop;
    cfg.command_line = control.command_line;
    cfg.comm = control.distributed ? &dist::world(cfg.comm_timeout_seconds) : nullptr;
    return cfg;
}

training_result result_of(train::train_result const & r, train::train_config const & cfg)
{
    return {r.epochs_done,     r.epochs_run,    r.best_epoch,  r.best_q8, r.best_q3,
            r.last_train_loss, r.stopped_early, r.stop_signal, cfg.out};
}
} // namespace

predict_run predict_files(settings const & s, std::ostream & log, std::string const & command_line)
{
    auto cfg = base::config_of<predict::predict_config>(s, job::predict);
    cfg.command_line = command_line;
    note_precision(cfg.precision, job::predict, log);
    auto const r = predict::run_predict(cfg, log);
    return {r.records, r.residues, r.model};
}

void evaluate_files(settings const & s, std::ostream & out, std::ostream & log)
{
    auto const & cfg = base::config_of<eval::evaluate_config>(s, job::evaluate);
    note_precision(cfg.precision, job::evaluate, log);
    (void)eval::run_evaluate(cfg, out, log);
}

void build_profiles(settings const & s, std::ostream & log)
{
    (void)search::build_profiles(base::config_of<search::build_config>(s, job::build_profiles), log);
}

void make_labels(settings const & s, std::ostream & log)
{
    io::make_labels(base::config_of<io::labels_config>(s, job::make_labels), log);
}

void add_secondary_structure(settings const & s, std::ostream & log)
{
    predict::run_addss(base::config_of<predict::addss_config>(s, job::addss), log);
}

void psipred_files(settings const & s, std::ostream & log)
{
    predict::run_psipred(base::config_of<predict::psipred_config>(s, job::psipred), log);
}

void prepare_database(settings const & s, std::ostream & log)
{
    search::prepare_database(base::config_of<search::prepare_config>(s, job::prepare_database), log);
}

void train_disorder_head(settings const & s, std::ostream & log)
{
    train::train_disorder_heads(base::config_of<train::disorder_config>(s, job::disorder_head), log);
}

void combine_models(settings const & s, std::ostream & log)
{
    nn::combine_models(base::config_of<nn::combine_config>(s, job::combine), log);
}

void analyze_gradients(settings const & s, std::ostream & out, std::ostream & log)
{
    switch (s.kind())
    {
    case job::gradient_flow:
        return analysis::run(base::config_of<analysis::flow_job>(s, job::gradient_flow), out, log);
    case job::gradient_truncation:
        return analysis::run(base::config_of<analysis::truncation_job>(s, job::gradient_truncation), out, log);
    case job::gradient_modes:
        return analysis::run(base::config_of<analysis::modes_job>(s, job::gradient_modes), out, log);
    case job::gradient_check:
        return analysis::run(base::config_of<analysis::check_job>(s, job::gradient_check), out, log);
    default:
        throw config_error("settings of " + tool_name(s.kind()) + " given to analyze-gradients");
    }
}

training_result train_model(settings const & s, training_progress & progress, training_control const & control)
{
    auto const cfg = training_config(s, control);
    return result_of(train::train(cfg, progress), cfg);
}

training_result train_model(settings const & s, std::ostream & log, training_control const & control)
{
    auto const cfg = training_config(s, control);
    return result_of(train::train(cfg, log), cfg);
}

process_group join_process_group(double timeout_seconds)
{
    if (!(timeout_seconds >= 0))
        throw config_error("--comm-timeout must be >= 0 (0 = wait forever)");
    auto const & w = dist::world(timeout_seconds);
    return {w.rank(), w.size()};
}

} // namespace ssrnn
