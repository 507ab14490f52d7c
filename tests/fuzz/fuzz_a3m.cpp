// libFuzzer target: the A3M reader of ssrnn-addss (io/a3m). Seeds: tests/fuzz/corpus/a3m.
#include "fuzz_common.hpp"

#include <ssrnn/io/a3m.hpp>

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    std::string_view const text{reinterpret_cast<char const *>(data), size};
    ssrnn_fuzz::expect_clean([&] { (void)ssrnn::io::parse_a3m("fuzz.a3m", text); });
    return 0;
}
