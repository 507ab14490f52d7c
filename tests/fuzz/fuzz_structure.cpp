// libFuzzer target: the readers of structure-derived and dataset files, by content: mmCIF with
// mkdssp's categories (libcifpp parses it; io/structure), NetSurfP-2.0 CSV and TAPE JSON
// (io/datasets). The seed corpus is tests/fuzz/corpus/structure (scripts/fuzz.sh).
#include "fuzz_common.hpp"

#include <ssrnn/io/datasets.hpp>
#include <ssrnn/io/structure.hpp>

#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    std::string const text{reinterpret_cast<char const *>(data), size};
    ssrnn_fuzz::expect_clean(
        [&]
        {
            if (ssrnn::io::is_tape_json(text))
                (void)ssrnn::io::parse_tape_json("fuzz.json", text);
            else if (ssrnn::io::is_netsurfp_csv(text))
                (void)ssrnn::io::parse_netsurfp_csv("fuzz.csv", text);
            else
            {
                ssrnn::io::structure_settings s;
                s.min_plddt = 50; // read the confidence columns too
                ssrnn::io::structure_counts counts;
                (void)ssrnn::io::parse_dssp_mmcif("fuzz.cif", text, s, counts);
            }
        });
    return 0;
}
