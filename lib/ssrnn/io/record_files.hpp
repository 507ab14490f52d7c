#pragma once
//! \file One output file per record (`predict-structure --outdir`): file names made from record
//! IDs, safe on every file system and unique within a run.
#include <set>
#include <string>
#include <string_view>

namespace ssrnn::io
{

//! Names files `<safe id>.<extension>`, unique within one run. The safe ID keeps letters,
//! digits, `.`, `_` and `-` and turns every other byte into `_` (so `sp|P0CG48|UBC_HUMAN` becomes
//! `sp_P0CG48_UBC_HUMAN`); an empty or all-dot result, or one starting with `.` or `-`, gets
//! a leading `_`; at most 200 bytes are kept. When a name was already given in this run (IDs that
//! repeat, or differ only in unsafe characters), `_2`, `_3`, ... is added before the extension.
class record_file_namer
{
public:
    //! Names files with this extension (e.g. "ss2").
    explicit record_file_namer(std::string extension) : extension_{std::move(extension)} {}
    //! The file name for the next record with ID `id`.
    [[nodiscard]] std::string next(std::string_view id);

private:
    std::string extension_;
    std::set<std::string> used_;
};

//! The safe form of `id` (see record_file_namer).
[[nodiscard]] std::string safe_file_stem(std::string_view id);

} // namespace ssrnn::io
