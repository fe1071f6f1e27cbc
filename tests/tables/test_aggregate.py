"""``newsframes aggregate`` on a LocalCluster on loopback: every table equal to the one-process run.

The reference is ``tables.reference`` (``pipeline.run`` on the whole corpus), and the statistics the
notebooks read are checked against the library's token functions on that run's tokens, which
share no code with the merge.
"""
import csv
import filecmp
import json
import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from newsframes import framing, frequency, keyness, paths, tables
from newsframes.cli import main
from newsframes.duplicates import mark_copies
from newsframes.pipeline import run
from newsframes.segment import segment
from newsframes.tables.count import NAMES


@pytest.fixture(scope="module")
def scheduler():
    """A two-worker cluster on 127.0.0.1 (one thread a process, no dashboard) for the module's tests."""
    from dask.distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def assert_tables_equal(folder: Path, expected: dict) -> None:
    got = tables.read(folder)
    for name in NAMES:
        pd.testing.assert_frame_equal(getattr(got, name), expected[name], check_dtype=False)
        assert len(expected[name]) > 0


def test_seed_corpus_equals_the_one_process_run(scheduler, seed, tmp_path):
    out = tmp_path / "tables"
    tables.aggregate(out, scheduler=scheduler, by=["outlet", "month"], partition_mb=0.001)
    assert_tables_equal(out, tables.reference(by=["outlet", "month"]))
    got = tables.read(out)
    # the statistics the notebooks draw from the tables equal those from the tokens
    pd.testing.assert_frame_equal(tables.term_frequency(got),
                                  frequency.term_frequency(seed.tokens, by="outlet", unit="lemma", drop_stop=True))
    pd.testing.assert_frame_equal(keyness.keyness(tables.group_counts(got)), keyness.keyness(seed.tokens, by="outlet"))
    pd.testing.assert_frame_equal(keyness.tfidf(tables.group_counts(got)), keyness.tfidf(seed.tokens, by="outlet"))
    shares = framing.frame_shares(framing.code_frames(seed.tokens), seed.tokens)
    pd.testing.assert_frame_equal(tables.frame_shares(got), shares.astype({"outlet": object}), check_dtype=False)
    # one row per article, with the sizes the token frame gives
    words = seed.tokens[~seed.tokens["is_punct"]].groupby("doc_id", observed=True).size()
    docs = got.docs.set_index("doc_id")
    assert docs["tokens"].to_dict() == words.to_dict()
    assert set(got.term_counts["month"]) == set(seed.docs["date"].dt.strftime("%Y-%m"))
    assert got.manifest["options"]["by"] == ["outlet", "month"]
    assert len(got.manifest["inputs"]["manifest_sha256"]) == 64


def test_the_command_writes_the_same_bytes_whatever_the_partitions(scheduler, tmp_path, capsys):
    one, many = tmp_path / "one", tmp_path / "many"
    assert main(["aggregate", "--out", str(one), "--scheduler", scheduler, "--partition-mb", "100"]) == 0
    assert main(["aggregate", "--out", str(many), "--scheduler", scheduler, "--partition-mb", "0.001"]) == 0
    for name in [f"{n}.parquet" for n in NAMES]:
        assert filecmp.cmp(one / name, many / name, shallow=False), name
    records = [json.loads((folder / "manifest.json").read_text()) for folder in (one, many)]
    assert [r["options"].pop("partition_mb") for r in records] == [100, 0.001]
    assert records[0] == records[1]  # no times, nothing else of the run
    assert "tables in" in capsys.readouterr().out


def _seed_copy(folder: Path) -> Path:
    shutil.copytree(paths.DATA, folder / "data")
    for raw in (folder / "data" / "raw").iterdir():
        raw.chmod(0o644)
    return folder / "data" / "corpus.csv"


def test_a_failed_partition_names_its_rows_and_file_and_leaves_the_folder(scheduler, tmp_path, capsys):
    manifest = _seed_copy(tmp_path)
    with open(manifest, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    bad = rows[2]
    (manifest.parent / bad["file"]).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # not text
    bad["sha256"] = ""
    with open(manifest, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "tables"
    out.mkdir()
    (out / "earlier.txt").write_text("the previous tables\n")
    code = main(["aggregate", "--manifest", str(manifest), "--out", str(out), "--scheduler", scheduler,
                 "--partition-mb", "0.001"])
    message = capsys.readouterr().err
    assert code == 1
    assert "rows 4-4" in message and bad["file"] in message and "NUL byte" in message and "row 4" in message
    assert [p.name for p in out.iterdir()] == ["earlier.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "tables"]  # no staging folder left


def test_identical_files_in_different_partitions_are_refused_as_load_corpus_refuses_them(scheduler, tmp_path):
    manifest = _seed_copy(tmp_path)
    with open(manifest, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    shutil.copyfile(manifest.parent / rows[0]["file"], manifest.parent / "raw" / "again.txt")
    rows.append({**rows[0], "doc_id": "again", "file": "raw/again.txt"})
    with open(manifest, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(tables.AggregateError, match=r"row 7, file 'raw/again.txt': same content as row 2"):
        tables.aggregate(tmp_path / "t", manifest, scheduler=scheduler, partition_mb=0.001)
    assert not (tmp_path / "t").exists()


def test_an_unknown_group_column_is_refused_before_any_work(tmp_path):
    with pytest.raises(tables.AggregateError, match="cannot group by desk"):
        tables.aggregate(tmp_path / "t", by=["desk"], workers=1)
    assert not (tmp_path / "t").exists()


# --------------------------------------------------------------------------- a generated corpus

WORDS = ("minister government talks plan trade island treaty summit economy farmers market prices region "
         "officials agreement project investment energy fishing border visit report week year people").split()
FRAMES = ["economic cooperation", "peace treaty", "territorial dispute", "sovereignty", "sanctions", "joint projects",
          "the disputed islands", "investment"]


def _article(rng: random.Random, number: int) -> list[str]:
    lines = [f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} report number {number}"]
    for _ in range(rng.randint(2, 5)):
        sentence = [rng.choice(["The", "A", "This"]), rng.choice(WORDS), "said", "that", "the", rng.choice(WORDS),
                    "and", "the", rng.choice(WORDS), "would", "be", "part", "of", "the", rng.choice(FRAMES),
                    "with", "the", rng.choice(WORDS), "of", "the", rng.choice(WORDS)]
        lines.append(" ".join(sentence) + f" in week {rng.randint(1, 52)}.")
    return lines


def make_corpus(folder: Path, n: int, seed: int = 7) -> Path:
    """``n`` articles by three outlets on two sites, with a site's recurring line, copies far apart, one non-English."""
    rng = random.Random(seed)
    raw = folder / "raw"
    raw.mkdir(parents=True)
    rows, texts = [], []
    for i in range(n):
        outlet = ["Wire A", "Wire B", "Paper C"][i % 3]
        publisher = "Site X" if i % 2 else "Site Y"
        lines = _article(rng, i)
        if i % 40 == 7 and i > n // 2:  # a lightly edited copy of an article from the first half
            lines = list(texts[i - n // 2])
            lines[-1] = lines[-1].replace("week", "month", 1)
        if publisher == "Site X":
            lines.append("Listen to Site X radio news every morning at seven")
        if i == n // 3:
            lines = ["Der Vertrag", "Die Regierung hat gesagt, dass die Gespräche über den Vertrag und die Inseln "
                     "in der nächsten Woche mit den Ministern weitergehen werden, aber nicht vor dem Gipfel."]
        texts.append(lines)
        name = f"raw/gen-{i:05d}.txt"
        (folder / name).write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        month = 1 + (i * 5) % 12
        rows.append({"doc_id": f"gen-{i:05d}", "file": name, "outlet": outlet, "publisher": publisher,
                     "date": f"2020-{month:02d}-{1 + i % 28:02d}", "headline": lines[0]})
    manifest = folder / "corpus.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return manifest


@pytest.mark.slow
def test_a_generated_corpus_of_thousands_equals_the_one_process_run(scheduler, tmp_path):
    manifest = make_corpus(tmp_path / "corpus", 2400)
    out = tmp_path / "tables"
    tables.aggregate(out, manifest, scheduler=scheduler, by=["outlet", "month"], partition_mb=0.02)
    expected = tables.reference(manifest, by=["outlet", "month"])
    assert_tables_equal(out, expected)
    docs = tables.read(out).docs
    # what the partitions had to agree on: copies across partitions, the site's line, the non-English article
    corpus = run(manifest, cache=False, copies="all")
    marked = mark_copies(corpus.docs, segment(corpus.docs))
    assert (marked["copies"] > 1).sum() >= 20
    assert docs.set_index("doc_id").loc[marked["doc_id"], "cluster"].tolist() == marked["cluster"].tolist()
    assert (docs["language"] != "en").sum() == 1 and not docs.loc[docs["language"] != "en", "counted"].any()
    terms = tables.read(out).term_counts
    site_x = int((docs["counted"] & (docs["publisher"] == "Site X")).sum())
    assert terms.loc[terms["term"] == "listen", "count"].sum() < site_x / 10  # Site X's recurring line is template
