// build-profiles: MMseqs2 profiles of a FASTA file into one ssrnn profile file, chunked and resumable.
#include "common.hpp"

#include <ssrnn/search/profile_builder.hpp>

int main(int argc, char ** argv)
{
    using namespace ssrnn;
    return tools::run(
        "build-profiles",
        [&]
        {
            search::build_config cfg;
            tools::po::options_description d{"Options"};
            tools::add_common(d, cfg.search.threads);
            d.add_options()("output,o", tools::po::value(&cfg.output),
                            "profile file to write (ssrnn format, docs/profiles.md; atomically)")(
                "chunk", tools::with_default(cfg.chunk), "sequences per MMseqs2 run")(
                "parts", tools::po::value(&cfg.parts),
                "directory of finished chunks (default: OUTPUT.parts); a rerun reuses them")(
                "keep-parts", tools::po::bool_switch(&cfg.keep_parts), "keep the chunk files after writing OUTPUT")(
                "input", tools::po::value(&cfg.inputs), "FASTA files (- = stdin; .gz accepted)");
            tools::add_profile_options(d, nullptr, cfg.search);
            tools::po::positional_options_description pos;
            pos.add("input", -1);
            if (!tools::parse(argc, argv, d, &pos, "build-profiles", "--search-db DB -o OUTPUT [options] INPUT..."))
                return 0;
            search::build_profiles(cfg, std::cerr);
            return 0;
        });
}
