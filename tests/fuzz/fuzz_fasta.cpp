// libFuzzer target: the FASTA reader (plain, gzip and bzip2 are sniffed from the bytes).
#include "fuzz_common.hpp"

#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/io/fasta.hpp>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    auto const path = ssrnn_fuzz::write_input(data, size, ".fasta");
    ssrnn_fuzz::expect_clean(
        [&]
        {
            ssrnn::io::fasta_reader reader{path};
            ssrnn::io::fasta_record rec;
            while (reader.next(rec))
                (void)ssrnn::encode::residues_from_letters(rec.sequence);
        });
    return 0;
}
