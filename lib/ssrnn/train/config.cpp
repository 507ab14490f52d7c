#include <ssrnn/base/names.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/train/config.hpp>

#include <algorithm>
#include <cmath>

namespace ssrnn::train
{

bptt_mode parse_bptt(std::string_view name)
{
    return base::parse_name<bptt_mode>(bptt_names, name, "--bptt must be " + base::list_names(bptt_names));
}

lr_schedule parse_schedule(std::string_view name)
{
    return base::parse_name<lr_schedule>(schedule_names, name,
                                         "--schedule must be " + base::list_names(schedule_names));
}

namespace
{
void validate_data(train_config const & cfg)
{
    if (cfg.train.empty())
        throw config_error("--train is required");
    if (cfg.out.empty())
        throw config_error("--out is required");
    if (!cfg.valid_mask.empty() && cfg.valid.empty())
        throw config_error("--valid-mask needs --valid");
    if (cfg.valid.empty() && !(cfg.valid_fraction > 0.0 && cfg.valid_fraction < 1.0))
        throw config_error("--valid-fraction must be in (0, 1) when no --valid file is given");
    if (cfg.time_limit_minutes < 0)
        throw config_error("--time-limit must be >= 0");
    if (cfg.train_profiles.empty() && (!cfg.valid_profiles.empty() || !cfg.extra_train_profiles.empty()))
        throw config_error("--valid-profiles and --extra-train-profiles need --train-profiles");
    if (!cfg.valid.empty() && !cfg.train_profiles.empty() && cfg.valid_profiles.empty())
        throw config_error("--valid with a profile model needs --valid-profiles");
    if (!cfg.extra_train.empty() && !cfg.train_profiles.empty() && cfg.extra_train_profiles.empty())
        throw config_error("--extra-train with a profile model needs --extra-train-profiles");
    if (!(cfg.profile_dropout >= 0.0 && cfg.profile_dropout <= 1.0))
        throw config_error("--profile-dropout must be in [0, 1]");
    if (cfg.profile_dropout > 0.0 && cfg.train_profiles.empty())
        throw config_error("--profile-dropout needs --train-profiles");
}

void validate_optimisation(train_config const & cfg)
{
    if (cfg.epochs < 1 || cfg.epochs > 100000)
        throw config_error("--epochs must be at least 1");
    if (cfg.batch < 1 || cfg.batch > 100000)
        throw config_error("--batch must be at least 1");
    if (!(cfg.lr > 0.0) || !std::isfinite(cfg.lr))
        throw config_error("--lr must be positive");
    if (!(cfg.dropout >= 0.0F && cfg.dropout < 1.0F))
        throw config_error("--dropout must be in [0, 1)");
    if (!(cfg.recurrent_dropout >= 0.0F && cfg.recurrent_dropout < 1.0F))
        throw config_error("--recurrent-dropout must be in [0, 1)");
    if (!(cfg.label_smoothing >= 0.0 && cfg.label_smoothing < 1.0))
        throw config_error("--label-smoothing must be in [0, 1)");
    if (!(cfg.q3_weight >= 0.0 && cfg.q3_weight <= 100.0))
        throw config_error("--q3-weight must be in [0, 100]");
    if (!(cfg.clip_norm >= 0.0) || !std::isfinite(cfg.clip_norm))
        throw config_error("--clip-norm must be >= 0 (0 disables clipping)");
    if (!(cfg.clip_value >= 0.0) || !std::isfinite(cfg.clip_value))
        throw config_error("--clip-value must be >= 0 (0 disables it)");
    if (cfg.threads < 1 || cfg.threads > 1024)
        throw config_error("--threads must be between 1 and 1024");
    if (cfg.shards < 1 || cfg.shards > 1024)
        throw config_error("shards must be between 1 and 1024");
    if (cfg.bptt == bptt_mode::truncated && cfg.bptt_k < 1)
        throw config_error("--bptt truncated needs --bptt-k K >= 1");
    if (cfg.bptt == bptt_mode::full && cfg.bptt_k != 0)
        throw config_error("--bptt-k needs --bptt truncated");
}
} // namespace

void validate(train_config const & cfg)
{
    nn::validate(cfg.arch);
    validate_data(cfg);
    validate_optimisation(cfg);
}

nlohmann::json to_json(train_config const & cfg)
{
    nlohmann::json j;
    j["data"] = {{"train", cfg.train}, {"train_mask", cfg.train_mask}, {"extra_train", cfg.extra_train}};
    if (!cfg.init.empty()) // only when given, so other runs keep their provenance bytes
        j["init"] = cfg.init;
    j["validation"] = {{"file", cfg.valid},
                       {"mask", cfg.valid_mask},
                       {"fraction", cfg.valid_fraction},
                       {"split_seed", cfg.effective_split_seed()}};
    if (!cfg.train_profiles.empty()) // only for profile models, so other runs keep their provenance bytes
        j["profiles"] = {{"train", cfg.train_profiles},
                         {"valid", cfg.valid_profiles},
                         {"extra_train", cfg.extra_train_profiles},
                         {"dropout", cfg.profile_dropout}};
    j["architecture"] = nn::to_json(cfg.arch);
    j["optimizer"] = {{"name", "adam"},
                      {"epochs", cfg.epochs},
                      {"batch", cfg.batch},
                      {"lr", cfg.lr},
                      {"schedule", to_string(cfg.schedule)}};
    j["regularization"] = {{"dropout", cfg.dropout},
                           {"clip_norm", cfg.clip_norm},
                           {"clip_value", cfg.clip_value},
                           {"forget_bias", cfg.forget_bias}};
    if (cfg.recurrent_dropout > 0.0F) // only when used, so other runs keep their provenance bytes
        j["regularization"]["recurrent_dropout"] = cfg.recurrent_dropout;
    j["objective"] = {{"label_smoothing", cfg.label_smoothing}, {"q3_weight", cfg.q3_weight}};
    j["bptt"] = {{"mode", to_string(cfg.bptt)}, {"k", cfg.bptt_k}};
    j["seed"] = cfg.seed;
    j["shards"] = std::min(cfg.shards, cfg.batch);
    return j;
}

} // namespace ssrnn::train
