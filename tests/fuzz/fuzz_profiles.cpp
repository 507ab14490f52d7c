// libFuzzer target: profile files in every format read_profiles detects (ssrnn, PSI-BLAST PSSM,
// HHM, MMseqs2 profile2pssm), then matching a record against the index they make.
#include "fuzz_common.hpp"

#include <ssrnn/io/profiles.hpp>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    auto const path = ssrnn_fuzz::write_input(data, size, ".profiles");
    ssrnn_fuzz::expect_clean([&] { (void)ssrnn::io::read_profiles(path); });
    ssrnn_fuzz::expect_clean(
        [&]
        {
            ssrnn::io::profile_index const idx{{path}};
            (void)idx.find("seq1", 0, "MKVLAAGIVGLLKDE", "fuzz");
        });
    return 0;
}
