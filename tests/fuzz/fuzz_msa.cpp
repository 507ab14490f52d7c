// libFuzzer target: alignments (io/msa: A3M, aligned FASTA, A2M, Stockholm) and the profile
// computed from them (encode/msa_profile). Seeds: tests/fuzz/corpus/msa.
#include "fuzz_common.hpp"

#include <ssrnn/encode/msa_profile.hpp>
#include <ssrnn/io/msa.hpp>

#include <cmath>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    std::string_view const text{reinterpret_cast<char const *>(data), size};
    for (auto const * name : {"fuzz.a3m", "fuzz.fasta"})
        ssrnn_fuzz::expect_clean(
            [&]
            {
                auto const a = ssrnn::io::parse_msa(name, text);
                auto const p = ssrnn::encode::profile_from_alignment(a.rows);
                for (auto s : p.scores)
                    if (!(s >= -20 && s <= 20))
                        std::abort(); // a score out of range is a bug
                if (!std::isfinite(p.neff) || p.neff < 1.0 - 1e-9)
                    std::abort();
            });
    return 0;
}
