// Structures (PDB, mmCIF) through mkdssp, and the dataset files (NetSurfP-2.0 CSV, TAPE JSON).
// The structure tests use the shared data's structures/ and Debian's mkdssp (package dssp); they
// are skipped, with a warning, where either is missing.
#include <ssrnn/encode/alphabet.hpp>
#include <ssrnn/error.hpp>
#include <ssrnn/io/datasets.hpp>
#include <ssrnn/io/dssp.hpp>
#include <ssrnn/io/labelled.hpp>
#include <ssrnn/io/structure.hpp>
#include <ssrnn/io/whole_file.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

using namespace ssrnn;
namespace fs = std::filesystem;

namespace
{
fs::path const structures = fs::path{SSRNN_SOURCE_DIR} / ".." / "shared" / "data" / "structures";

bool have_structures()
{
    if (!fs::exists(structures) || std::system("mkdssp --version > /dev/null 2>&1") != 0)
    {
        WARN("skipped: needs ../shared/data/structures and mkdssp (package dssp)");
        return false;
    }
    return true;
}

fs::path scratch(std::string const & name)
{
    auto const dir = fs::temp_directory_path() / ("ssrnn_structure_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

//! The labelled states of a record, in order (the unlabelled positions left out).
std::string observed_states(io::labelled_record const & r)
{
    std::string s;
    for (auto l : r.label)
        if (l >= 0)
            s += encode::ss8_letters[static_cast<std::size_t>(l)];
    return s;
}

bool is_subsequence(std::string const & part, std::string const & whole)
{
    std::size_t j = 0;
    for (char c : whole)
        if (j < part.size() && part[j] == c)
            ++j;
    return j == part.size();
}

std::string chain_of(std::string const & id)
{
    return id.substr(id.rfind('_') + 1);
}
} // namespace

TEST_CASE("structures: every shared entry converts, with the states mkdssp prints for each chain", "[io][structure]")
{
    if (!have_structures())
        return;
    std::size_t compared = 0;
    for (auto const & e : fs::directory_iterator(structures))
    {
        auto const path = e.path().string();
        if (path.find(".dssp") != std::string::npos)
            continue;
        io::structure_counts counts;
        auto const records = io::read_structure(path, {}, scratch("work"), counts);
        INFO(path);
        CHECK(counts.files == 1);
        CHECK(records.size() == counts.chains);
        // mkdssp's classic output of the same file, read by the classic reader: the same states
        // for every chain it has (the minimal mmCIF files give it none: it reads them as PDB here).
        auto const classic = scratch("classic.dssp");
        fs::remove(classic);
        REQUIRE(std::system(
                    ("mkdssp --output-format dssp '" + path + "' '" + classic.string() + "' 2>/dev/null").c_str()) ==
                0);
        std::map<std::string, std::string> expected;
        std::string const text = io::read_whole_file(classic.string());
        if (io::is_dssp(text) && text.find("  #  RESIDUE") != std::string::npos &&
            text.find('\n', text.find("  #  RESIDUE")) + 1 < text.size())
            for (auto const & r : io::read_labelled(classic.string()).records)
                expected[chain_of(r.id)] = observed_states(r);
        for (auto const & r : records)
        {
            CHECK(r.sequence.size() == r.label.size());
            if (auto const it = expected.find(chain_of(r.id)); it != expected.end())
            {
                INFO(r.id);
                if (path.find("3JQH") == std::string::npos)
                    CHECK(observed_states(r) == it->second);
                else // residues sharing a label_seq_id (microheterogeneity): the first one only
                    CHECK(is_subsequence(observed_states(r), it->second));
                ++compared;
            }
        }
    }
    CHECK(compared >= 15);
}

TEST_CASE("structures: unobserved residues are in the sequence with mask 0; skips are counted", "[io][structure]")
{
    if (!have_structures())
        return;
    io::structure_counts counts;
    auto const beg = io::read_structure((structures / "2BEG.cif.gz").string(), {}, scratch("work"), counts);
    // Amyloid-beta 1-42 with residues 1-16 unobserved, five chains, an NMR ensemble of 10 models.
    REQUIRE(beg.size() == 5);
    CHECK(beg[0].id == "2BEG_A");
    CHECK(beg[0].sequence == "DAEFRHDSGYEVHHQKLVFFAEDVGSNKGAIIGLMVGGVVIA");
    for (std::size_t i = 0; i < 42; ++i)
        CHECK((beg[0].label[i] >= 0) == (i >= 16));
    CHECK(counts.extra_models == 9);
    CHECK(counts.unobserved == 5 * 16);
    // One record per entity: the five identical chains are one.
    io::structure_settings per_entity;
    per_entity.per_entity = true;
    io::structure_counts c2;
    CHECK(io::read_structure((structures / "2BEG.cif.gz").string(), per_entity, scratch("work"), c2).size() == 1);
    CHECK(c2.same_entity == 4);
    // A protein-DNA complex: the DNA chains are counted, not kept.
    io::structure_counts c3;
    auto const lac = io::read_structure((structures / "1LCD.cif.gz").string(), {}, scratch("work"), c3);
    CHECK(lac.size() == 1);
    CHECK(c3.non_protein == 2);
    // Selenomethionine (MSE) is M, from the canonical sequence; the PDB and mmCIF files agree.
    io::structure_counts c4;
    auto const cif = io::read_structure((structures / "1A8O.cif.gz").string(), {}, scratch("work"), c4);
    auto const pdb = io::read_structure((structures / "1A8O.pdb.gz").string(), {}, scratch("work"), c4);
    REQUIRE(cif.size() == 1);
    REQUIRE(pdb.size() == 1);
    CHECK(cif[0].sequence.starts_with("MDIRQGPKEP"));
    CHECK(cif[0].sequence == pdb[0].sequence);
    CHECK(cif[0].label == pdb[0].label);
}

TEST_CASE("structures: --min-plddt masks low-confidence residues of a predicted model", "[io][structure]")
{
    if (!have_structures())
        return;
    // An AlphaFold-style copy of 1A8O: pLDDT in the B-factor column, 40 for residues 151-171, 90 after.
    std::string const text =
        io::gunzip_if_compressed("1A8O.pdb.gz", io::read_whole_file((structures / "1A8O.pdb.gz").string()));
    std::string model;
    std::size_t pos = 0;
    while (pos < text.size())
    {
        auto end = text.find('\n', pos);
        std::string line = text.substr(pos, end - pos);
        pos = end == std::string::npos ? text.size() : end + 1;
        if ((line.starts_with("ATOM") || line.starts_with("HETATM")) && line.size() >= 66)
        {
            int const res = std::stoi(line.substr(22, 4));
            line.replace(60, 6, res < 172 ? " 40.00" : " 90.00");
        }
        model += line + '\n';
    }
    auto const path = scratch("af_model.pdb");
    std::ofstream{path} << model;
    io::structure_counts all_counts, masked_counts;
    auto const all = io::read_structure(path.string(), {}, scratch("work"), all_counts);
    io::structure_settings s;
    s.min_plddt = 70;
    auto const masked = io::read_structure(path.string(), s, scratch("work"), masked_counts);
    REQUIRE(all.size() == 1);
    REQUIRE(masked.size() == 1);
    // The chain is residues 151-220, each with a state: 151-171 are below 70, 21 residues.
    CHECK(masked_counts.low_plddt == 21);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < all[0].label.size(); ++i)
        if (all[0].label[i] != masked[0].label[i])
        {
            ++differ;
            CHECK(masked[0].label[i] == encode::no_label);
        }
    CHECK(differ == 21);
}

TEST_CASE("structures: bad input is an error naming the file; nothing crashes", "[io][structure]")
{
    auto const not_structure = scratch("note.pdb");
    std::ofstream{not_structure} << "hello\n";
    io::structure_counts c;
    CHECK_THROWS_AS(io::read_structure(not_structure.string(), {}, scratch("work"), c), input_error);
    CHECK_THROWS_WITH(io::read_structure(not_structure.string(), {}, scratch("work"), c),
                      Catch::Contains(not_structure.string()) && Catch::Contains("not a structure"));
    // A missing mkdssp is a tool error (exit code 6) saying what to install.
    auto const header_only = scratch("header.pdb");
    std::ofstream{header_only} << "HEADER    TEST\nATOM      1  CA  ALA A   1       0.000   0.000   0.000  1.00 "
                                  "0.00           C\nEND\n";
    io::structure_settings missing;
    missing.dssp = "/nonexistent/mkdssp";
    CHECK_THROWS_AS(io::read_structure(header_only.string(), missing, scratch("work"), c), tool_error);
    CHECK_THROWS_WITH(io::read_structure(header_only.string(), missing, scratch("work"), c),
                      Catch::Contains("dssp package"));
    // Text libcifpp cannot parse, given as mmCIF with DSSP categories.
    CHECK_THROWS_AS(io::parse_dssp_mmcif("x.cif", "data_x\nloop_\n_dssp_struct_summary.a\n'unterminated", {}, c),
                    input_error);
    CHECK_THROWS_WITH(io::parse_dssp_mmcif("x.cif", "data_x\n_entity_poly.entity_id 1\n", {}, c),
                      Catch::Contains("x.cif"));
    // A byte that is not ASCII text (libcifpp 5.0 hangs on one in a loop; fuzz_structure found it).
    CHECK_THROWS_WITH(io::parse_dssp_mmcif("x.cif",
                                           "data_x\nloop_\n_a.b\n_a.c\n1 \xbd"
                                           "05.9\n",
                                           {}, c),
                      Catch::Contains("x.cif, line 5, column 3: byte 0xBD is not text"));
    // A truncated gzip file.
    if (fs::exists(structures))
    {
        auto const bytes = io::read_whole_file((structures / "1A8O.cif.gz").string());
        auto const cut = scratch("cut.cif.gz");
        std::ofstream{cut, std::ios::binary} << bytes.substr(0, bytes.size() / 2);
        CHECK_THROWS_WITH(io::read_structure(cut.string(), {}, scratch("work"), c), Catch::Contains(cut.string()));
    }
}

TEST_CASE("structures: a DSSP program that never finishes ends in an error within the time limit", "[io][structure]")
{
    io::structure_counts c;
    // A DSSP program that never ends is stopped: a tool error (exit code 6) naming the file.
    auto const slow = scratch("slow-dssp.sh");
    std::ofstream{slow} << "#!/bin/sh\nsleep 60\n";
    fs::permissions(slow, fs::perms::owner_all);
    auto const pdb = scratch("one.pdb");
    std::ofstream{pdb} << "HEADER    TEST\nATOM      1  CA  ALA A   1       0.000   0.000   0.000  1.00 "
                          "0.00           C\nEND\n";
    io::structure_settings hung;
    hung.dssp = slow.string();
    hung.dssp_timeout = 1;
    hung.per_mb = 0;
    auto const t1 = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(io::read_structure(pdb.string(), hung, scratch("work"), c), tool_error);
    CHECK(std::chrono::steady_clock::now() - t1 < std::chrono::seconds(30));
}

TEST_CASE("datasets: NetSurfP-2.0 CSV and TAPE JSON are labelled data", "[io][datasets]")
{
    auto const csv = scratch("CB513_HHblits.csv");
    std::ofstream{csv} << "input,dssp3,dssp8,disorder,cb513_mask\n"
                          "M K V L,C E E C,C E E T,0.0 1.0 1.0 1.0,1.0 1.0 1.0 0.0\n"
                          "GAG,CHC,CGC,1 1 1,1 1 1\n";
    auto const set = io::read_labelled(csv.string());
    REQUIRE(set.records.size() == 2);
    CHECK(set.records[0].id == "CB513_HHblits_1");
    CHECK(set.records[0].sequence == "MKVL");
    CHECK(set.records[0].label[0] == encode::no_label); // disorder 0
    CHECK(set.records[0].label[1] == encode::ss8_index('E'));
    CHECK(set.records[0].label[3] == encode::no_label); // cb513_mask 0
    CHECK(set.labelled_residues == 2 + 3);
    std::ofstream{csv} << "input,dssp3,dssp8,disorder,cb513_mask\nMKV,CEE,CEE,1 1 1\n";
    CHECK_THROWS_WITH(io::read_labelled(csv.string()), Catch::Contains(", line 2: 4 fields but the header has 5"));
    std::ofstream{csv} << "input,dssp8\nMKV,CE\n";
    CHECK_THROWS_WITH(io::read_labelled(csv.string()), Catch::Contains("dssp8 has 2 states but input has 3"));

    auto const json = scratch("secondary_structure_cb513.json");
    std::ofstream{json} << R"([{"id": "1abc", "primary": "MKVL", "ss8": [7, 4, 4, 1], "disorder": [1, 1, 1, 0]},
                               {"primary": "GA", "ss8": "CH"}])";
    auto const tape = io::read_labelled(json.string());
    REQUIRE(tape.records.size() == 2);
    CHECK(tape.records[0].id == "1abc");
    CHECK(tape.records[0].label[0] == encode::ss8_index('C')); // 7 = C in GHIBESTC
    CHECK(tape.records[0].label[1] == encode::ss8_index('E')); // 4 = E
    CHECK(tape.records[0].label[2] == encode::ss8_index('E'));
    CHECK(tape.records[0].label[3] == encode::no_label); // disorder 0
    CHECK(tape.records[1].id == "secondary_structure_cb513_2");
    std::ofstream{json} << R"([{"id": "x", "primary": "MKV", "ss8": [7, 4]}])";
    CHECK_THROWS_WITH(io::read_labelled(json.string()), Catch::Contains("record 1 ('x'): 'ss8' has 2 states"));
    std::ofstream{json} << R"([{"id": "x", "primary": "MKV", "ss8": [7, 4, 9]}])";
    CHECK_THROWS_WITH(io::read_labelled(json.string()), Catch::Contains("position 3: 'ss8' value 9"));
    std::ofstream{json} << "[{";
    CHECK_THROWS_AS(io::read_labelled(json.string()), input_error);
}

TEST_CASE("labelled inputs: directories, @lists and the --exclude leakage guard", "[io][labelled]")
{
    auto const dir = scratch("set");
    fs::create_directories(dir / "sub");
    std::ofstream{dir / "sub" / "b.dssp"} << io::read_whole_file(std::string{SSRNN_TEST_DATA} + "/break.dssp");
    std::ofstream{dir / "notes.txt"} << "not an input\n";
    auto const files = io::expand_inputs({dir.string()});
    REQUIRE(files.size() == 1);
    CHECK(files[0].ends_with("b.dssp"));
    std::ofstream{dir / "list.txt"} << "# inputs\nsub/b.dssp\n" << SSRNN_TEST_DATA << "/ok.ss8\n";
    CHECK(io::expand_inputs({"@" + (dir / "list.txt").string()}).size() == 2);
    CHECK_THROWS_AS(io::expand_inputs({(dir / "none").string()}), config_error);

    std::vector<io::labelled_record> records(3);
    records[0].sequence = std::string(40, 'A') + "MKVLAAGIEWRTPQSDFGHNLKMVCVVAGLKKLPQERTYW";
    records[1].sequence = "MKVLAAGIEW"; // identical to a test sequence
    records[2].sequence = std::string(60, 'G');
    auto const fasta = scratch("test.fasta");
    std::ofstream{fasta} << ">t1\nMKVLAAGIEWRTPQSDFGHNLKMVCVVAGLKKLPQERTY\n>t2\nMKVLAAGIEW\n";
    CHECK(io::drop_overlapping(records, {fasta.string()}) == 2);
    REQUIRE(records.size() == 1);
    CHECK(records[0].sequence == std::string(60, 'G'));
}
