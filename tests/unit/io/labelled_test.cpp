#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/labelled.hpp>

#include <catch2/catch.hpp>

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
