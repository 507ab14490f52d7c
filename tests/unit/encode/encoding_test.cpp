#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>

#include <catch2/catch.hpp>

using namespace ssrnn::encode;

TEST_CASE("residue indices, B Z J U O X are the unknown residue", "[encode]")
{
    CHECK(residue_index('A') == 0);
    CHECK(residue_index('v') == 19);
    for (char c : std::string{"BZJUOX"})
        CHECK(residue_index(c) == unknown_residue);
    CHECK(residue_index('1') == -1);
    CHECK(residue_index('*') == -1);
}

TEST_CASE("DSSP letters, coil spellings and the 8 -> 3 map", "[encode]")
{
    CHECK(ss8_index('H') == 0);
    CHECK(ss8_index('-') == 7);
    CHECK(ss8_index('L') == 7);
    CHECK(ss8_index('X') == -1);
    std::string three;
    for (int s = 0; s < 8; ++s)
        three += ss3_letters[static_cast<std::size_t>(ss8_to_ss3[static_cast<std::size_t>(s)])];
    CHECK(three == "HHHEECCC");
}

TEST_CASE("BLOSUM62 is symmetric with the textbook diagonal", "[encode]")
{
    for (int a = 0; a < 20; ++a)
        for (int b = 0; b < 20; ++b)
            CHECK(blosum62(a, b) == blosum62(b, a));
    CHECK(blosum62(residue_index('W'), residue_index('W')) == 11);
    CHECK(blosum62(residue_index('C'), residue_index('C')) == 9);
    CHECK(blosum62(residue_index('I'), residue_index('V')) == 3);
}

TEST_CASE("encodings have the documented sizes and content", "[encode]")
{
    CHECK(encoding_dim(encoding_kind::onehot) == 21);
    CHECK(encoding_dim(encoding_kind::blosum) == 20);
    CHECK(encoding_dim(encoding_kind::both) == 41);
    std::vector<float> v(41);
    encode_residue(encoding_kind::both, residue_index('W'), v.data());
    CHECK(v[17] == 1.0F);
    CHECK(v[0] == 0.0F);
    CHECK(v[21 + 17] == Approx(11.0 / 5.0));
    CHECK(parse_encoding("both") == encoding_kind::both);
    CHECK_THROWS_AS(parse_encoding("profile"), ssrnn::config_error);
}
