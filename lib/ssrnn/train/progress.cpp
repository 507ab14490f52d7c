#include <ssrnn/base/json_text.hpp>
#include <ssrnn/base/option_table.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/train/progress.hpp>
#include <ssrnn/version.hpp>

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace ssrnn::train
{

std::string format_seconds(double s)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d:%02d:%02d", static_cast<int>(s / 3600), static_cast<int>(s / 60) % 60,
                  static_cast<int>(s) % 60);
    return buf;
}

void log_reporter::started(run_info const & info)
{
    auto const & cfg = base::config_of<train_config>(*info.options, job::train);
    log_ << "train-structure " << version_string << ": " << info.train_records << " training records ("
         << info.train_residues << " residues), validation " << info.valid_records << " records (" << info.valid_source
         << ")\n";
    if (!cfg.exclude.empty())
        log_ << "  --exclude: " << info.excluded_records
             << " training records identical to, or sharing a 30-residue stretch with, a test sequence were dropped\n";
    log_ << "  cell " << nn::to_string(cfg.arch.cell) << ", layers " << cfg.arch.layers << ", hidden "
         << cfg.arch.hidden << ", encoding " << encode::to_string(cfg.arch.encoding) << ", parameters "
         << info.parameters << '\n'
         << "  epochs " << cfg.epochs << ", batch " << cfg.batch << ", lr " << cfg.lr << " (" << to_string(cfg.schedule)
         << "), dropout " << cfg.dropout;
    if (cfg.recurrent_dropout > 0.0F)
        log_ << ", recurrent dropout " << cfg.recurrent_dropout;
    log_ << ", label smoothing " << cfg.label_smoothing << ", q3 weight " << cfg.q3_weight << ", clip-norm "
         << cfg.clip_norm << ", bptt " << to_string(cfg.bptt)
         << (cfg.bptt_k ? " k=" + std::to_string(cfg.bptt_k) : std::string{}) << ", threads " << cfg.threads
         << ", shards " << cfg.shards << ", seed " << cfg.seed << '\n'
         << "  effective configuration " << base::json_text(to_json(cfg)) << '\n';
}

void log_reporter::batch_done(int epoch, int epochs, std::size_t done, std::size_t total, double mean_loss)
{
    if (!tty_)
        return;
    bar_open_ = true;
    if (done % 4 != 1 && done != total)
        return;
    int const width = 30;
    int const filled = total ? static_cast<int>(width * done / total) : width;
    char buf[160];
    std::snprintf(buf, sizeof buf, "\repoch %d/%d [%s%s] %3d%% loss %.4f", epoch, epochs,
                  std::string(static_cast<std::size_t>(filled), '=').c_str(),
                  std::string(static_cast<std::size_t>(width - filled), ' ').c_str(),
                  total ? static_cast<int>(100 * done / total) : 100, mean_loss);
    log_ << buf << std::flush;
}

void log_reporter::end_bar()
{
    if (bar_open_)
        log_ << '\n';
    bar_open_ = false;
}

void log_reporter::epoch_done(epoch_report const & r)
{
    end_bar();
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "epoch %d/%d loss %.4f train_q8 %.2f | valid Q8 %.2f Q3 %.2f | %.0f res/s, %s, clipped %zu/%zu%s\n",
                  r.epoch, r.epochs, r.train_loss, r.train_q8, r.valid_q8, r.valid_q3, r.residues_per_s,
                  format_seconds(r.elapsed_s).c_str(), r.clipped, r.updates, r.saved ? "  [saved]" : "");
    log_ << buf << std::flush;
}

void log_reporter::message(std::string const & text)
{
    end_bar();
    log_ << text << '\n';
}

void log_reporter::failed()
{
    end_bar();
}

} // namespace ssrnn::train
