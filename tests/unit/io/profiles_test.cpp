#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/encode/encoding.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/profiles.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ssrnn;

namespace
{
std::string fixture(char const * name)
{
    return std::string{SSRNN_TEST_DATA} + "/profiles/" + name;
}
std::string error_of(std::string const & path)
{
    try
    {
        (void)io::read_profiles(path);
    }
    catch (input_error const & e)
    {
        return e.what();
    }
    return "no error";
}
float score(io::profile_record const & r, std::size_t pos, char residue)
{
    return r.scores[pos * 20 + encode::residue_letters.find(residue)];
}
} // namespace

TEST_CASE("ssrnn profile files are read with IDs, residues, depth and scores", "[io][profiles]")
{
    auto const f = io::read_profiles(fixture("ok.profiles"));
    CHECK(f.format == io::profile_format::ssrnn);
    REQUIRE(f.records.size() == 3);
    CHECK(f.records[0].id == "seq1");
    CHECK(f.records[0].sequence == "MKVLAAGIVGLLKDE");
    CHECK(f.records[0].length() == 15);
    CHECK(f.records[0].depth == 12);
    CHECK(score(f.records[0], 0, 'M') == 5); // the residue's own score, as the fixture was made
    CHECK(f.records[2].length() == 26);
}

TEST_CASE("the three foreign formats give the same scores as the ssrnn file they were made from", "[io][profiles]")
{
    auto const own = io::read_profiles(fixture("ok.profiles")).records[0];
    auto const pssm = io::read_profiles(fixture("seq1.pssm"));
    CHECK(pssm.format == io::profile_format::pssm);
    REQUIRE(pssm.records.size() == 1);
    CHECK(pssm.records[0].id == "seq1"); // from the file name
    CHECK(pssm.records[0].sequence == own.sequence);
    CHECK(pssm.records[0].scores == own.scores);

    auto const hhm = io::read_profiles(fixture("seq1.hhm"));
    CHECK(hhm.format == io::profile_format::hhm);
    REQUIRE(hhm.records.size() == 1);
    CHECK(hhm.records[0].id == "seq1"); // from NAME
    CHECK(hhm.records[0].sequence == own.sequence);
    for (std::size_t i = 0; i < own.scores.size(); ++i)
        if (i == encode::residue_letters.find('W')) // p = 0 ('*') at position 1
            CHECK(hhm.records[0].scores[i] == io::profile_score_floor);
        else
            CHECK(std::abs(hhm.records[0].scores[i] - own.scores[i]) < 0.01F); // -1000 log2 p is rounded

    auto const mm = io::read_profiles(fixture("mmseqs.pssm"));
    CHECK(mm.format == io::profile_format::mmseqs2);
    REQUIRE(mm.records.size() == 2);
    CHECK(mm.records[0].scores == own.scores); // listed second, key 0
    CHECK(mm.records[1].length() == 13);
    CHECK(mm.records[0].sequence.empty()); // profile2pssm prints the consensus, not the query
}

TEST_CASE("malformed and truncated profile files are refused with file and line", "[io][profiles]")
{
    CHECK_THAT(error_of(fixture("truncated.profiles")),
               Catch::Contains("truncated.profiles") && Catch::Contains("no '#end' line: the file is truncated"));
    CHECK_THAT(error_of(fixture("badrow.profiles")), Catch::Contains("line 4") && Catch::Contains("3 scores"));
    CHECK_THAT(error_of(fixture("badpos.pssm")),
               Catch::Contains("badpos.pssm, line 6") && Catch::Contains("position 9 follows position 2"));
    CHECK_THAT(error_of(fixture("nonull.hhm")), Catch::Contains("no NULL line"));
    CHECK_THAT(error_of(fixture("mmseqs_gap.pssm")), Catch::Contains("number 1 missing"));
    CHECK_THAT(error_of(fixture("notaprofile.txt")), Catch::Contains("not a profile file"));
    CHECK_THROWS_AS(io::read_profiles(fixture("no-such-file")), io_error);
    // A file cut anywhere is an error, never fewer records.
    std::ifstream in(fixture("ok.profiles"));
    std::stringstream ss;
    ss << in.rdbuf();
    auto const text = ss.str();
    auto const cut = std::filesystem::temp_directory_path() / "ssrnn-cut.profiles";
    for (std::size_t n = 40; n < text.size() - 2; n += 37)
    {
        std::ofstream(cut) << text.substr(0, n);
        CHECK(error_of(cut.string()) != "no error");
    }
    std::filesystem::remove(cut);
}

TEST_CASE("profiles are matched to records by ID and checked against the sequence", "[io][profiles]")
{
    io::profile_index const idx{{fixture("ok.profiles")}};
    auto const & p = idx.find("seq2 a description", 7, "MKVLAAGIVGWWY", "in.fa");
    CHECK(p.id == "seq2");
    auto const what = [&](std::string_view id, std::string_view seq)
    {
        try
        {
            (void)idx.find(id, 0, seq, "in.fa");
        }
        catch (input_error const & e)
        {
            return std::string{e.what()};
        }
        return std::string{"no error"};
    };
    CHECK_THAT(what("nosuch", "MKV"), Catch::Contains("in.fa, record 1 ('nosuch'): no profile for it"));
    CHECK_THAT(what("seq2", "MKVLAAGIVGWW"), Catch::Contains("13 positions, but the sequence has 12 residues"));
    CHECK_THAT(what("seq2", "MKVLAAGIVGWWF"), Catch::Contains("residue 13 is 'F'") && Catch::Contains("has 'Y'"));
    CHECK(what("seq3", "ACDEFGHIKLMNPQRSTVWYXXXXXX") == "no error"); // B Z J U O X are all unknown
    // The same ID in two files is ambiguous.
    CHECK_THROWS_WITH(io::profile_index({fixture("ok.profiles"), fixture("seq1.pssm")}), Catch::Contains("also in"));
    // MMseqs2 output is matched by record number.
    io::profile_index const mm{{fixture("mmseqs.pssm")}};
    CHECK(mm.find("whatever", 1, "MKVLAAGIVGWWY", "in.fa").length() == 13);
    CHECK_THROWS_AS(mm.find("whatever", 0, "MKVLAAGIVGWWY", "in.fa"), input_error); // record 0 has 15
}

TEST_CASE("ssrnn profile files round-trip through the writer", "[io][profiles]")
{
    auto const f = io::read_profiles(fixture("ok.profiles"));
    std::ostringstream out;
    io::write_profiles_header(out);
    for (auto const & r : f.records)
        io::write_profile_record(out, r);
    io::write_profiles_end(out, f.records.size());
    auto const path = std::filesystem::temp_directory_path() / "ssrnn-roundtrip.profiles";
    std::ofstream(path) << out.str();
    auto const back = io::read_profiles(path.string());
    std::filesystem::remove(path);
    REQUIRE(back.records.size() == f.records.size());
    for (std::size_t k = 0; k < f.records.size(); ++k)
    {
        CHECK(back.records[k].id == f.records[k].id);
        CHECK(back.records[k].sequence == f.records[k].sequence);
        CHECK(back.records[k].depth == f.records[k].depth);
        CHECK(back.records[k].scores == f.records[k].scores);
    }
}

TEST_CASE("profile features: logistic scores and information content", "[encode][profiles]")
{
    std::vector<float> scores(20, 0.0F); // the background distribution: no information
    scores[3] = 4.0F;
    std::vector<float> feat;
    encode::append_profile_features(scores, 10, feat);
    REQUIRE(feat.size() == encode::profile_dim);
    CHECK(feat[21] == Approx(1.0 / 3.0)); // depth 10: log10(10) / 3
    CHECK(feat[0] == Approx(0.5));
    CHECK(feat[3] == Approx(1.0 / (1.0 + std::exp(-4.0))));
    CHECK(feat[20] > 0.0F);
    std::vector<float> flat(20, 0.0F), f2;
    encode::append_profile_features(flat, 0, f2); // depth not recorded: NaN
    CHECK(f2[20] == Approx(0.0).margin(1e-9));
    CHECK(std::isnan(f2[21]));
    std::vector<float> f3;
    encode::append_profile_features(flat, 5000, f3); // deeper than 1000: 1
    CHECK(f3[21] == 1.0F);
    std::vector<std::uint8_t> const res{0, encode::unknown_residue};
    auto const nh = encode::no_homolog_features(res);
    REQUIRE(nh.size() == 2 * encode::profile_dim);
    CHECK(nh[0] == Approx(1.0 / (1.0 + std::exp(-4.0)))); // BLOSUM62 A-A = 4
    CHECK(nh[encode::profile_dim] == Approx(0.5));        // unknown residue: zeros
    CHECK(nh[encode::profile_dim - 1] == 0.0F);           // depth 1
}
