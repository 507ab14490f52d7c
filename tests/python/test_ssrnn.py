"""The Python module against the tools: same records, same numbers, same messages."""
import json
import os
import shutil
import subprocess
import threading

import numpy as np
import pytest

import ssrnn

BIN = os.environ["SSRNN_BIN_DIR"]
DATA = os.environ["SSRNN_TEST_DATA"]
SOURCE = os.environ["SSRNN_SOURCE_DIR"]
EXAMPLE = os.path.join(SOURCE, "data", "example.fasta")


def tool(*args, stdin=None):
    return subprocess.run([os.path.join(BIN, args[0]), *args[1:]], input=stdin, capture_output=True, text=True)


def test_version_is_the_tools():
    assert tool("predict-structure", "--version").stdout == f"predict-structure {ssrnn.__version__}\n"


def test_read_fasta_validates_like_the_tools():
    records = ssrnn.read_fasta(EXAMPLE)
    assert [r[0] for r in records] == ["ubiquitin", "trp-cage", "melittin"]
    assert all(set(seq) <= set("ACDEFGHIKLMNPQRSTVWYBZJUOX") for _, seq in records)
    assert ssrnn.read_fasta(os.path.join(DATA, "ok.fasta.gz")) == ssrnn.read_fasta(os.path.join(DATA, "ok.fasta"))
    bad = os.path.join(DATA, "digit.fasta")
    with pytest.raises(ValueError) as err:
        ssrnn.read_fasta(bad)
    assert isinstance(err.value, ssrnn.InputError)
    message = tool("predict-structure", bad).stderr
    assert f"predict-structure: error: {err.value}\n" == message
    with pytest.raises(OSError):
        ssrnn.read_fasta(os.path.join(DATA, "no-such-file.fasta"))


def assert_tsv_equal(preds, tsv):
    """The predictions are the rows of predict-structure --format tsv (probabilities to 4 decimals)."""
    rows = [line.split("\t") for line in tsv.splitlines()[1:]]
    assert len(rows) == sum(len(p.sequence) for p in preds) > 0
    k = 0
    for p in preds:
        for i in range(len(p.sequence)):
            row = rows[k]
            k += 1
            assert row[0] == p.id and row[3] == p.ss8[i] and row[4] == p.ss3[i]
            assert [f"{v:.4f}" for v in p.probs8[i]] == row[5:13]


def test_predict_equals_predict_structure_tsv():
    model = ssrnn.Model()
    assert model.members == 1
    preds = model.predict(ssrnn.read_fasta(EXAMPLE), threads=2)
    tsv = tool("predict-structure", "-q", "--format", "tsv", EXAMPLE).stdout.splitlines()
    assert tsv[0].split("\t")[:5] == ["id", "pos", "residue", "ss8", "ss3"]
    rows = [line.split("\t") for line in tsv[1:]]
    assert len(rows) == sum(len(p.sequence) for p in preds)
    k = 0
    for p in preds:
        assert p.probs8.dtype == np.float32 and p.probs8.shape == (len(p.sequence), 8)
        assert p.probs3.dtype == np.float32 and p.probs3.shape == (len(p.sequence), 3)
        for i in range(len(p.sequence)):
            row = rows[k]
            k += 1
            assert row[0] == p.id and int(row[1]) == i + 1 and row[2] == p.sequence[i]
            assert row[3] == p.ss8[i] and row[4] == p.ss3[i]
            assert [f"{v:.4f}" for v in p.probs8[i]] == row[5:13]
            assert [f"{v:.4f}" for v in p.probs3[i]] == row[13:16]
            assert f"{p.disorder[i]:.4f}" == row[16]
        assert "".join(ssrnn.LABELS8[j] for j in p.probs8.argmax(axis=1)) == p.ss8
    # the bundled model has a disorder head: a p_disorder column, an array, a threshold in (0, 1)
    assert tsv[0].split("\t")[-1] == "p_disorder"
    assert model.has_disorder and 0 < model.disorder_threshold < 1
    assert all(p.disorder.dtype == np.float32 and p.disorder.shape == (len(p.sequence),) for p in preds)


def test_threads_do_not_change_results_and_calls_run_concurrently():
    model = ssrnn.Model(os.path.join(SOURCE, "models", "default.ssrnn"))
    seqs = [seq for _, seq in ssrnn.read_fasta(EXAMPLE)]
    one = model.predict(seqs, threads=1)
    results = [None, None]

    def run(slot):
        results[slot] = model.predict(seqs, threads=2)

    workers = [threading.Thread(target=run, args=(s,)) for s in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    for r in results:
        assert all(np.array_equal(a.probs8, b.probs8) for a, b in zip(one, r))
    assert one[0].id == ""


def test_bad_residue_is_a_value_error_naming_record_and_residue():
    with pytest.raises(ValueError, match=r"record 2 \('b'\): residue 3: invalid character '7'"):
        ssrnn.Model().predict([("a", "MKV"), ("b", "MK7")])
    with pytest.raises(TypeError):
        ssrnn.Model().predict([42])
    with pytest.raises(ssrnn.ModelFormatError):
        ssrnn.Model(os.path.join(DATA, "ok.fasta"))


def test_evaluate_equals_evaluate_structure():
    data, mask = os.path.join(DATA, "ok.ss8"), os.path.join(DATA, "ok.mask")
    report = ssrnn.evaluate(data, masks=[mask])
    tool_report = json.loads(tool("evaluate-structure", "--data", data, "--mask", mask, "--format", "json").stdout)
    for key in ("q8", "q3", "sov3", "sov8", "residues", "per_class", "disorder"):
        assert report[key] == tool_report[key]
    # the bundled model's disorder head, scored against the mask's unobserved residues
    assert report["disorder"]["all"]["disordered"] > 0 and 0 <= report["disorder"]["all"]["auc"] <= 1


def test_evaluate_against_structures():
    structure = os.path.join(SOURCE, "..", "shared", "data", "structures", "1A8O.cif.gz")
    if not os.path.exists(structure) or shutil.which("mkdssp") is None:
        pytest.skip("needs ../shared/data/structures and mkdssp (package dssp)")
    report = ssrnn.evaluate(structures=[structure])
    tool_report = json.loads(tool("evaluate-structure", "--structures", structure, "--format", "json").stdout)
    assert report["residues"] == 70
    for key in ("q8", "q3", "sov3", "sov8", "residues"):
        assert report[key] == tool_report[key]
    with pytest.raises(ssrnn.ConfigError, match="give --data"):
        ssrnn.evaluate()


def test_train_from_python_with_progress(tmp_path, monkeypatch):
    events = []
    out = str(tmp_path / "toy.ssrnn")
    result = ssrnn.train(
        {"train": os.path.join(DATA, "toy.ss8"), "out": out, "layers": 1, "hidden": 8, "epochs": 2, "batch": 8,
         "seed": 3, "valid_fraction": 0.2, "threads": 2},
        progress=lambda event, info: events.append((event, info)))
    assert result["epochs_done"] == 2 and result["model"] == out
    assert [e for e, _ in events] == ["started", "epoch", "epoch"]
    assert events[0][1]["config"]["architecture"]["hidden"] == 8
    assert events[-1][1]["epoch"] == 2
    assert max(i["valid_q8"] for e, i in events if e == "epoch") == result["best_q8"]
    assert ssrnn.Model(out).predict(["MKV"])[0].ss8
    # a model without a disorder head: no disorder array
    assert not ssrnn.Model(out).has_disorder and ssrnn.Model(out).predict(["MKV"])[0].disorder is None
    with pytest.raises(ValueError, match="unknown option 'epoch'"):
        ssrnn.train({"train": "x", "out": "y", "epoch": 3})
    # A profile model from Python: the profile options, as train-structure's (one path or a list).
    prof = str(tmp_path / "profile.ssrnn")
    result = ssrnn.train(
        {"train": os.path.join(DATA, "toy.ss8"), "train_profiles": os.path.join(DATA, "profiles", "toy.profiles"),
         "profile_dropout": 0.2, "out": prof, "layers": 1, "hidden": 8, "epochs": 1, "batch": 8, "seed": 3,
         "valid_fraction": 0.2})
    assert result["epochs_done"] == 1
    with pytest.raises(ValueError, match="profile model"):
        ssrnn.Model(prof).predict(["MKV"])
    # ... which predicts from profile files (or an MMseqs2 search) as predict-structure does.
    model = ssrnn.Model(prof)
    assert model.needs_profiles and not ssrnn.Model().needs_profiles
    # the bundled models by name
    assert ssrnn.Model("profile").needs_profiles and ssrnn.Model("profile").members == 2
    assert ssrnn.Model("default").paths == ssrnn.Model().paths
    toy_fa, toy_prof = os.path.join(DATA, "profiles", "toy.fa"), os.path.join(DATA, "profiles", "toy.profiles")
    records = ssrnn.read_fasta(toy_fa)
    assert_tsv_equal(model.predict(records, profiles=toy_prof, threads=2),
                     tool("predict-structure", "-q", "-m", prof, "--profiles", toy_prof, "-f", "tsv", toy_fa).stdout)
    report = ssrnn.evaluate(os.path.join(DATA, "toy.ss8"), model=model, profiles=toy_prof)
    assert report == json.loads(tool("evaluate-structure", "-m", prof, "--profiles", toy_prof, "--data",
                                     os.path.join(DATA, "toy.ss8"), "--format", "json").stdout)
    with pytest.raises(ValueError, match="toy00"):
        model.predict([("toy00", "MKV")], profiles=[toy_prof])  # the profile disagrees with the sequence
    # msa=: profiles computed from the user's alignments (a file, a folder, or a list), as --msa
    msa_dir = os.path.join(DATA, "msa")
    two = records[:2]
    with open(tmp_path / "two.fa", "w") as f:
        f.write("".join(">%s\n%s\n" % r[:2] for r in two))
    assert_tsv_equal(model.predict(two, msa=msa_dir),
                     tool("predict-structure", "-q", "-m", prof, "--msa", msa_dir, "-f", "tsv",
                          str(tmp_path / "two.fa")).stdout)
    with pytest.raises(ValueError, match="not an alignment"):
        model.predict(two, msa=toy_prof)
    if shutil.which("mmseqs"):
        monkeypatch.setenv("SSRNN_CACHE_DIR", str(tmp_path / "cache"))
        assert_tsv_equal(model.predict(records, search_db=toy_fa),
                         tool("predict-structure", "-q", "-m", prof, "--search-db", toy_fa, "-f", "tsv", toy_fa).stdout)
    # init: fine-tuning starts from a model's weights.
    tuned = str(tmp_path / "tuned.ssrnn")
    result = ssrnn.train({"train": os.path.join(DATA, "toy.ss8"), "init": out, "out": tuned, "epochs": 1,
                          "batch": 8, "seed": 3, "valid_fraction": 0.2, "extra_train": [os.path.join(DATA, "toy.ss8")]})
    assert result["epochs_done"] == 1 and ssrnn.Model(tuned).predict(["MKV"])[0].ss8
    # Recurrent dropout is an option like the others, validated by the library.
    with pytest.raises(ValueError, match="--recurrent-dropout must be in"):
        ssrnn.train({"train": os.path.join(DATA, "toy.ss8"), "out": out, "recurrent_dropout": 1.0})


def test_every_tool_option_is_a_keyword_of_its_type(tmp_path):
    """The keywords come from the library's option table: the same names, defaults and checks."""
    table = {o["name"]: o for o in ssrnn.options("train")}
    help_text = tool("train-structure", "--help").stdout
    for name, o in table.items():
        assert o["cli_name"] in help_text  # every tool option is a Python keyword, and back
        assert name == o["cli_name"][2:].replace("-", "_")
    assert table["lr"]["default"] == "0.002" and table["lr"]["type"] == "number"
    assert table["cell"]["choices"] == ["lstm", "gru", "rnn"]
    assert table["dropout"]["range"] == "[0, 1)"
    predict = {o["name"]: o for o in ssrnn.options("predict")}
    assert {"search_db", "search_max_seqs", "precision", "max_residues", "no_homolog_model"} <= set(predict)
    # An option of each kind, as keywords (train(**options)): int, float, bool, choice, list, path-like.
    out = tmp_path / "kw.ssrnn"
    toy = os.path.join(DATA, "toy.ss8")
    result = ssrnn.train(train=toy, out=out, layers=1, hidden=8, epochs=1, batch=8, lr=0.01, cell="gru",
                         save_epochs=True, extra_train=[toy], valid_fraction=0.2, seed=5)
    assert result["epochs_done"] == 1 and (tmp_path / "kw.ssrnn.epoch1").exists()
    assert ssrnn.Model(str(out)).predict(["MKV"], precision="bf16", max_residues=10)[0].ss8
    with pytest.raises(ssrnn.InputError, match="more than max-residues 5"):
        ssrnn.Model().predict(["MKVLAAGIVG"], max_residues=5)
    with pytest.raises(ssrnn.ConfigError, match="takes an integer"):
        ssrnn.train(train=toy, out=str(out), epochs=1.5)
    with pytest.raises(ssrnn.ConfigError, match="takes True or False"):
        ssrnn.train(train=toy, out=str(out), resume="yes")
    with pytest.raises(ssrnn.ConfigError, match="--cell must be lstm, gru or rnn"):
        ssrnn.train(train=toy, out=str(out), cell="lstn")
    with pytest.raises(ssrnn.ConfigError, match="--search-sensitivity must be in"):
        ssrnn.Model().predict(["MKV"], search_sensitivity=9.0)
    with pytest.raises(ssrnn.ConfigError, match="unknown option 'output'"):
        ssrnn.Model().predict(["MKV"], output="x")  # a file option of the tool, not a keyword


def test_charts_are_the_tools(tmp_path):
    """prediction.to_svg() is predict-structure --format svg's file for that record; report_html draws them all."""
    import xml.etree.ElementTree as ET
    records = ssrnn.read_fasta(EXAMPLE)
    preds = ssrnn.Model().predict(records)
    out = tmp_path / "svg"
    assert tool("predict-structure", "-q", "-f", "svg", "--outdir", str(out), EXAMPLE).returncode == 0
    for p in preds:
        svg = p.to_svg(model="default.ssrnn")
        assert svg == (out / f"{p.id}.svg").read_text()
        root = ET.fromstring(svg.encode())  # well-formed XML
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(root.findall(".//{http://www.w3.org/2000/svg}title")) == len(p.sequence)
    assert preds[0]._repr_svg_() == preds[0].to_svg()
    assert "3-10 (G)" in preds[0].to_svg(ss8=True) and preds[0].to_svg(row_length=20) != preds[0].to_svg()
    html = ssrnn.report_html(preds, model="default.ssrnn")
    assert html.startswith("<!DOCTYPE html>") and all(f">{p.id}</a>" in html for p in preds)
    with pytest.raises(ssrnn.ConfigError, match="chart-row"):
        preds[0].to_svg(row_length=3)
