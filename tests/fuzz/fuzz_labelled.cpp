// libFuzzer target: labelled data (the 3-line format, a classic DSSP file, NetSurfP CSV, TAPE JSON, told by content;
// gzip too) with a mask. The input is split at the first "\n#MASK\n" into the data file and the
// mask file. The seed corpus has both formats (scripts/fuzz.sh).
#include "fuzz_common.hpp"

#include <ssrnn/io/labelled.hpp>

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const * data, std::size_t size)
{
    std::string_view const all{reinterpret_cast<char const *>(data), size};
    auto const cut = all.find("\n#MASK\n");
    auto const labels = all.substr(0, cut);
    auto const mask = cut == std::string_view::npos ? std::string_view{} : all.substr(cut + 7);
    auto const lpath =
        ssrnn_fuzz::write_input(reinterpret_cast<std::uint8_t const *>(labels.data()), labels.size(), ".ss8");
    auto const mpath =
        ssrnn_fuzz::write_input(reinterpret_cast<std::uint8_t const *>(mask.data()), mask.size(), ".mask");
    // Text that looks like a structure would start mkdssp: here a program that does not exist, so
    // that case ends at once in a tool error (fuzz_structure covers the mmCIF reading).
    ssrnn::io::labelled_options opt;
    opt.structures.dssp = "/nonexistent/mkdssp";
    ssrnn_fuzz::expect_clean([&] { (void)ssrnn::io::read_labelled(lpath, {}, opt); });
    ssrnn_fuzz::expect_clean([&] { (void)ssrnn::io::read_labelled(lpath, {mpath}, opt); });
    return 0;
}
