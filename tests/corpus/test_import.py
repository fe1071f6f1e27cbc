"""newsframes import: many articles in one atomic step, every check of `add`, refusals by line, JSON Lines."""
import csv
import hashlib
import json
import shutil
import stat

import pytest

from newsframes.corpus import add as add_module
from newsframes import cli, paths
from newsframes.corpus import CorpusError, load_corpus, read_manifest
from newsframes.corpus.importer import MetadataError, import_articles

# Made-up articles, written for these tests.
STORIES = {
    "tass.txt": ("MOSCOW, May 4. /TASS/. Russian and Japanese officials met on Thursday to discuss a ferry link "
                 "between Hokkaido and the southern Kurils, the ministry said.\n"
                 "The talks will continue in the summer, it added.\n").encode("utf-8"),
    "xinhua.txt": ("BEIJING, May 5 (Xinhua) -- Japan and Russia agreed on Friday to study joint projects in "
                   "fisheries and tourism on the disputed islands.\n"
                   "Editor: Wang\n").encode("utf-8"),
    "nhk.txt": ("Japan\u2019s foreign minister said on Saturday that the talks with Moscow were \u201cfrank\u201d "
                "and that both sides wanted a peace treaty.\r\n").encode("cp1252"),
}
HEADER = ["doc_id", "file", "outlet", "date", "headline", "publisher", "url"]
GOOD = [
    ["", "incoming/tass.txt", "TASS", "2017-05-04", "Officials discuss ferry link", "", "https://example.org/1"],
    ["xinhua-ferry", "incoming/xinhua.txt", "Xinhua", "2017-05-05", "Japan, Russia study joint projects", "", ""],
    ["", "incoming/nhk.txt", "NHK", "2017-05-06", "Minister calls talks frank", "NHK World", ""],
]


@pytest.fixture
def corpus(tmp_path):
    """A copy of the project's data/ folder; returns its manifest."""
    shutil.copytree(paths.DATA, tmp_path / "data")
    return tmp_path / "data" / "corpus.csv"


@pytest.fixture
def folder(tmp_path):
    """A researcher's folder of article files (incoming/) beside which metadata files are written."""
    incoming = tmp_path / "meta" / "incoming"
    incoming.mkdir(parents=True)
    for name, data in STORIES.items():
        (incoming / name).write_bytes(data)
    return tmp_path / "meta"


def write_csv(folder, rows, header=HEADER, name="articles.csv"):
    path = folder / name
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_good_rows_are_all_added_in_one_step(corpus, folder):
    before = corpus.read_bytes()
    report = import_articles(write_csv(folder, GOOD), manifest=corpus)
    assert not report.refused and not report.ignored
    assert [r["doc_id"] for r in report.added] == ["tass-2017-05-04", "xinhua-ferry", "nhk-2017-05-06"]
    assert [r["row"] for r in report.added] == [7, 8, 9]
    after = corpus.read_bytes()
    assert after.startswith(before) and after.count(b"\n") == before.count(b"\n") + 3
    for row, name in zip(report.added, STORIES):
        target = corpus.parent / row["file"]
        assert target.read_bytes() == STORIES[name], "copied byte for byte"
        assert not target.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH), "read-only"
        assert row["source_name"] == name
    docs = load_corpus(corpus).set_index("doc_id")
    assert docs.loc["nhk-2017-05-06", "encoding"] == "cp1252"
    assert docs.loc["nhk-2017-05-06", "publisher"] == "NHK World"
    assert docs.loc["tass-2017-05-04", "url"] == "https://example.org/1"
    assert docs.loc["xinhua-ferry", "sha256"] == hashlib.sha256(STORIES["xinhua.txt"]).hexdigest()
    assert "“" not in docs.loc["nhk-2017-05-06", "text"], "normalised like every other article"
    assert not list(corpus.parent.rglob("*.tmp"))


def seed_file():
    return paths.DATA / "raw" / "2016-12-12_ap_seko-economic-ties.txt"


# Each bad row, the text its refusal must contain, and a word of its fix.
BAD = {
    "blank outlet": (["", "incoming/bad.txt", "", "2017-05-07", "H", "", ""], "'outlet' is blank", "outlet"),
    "malformed date": (["", "incoming/bad.txt", "X", "07/05/2017", "H", "", ""], "YYYY-MM-DD", "YYYY-MM-DD"),
    "future date": (["", "incoming/bad.txt", "X", "2999-01-01", "H", "", ""], "in the future", "year"),
    "blank headline": (["", "incoming/bad.txt", "X", "2017-05-07", "", "", ""], "'headline' is blank", "headline"),
    "doc_id taken": (["ap-2016-12-12", "incoming/bad.txt", "X", "2017-05-07", "H", "", ""],
                     "already used in row", "doc_id"),
    "already in corpus": (["", "incoming/seed.txt", "AP", "2016-12-12", "H", "", ""], "already in the corpus as",
                          "already there"),
    "missing file": (["", "incoming/nowhere.txt", "X", "2017-05-07", "H", "", ""], "cannot read the file",
                     "relative to"),
    "blank file column": (["", "", "X", "2017-05-07", "H", "", ""], "'file' is blank", "file"),
    "empty file": (["", "incoming/empty.txt", "X", "2017-05-07", "H", "", ""], "empty", "replace"),
    "binary file": (["", "incoming/binary.txt", "X", "2017-05-07", "H", "", ""], "cannot decode", "UTF-8"),
    "field count": (["", "incoming/bad.txt", "X", "2017-05-07", "H", "", "", "extra"], "8 fields", "quote"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_bad_row_refuses_the_whole_import_and_changes_nothing(corpus, folder, kind):
    (folder / "incoming" / "bad.txt").write_bytes(b"A different made-up story about a ferry in the north.")
    (folder / "incoming" / "empty.txt").write_bytes(b" \n\t\n")
    (folder / "incoming" / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    shutil.copyfile(seed_file(), folder / "incoming" / "seed.txt")
    row, message, fix = BAD[kind]
    metadata = write_csv(folder, [GOOD[0], row, GOOD[1]])
    before = snapshot(corpus.parent)
    report = import_articles(metadata, manifest=corpus)
    assert snapshot(corpus.parent) == before, "manifest and raw/ unchanged"
    assert report.added == []
    assert len(report.refused) == 1
    err = report.refused[0]
    assert err.row == 3, "the line of the metadata file"
    assert message in err.problem
    assert fix.lower() in err.fix.lower()
    assert str(metadata) in str(err) and "row 3" in str(err)


def test_skip_bad_adds_the_good_rows_only(corpus, folder):
    metadata = write_csv(folder, [GOOD[0], ["", "incoming/nowhere.txt", "X", "2017-05-07", "H", "", ""], GOOD[1]])
    report = import_articles(metadata, manifest=corpus, skip_bad=True)
    assert [r["doc_id"] for r in report.added] == ["tass-2017-05-04", "xinhua-ferry"]
    assert [r["row"] for r in report.added] == [7, 8], "manifest rows stay consecutive"
    assert [e.row for e in report.refused] == [3]
    assert list(load_corpus(corpus)["doc_id"][-2:]) == ["tass-2017-05-04", "xinhua-ferry"]


def test_duplicates_within_the_import_are_refused(corpus, folder):
    (folder / "incoming" / "tass-again.txt").write_bytes(STORIES["tass.txt"])
    rows = [GOOD[0], GOOD[1],
            ["", "incoming/tass-again.txt", "TASS", "2017-05-04", "Same story again", "", ""],
            ["xinhua-ferry", "incoming/nhk.txt", "NHK", "2017-05-06", "Another id clash", "", ""]]
    before = snapshot(corpus.parent)
    report = import_articles(write_csv(folder, rows), manifest=corpus)
    assert snapshot(corpus.parent) == before
    assert [e.row for e in report.refused] == [4, 5]
    assert "'tass-2017-05-04' (added as row 7)" in report.refused[0].problem
    assert "'xinhua-ferry' is already used in row 8" in report.refused[1].problem


def test_line_numbers_count_multiline_fields_and_blank_lines(corpus, folder):
    path = folder / "articles.csv"
    path.write_text('file,outlet,date,headline\n'
                    'incoming/tass.txt,TASS,2017-05-04,"A headline\nover two lines"\n'
                    '\n'
                    'incoming/xinhua.txt,Xinhua,2017-13-05,Bad month\n', encoding="utf-8")
    report = import_articles(path, manifest=corpus)
    assert [e.row for e in report.refused] == [5]


def test_a_crash_midway_leaves_manifest_and_raw_unchanged(corpus, folder, monkeypatch):
    before = snapshot(corpus.parent)
    real, calls = add_module._copy_read_only, []

    def crash_on_third(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise OSError("disk full (simulated)")
        return real(source, target)

    monkeypatch.setattr(add_module, "_copy_read_only", crash_on_third)
    with pytest.raises(OSError, match="simulated"):
        import_articles(write_csv(folder, GOOD), manifest=corpus)
    assert len(calls) == 3
    assert snapshot(corpus.parent) == before, "the two files already placed are removed again"


def test_a_crash_writing_the_manifest_leaves_everything_unchanged(corpus, folder, monkeypatch):
    before = snapshot(corpus.parent)
    real = add_module.os.replace

    def crash(src, dst):
        if str(dst) == str(corpus):
            raise OSError("killed (simulated)")
        return real(src, dst)

    monkeypatch.setattr(add_module.os, "replace", crash)
    with pytest.raises(OSError, match="simulated"):
        import_articles(write_csv(folder, GOOD), manifest=corpus)
    assert snapshot(corpus.parent) == before


def test_metadata_without_required_columns_is_refused(corpus, folder):
    metadata = write_csv(folder, [["incoming/tass.txt", "TASS"]], header=["file", "outlet"])
    with pytest.raises(MetadataError, match="missing required column.*date, headline"):
        import_articles(metadata, manifest=corpus)


def test_unknown_columns_are_ignored_and_named(corpus, folder):
    metadata = write_csv(folder, [row + ["Politics"] for row in GOOD], header=HEADER + ["section"])
    report = import_articles(metadata, manifest=corpus)
    assert report.ignored == ["section"] and len(report.added) == 3
    assert "section" not in corpus.read_text(encoding="utf-8").split("\n", 1)[0]


def test_an_author_column_is_recorded(corpus, folder):
    metadata = write_csv(folder, [row + ["Ann Writer"] for row in GOOD], header=HEADER + ["author"])
    report = import_articles(metadata, manifest=corpus)
    assert report.ignored == [] and len(report.added) == 3
    assert read_manifest(corpus)["author"].tolist()[-3:] == ["Ann Writer"] * 3


def test_sha256_column_is_checked(corpus, folder):
    digest = hashlib.sha256(STORIES["tass.txt"]).hexdigest()
    header = HEADER + ["sha256"]
    ok = import_articles(write_csv(folder, [GOOD[0] + [digest]], header=header, name="a.csv"), manifest=corpus)
    assert len(ok.added) == 1
    bad = import_articles(write_csv(folder, [GOOD[1] + [digest]], header=header, name="b.csv"), manifest=corpus)
    assert "SHA-256 differs" in bad.refused[0].problem and not bad.added


def jsonl(folder, items, name="articles.jsonl"):
    path = folder / name
    path.write_text("".join((item if isinstance(item, str) else json.dumps(item)) + "\n" for item in items),
                    encoding="utf-8")
    return path


def test_jsonl_articles_are_written_as_utf8_raw_files(corpus, folder):
    items = [{"text": STORIES["tass.txt"].decode(), "outlet": "TASS", "date": "2017-05-04",
              "headline": "Officials discuss ferry link", "id": 981, "section": None},
             {"text": "Japan\u2019s minister said the talks were \u201cfrank\u201d.", "outlet": "NHK",
              "date": "2017-05-06", "headline": "Talks frank", "url": "https://example.org/nhk"}]
    path = jsonl(folder, items)
    report = import_articles(path, manifest=corpus)
    assert not report.refused and report.ignored == ["id", "section"]
    nhk = report.added[1]
    assert (corpus.parent / nhk["file"]).read_bytes() == items[1]["text"].encode("utf-8")
    assert nhk["source_name"] == "articles.jsonl:2" and nhk["url"] == "https://example.org/nhk"
    docs = load_corpus(corpus).set_index("doc_id")
    assert docs.loc["nhk-2017-05-06", "text"] == "Japan's minister said the talks were \"frank\"."


def test_jsonl_bad_lines_are_named(corpus, folder):
    items = [{"text": "A made-up story about a ferry.", "outlet": "TASS", "date": "2017-05-04", "headline": "H"},
             "",
             "{not json",
             {"outlet": "TASS", "date": "2017-05-04", "headline": "No text"},
             ["a", "list"],
             {"text": "A made-up story about a ferry.", "outlet": "TASS", "date": "2017-05-04", "headline": "H"}]
    before = snapshot(corpus.parent)
    report = import_articles(jsonl(folder, items), manifest=corpus)
    assert snapshot(corpus.parent) == before
    assert [(e.row, e.problem.split(" (")[0]) for e in report.refused] == [
        (3, "not a JSON object"), (4, "no article text"), (5, "not a JSON object"),
        (6, "the same content is already in the corpus as 'tass-2017-05-04'")]


def test_cli_import(corpus, folder, capsys):
    bad = write_csv(folder, [GOOD[0], ["", "incoming/tass.txt", "", "2017-05-07", "H", "", ""]], name="bad.csv")
    assert cli.main(["import", str(bad), "--manifest", str(corpus)]) == 1
    err = capsys.readouterr().err
    assert "refused:" in err and "row 3" in err and "'outlet' is blank" in err and "Fix:" in err
    assert "Nothing was changed" in err and "--skip-bad" in err
    assert cli.main(["import", str(bad), "--manifest", str(corpus), "--skip-bad"]) == 0
    out = capsys.readouterr().out
    assert "added 1 article(s) (manifest rows 7-7); 1 refused row(s) left out" in out
    assert cli.main(["import", str(folder / "nothing.csv"), "--manifest", str(corpus)]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_refused_manifest_is_reported_as_an_error(corpus, folder):
    with open(corpus, "a", encoding="utf-8") as handle:
        handle.write("broken,raw/x.txt,,2016-01-01,H,,,,,,\n")
    with pytest.raises(CorpusError, match="the manifest has a problem already"):
        import_articles(write_csv(folder, GOOD), manifest=corpus)


def test_encoding_and_date_basis_columns_are_checked(corpus, folder):
    header = ["file", "outlet", "date", "headline", "encoding", "date_basis"]
    rows = [["incoming/tass.txt", "TASS", "2017-05-04", "H", "klingon-8", ""],
            ["incoming/xinhua.txt", "Xinhua", "2017-05-05", "H", "", "guessed"],
            ["incoming/nhk.txt", "NHK", "2017-05-06", "H", "cp1252", "stated"]]
    report = import_articles(write_csv(folder, rows, header=header), manifest=corpus, skip_bad=True)
    assert [(e.row, e.column) for e in report.refused] == [(2, "encoding"), (3, "date_basis")]
    assert "klingon-8" in report.refused[0].problem and "stated" in report.refused[1].fix
    assert [(r["doc_id"], r["encoding"], r["date_basis"]) for r in report.added] == [("nhk-2017-05-06", "cp1252", "stated")]


def test_metadata_is_read_like_the_manifest_bom_crlf_and_semicolons(corpus, folder):
    """One reader (corpus.read_utf8_text, csv_separator) for the manifest and the metadata."""
    rows = [";".join(HEADER), *(";".join(row) for row in GOOD[:2])]
    metadata = folder / "excel.csv"
    metadata.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode("utf-8") + b"\r\n")
    report = import_articles(metadata, manifest=corpus)
    assert not report.refused and [r["doc_id"] for r in report.added] == ["tass-2017-05-04", "xinhua-ferry"]


@pytest.mark.parametrize("name", ["latin.csv", "latin.jsonl"])
def test_metadata_that_is_not_utf8_is_an_error_naming_it(corpus, folder, name):
    metadata = folder / name
    data = "file,outlet,date,headline\nincoming/tass.txt,Télam,2017-05-04,H\n".encode("cp1252")
    metadata.write_bytes(data)
    at = data.index("é".encode("cp1252"))
    with pytest.raises(MetadataError) as info:
        import_articles(metadata, manifest=corpus)
    assert str(info.value) == (f"{metadata}: not UTF-8 text (invalid continuation byte at byte {at}). "
                               "Fix: save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')")
