#include <ssrnn/base/checksum.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/profiles.hpp>
#include <ssrnn/io/soft_labels.hpp>
#include <ssrnn/nn/random.hpp>
#include <ssrnn/train/dataset.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ssrnn::train
{
namespace
{
std::vector<std::string> masks_of(std::string const & mask)
{
    return mask.empty() ? std::vector<std::string>{} : std::vector<std::string>{mask};
}

std::vector<std::size_t> all_records(io::labelled_set const & s)
{
    std::vector<std::size_t> idx(s.records.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    return idx;
}

void add_examples(io::labelled_set const & s, std::vector<std::size_t> const & which, std::uint64_t first_id,
                  std::vector<example> & out, io::profile_index const & profiles, std::string const & where)
{
    out.reserve(out.size() + which.size());
    for (auto k : which)
    {
        auto const & r = s.records[k];
        example e;
        e.residues = encode::residues_from_letters(r.sequence);
        e.labels = r.label;
        e.id = first_id + k;
        if (!profiles.empty())
        {
            auto const & p = profiles.find(r.id, k, r.sequence, where);
            encode::append_profile_features(p.scores, p.depth, e.profile);
        }
        e.labelled =
            static_cast<std::size_t>(std::count_if(r.label.begin(), r.label.end(), [](auto l) { return l >= 0; }));
        out.push_back(std::move(e));
    }
}

//! Reads the soft-label file `path` record by record into examples numbered from `first_id`;
//! returns the records read and folds the contents into `checksum`.
std::size_t add_soft_examples(std::string const & path, std::uint64_t first_id, std::vector<example> & out,
                              io::profile_index const & profiles, std::uint64_t & checksum)
{
    std::size_t k = 0;
    io::read_soft_labels(path,
                         [&](io::soft_record && r)
                         {
                             example e;
                             e.residues = encode::residues_from_letters(r.sequence);
                             e.id = first_id + k;
                             if (!profiles.empty())
                             {
                                 auto const & p = profiles.find(r.id, k, r.sequence, path);
                                 encode::append_profile_features(p.scores, p.depth, e.profile);
                             }
                             for (std::size_t i = 0; i < e.residues.size(); ++i)
                                 for (std::size_t c = 0; c < 8; ++c)
                                     if (r.bytes[8 * i + c] != 0)
                                     {
                                         ++e.labelled;
                                         break;
                                     }
                             checksum = base::fnv1a64(r.id.data(), r.id.size(), checksum);
                             checksum = base::fnv1a64(r.sequence.data(), r.sequence.size(), checksum);
                             checksum = base::fnv1a64(r.bytes.data(), r.bytes.size(), checksum);
                             e.soft = std::move(r.bytes);
                             e.soft.shrink_to_fit();
                             e.residues.shrink_to_fit();
                             out.push_back(std::move(e));
                             ++k;
                         });
    return k;
}

//! Splits the records of `all` into validation (into `ds.valid`) and training (into `ds.train`).
void split_off_validation(train_config const & cfg, io::labelled_set const & all, io::profile_index const & profiles,
                          dataset & ds)
{
    auto const split_seed = cfg.effective_split_seed();
    auto idx = all_records(all);
    nn::splitmix rng{nn::hash_keys({split_seed, nn::stream::valid_split})};
    nn::shuffle(idx, rng);
    auto const nv = static_cast<std::size_t>(std::llround(cfg.valid_fraction * static_cast<double>(idx.size())));
    if (nv == 0 || nv >= idx.size())
        throw config_error(cfg.train + ": too few records (" + std::to_string(idx.size()) +
                           ") to split off a validation set of fraction " + std::to_string(cfg.valid_fraction));
    std::vector<std::size_t> v(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(nv));
    std::vector<std::size_t> t(idx.begin() + static_cast<std::ptrdiff_t>(nv), idx.end());
    std::sort(v.begin(), v.end());
    std::sort(t.begin(), t.end());
    for (auto k : v)
    {
        ds.valid.records.push_back(all.records[k]);
        if (!profiles.empty())
        {
            auto const & r = all.records[k];
            auto const & p = profiles.find(r.id, k, r.sequence, cfg.train);
            encode::append_profile_features(p.scores, p.depth, ds.valid_profiles.emplace_back());
        }
    }
    add_examples(all, t, 0, ds.train, profiles, cfg.train);
    ds.valid_desc = "split of " + cfg.train + ": " + std::to_string(nv) + " records (fraction " +
                    std::to_string(cfg.valid_fraction) + ", seed " + std::to_string(split_seed) + ")";
}
} // namespace

dataset load_dataset(train_config const & cfg, bool with_extra)
{
    dataset ds;
    io::profile_index const profiles{cfg.train_profiles};
    std::uint64_t next_id = 0;
    if (io::is_soft_labels_file(cfg.train))
    {
        if (cfg.valid.empty())
            throw config_error(cfg.train + " holds soft labels: give --valid (validation scores real labels)");
        if (!cfg.train_mask.empty())
            throw config_error(cfg.train + " holds soft labels, which need no --train-mask (zero bytes mark residues "
                                           "without a label)");
        next_id = add_soft_examples(cfg.train, 0, ds.train, profiles, ds.checksum);
    }
    else
    {
        auto train_set = io::read_labelled(cfg.train, masks_of(cfg.train_mask));
        if (!cfg.exclude.empty())
            ds.excluded_records += io::drop_overlapping(train_set.records, cfg.exclude);
        if (cfg.valid.empty())
            split_off_validation(cfg, train_set, profiles, ds);
        else
            add_examples(train_set, all_records(train_set), 0, ds.train, profiles, cfg.train);
        ds.checksum = train_set.checksum;
        next_id = train_set.records.size();
    }
    if (!cfg.valid.empty())
    {
        ds.valid_desc = cfg.valid;
        ds.valid = io::read_labelled(cfg.valid, masks_of(cfg.valid_mask));
        ds.valid_profiles = io::profile_features(ds.valid, cfg.valid_profiles, cfg.valid);
    }
    if (with_extra)
    {
        io::profile_index const extra_profiles{cfg.extra_train_profiles};
        for (auto const & path : cfg.extra_train)
        {
            if (io::is_soft_labels_file(path))
            {
                next_id += add_soft_examples(path, next_id, ds.train, extra_profiles, ds.checksum);
                continue;
            }
            auto extra = io::read_labelled(path);
            if (!cfg.exclude.empty())
                ds.excluded_records += io::drop_overlapping(extra.records, cfg.exclude);
            // distinct ids keep dropout masks distinct
            add_examples(extra, all_records(extra), next_id, ds.train, extra_profiles, path);
            next_id += extra.records.size();
            ds.checksum = base::fnv1a64(&extra.checksum, sizeof extra.checksum, ds.checksum);
        }
    }
    for (auto const & e : ds.train)
        ds.train_residues += e.residues.size();
    if (!profiles.empty())
    {
        auto const pc = profiles.checksum();
        ds.checksum = base::fnv1a64(&pc, sizeof pc, ds.checksum);
    }
    return ds;
}

} // namespace ssrnn::train
