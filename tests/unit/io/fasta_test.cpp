// FASTA reading: SeqAn3 underneath, and each case SeqAn3 3.2 gets wrong pinned here.
#include <ssrnn/error.hpp>
#include <ssrnn/io/fasta.hpp>

#include <catch2/catch.hpp>

using namespace ssrnn;

namespace
{
std::string fixture(char const * name)
{
    return std::string{SSRNN_TEST_DATA} + "/" + name;
}

std::string error_of(char const * name)
{
    try
    {
        (void)io::read_fasta(fixture(name));
    }
    catch (input_error const & e)
    {
        return e.what();
    }
    return "no error";
}
} // namespace

TEST_CASE("multi-record FASTA with descriptions, lowercase, wrapped lines and a trailing star", "[io][fasta]")
{
    auto const recs = io::read_fasta(fixture("ok.fasta"));
    REQUIRE(recs.size() == 3);
    CHECK(recs[0].id == "seq1");
    CHECK(recs[0].description == "first test protein");
    CHECK(recs[0].sequence == "MKVLAAGIVGLLKDE");
    CHECK(recs[1].id == "seq2");
    CHECK(recs[1].description.empty());
    CHECK(recs[1].sequence == "MKVLAAGIVGWWY");
    CHECK(recs[2].sequence == "ACDEFGHIKLMNPQRSTVWYBZJUOX");
}

TEST_CASE("gzip input gives the same records", "[io][fasta]")
{
    auto const a = io::read_fasta(fixture("ok.fasta"));
    auto const b = io::read_fasta(fixture("ok.fasta.gz"));
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        CHECK(a[i].id == b[i].id);
        CHECK(a[i].sequence == b[i].sequence);
    }
}

TEST_CASE("an empty file has no records", "[io][fasta]")
{
    CHECK(io::read_fasta(fixture("empty.fasta")).empty());
}

TEST_CASE("a digit inside a sequence is an error, not silently dropped (SeqAn3 reads MKV1LA as MKVLA)", "[io][fasta]")
{
    auto const msg = error_of("digit.fasta");
    CHECK_THAT(msg, Catch::Contains("digit.fasta") && Catch::Contains("record 1 ('seq1')") &&
                        Catch::Contains("residue 4") && Catch::Contains("'1'"));
}

TEST_CASE("a semicolon inside a sequence is an error, not a new record", "[io][fasta]")
{
    auto const msg = error_of("semicolon.fasta");
    CHECK_THAT(msg, Catch::Contains("record 2 ('seq2')") && Catch::Contains("residue 4") && Catch::Contains("';'"));
}

TEST_CASE("records before the bad one are still delivered by the streaming reader", "[io][fasta]")
{
    io::fasta_reader r{fixture("semicolon.fasta")};
    io::fasta_record rec;
    REQUIRE(r.next(rec));
    CHECK(rec.sequence == "MKVLA");
    CHECK_THROWS_AS(r.next(rec), input_error);
}

TEST_CASE("an empty record is an error", "[io][fasta]")
{
    CHECK_THAT(error_of("empty_record.fasta"), Catch::Contains("record 1 ('seq1')") && Catch::Contains("empty record"));
}

TEST_CASE("a missing header is an error, not an uncaught seqan3::parse_error", "[io][fasta]")
{
    CHECK_THAT(error_of("no_header.fasta"), Catch::Contains("line 1") && Catch::Contains("expected a FASTA header"));
}

TEST_CASE("gaps, inner stars, binary data and empty IDs are errors", "[io][fasta]")
{
    CHECK_THAT(error_of("gap.fasta"), Catch::Contains("residue 4") && Catch::Contains("'-'"));
    CHECK_THAT(error_of("star_inside.fasta"), Catch::Contains("after the terminal '*'"));
    CHECK_THAT(error_of("binary.fasta"), Catch::Contains("is this a FASTA file?"));
    CHECK_THAT(error_of("empty_id.fasta"), Catch::Contains("empty record ID"));
}

TEST_CASE("a missing file is an I/O error", "[io][fasta]")
{
    CHECK_THROWS_AS(io::read_fasta(fixture("does-not-exist.fasta")), io_error);
    CHECK_THROWS_AS(io::read_fasta(SSRNN_TEST_DATA), io_error);
}

TEST_CASE("bzip2 and multi-member gzip input", "[io][fasta]")
{
    CHECK(io::read_fasta(fixture("ok.fasta.bz2")).size() == 3);
    auto const twice = io::read_fasta(fixture("twice.fasta.gz"));
    REQUIRE(twice.size() == 6);
    CHECK(twice[3].id == "seq1");
}

TEST_CASE("truncated or corrupt gzip data is an error, not a shorter input", "[io][fasta]")
{
    CHECK_THAT(error_of("truncated.fasta.gz"), Catch::Contains("truncated.fasta.gz: truncated gzip data"));
    CHECK_THAT(error_of("corrupt.fasta.gz"), Catch::Contains("corrupt.fasta.gz: corrupt gzip data"));
}
