// Soft-label files: writing, reading (plain and gzip), quantisation, and errors that name the
// file, line and record.
#include <ssrnn/error.hpp>
#include <ssrnn/io/soft_labels.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ssrnn;

namespace
{
std::string tmp_file(std::string const & name)
{
    return (std::filesystem::temp_directory_path() / ("ssrnn_soft_test_" + std::to_string(::getpid()) + "_" + name))
        .string();
}

std::vector<io::soft_record> read_all(std::string const & path)
{
    std::vector<io::soft_record> out;
    io::read_soft_labels(path, [&](io::soft_record && r) { out.push_back(std::move(r)); });
    return out;
}

std::string error_of(std::string const & text)
{
    auto const path = tmp_file("bad");
    std::ofstream{path} << text;
    try
    {
        (void)read_all(path);
    }
    catch (input_error const & e)
    {
        std::filesystem::remove(path);
        return e.what();
    }
    std::filesystem::remove(path);
    return "no error";
}

std::string const header = "#ssrnn-soft-labels 1 states=HGIEBTSC scale=255\n";
} // namespace

TEST_CASE("soft labels: probabilities are quantised to bytes and read back normalised", "[io][soft]")
{
    std::array<float, 8> const p = {0.5F, 0.25F, 0.0F, 0.125F, 0.0625F, 0.0625F, 0.0F, 0.0F};
    std::array<std::uint8_t, 8> b{};
    io::quantise_probabilities(p, b);
    CHECK(b == std::array<std::uint8_t, 8>{127, 64, 0, 32, 16, 16, 0, 0}); // largest remainders: sum 255
    std::array<float, 8> back{};
    io::dequantise_probabilities(b, back);
    float sum = 0.0F;
    for (std::size_t k = 0; k < 8; ++k)
    {
        sum += back[k];
        CHECK(back[k] == Approx(p[k]).margin(1.0 / 255));
    }
    CHECK(sum == Approx(1.0F));
    std::array<std::uint8_t, 8> const none{};
    io::dequantise_probabilities(none, back);
    CHECK(back == std::array<float, 8>{});
    // Out-of-range and non-finite values cannot make a byte wrap.
    std::array<float, 8> const wild = {2.0F, -1.0F, std::nanf(""), 1.0F, 0, 0, 0, 0};
    io::quantise_probabilities(wild, b);
    CHECK(b == std::array<std::uint8_t, 8>{128, 0, 0, 127, 0, 0, 0, 0});
    std::array<float, 8> const zeros{};
    io::quantise_probabilities(zeros, b);
    CHECK(b == std::array<std::uint8_t, 8>{});
}

TEST_CASE("soft labels: a written file reads back record by record, also gzip-compressed", "[io][soft]")
{
    std::vector<float> p1(3 * 8, 0.0F), p2(2 * 8, 0.125F);
    p1[0] = 1.0F;      // H
    p1[8 + 3] = 0.75F; // E
    p1[8 + 7] = 0.25F; // C
    p1[16 + 7] = 1.0F; // C
    std::ostringstream text;
    io::write_soft_labels_header(text, "teacher: test\nsecond line");
    io::write_soft_record(text, "a", "desc", "MKV", p1);
    io::write_soft_record(text, "b", "", "GA", p2);
    auto const s = text.str();
    CHECK(s.rfind(header + "# teacher: test\n# second line\n>a desc\nMKV\nff", 0) == 0);
    auto const path = tmp_file("ok.soft");
    std::ofstream{path} << s;
    CHECK(io::is_soft_labels_file(path));
    auto const gz = tmp_file("ok.soft.gz");
    {
        gzFile f = gzopen(gz.c_str(), "wb");
        gzwrite(f, s.data(), static_cast<unsigned>(s.size()));
        gzclose(f);
    }
    CHECK(io::is_soft_labels_file(gz));
    for (auto const & file : {path, gz})
    {
        auto const recs = read_all(file);
        REQUIRE(recs.size() == 2);
        CHECK(recs[0].id == "a");
        CHECK(recs[0].sequence == "MKV");
        REQUIRE(recs[0].bytes.size() == 24);
        CHECK(recs[0].bytes[0] == 255);
        CHECK(recs[0].bytes[11] == 191);
        CHECK(recs[0].bytes[15] == 64);
        CHECK(recs[0].bytes[23] == 255);
        CHECK(recs[1].id == "b");
        // 8 x 31.875: seven round up, one down.
        CHECK(recs[1].bytes ==
              std::vector<std::uint8_t>{32, 32, 32, 32, 32, 32, 32, 31, 32, 32, 32, 32, 32, 32, 32, 31});
    }
    std::ofstream{path} << ">a\nMKV\nHHH\n";
    CHECK_FALSE(io::is_soft_labels_file(path));
    CHECK_FALSE(io::is_soft_labels_file(tmp_file("missing")));
    std::filesystem::remove(path);
    std::filesystem::remove(gz);
}

TEST_CASE("soft labels: malformed files name the file, line and record", "[io][soft]")
{
    std::string const row = "ff00000000000000";
    CHECK_THAT(error_of(">a\nMK\n" + row + row + "\n"),
               Catch::Contains("line 1") && Catch::Contains("not a soft-label"));
    CHECK_THAT(error_of(header + ">a\nMK\n" + row + "\n"),
               Catch::Contains("line 4") && Catch::Contains("record 'a'") && Catch::Contains("16 label digits for 2"));
    CHECK_THAT(error_of(header + ">a\nMK\n" + row + "ff0000000000000g\n"),
               Catch::Contains("record 'a', residue 2") && Catch::Contains("'0g'"));
    CHECK_THAT(error_of(header + ">a\nMK\n"), Catch::Contains("record 'a'") && Catch::Contains("truncated"));
    CHECK_THAT(error_of(header + ">a\n"), Catch::Contains("truncated"));
    CHECK_THAT(error_of(header + ">a\nM1\n" + row + row + "\n"), Catch::Contains("position 2"));
    CHECK_THAT(error_of(header + "MK\n"), Catch::Contains("line 2") && Catch::Contains("'>'"));
    CHECK_THAT(error_of(header + "> x\nMK\n" + row + row + "\n"), Catch::Contains("empty record ID"));
    CHECK(error_of(header) == "no error"); // no records: an empty training file, not an error here
    CHECK(error_of(header + "# c\n\n>a\nMK\n" + row + row + "\n\n") == "no error");
}
