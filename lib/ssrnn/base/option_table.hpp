#pragma once
//! \file How a configuration struct declares its options once: each entry binds a name, type,
//! default (the struct's own), help and valid range to one field. The public face is
//! ssrnn/options.hpp (settings); the tables live next to the structs they fill.
#include <ssrnn/base/names.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/options.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ssrnn::base
{

//! The valid values of a number option: an interval, bounds open or closed, either side optional.
struct range
{
    std::optional<double> low, high;
    bool low_open = false, high_open = false;

    //! "[0, 1)", ">= 1", "> 0", "<= 100"; empty when unbounded.
    [[nodiscard]] std::string text() const;
    //! True if `v` lies in the interval (NaN never does unless unbounded).
    [[nodiscard]] bool contains(double v) const noexcept;
};
//! [lo, inf)
[[nodiscard]] inline range at_least(double lo)
{
    return {lo, std::nullopt, false, false};
}
//! (lo, inf)
[[nodiscard]] inline range above(double lo)
{
    return {lo, std::nullopt, true, false};
}
//! [lo, hi]
[[nodiscard]] inline range between(double lo, double hi)
{
    return {lo, hi, false, false};
}
//! [lo, hi)
[[nodiscard]] inline range from_below(double lo, double hi)
{
    return {lo, hi, false, true};
}
//! (lo, hi]
[[nodiscard]] inline range above_to(double lo, double hi)
{
    return {lo, hi, true, false};
}

//! One option of `Config`: what it is, and how it reads and writes its field.
template <typename Config>
struct option
{
    option_info info;
    std::function<option_value(Config const &)> get;
    std::function<void(Config &, option_value const &)> set;
    range valid; //!< checked by check_ranges() (a job's validate())
};

//! The value as a number, for range checks (non-numbers: nullopt).
[[nodiscard]] std::optional<double> number_of(option_value const & v) noexcept;
//! The default as --help shows it: numbers as a stream prints them ("0.002"), names, paths; flags
//! and empty strings and lists show none.
[[nodiscard]] std::string default_text(option_value const & v);
//! Converts `v` to the option's type, or throws config_error naming `--name`.
[[nodiscard]] std::int64_t integer_of(option_info const & o, option_value const & v);
[[nodiscard]] double real_of(option_info const & o, option_value const & v);
[[nodiscard]] bool flag_of(option_info const & o, option_value const & v);
[[nodiscard]] std::string text_of(option_info const & o, option_value const & v);
[[nodiscard]] std::vector<std::string> list_of(option_info const & o, option_value const & v);
//! Parses command-line text into the option's type (config_error for text that is no number).
[[nodiscard]] option_value parse_text(option_info const & o, std::string const & text);

//! Throws config_error "--name must be in [0, 1) (got 2)" for the first option of `table` whose
//! value in `cfg` lies outside its range.
template <typename Config>
void check_ranges(std::span<option<Config> const> table, Config const & cfg)
{
    for (auto const & o : table)
    {
        if (!o.valid.low && !o.valid.high)
            continue;
        auto const v = number_of(o.get(cfg));
        if (v && !o.valid.contains(*v))
        {
            std::ostringstream got;
            got << *v;
            throw config_error("--" + o.info.name + " must be " + (o.valid.low && o.valid.high ? "in " : "") +
                               o.valid.text() + " (got " + got.str() + ")");
        }
    }
}

//! Declarations of options. `access` is a generic lambda giving the field of a Config (const or
//! not): `[](auto & c) -> auto & { return c.search.max_seqs; }`.
template <typename Config>
class option_list
{
public:
    //! An option of the field's own type: bool (flag), an integer, float/double (real),
    //! std::string (text) or std::vector<std::string> (list).
    template <typename Access>
    option_list & add(std::string name, Access access, std::string help, range valid = {}, char short_name = 0)
    {
        using field_t = std::remove_cvref_t<decltype(access(std::declval<Config &>()))>;
        option<Config> o;
        o.info.name = std::move(name);
        o.info.short_name = short_name;
        o.info.help = std::move(help);
        o.info.range = valid.text();
        o.valid = valid;
        o.get = [access](Config const & c) -> option_value
        {
            auto const & f = access(c);
            if constexpr (std::is_same_v<field_t, bool>)
                return f;
            else if constexpr (std::is_integral_v<field_t>)
                return static_cast<std::int64_t>(f);
            else if constexpr (std::is_floating_point_v<field_t>)
                return static_cast<double>(f);
            else
                return f;
        };
        if constexpr (std::is_same_v<field_t, bool>)
            o.info.type = option_type::flag;
        else if constexpr (std::is_integral_v<field_t>)
            o.info.type = option_type::integer;
        else if constexpr (std::is_floating_point_v<field_t>)
            o.info.type = option_type::real;
        else if constexpr (std::is_same_v<field_t, std::string>)
            o.info.type = option_type::text;
        else
        {
            static_assert(std::is_same_v<field_t, std::vector<std::string>>, "unsupported option field type");
            o.info.type = option_type::list;
        }
        auto const info = o.info;
        o.set = [access, info](Config & c, option_value const & v)
        {
            auto & f = access(c);
            if constexpr (std::is_same_v<field_t, bool>)
                f = flag_of(info, v);
            else if constexpr (std::is_integral_v<field_t>)
            {
                auto const x = integer_of(info, v);
                if (!std::in_range<field_t>(x))
                    throw config_error("--" + info.name + " must be an integer from " +
                                       std::to_string(std::numeric_limits<field_t>::min()) + " to " +
                                       std::to_string(std::numeric_limits<field_t>::max()));
                f = static_cast<field_t>(x);
            }
            else if constexpr (std::is_floating_point_v<field_t>)
                f = static_cast<field_t>(real_of(info, v));
            else if constexpr (std::is_same_v<field_t, std::string>)
                f = text_of(info, v);
            else
                f = list_of(info, v);
        };
        options_.push_back(std::move(o));
        return *this;
    }

    //! A choice among `names` (in enum order) for an enum field.
    template <typename Access, std::size_t n>
    option_list & choice(std::string name, Access access, std::array<std::string_view, n> const & names,
                         std::string help, char short_name = 0)
    {
        using field_t = std::remove_cvref_t<decltype(access(std::declval<Config &>()))>;
        option<Config> o;
        o.info.name = std::move(name);
        o.info.short_name = short_name;
        o.info.type = option_type::choice;
        o.info.help = std::move(help);
        for (auto const & s : names)
            o.info.choices.emplace_back(s);
        o.get = [access, names](Config const & c) -> option_value
        {
            return base::name_of(names, access(c));
        };
        auto const info = o.info;
        o.set = [access, names, info](Config & c, option_value const & v)
        {
            auto const s = text_of(info, v);
            access(c) = base::parse_name<field_t>(
                names, s, "--" + info.name + " must be " + base::list_names(names) + " (got '" + s + "')");
        };
        options_.push_back(std::move(o));
        return *this;
    }

    //! An option whose value the job keeps as text but that takes one of `choices` (checked when set).
    template <typename Access>
    option_list & text_choice(std::string name, Access access, std::vector<std::string> choices, std::string help,
                              char short_name = 0)
    {
        add(std::move(name), access, std::move(help), {}, short_name);
        auto & o = options_.back();
        o.info.type = option_type::choice;
        o.info.choices = std::move(choices);
        auto const info = o.info;
        o.set = [access, info](Config & c, option_value const & v)
        {
            auto s = text_of(info, v);
            if (std::find(info.choices.begin(), info.choices.end(), s) == info.choices.end())
                throw config_error("--" + info.name + " must be " + base::list_names(info.choices) + " (got '" + s +
                                   "')");
            access(c) = std::move(s);
        };
        return *this;
    }

    //! Every option of another table, on the `Inner` part of Config that `access` gives.
    template <typename Inner, typename Access>
    option_list & include(std::span<option<Inner> const> inner, Access access)
    {
        for (auto const & i : inner)
        {
            option<Config> o;
            o.info = i.info;
            o.valid = i.valid;
            o.get = [access, g = i.get](Config const & c)
            {
                return g(access(c));
            };
            o.set = [access, s = i.set](Config & c, option_value const & v)
            {
                s(access(c), v);
            };
            options_.push_back(std::move(o));
        }
        return *this;
    }

    //! An option with its own reading and writing of the configuration (a field of another type).
    option_list & custom(option_info info, std::function<option_value(Config const &)> get,
                         std::function<void(Config &, option_value const &)> set)
    {
        options_.push_back({std::move(info), std::move(get), std::move(set), {}});
        return *this;
    }

    //! Marks the last option as the positional arguments of the tool.
    option_list & positional()
    {
        options_.back().info.positional = true;
        return *this;
    }
    //! Marks the last option as one the API takes as an argument (a file the tool reads or writes).
    option_list & cli_only()
    {
        options_.back().info.cli_only = true;
        return *this;
    }

    //! The options, with default_text filled from the struct's own defaults.
    [[nodiscard]] std::vector<option<Config>> done()
    {
        static Config const defaults{};
        for (auto & o : options_)
            o.info.default_text = o.info.type == option_type::flag ? "" : default_text(o.get(defaults));
        return std::move(options_);
    }

private:
    std::vector<option<Config>> options_;
};

} // namespace ssrnn::base

namespace ssrnn
{
//! The typed side of a settings object: a job's configuration and its option table.
struct settings::impl
{
    impl(job kind, std::vector<option_info> infos) : kind{kind}, infos{std::move(infos)} {}
    virtual ~impl() = default;
    [[nodiscard]] virtual std::unique_ptr<impl> clone() const = 0;
    virtual void set(std::size_t index, option_value const & value) = 0;
    [[nodiscard]] virtual option_value get(std::size_t index) const = 0;

    job kind;
    std::vector<option_info> infos;

protected:
    impl(impl const &) = default;
};
} // namespace ssrnn

namespace ssrnn::base
{
//! The settings of a job whose configuration is a `Config`.
template <typename Config>
class typed_settings final : public settings::impl
{
public:
    typed_settings(job kind, std::span<option<Config> const> table, Config initial = {})
        : impl{kind, infos_of(table)}, config{std::move(initial)}, table_{table}
    {
    }
    typed_settings(typed_settings const &) = default;
    [[nodiscard]] std::unique_ptr<impl> clone() const override { return std::make_unique<typed_settings>(*this); }
    void set(std::size_t index, option_value const & value) override { table_[index].set(config, value); }
    [[nodiscard]] option_value get(std::size_t index) const override { return table_[index].get(config); }

    Config config; //!< the job's configuration, as the options set it

private:
    static std::vector<option_info> infos_of(std::span<option<Config> const> table)
    {
        std::vector<option_info> v;
        for (auto const & o : table)
            v.push_back(o.info);
        return v;
    }
    std::span<option<Config> const> table_;
};

//! The configuration of `s`, which must be settings of `expected` (else config_error).
template <typename Config>
[[nodiscard]] Config const & config_of(settings const & s, job expected)
{
    auto const * t = dynamic_cast<typed_settings<Config> const *>(&s.internals());
    if (t == nullptr || s.kind() != expected)
        throw config_error("settings of " + tool_name(s.kind()) + " given to " + tool_name(expected));
    return t->config;
}

} // namespace ssrnn::base
