#include <ssrnn/error.hpp>
#include <ssrnn/io/a3m.hpp>
#include <ssrnn/io/msa.hpp>
#include <ssrnn/io/profiles.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace ssrnn;

namespace
{
std::string data(std::string const & name)
{
    return std::string{SSRNN_TEST_DATA} + "/msa/" + name;
}
std::string text_of(std::string const & path)
{
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
std::string error_of(std::string const & path, std::string const & text)
{
    try
    {
        (void)io::parse_msa(path, text);
    }
    catch (input_error const & e)
    {
        return e.what();
    }
    return "no error";
}
} // namespace

TEST_CASE("alignments: A3M inserts, aligned FASTA and Stockholm give the same match columns", "[io][msa]")
{
    auto const a3m = io::parse_msa("toy00.a3m", text_of(data("toy00.a3m")));
    CHECK(a3m.format == io::msa_format::a3m);
    CHECK(a3m.query_id == "toy00");
    REQUIRE(a3m.rows.size() == 5); // >ss_dssp is an annotation, not a row
    CHECK(a3m.rows[0] == "CMRNWDKYRTERNFFNGNWFRYDGYRYYMRGRWCIFCWDY");
    CHECK(a3m.rows[2] == "CMKNWEKYRTERNFYNGNWFKYDGYRYYLRGRWCVFCWDY"); // the insert 'e' dropped
    CHECK(a3m.rows[3] == "--RNWDKYKTERNFFDGNWFRYNGYRYYMRGRWCIFCW--");
    CHECK(a3m.names[4] == "hit4");

    auto const fasta = io::parse_msa("toy00.fasta", text_of(data("formats/toy00.fasta")));
    CHECK(fasta.format == io::msa_format::fasta);
    CHECK(fasta.rows == a3m.rows); // the query's gap columns dropped
    auto const sto = io::parse_msa("toy00.sto", text_of(data("formats/toy00.sto")));
    CHECK(sto.format == io::msa_format::stockholm);
    CHECK(sto.query_id == "toy00");
    CHECK(sto.rows == a3m.rows); // two blocks joined, mark-up ignored

    // read_profiles computes the profile of the query; .gz is read too
    auto const p = io::read_profiles(data("formats/toy00.a3m.gz"));
    CHECK(p.format == io::profile_format::alignment);
    REQUIRE(p.records.size() == 1);
    CHECK(p.records[0].id == "toy00");
    CHECK(p.records[0].sequence == a3m.rows[0]);
    CHECK(p.records[0].depth == 5);
    CHECK(p.records[0].neff > 1.0);
    CHECK(p.records[0].scores == io::read_profiles(data("formats/toy00.sto")).records[0].scores);

    // ssrnn-addss's A3M, already read by parse_a3m (which keeps any leading text): the same rows
    auto const text = text_of(data("toy00.a3m"));
    auto const same = io::msa_of(io::parse_a3m("toy00.a3m", text), "toy00.a3m");
    CHECK(same.rows == a3m.rows);
    CHECK(same.query_id == "toy00");
    CHECK(io::msa_of(io::parse_a3m("x", "free text\n" + text), "x").rows == a3m.rows);
}

TEST_CASE("alignments: a single sequence, A2M, lowercase in aligned FASTA", "[io][msa]")
{
    auto const one = io::parse_msa("x", ">only\nMKV\nLA\n");
    CHECK(one.rows == std::vector<std::string>{"MKVLA"});
    // A2M: one length, inserts lowercase in the hits and '.' in the query
    auto const a2m = io::parse_msa("x.a2m", ">q\nMK.VLA\n>h\nMKaVL-\n");
    CHECK(a2m.format == io::msa_format::fasta);
    CHECK(a2m.rows == std::vector<std::string>{"MKVLA", "MKVL-"});
    auto const lower = io::parse_msa("x.fa", ">q\nmkvla\n>h\nmkv-a\n");
    CHECK(lower.rows == std::vector<std::string>{"MKVLA", "MKV-A"});
    CHECK(io::looks_like_msa("#A3M#\n>q\nMK\n"));
    CHECK(io::looks_like_msa("# STOCKHOLM 1.0\n"));
    CHECK_FALSE(io::looks_like_msa("#ssrnn-profiles 1\n"));
    CHECK_FALSE(io::looks_like_msa("\nLast position-specific scoring matrix"));
}

TEST_CASE("alignments: bad input names the file, record and column", "[io][msa]")
{
    CHECK(error_of("e.a3m", "") == "e.a3m: no sequences (expected an alignment: A3M, aligned FASTA or Stockholm)");
    CHECK(error_of("e.a3m", "#A3M#\n") ==
          "e.a3m: no sequences (expected an alignment: A3M, aligned FASTA or Stockholm)");
    CHECK(error_of("g.a3m", ">q\nMK-LA\n>h\nMKVLA\n") ==
          "g.a3m, record 1 ('q'), column 3: a gap in the query; its residues define the match columns (uppercase "
          "letters only)");
    CHECK_THAT(error_of("l.a3m", ">q\nMKvLA\n"), Catch::Contains("record 1 ('q'), column 3: a lowercase letter"));
    CHECK(error_of("n.a3m", ">q\nMKVLA\n>h1\nMKVLA\n>h2\nMKV\n") ==
          "n.a3m, record 3 ('h2'): 3 match columns but the query has 5 (rows of an A3M have one uppercase letter or "
          "'-' per query residue)");
    CHECK(error_of("c.a3m", ">q\nMKVLA\n>h\nMK*LA\n") ==
          "c.a3m, record 2 ('h'), column 3: the character '*' is no residue, gap or insert");
    CHECK(error_of("s.sto", "# STOCKHOLM 1.0\nq MKVLA\nh MKV\n//\n") ==
          "s.sto, record 2 ('h'): 3 columns but the query has 5 (the rows of an aligned file are all as long)");
    CHECK_THAT(error_of("t.sto", "# STOCKHOLM 1.0\nq MKVLA\n"), Catch::Contains("t.sto: no end line '//'"));
    CHECK_THAT(error_of("two.sto", "# STOCKHOLM 1.0\nq MK\n//\n# STOCKHOLM 1.0\nq MK\n//\n"),
               Catch::Contains("two.sto, line 4: text after the end line"));
    CHECK_THAT(error_of("f.fa", ">q\nMK-LA\n>h\nMK1LA\n"),
               Catch::Contains("f.fa, record 2 ('h'), column 3: the character '1' is no residue or gap"));
    CHECK_THAT(error_of("q.fa", ">q\n---\n>h\nMKV\n"), Catch::Contains("record 1 ('q'): the query has no residues"));
    CHECK_THAT(error_of("x.a3m", "junk\n>q\nMK\n"), Catch::Contains("x.a3m, line 1: text before the first record"));
}
