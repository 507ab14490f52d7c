#include <ssrnn/io/record_files.hpp>

namespace ssrnn::io
{

std::string safe_file_stem(std::string_view id)
{
    std::string s;
    for (char c : id.substr(0, 200))
    {
        bool const ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        s += ok ? c : '_';
    }
    if (s.empty() || s.front() == '.' || s.front() == '-')
        s.insert(s.begin(), '_');
    return s;
}

std::string record_file_namer::next(std::string_view id)
{
    auto const stem = safe_file_stem(id);
    std::string name = stem + "." + extension_;
    for (int k = 2; used_.count(name); ++k)
        name = stem + "_" + std::to_string(k) + "." + extension_;
    used_.insert(name);
    return name;
}

} // namespace ssrnn::io
