// libFuzzer target: every predictions format evaluate-structure reads. The first byte picks the
// format (sniffed, or one of the seven given); the rest is the file.
#include "fuzz_common.hpp"

#include <ssrnn/io/predictions.hpp>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    if (size == 0)
        return 0;
    auto const path = ssrnn_fuzz::write_input(data + 1, size - 1, ".pred");
    std::optional<ssrnn::io::output_format> format;
    if (data[0] % 8 != 7)
        format = static_cast<ssrnn::io::output_format>(data[0] % 8);
    ssrnn_fuzz::expect_clean([&] { (void)ssrnn::io::read_predictions(path, format); });
    return 0;
}
