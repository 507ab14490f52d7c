#pragma once
//! \file JSON to text without throwing on user data: record IDs, paths and command lines need
//! not be UTF-8, and nlohmann::json's dump() would throw on them.
#include <nlohmann/json.hpp>

#include <string>

namespace ssrnn::base
{

//! `j` as JSON text (`indent` as nlohmann::json::dump); invalid UTF-8 in strings becomes U+FFFD.
[[nodiscard]] inline std::string json_text(nlohmann::json const & j, int indent = -1)
{
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace ssrnn::base
