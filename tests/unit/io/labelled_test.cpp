#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/labelled.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace ssrnn;

namespace
{
std::string fixture(char const * name)
{
    return std::string{SSRNN_TEST_DATA} + "/" + name;
}
std::string error_of(char const * data, std::vector<std::string> masks = {})
{
    try
    {
        (void)io::read_labelled(fixture(data), masks);
    }
    catch (input_error const & e)
    {
        return e.what();
    }
    return "no error";
}
} // namespace

TEST_CASE("3-line labelled data with '-' as coil and a mask", "[io][labelled]")
{
    auto const s = io::read_labelled(fixture("ok.ss8"), {fixture("ok.mask")});
    REQUIRE(s.records.size() == 2);
    CHECK(s.records[0].id == "a");
    CHECK(s.records[0].label[0] == 0);                // H
    CHECK(s.records[0].label[4] == 3);                // E
    CHECK(s.records[0].label[7] == 7);                // C
    CHECK(s.records[0].label[8] == encode::no_label); // masked
    CHECK(s.records[0].label[9] == encode::no_label); // '-' but masked
    CHECK(s.records[1].label[0] == 7);                // L -> C
    CHECK(s.records[1].label[3] == 4);                // B
    CHECK(s.labelled_residues == 12);
    auto const unmasked = io::read_labelled(fixture("ok.ss8"));
    CHECK(unmasked.records[0].label[9] == 7); // '-' -> C
    CHECK(unmasked.checksum != s.checksum);
}

TEST_CASE("labelled data errors name file, record and position", "[io][labelled]")
{
    CHECK_THAT(error_of("badlen.ss8"), Catch::Contains("badlen.ss8") && Catch::Contains("record 'a'") &&
                                           Catch::Contains("8 characters but the sequence has 10"));
    CHECK_THAT(error_of("badlabel.ss8"), Catch::Contains("record 'a', position 5") && Catch::Contains("'X'"));
    CHECK_THAT(error_of("ok.ss8", {fixture("badmask_id.mask")}), Catch::Contains("mask record 1 is 'b'"));
    CHECK_THAT(error_of("ok.ss8", {fixture("badmask_char.mask")}),
               Catch::Contains("record 'a', position 6") && Catch::Contains("expected 0 or 1"));
    CHECK_THAT(error_of("ok.fasta"), Catch::Contains("ok.fasta"));
}

TEST_CASE("labelled: classic DSSP files are labelled data, one record per chain", "[io][labelled][dssp]")
{
    // break.dssp: 2BEG's first residues, chain A with a bridged cysteine (a), a P state and a
    // break where residues 21-23 are missing, then chain B.
    auto const set = io::read_labelled(std::string{SSRNN_TEST_DATA} + "/break.dssp");
    REQUIRE(set.records.size() == 2);
    auto const & a = set.records[0];
    CHECK(a.id == "2BEG_A");
    CHECK(a.sequence == "LVCFXXXAE");
    std::string labels;
    for (auto const l : a.label)
        labels += l < 0 ? '-' : encode::ss8_letters[static_cast<std::size_t>(l)];
    CHECK(labels == "CEEC---EE"); // P is C; the missing residues are unlabelled (mask 0)
    CHECK(set.records[1].id == "2BEG_B");
    CHECK(set.labelled_residues == 6 + 2);
    // The real file (gzip) from the shared data, when it is beside the project.
    std::string const real = std::string{SSRNN_SOURCE_DIR} + "/../shared/data/structures/2BEG.dssp.gz";
    if (std::filesystem::exists(real))
    {
        auto const beg = io::read_labelled(real);
        REQUIRE(beg.records.size() == 5);
        CHECK(beg.records[4].id == "2BEG_E");
        CHECK(beg.records[0].sequence == "LVFFAEDVGSNKGAIIGLMVGGVVIA");
        CHECK(beg.labelled_residues == 130);
    }
    // Bad input names the file and line.
    auto const path =
        (std::filesystem::temp_directory_path() / ("ssrnn_bad_" + std::to_string(::getpid()) + ".dssp")).string();
    std::ofstream{path} << "==== Secondary Structure Definition by the program DSSP ====\nno table\n";
    CHECK_THROWS_WITH(io::read_labelled(path), Catch::Contains("without the '  #  RESIDUE' table"));
    std::ofstream{path} << "==== Secondary Structure Definition by the program DSSP ====\n"
                           "  #  RESIDUE AA STRUCTURE BP1\n    1   17 A 7  E\n";
    CHECK_THROWS_WITH(io::read_labelled(path), Catch::StartsWith(path + ", line 3") && Catch::Contains("'7'"));
    std::filesystem::remove(path);
}
