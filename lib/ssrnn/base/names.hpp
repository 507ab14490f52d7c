#pragma once
//! \file Name tables for the enums of the configuration (cell kind, BPTT mode, schedule, output
//! format, precision): each enum's values are the indices of its table, so parse and to_string
//! share one list and a new value cannot be spelt two ways.
#include <ssrnn/error.hpp>

#include <array>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace ssrnn::base
{

//! The enum value whose name is `name`, if any.
template <typename enum_t, std::size_t n>
[[nodiscard]] constexpr std::optional<enum_t> find_name(std::array<std::string_view, n> const & names,
                                                        std::string_view name) noexcept
{
    for (std::size_t i = 0; i < n; ++i)
        if (names[i] == name)
            return static_cast<enum_t>(i);
    return std::nullopt;
}

//! The name of `value`.
template <typename enum_t, std::size_t n>
[[nodiscard]] std::string name_of(std::array<std::string_view, n> const & names, enum_t value)
{
    return std::string{names[static_cast<std::size_t>(value)]};
}

//! The enum value named `name`; throws config_error(`unknown`) if there is none.
template <typename enum_t, std::size_t n>
[[nodiscard]] enum_t parse_name(std::array<std::string_view, n> const & names, std::string_view name,
                                std::string const & unknown)
{
    if (auto const e = find_name<enum_t>(names, name))
        return *e;
    throw config_error(unknown);
}

//! The names joined for a message: "a, b or c" (or with `last` ", "); any range of strings.
template <typename names_t>
[[nodiscard]] std::string list_names(names_t const & names, std::string_view last = " or ")
{
    std::string s;
    std::size_t const n = std::size(names);
    std::size_t i = 0;
    for (auto const & name : names)
    {
        s.append(i == 0 ? "" : i + 1 == n ? last : ", ").append(name);
        ++i;
    }
    return s;
}

} // namespace ssrnn::base
