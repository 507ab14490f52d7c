#pragma once
//! \file Where the bundled default model is found.
#include <string>
#include <vector>

namespace ssrnn::nn
{

//! Path of the bundled default model: $SSRNN_MODEL if set, else `share/ssrnn/models/default.ssrnn`
//! near the running program or the module linked with this library (an install prefix, or a build
//! tree, whose share/ links to the source tree's models/), else under the configured install
//! prefix. Throws model_format_error naming the places it looked if none exists.
[[nodiscard]] std::string default_model_path();

//! The bundled model `name` (`profile`: models/profile.ssrnn), looked for where the default model
//! is. Throws model_format_error naming the places it looked.
[[nodiscard]] std::string bundled_model_path(std::string const & name);

//! `given`, or the bundled default model when it is empty; an entry `default` or `profile` that is
//! not a file names that bundled model (bundled_model_path).
[[nodiscard]] std::vector<std::string> model_paths(std::vector<std::string> const & given);

} // namespace ssrnn::nn
