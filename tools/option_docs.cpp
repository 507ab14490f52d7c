// option-docs: the option tables of docs/cli.md and docs/python.md, made from the library's option
// declarations (ssrnn/options.hpp), so that the docs cannot drift from the tools. Not installed.
//
//   option-docs --check FILE...   exit 1 (naming the table) if a generated table differs
//   option-docs --write FILE...   rewrite the tables in place
//
// A table sits between `<!-- options: TOOL -->` (or `<!-- python-options: TOOL -->`) and
// `<!-- end options -->`; TOOL is a tool name as `--version` prints it ("predict-structure",
// "analyze-gradients flow").
#include "common.hpp"

#include <fstream>
#include <sstream>

namespace
{
using namespace ssrnn;

job job_named(std::string const & name)
{
    for (auto const k : all_jobs)
        if (tool_name(k) == name)
            return k;
    throw config_error("no tool named '" + name + "'");
}

//! Escapes the '|' of a table cell.
std::string cell(std::string const & s)
{
    std::string out;
    for (char const c : s)
        out += c == '|' ? std::string{"\\|"} : std::string(1, c);
    return out;
}

std::string code(std::string const & s)
{
    return s.empty() ? std::string{} : "`" + s + "`";
}

std::string valid_values(option_info const & o)
{
    if (!o.choices.empty())
    {
        std::string s;
        for (std::size_t k = 0; k < o.choices.size(); ++k)
            s += (k ? ", " : "") + code(o.choices[k]);
        return s;
    }
    return code(o.range);
}

std::string cli_table(job kind)
{
    std::ostringstream t;
    t << "| option | value | default | valid | description |\n|---|---|---|---|---|\n";
    settings const s{kind};
    for (auto const & o : s.options())
    {
        std::string name = o.positional ? "`" + o.name + "` (positional: `INPUT...`)" : "`--" + o.name + "`";
        if (o.short_name != 0)
            name += ", `-" + std::string(1, o.short_name) + "`";
        std::string value{to_string(o.type)};
        if (o.type == option_type::list)
            value = "text, repeatable";
        t << "| " << name << " | " << value << " | " << cell(code(o.default_text)) << " | " << cell(valid_values(o))
          << " | " << cell(o.help) << " |\n";
    }
    return t.str();
}

//! Options that a Python function takes as its own arguments, not as keywords.
bool python_argument(job kind, option_info const & o)
{
    return o.cli_only || (kind == job::evaluate && (o.name == "data" || o.name == "mask" || o.name == "predictions"));
}

std::string python_table(job kind)
{
    std::ostringstream t;
    t << "| keyword | Python type | default | valid | description |\n|---|---|---|---|---|\n";
    settings const s{kind};
    for (auto const & o : s.options())
    {
        if (python_argument(kind, o))
            continue;
        char const * type = "str";
        switch (o.type)
        {
        case option_type::flag:
            type = "bool";
            break;
        case option_type::integer:
            type = "int";
            break;
        case option_type::real:
            type = "float";
            break;
        case option_type::list:
            type = "str or list of str";
            break;
        default:
            break;
        }
        std::string shown = o.default_text;
        if (o.type == option_type::flag)
            shown = "False";
        else if (!shown.empty() && (o.type == option_type::text || o.type == option_type::choice))
            shown = "\"" + shown + "\"";
        t << "| `" << o.python_name() << "` | " << type << " | " << cell(code(shown)) << " | " << cell(valid_values(o))
          << " | " << cell(o.help) << " |\n";
    }
    return t.str();
}

//! `text` with every table between markers regenerated.
std::string regenerate(std::string const & text, std::string const & file)
{
    std::string out;
    std::size_t pos = 0;
    std::string const end_marker = "<!-- end options -->";
    while (true)
    {
        auto const start = text.find("<!-- ", pos);
        if (start == std::string::npos)
            break;
        auto const close = text.find(" -->\n", start);
        std::string const marker = close == std::string::npos ? "" : text.substr(start + 5, close - start - 5);
        bool const python = marker.starts_with("python-options: ");
        if (!python && !marker.starts_with("options: "))
        {
            out += text.substr(pos, start + 5 - pos);
            pos = start + 5;
            continue;
        }
        auto const end = text.find(end_marker, close);
        if (end == std::string::npos)
            throw input_error(file + ": '" + marker + "' has no '" + end_marker + "'");
        auto const kind = job_named(marker.substr(marker.find(": ") + 2));
        out += text.substr(pos, close + 5 - pos);
        out += python ? python_table(kind) : cli_table(kind);
        pos = end;
    }
    return out + text.substr(pos);
}

int run_docs(int argc, char ** argv)
{
    std::string const mode = argc > 1 ? argv[1] : "";
    if (mode != "--check" && mode != "--write")
        throw config_error("usage: option-docs --check|--write FILE...");
    int stale = 0;
    for (int i = 2; i < argc; ++i)
    {
        std::string const file = argv[i];
        std::ifstream in{file, std::ios::binary};
        if (!in)
            throw io_error(file + ": cannot read");
        std::string const text{std::istreambuf_iterator<char>{in}, {}};
        auto const fresh = regenerate(text, file);
        if (fresh == text)
            continue;
        if (mode == "--check")
        {
            std::cerr << "option-docs: " << file
                      << ": an option table differs from the library's declarations; run "
                         "scripts/update-option-docs.sh\n";
            ++stale;
            continue;
        }
        std::ofstream{file, std::ios::binary} << fresh;
        std::cerr << "option-docs: " << file << " updated\n";
    }
    return stale == 0 ? 0 : 1;
}
} // namespace

int main(int argc, char ** argv)
{
    return ssrnn::tools::run("option-docs", [&] { return run_docs(argc, argv); });
}
