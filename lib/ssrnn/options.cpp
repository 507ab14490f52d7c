#include <ssrnn/base/option_table.hpp>
#include <ssrnn/options.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace ssrnn
{

std::string tool_name(job kind)
{
    switch (kind)
    {
    case job::predict:
        return "predict-structure";
    case job::evaluate:
        return "evaluate-structure";
    case job::train:
        return "train-structure";
    case job::build_profiles:
        return "build-profiles";
    case job::combine:
        return "combine-models";
    case job::gradient_flow:
        return "analyze-gradients flow";
    case job::gradient_truncation:
        return "analyze-gradients truncation";
    case job::gradient_modes:
        return "analyze-gradients modes";
    case job::gradient_check:
        return "analyze-gradients check";
    case job::make_labels:
        return "make-labels";
    case job::addss:
        return "ssrnn-addss";
    case job::psipred:
        return "ssrnn-runpsipred_single";
    case job::prepare_database:
        return "prepare-database";
    case job::disorder_head:
        return "train-disorder-head";
    }
    return "?";
}

std::string_view to_string(option_type t) noexcept
{
    switch (t)
    {
    case option_type::flag:
        return "flag";
    case option_type::integer:
        return "integer";
    case option_type::real:
        return "number";
    case option_type::text:
        return "text";
    case option_type::choice:
        return "choice";
    case option_type::list:
        return "list";
    }
    return "?";
}

std::string option_info::python_name() const
{
    std::string s = name;
    for (auto & c : s)
        if (c == '-')
            c = '_';
    return s;
}

settings::settings(std::unique_ptr<impl> internals) noexcept : impl_{std::move(internals)} {}

settings::settings(settings const & other) : impl_{other.impl_->clone()} {}

settings & settings::operator=(settings const & other)
{
    if (this != &other)
        impl_ = other.impl_->clone();
    return *this;
}

settings::settings(settings &&) noexcept = default;
settings & settings::operator=(settings &&) noexcept = default;
settings::~settings() = default;

job settings::kind() const noexcept
{
    return impl_->kind;
}

std::span<option_info const> settings::options() const noexcept
{
    return impl_->infos;
}

namespace
{
//! The option named `name` (CLI name or Python keyword), or nullptr.
option_info const * find_in(settings::impl const & s, std::string_view name) noexcept
{
    for (auto const & o : s.infos)
        if (o.name == name || o.python_name() == name)
            return &o;
    return nullptr;
}

std::size_t index_of(settings::impl const & s, std::string_view name)
{
    if (auto const * o = find_in(s, name))
        return static_cast<std::size_t>(o - s.infos.data());
    throw config_error("unknown option '" + std::string{name} + "' of " + tool_name(s.kind));
}
} // namespace

option_info const * settings::find(std::string_view name) const noexcept
{
    return find_in(*impl_, name);
}

void settings::set(std::string_view name, option_value const & value)
{
    impl_->set(index_of(*impl_, name), value);
}

void settings::set_text(std::string_view name, std::string const & text)
{
    auto const k = index_of(*impl_, name);
    auto const & o = impl_->infos[k];
    if (o.type == option_type::list)
    {
        auto v = std::get<std::vector<std::string>>(impl_->get(k));
        v.push_back(text);
        impl_->set(k, v);
        return;
    }
    impl_->set(k, base::parse_text(o, text));
}

option_value settings::get(std::string_view name) const
{
    return impl_->get(index_of(*impl_, name));
}

} // namespace ssrnn

namespace ssrnn::base
{

std::string range::text() const
{
    auto const num = [](double v)
    {
        std::ostringstream s;
        s << v;
        return s.str();
    };
    if (low && high)
        return (low_open ? "(" : "[") + num(*low) + ", " + num(*high) + (high_open ? ")" : "]");
    if (low)
        return (low_open ? "> " : ">= ") + num(*low);
    if (high)
        return (high_open ? "< " : "<= ") + num(*high);
    return "";
}

bool range::contains(double v) const noexcept
{
    if (!std::isfinite(v))
        return false;
    if (low && !(low_open ? v > *low : v >= *low))
        return false;
    if (high && !(high_open ? v < *high : v <= *high))
        return false;
    return true;
}

std::optional<double> number_of(option_value const & v) noexcept
{
    if (auto const * i = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*i);
    if (auto const * d = std::get_if<double>(&v))
        return *d;
    return std::nullopt;
}

std::string default_text(option_value const & v)
{
    std::ostringstream s;
    std::visit(
        [&s](auto const & x)
        {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::vector<std::string>>)
            {
                for (std::size_t k = 0; k < x.size(); ++k)
                    s << (k ? " " : "") << x[k];
            }
            else if constexpr (!std::is_same_v<T, bool>)
                s << x;
        },
        v);
    return s.str();
}

namespace
{
[[noreturn]] void wrong_type(option_info const & o)
{
    std::string what;
    switch (o.type)
    {
    case option_type::flag:
        what = "true or false";
        break;
    case option_type::integer:
        what = "an integer";
        break;
    case option_type::real:
        what = "a number";
        break;
    case option_type::list:
        what = "a string or a list of strings";
        break;
    default:
        what = "a string";
    }
    throw config_error("--" + o.name + " takes " + what);
}
} // namespace

std::int64_t integer_of(option_info const & o, option_value const & v)
{
    if (auto const * i = std::get_if<std::int64_t>(&v))
        return *i;
    wrong_type(o);
}

double real_of(option_info const & o, option_value const & v)
{
    if (auto const * d = std::get_if<double>(&v))
        return *d;
    if (auto const * i = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*i);
    wrong_type(o);
}

bool flag_of(option_info const & o, option_value const & v)
{
    if (auto const * b = std::get_if<bool>(&v))
        return *b;
    wrong_type(o);
}

std::string text_of(option_info const & o, option_value const & v)
{
    if (auto const * s = std::get_if<std::string>(&v))
        return *s;
    wrong_type(o);
}

std::vector<std::string> list_of(option_info const & o, option_value const & v)
{
    if (auto const * s = std::get_if<std::string>(&v))
        return {*s};
    if (auto const * l = std::get_if<std::vector<std::string>>(&v))
        return *l;
    wrong_type(o);
}

option_value parse_text(option_info const & o, std::string const & text)
{
    auto const bad = [&](char const * what)
    {
        return config_error("--" + o.name + " takes " + what + ", not '" + text + "'");
    };
    switch (o.type)
    {
    case option_type::flag:
        if (text == "true" || text == "1")
            return true;
        if (text == "false" || text == "0")
            return false;
        throw bad("true or false");
    case option_type::integer:
    {
        std::int64_t x = 0;
        auto const * end = text.data() + text.size();
        auto const r = std::from_chars(text.data() + (text.starts_with('+') ? 1 : 0), end, x);
        if (text.empty() || r.ec != std::errc{} || r.ptr != end)
            throw bad("an integer");
        return x;
    }
    case option_type::real:
    {
        char * end = nullptr;
        errno = 0;
        double const x = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE)
            throw bad("a number");
        return x;
    }
    default:
        return text;
    }
}

} // namespace ssrnn::base
