// Profile models end to end: training with --train-profiles, predicting and evaluating with
// --profiles or --search-db (MMseqs2, when it is installed), and the errors on the way.
#include "helpers.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>

using namespace ssrnn_cli;

namespace
{
std::string const & profile_model()
{
    static std::string const path = []
    {
        auto const p = (scratch() / "profile.ssrnn").string();
        auto const r = run("train-structure --train toy.ss8 --train-profiles profiles/toy.profiles --out " + p +
                           " --layers 1 --hidden 8 --epochs 2 --batch 8 --seed 3 --valid-fraction 0.2"
                           " --profile-dropout 0.2");
        INFO(r.err);
        REQUIRE(r.code == 0);
        return p;
    }();
    return path;
}

bool have_mmseqs()
{
    return std::system("command -v mmseqs > /dev/null 2>&1") == 0;
}
} // namespace

TEST_CASE("a profile model records its profile input and needs profiles", "[cli][profiles]")
{
    auto const & m = profile_model();
    auto const header = slurp(m).substr(0, 4096);
    CHECK_THAT(header, Catch::Contains("\"profile\": \"pssm\""));
    CHECK_THAT(header, Catch::Contains("\"input_dim\": 42")); // one-hot 21 + profile 21

    auto const none = run("predict-structure -m " + m + " profiles/toy.fa");
    CHECK(none.code == 1);
    CHECK_THAT(none.err,
               Catch::Contains("is a profile model: give --profiles FILE, --msa ALIGNMENT or --search-db DB"));
    CHECK(none.out.empty());

    auto const one = run("predict-structure -m " + m + " --profiles profiles/toy.profiles profiles/toy.fa");
    INFO(one.err);
    REQUIRE(one.code == 0);
    CHECK(lines(one.out).size() == 18);
    auto const two =
        run("predict-structure -m " + m + " --profiles profiles/toy.profiles --threads 2 -f tsv profiles/toy.fa");
    auto const one_tsv =
        run("predict-structure -m " + m + " --profiles profiles/toy.profiles --threads 1 -f tsv profiles/toy.fa");
    CHECK(two.out == one_tsv.out);

    auto const ev = run("evaluate-structure -m " + m + " --profiles profiles/toy.profiles --data toy.ss8 -f json");
    INFO(ev.err);
    REQUIRE(ev.code == 0);
    CHECK(nlohmann::json::parse(ev.out).at("residues").get<int>() > 0);
    CHECK(run("evaluate-structure -m " + m + " --data toy.ss8").code == 1);
}

TEST_CASE("train-structure --profile-depth: the depth as an input, from --init of a pssm model",
          "[cli][profiles][depth]")
{
    auto const & m = profile_model();
    auto const d = (scratch() / "depth.ssrnn").string();
    auto const r = run("train-structure --init " + m +
                       " --profile-depth --train toy.ss8 --train-profiles "
                       "profiles/toy.profiles --out " +
                       d + " --epochs 1 --batch 8 --seed 3 --valid-fraction 0.2");
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto const header = slurp(d).substr(0, 4096);
    CHECK_THAT(header, Catch::Contains("\"profile\": \"pssm+depth\""));
    CHECK_THAT(header, Catch::Contains("\"input_dim\": 43"));
    auto const one = run("predict-structure -m " + d + " --profiles profiles/toy.profiles -f tsv profiles/toy.fa");
    INFO(one.err);
    REQUIRE(one.code == 0);
    CHECK(one.out == run("predict-structure -m " + d +
                         " --profiles profiles/toy.profiles -f tsv -t 2 "
                         "profiles/toy.fa")
                         .out);
    // A PSI-BLAST PSSM records no depth: refused, not read as if it had no homologs.
    std::ofstream(scratch() / "seq1.fa") << ">seq1\nMKVLAAGIVGLLKDE\n";
    auto const out = scratch() / "depth-pssm.ss8";
    fs::remove(out);
    auto const pssm = run("predict-structure -m " + d + " --profiles profiles/seq1.pssm -o " + out.string() + " " +
                          (scratch() / "seq1.fa").string());
    CHECK(pssm.code != 0);
    CHECK_THAT(pssm.err, Catch::Contains("does not record"));
    CHECK_FALSE(fs::exists(out));
    // The pssm model reads the same PSSM.
    CHECK(run("predict-structure -m " + m + " --no-homolog-model none --profiles profiles/seq1.pssm " +
              (scratch() / "seq1.fa").string())
              .code == 0);
    // --profile-depth is for profile models only.
    CHECK(run("train-structure --profile-depth --train toy.ss8 --out " + (scratch() / "never.ssrnn").string()).code ==
          1);
}

TEST_CASE("profile mismatches are input errors naming the record, with nothing written", "[cli][profiles]")
{
    auto const & m = profile_model();
    auto const out = scratch() / "mismatch.ss8";
    fs::remove(out);
    // ok.fasta's records have no profile in toy.profiles
    auto const missing =
        run("predict-structure -m " + m + " --profiles profiles/toy.profiles -o " + out.string() + " ok.fasta");
    CHECK(missing.code == 2);
    CHECK_THAT(missing.err, Catch::Contains("ok.fasta, record 1 ('seq1'): no profile for it"));
    CHECK_FALSE(fs::exists(out));
    // seq2's profile is 13 long; a FASTA with a longer seq2 disagrees
    std::ofstream(scratch() / "long.fa") << ">seq1\nMKVLAAGIVGLLKDE\n>seq2\nMKVLAAGIVGWWYA\n";
    auto const len = run("predict-structure -m " + m + " --profiles profiles/ok.profiles -o " + out.string() + " " +
                         (scratch() / "long.fa").string());
    CHECK(len.code == 2);
    CHECK_THAT(len.err, Catch::Contains("record 2 ('seq2'): its profile in profiles/ok.profiles has 13 positions, "
                                        "but the sequence has 14 residues"));
    CHECK_FALSE(fs::exists(out));
    auto const bad = run("predict-structure -m " + m + " --profiles profiles/truncated.profiles profiles/toy.fa");
    CHECK(bad.code == 2);
    CHECK_THAT(bad.err, Catch::Contains("truncated"));
    auto const train = run("train-structure --train toy.ss8 --train-profiles profiles/ok.profiles --out " +
                           (scratch() / "never.ssrnn").string() + " --epochs 1");
    CHECK(train.code == 2);
    CHECK_THAT(train.err, Catch::Contains("toy.ss8, record") && Catch::Contains("no profile for it"));
    CHECK_FALSE(fs::exists(scratch() / "never.ssrnn"));
}

TEST_CASE("predict-structure --msa: profiles from alignments in any format, file, folder, .gz or stdin",
          "[cli][profiles][msa]")
{
    auto const & m = profile_model();
    auto const toy = slurp(fs::path{SSRNN_TEST_DATA} / "profiles" / "toy.fa");
    auto const one = scratch() / "toy00.fa", two = scratch() / "toy0001.fa";
    std::ofstream(one) << toy.substr(0, toy.find(">toy01"));
    std::ofstream(two) << toy.substr(0, toy.find(">toy02"));
    auto const predict = [&](std::string const & args, fs::path const & fa)
    {
        return run("predict-structure -m " + m + " -f tsv " + args + " " + fa.string());
    };

    auto const files = predict("--msa msa/toy00.a3m --msa msa/toy01.a3m", two);
    INFO(files.err);
    REQUIRE(files.code == 0);
    CHECK(lines(files.out).size() == 1 + 40 + 39);
    CHECK(predict("--msa msa", two).out == files.out);
    CHECK(predict("--msa msa --threads 2", two).out == files.out);
    auto const a3m = predict("--msa msa/toy00.a3m", one);
    REQUIRE(a3m.code == 0);
    for (auto const * f : {"msa/formats/toy00.fasta", "msa/formats/toy00.sto", "msa/formats/toy00.a3m.gz"})
        CHECK(predict(std::string{"--msa "} + f, one).out == a3m.out);
    CHECK(run("predict-structure -m " + m + " -f tsv --msa - " + one.string() + " < msa/toy00.a3m").out == a3m.out);
    // one alignment, one record: its query's name need not be the record's ID
    std::ofstream(scratch() / "renamed.a3m")
        << slurp(fs::path{SSRNN_TEST_DATA} / "msa" / "toy00.a3m")
               .replace(slurp(fs::path{SSRNN_TEST_DATA} / "msa" / "toy00.a3m").find(">toy00"), 6, ">101");
    CHECK(predict("--msa " + (scratch() / "renamed.a3m").string(), one).out == a3m.out);
    // a lone query: depth 1, so the no-homolog model predicts it
    std::ofstream(scratch() / "lone00.a3m") << toy.substr(0, toy.find(">toy01"));
    auto const lone =
        predict("--msa " + (scratch() / "lone00.a3m").string() + " --no-homolog-model " + tiny_model(), one);
    CHECK(lone.out == run("predict-structure -m " + tiny_model() + " -f tsv " + one.string()).out);
    CHECK(lone.out != a3m.out);

    // train-structure (and evaluate-structure) take alignments as profiles
    auto const train = run("train-structure --train toy.ss8 --train-profiles msa --out " +
                           (scratch() / "never_msa.ssrnn").string() + " --epochs 1");
    CHECK(train.code == 2);
    CHECK_THAT(train.err, Catch::Contains("): no profile for it in msa/toy00.a3m, msa/toy01.a3m"));
}

TEST_CASE("predict-structure --msa errors: a bad alignment names file, record and column, nothing written",
          "[cli][profiles][msa]")
{
    auto const & m = profile_model();
    auto const toy = slurp(fs::path{SSRNN_TEST_DATA} / "profiles" / "toy.fa");
    auto const one = scratch() / "toy00.fa";
    std::ofstream(one) << toy.substr(0, toy.find(">toy01"));
    auto const out = scratch() / "msa_never.tsv";
    fs::remove(out);
    std::ofstream(scratch() / "gap.a3m") << ">toy00\nCMRNW-KYRTERNFFNGNWFRYDGYRYYMRGRWCIFCWDY\n";
    auto const gap = run("predict-structure -m " + m + " -o " + out.string() + " --msa " +
                         (scratch() / "gap.a3m").string() + " " + one.string());
    CHECK(gap.code == 2);
    CHECK_THAT(gap.err, Catch::Contains("gap.a3m, record 1 ('toy00'), column 6: a gap in the query"));
    std::ofstream(scratch() / "short.a3m") << ">toy00\nCMRNWDKYRTERNFFNGNWFRYDGYRYYMRGRWCIFCWDY\n>h\nCMRNW\n";
    auto const len = run("predict-structure -m " + m + " -o " + out.string() + " --msa " +
                         (scratch() / "short.a3m").string() + " " + one.string());
    CHECK(len.code == 2);
    CHECK_THAT(len.err, Catch::Contains("record 2 ('h'): 5 match columns but the query has 40"));
    auto const other =
        run("predict-structure -m " + m + " -o " + out.string() + " --msa msa/toy01.a3m " + one.string());
    CHECK(other.code == 2);
    CHECK_THAT(other.err,
               Catch::Contains("its profile in msa/toy01.a3m has 39 positions, but the sequence has 40 residues"));
    CHECK_FALSE(fs::exists(out));
    auto const notmsa = run("predict-structure -m " + m + " --msa profiles/toy.profiles " + one.string());
    CHECK(notmsa.code == 2);
    CHECK_THAT(notmsa.err, Catch::Contains("profiles/toy.profiles: not an alignment but ssrnn profiles"));
    auto const both = run("predict-structure -m " + m + " --msa msa --search-db x.fa " + one.string());
    CHECK(both.code == 1);
    CHECK_THAT(both.err, Catch::Contains("give --profiles/--msa or --search-db, not both"));
}

TEST_CASE("ssrnn-addss and ssrnn-runpsipred: a profile model reads the alignment", "[cli][profiles][msa][integrations]")
{
    auto const & m = profile_model();
    auto const toy = slurp(fs::path{SSRNN_TEST_DATA} / "profiles" / "toy.fa");
    auto const dir = scratch() / "msa_psipred";
    fs::create_directories(dir);
    std::ofstream(dir / "toy00.fasta") << toy.substr(0, toy.find(">toy01"));
    auto const ss3 =
        lines(run("predict-structure -m " + m + " -f ss3 --msa msa/toy00.a3m " + (dir / "toy00.fasta").string()).out);
    REQUIRE(ss3.size() == 3);
    auto const addss = lines(run("ssrnn-addss -m " + m + " --ss-only msa/toy00.a3m").out);
    REQUIRE(addss.size() == 4);
    CHECK(addss[1] == ss3[2]);
    auto const r = run("ssrnn-runpsipred -m " + m + " --msa msa/toy00.a3m --outdir " + dir.string() + " " +
                       (dir / "toy00.fasta").string());
    INFO(r.err);
    REQUIRE(r.code == 0);
    auto const p = run("predict-structure -m " + m + " -f ss2 --msa msa/toy00.a3m " + (dir / "toy00.fasta").string());
    CHECK(slurp(dir / "toy00.ss2") == p.out);
}

TEST_CASE("a single-sequence model given profiles ignores them with a note", "[cli][profiles]")
{
    auto const & m = tiny_model();
    auto const plain = run("predict-structure -m " + m + " profiles/toy.fa");
    auto const with = run("predict-structure -m " + m + " --profiles profiles/toy.profiles profiles/toy.fa");
    REQUIRE(with.code == 0);
    CHECK(with.out == plain.out);
    CHECK_THAT(with.err, Catch::Contains("single-sequence model; --profiles ignored"));
}

TEST_CASE("build-profiles and --search-db run MMseqs2 end to end on a tiny database", "[cli][profiles][mmseqs]")
{
    if (!have_mmseqs())
    {
        WARN("mmseqs not installed: skipped (scripts/install-deps.sh installs mmseqs2)");
        return;
    }
    auto const dir = scratch() / "mmseqs";
    fs::create_directories(dir);
    // The database: the toy sequences; the queries: three of them and one with no homologs.
    auto const toy = slurp(fs::path{SSRNN_TEST_DATA} / "profiles" / "toy.fa");
    std::ofstream(dir / "db.fa") << toy;
    std::ofstream(dir / "q.fa") << toy.substr(0, toy.find(">toy03")) << ">lonely\nWWWWPPPPCCCCHHHHMMMMWWWWPPPPCCCC\n";
    std::string const env = "SSRNN_CACHE_DIR=" + (dir / "cache").string() + " ";
    auto const out = (dir / "q.profiles").string();
    auto const first =
        run(env + std::string{SSRNN_BIN_DIR} + "/build-profiles --search-db " + (dir / "db.fa").string() +
                " --chunk 2 --keep-parts -o " + out + " " + (dir / "q.fa").string(),
            false);
    INFO(first.err);
    REQUIRE(first.code == 0);
    CHECK_THAT(first.err, Catch::Contains("converting") && Catch::Contains("sequences/s"));
    auto const f = slurp(out);
    CHECK_THAT(f, Catch::StartsWith("#ssrnn-profiles 1"));
    CHECK_THAT(f, Catch::Contains(">toy00 depth=") && Catch::Contains(">lonely depth=1\n"));
    // A rerun reuses the finished chunks and the converted database, and writes the same file.
    auto const again = run(env + std::string{SSRNN_BIN_DIR} + "/build-profiles --search-db " +
                               (dir / "db.fa").string() + " --chunk 2 -o " + out + " " + (dir / "q.fa").string(),
                           false);
    REQUIRE(again.code == 0);
    CHECK_THAT(again.err, Catch::Contains("2 of 2 chunks from an earlier run"));
    CHECK_THAT(again.err, !Catch::Contains("converting"));
    CHECK(slurp(out) == f);

    // --search-db gives the same predictions as the profiles it builds.
    auto const & m = profile_model();
    auto const direct = run(env + std::string{SSRNN_BIN_DIR} + "/predict-structure -m " + m + " --search-db " +
                                (dir / "db.fa").string() + " -f tsv " + (dir / "q.fa").string(),
                            false);
    INFO(direct.err);
    REQUIRE(direct.code == 0);
    auto const via = run("predict-structure -m " + m + " --profiles " + out + " -f tsv " + (dir / "q.fa").string());
    CHECK(direct.out == via.out);

    // A record without homologs (depth 1) is predicted by the single-sequence default model,
    // unless --no-homolog-model none.
    std::ofstream(dir / "lonely.fa") << ">lonely\nWWWWPPPPCCCCHHHHMMMMWWWWPPPPCCCC\n";
    auto const lonely =
        run("predict-structure -m " + m + " --profiles " + out + " -f tsv " + (dir / "lonely.fa").string());
    auto const plain = run("predict-structure -f tsv " + (dir / "lonely.fa").string());
    REQUIRE(lonely.code == 0);
    // the same numbers; the profile model has no disorder head, so no p_disorder column for any record
    std::string plain_ss;
    for (auto const & l : lines(plain.out))
        plain_ss += l.substr(0, l.rfind('\t')) + '\n';
    CHECK(lonely.out == plain_ss);
    auto const own = run("predict-structure -m " + m + " --no-homolog-model none --profiles " + out + " -f tsv " +
                         (dir / "lonely.fa").string());
    CHECK(own.out != plain.out);

    // MMseqs2 missing or failing: exit 6 with a message, no output.
    auto const o = (dir / "never.ss8").string();
    auto const gone = run("predict-structure -m " + m + " --mmseqs /nonexistent/mmseqs --search-db " +
                          (dir / "db.fa").string() + " -o " + o + " " + (dir / "q.fa").string());
    CHECK(gone.code == 6);
    CHECK_THAT(gone.err, Catch::Contains("cannot run MMseqs2"));
    CHECK_FALSE(fs::exists(o));
    auto const nodb =
        run("predict-structure -m " + m + " --search-db /nonexistent/db -o " + o + " " + (dir / "q.fa").string());
    CHECK(nodb.code == 1);
    CHECK_THAT(nodb.err, Catch::Contains("no such search database"));
}

TEST_CASE("ssrnn-runpsipred: the profile model with $SSRNN_SEARCH_DB", "[cli][profiles][mmseqs][integrations]")
{
    if (!have_mmseqs())
    {
        WARN("mmseqs not installed: skipped (scripts/install-deps.sh installs mmseqs2)");
        return;
    }
    auto const dir = scratch() / "runpsipred";
    fs::create_directories(dir);
    auto const toy = slurp(fs::path{SSRNN_TEST_DATA} / "profiles" / "toy.fa");
    std::ofstream(dir / "db.fa") << toy;
    std::ofstream(dir / "q.fasta") << toy.substr(0, toy.find(">toy01"));
    auto const r = run("cd " + dir.string() + " && SSRNN_CACHE_DIR=" + (dir / "cache").string() +
                           " SSRNN_SEARCH_DB=db.fa " + std::string{SSRNN_BIN_DIR} + "/ssrnn-runpsipred q.fasta",
                       false);
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(slurp(dir / "q.ss2").starts_with("# PSIPRED VFORMAT (PSIPRED V4.0)\n\n   1 "));
    // The profile model's numbers: as predict-structure gives them with the same database.
    auto const p =
        run("SSRNN_CACHE_DIR=" + (dir / "cache").string() + " " + std::string{SSRNN_BIN_DIR} +
                "/predict-structure --format ss2 --model " + std::string{SSRNN_SOURCE_DIR} +
                "/models/profile.ssrnn --search-db " + (dir / "db.fa").string() + " " + (dir / "q.fasta").string(),
            false);
    CHECK(p.out == slurp(dir / "q.ss2"));
}

TEST_CASE("prepare-database: indexed once, used by --search-db, refused when stale or mismatched",
          "[cli][profiles][mmseqs]")
{
    if (!have_mmseqs())
    {
        WARN("mmseqs not installed: skipped (scripts/install-deps.sh installs mmseqs2)");
        return;
    }
    auto const dir = scratch() / "prepared";
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto const toy = slurp(fs::path{SSRNN_TEST_DATA} / "profiles" / "toy.fa");
    std::ofstream(dir / "db.fa") << toy;
    std::ofstream(dir / "q.fa") << toy.substr(0, toy.find(">toy03"));
    auto const bin = std::string{SSRNN_BIN_DIR} + "/";
    auto const db = (dir / "db").string();
    auto const prep = run(bin + "prepare-database -t 2 " + (dir / "db.fa").string() + " -o " + db, false);
    INFO(prep.err);
    REQUIRE(prep.code == 0);
    CHECK_THAT(prep.err, Catch::Contains("ready in"));
    CHECK(fs::exists(dir / "db" / "manifest.json"));
    CHECK(fs::exists(dir / "db" / "db.idx"));
    // The same predictions as from the FASTA (converted into the cache); the index is mapped.
    auto const & m = profile_model();
    auto const predict = [&](std::string const & search_db, std::string const & extra = "")
    {
        return run("SSRNN_CACHE_DIR=" + (dir / "cache").string() + " " + bin + "predict-structure -m " + m +
                       " --search-db " + search_db + " -f tsv " + extra + (dir / "q.fa").string(),
                   false);
    };
    auto const from_fasta = predict((dir / "db.fa").string());
    auto const from_prepared = predict(db);
    INFO(from_prepared.err);
    REQUIRE(from_prepared.code == 0);
    CHECK(from_prepared.out == from_fasta.out);
    CHECK_THAT(from_prepared.err, Catch::Contains("(prepared and indexed)"));
    // Two predictions at once on one database.
    auto const both = run("( SSRNN_CACHE_DIR=x " + bin + "predict-structure -m " + m + " --search-db " + db +
                              " -f tsv " + (dir / "q.fa").string() + " > " + (dir / "a.tsv").string() + " & " + bin +
                              "predict-structure -m " + m + " --search-db " + db + " -f tsv " +
                              (dir / "q.fa").string() + " > " + (dir / "b.tsv").string() + "; wait )",
                          false);
    CHECK(both.code == 0);
    CHECK(slurp(dir / "a.tsv") == from_fasta.out);
    CHECK(slurp(dir / "b.tsv") == from_fasta.out);
    // Refusals: the output exists; another sensitivity; a missing index part; a changed FASTA; a
    // directory that is no prepared database; MMseqs2 failing while preparing leaves nothing.
    CHECK(run(bin + "prepare-database " + (dir / "db.fa").string() + " -o " + db, false).code == 1);
    auto const sens = predict(db, "--search-sensitivity 5 ");
    CHECK(sens.code == 1);
    CHECK_THAT(sens.err, Catch::Contains("indexed for -s 7.5, but this search uses -s 5"));
    fs::rename(dir / "db" / "db.idx", dir / "idx.aside");
    auto const partial = predict(db);
    CHECK(partial.code == 1);
    CHECK_THAT(partial.err, Catch::Contains("db.idx is missing"));
    fs::rename(dir / "idx.aside", dir / "db" / "db.idx");
    auto manifest = slurp(dir / "db" / "manifest.json");
    auto const v = manifest.find("\"version\":\"");
    REQUIRE(v != std::string::npos);
    std::ofstream(dir / "db" / "manifest.json") << manifest.substr(0, v + 11) << "0-other" << manifest.substr(v + 11);
    auto const other = predict(db);
    CHECK(other.code == 1);
    CHECK_THAT(other.err, Catch::Contains("prepared with MMseqs2 0-other"));
    std::ofstream(dir / "db" / "manifest.json") << manifest;
    // the same bytes with a new time (a copy, a re-mounted disk): the checksum says it is the same
    fs::last_write_time(dir / "db.fa", fs::last_write_time(dir / "db.fa") + std::chrono::hours(1));
    CHECK(predict(db).code == 0);
    std::ofstream(dir / "db.fa", std::ios::app) << ">extra\nMKV\n";
    auto const stale = predict(db);
    CHECK(stale.code == 1);
    CHECK_THAT(stale.err, Catch::Contains("which has changed since"));
    auto const plain = predict(dir.string());
    CHECK(plain.code == 1);
    CHECK_THAT(plain.err, Catch::Contains("not a prepared database"));
    auto const failed =
        run(bin + "prepare-database --mmseqs /bin/false " + (dir / "db.fa").string() + " -o " + (dir / "x").string(),
            false);
    CHECK(failed.code == 6);
    CHECK_FALSE(fs::exists(dir / "x"));
    for (auto const & e : fs::directory_iterator(dir))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
}
