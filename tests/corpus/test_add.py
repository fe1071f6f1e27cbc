"""newsframes add / list / check: copy verbatim, append a checked row atomically, refuse duplicates."""
import hashlib
import os
import shutil
import stat
import subprocess
import sys

import pytest

from newsframes.corpus import add as add_module
from newsframes import cli, paths
from newsframes.corpus.add import AddError, add_article, slug
from newsframes.corpus import CorpusError, check_corpus, load_corpus, outlets
from newsframes.pipeline import run

TASS = ("TOKYO, June 13. /TASS/. Japan and Russia held consultations on joint economic activity on the "
        "Southern Kurils on Tuesday, the Russian Foreign Ministry said.\r\n"
        "\u00a9 AP Photo/Eugene Hoshiko\r\n"
        "The sides discussed fisheries, tourism and medicine, and agreed to meet again in Moscow.\r\n"
        "Read more\r\n"
        "\u00a9 TASS 2017\r\n").encode("cp1252")
XINHUA = ("BEIJING, Dec. 15 (Xinhua) -- Russian President Vladimir Putin arrived in Japan on Thursday for a "
          "two-day visit, the first by a Russian leader in more than a decade.\n"
          "Putin and Japanese Prime Minister Shinzo Abe are expected to discuss a peace treaty and the "
          "disputed islands.\n"
          "Editor: Liu\n").encode("utf-8")


@pytest.fixture
def corpus(tmp_path):
    """A copy of the project's data/ folder; returns its manifest."""
    shutil.copytree(paths.DATA, tmp_path / "data")
    return tmp_path / "data" / "corpus.csv"


@pytest.fixture
def article(tmp_path):
    def write(data, name="article.txt"):
        path = tmp_path / "incoming" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        return path
    return write


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_slug():
    assert slug("Abe\u2013Putin: talks in Lima, Peru!") == "abe-putin-talks-in-lima-peru"
    assert slug("Xinhua") == "xinhua"
    assert slug("\u65e5\u672c") == "article"


def test_add_copies_verbatim_and_appends_a_row(corpus, article):
    before = corpus.read_bytes()
    row = add_article(article(TASS, "tass copy.txt"), outlet="TASS", date="2017-06-13",
                      headline="Japan, Russia discuss joint activity on Kurils", manifest=corpus)
    assert row["doc_id"] == "tass-2017-06-13" and row["row"] == 7
    target = corpus.parent / row["file"]
    assert target.name == "2017-06-13_tass_japan-russia-discuss-joint-activity-on.txt"
    assert target.read_bytes() == TASS, "the file is copied byte for byte (cp1252 and CRLF kept)"
    assert not target.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH), "raw files are read-only"
    after = corpus.read_bytes()
    assert after.startswith(before), "existing manifest bytes are untouched"
    assert after.count(b"\n") == before.count(b"\n") + 1
    docs = load_corpus(corpus)
    new = docs[docs["doc_id"] == "tass-2017-06-13"].iloc[0]
    assert new["sha256"] == hashlib.sha256(TASS).hexdigest()
    assert new["source_name"] == "tass copy.txt"
    assert new["encoding"] == "cp1252" and "not UTF-8" in new["warnings"]
    assert new["language"] == "en"
    assert outlets(docs)[-1] == "TASS", "a new outlet goes last; the others keep their order and colours"
    assert not [p for p in corpus.parent.rglob("*.tmp")], "no temporary files left"


def test_new_outlets_flow_through_the_pipeline(corpus, article):
    add_article(article(TASS), outlet="TASS", date="2017-06-13", headline="Japan, Russia discuss Kurils",
                manifest=corpus)
    add_article(article(XINHUA), outlet="Xinhua", date="2016-12-15", headline="Putin arrives in Japan",
                publisher="China Daily", url="http://example.org/x", manifest=corpus)
    result = run(corpus)
    assert set(result.docs["outlet"]) == {"AP", "Reuters", "Sputnik", "Kyodo", "TASS", "Xinhua"}
    paras = result.paragraphs
    tass = paras[paras["doc_id"] == "tass-2017-06-13"]
    assert list(tass["role"]) == ["dateline", "body", "caption", "body", "teaser", "footer"]
    assert all(tass["rule"].str.len() > 0)
    xinhua = paras[paras["doc_id"] == "xinhua-2016-12-15"]
    assert list(xinhua["role"]) == ["dateline", "body", "body", "byline"]
    assert set(result.tokens["outlet"]) >= {"TASS", "Xinhua"}
    # the seed articles segment exactly as before
    seed = run()
    mine = paras[paras["doc_id"].isin(seed.docs["doc_id"])].reset_index(drop=True)
    assert mine[["doc_id", "role", "rule", "text"]].astype(str).equals(
        seed.paragraphs[["doc_id", "role", "rule", "text"]].astype(str))


def test_default_doc_id_gets_a_suffix_when_taken(corpus, article):
    first = add_article(article(TASS, "a.txt"), outlet="TASS", date="2017-06-13", headline="Talks", manifest=corpus)
    second = add_article(article(XINHUA, "b.txt"), outlet="TASS", date="2017-06-13", headline="Talks",
                         manifest=corpus)
    assert (first["doc_id"], second["doc_id"]) == ("tass-2017-06-13", "tass-2017-06-13-2")
    assert first["file"] != second["file"] and second["file"].endswith("-2.txt")
    assert len(load_corpus(corpus)) == 7


@pytest.mark.parametrize("kwargs, data, message", [
    ({"doc_id": "ap-2016-12-12"}, TASS, "already used in row 5"),
    ({}, (paths.RAW / "2016-12-12_ap_seko-economic-ties.txt").read_bytes(), "'ap-2016-12-12' (row 5"),
    ({"date": "13/06/2017"}, TASS, "YYYY-MM-DD"),
    ({"date": "2999-01-01"}, TASS, "future"),
    ({"headline": "  "}, TASS, "'headline' is blank"),
    ({"outlet": ""}, TASS, "'outlet' is blank"),
    ({}, b"", "empty"),
    ({}, b" \r\n\t \xc2\xa0\r\n", "empty"),
    ({}, b"PK\x03\x04\x00\x00\x08\x00binary", "NUL byte"),
    ({"encoding": "utf-8"}, TASS, "cannot decode"),
    ({"encoding": "klingon"}, TASS, "unknown encoding"),
])
def test_refusals_change_nothing(corpus, article, kwargs, data, message):
    before = snapshot(corpus.parent)
    args = {"outlet": "TASS", "date": "2017-06-13", "headline": "Talks", "manifest": corpus} | kwargs
    with pytest.raises(CorpusError) as info:
        add_article(article(data), **args)
    assert message in str(info.value) and "Fix:" in str(info.value)
    assert snapshot(corpus.parent) == before


def test_an_empty_file_is_refused_with_a_fix_for_add(corpus, article):
    with pytest.raises(AddError) as info:
        add_article(article(b" \n\t\n", "empty.txt"), outlet="TASS", date="2017-06-13", headline="H", manifest=corpus)
    assert "empty.txt" in str(info.value) and "the article is empty" in str(info.value)
    assert info.value.fix == "pass the file that holds the article's text", "add has no manifest row to remove"


def test_missing_file_to_add(corpus, tmp_path):
    with pytest.raises(AddError, match="does not exist"):
        add_article(tmp_path / "nope.txt", outlet="TASS", date="2017-06-13", headline="H", manifest=corpus)


def test_refuses_when_the_manifest_is_already_broken(corpus, article):
    text = corpus.read_text(encoding="utf-8").replace("2016-12-12,stated", "2016-13-12,stated")
    corpus.write_text(text, encoding="utf-8")
    with pytest.raises(AddError, match="newsframes check"):
        add_article(article(TASS), outlet="TASS", date="2017-06-13", headline="H", manifest=corpus)


def test_a_crash_while_writing_the_manifest_leaves_everything_as_it_was(corpus, article, monkeypatch):
    before = snapshot(corpus.parent)
    real_replace = os.replace

    def crash(src, dst):
        if str(dst) == str(corpus):
            raise OSError("disk full (simulated)")
        return real_replace(src, dst)

    monkeypatch.setattr(add_module.os, "replace", crash)
    with pytest.raises(OSError, match="simulated"):
        add_article(article(TASS), outlet="TASS", date="2017-06-13", headline="H", manifest=corpus)
    assert snapshot(corpus.parent) == before, "manifest unchanged, copied file removed, no temporary files"


def test_a_crash_while_copying_leaves_everything_as_it_was(corpus, article, monkeypatch):
    before = snapshot(corpus.parent)

    def crash(src, dst):
        open(dst, "wb").write(b"half a fi")
        raise OSError("killed (simulated)")

    monkeypatch.setattr(add_module.shutil, "copyfile", crash)
    with pytest.raises(OSError, match="simulated"):
        add_article(article(TASS), outlet="TASS", date="2017-06-13", headline="H", manifest=corpus)
    assert snapshot(corpus.parent) == before


def test_semicolon_bom_crlf_manifest_keeps_its_dialect(tmp_path, article):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_bytes(b"Seed text about talks.")
    manifest = tmp_path / "corpus.csv"
    original = b"\xef\xbb\xbfdoc_id;file;outlet;date;headline;sha256;extra\r\na;raw/a.txt;X;2016-01-01;H;;kept\r\n"
    manifest.write_bytes(original)
    add_article(article(XINHUA), outlet="Xinhua", date="2016-12-15", headline="Putin; in Japan", manifest=manifest)
    data = manifest.read_bytes()
    assert data.startswith(original)
    new_line = data[len(original):]
    assert new_line.endswith(b"\r\n") and new_line.count(b";") == 7 and b'"Putin; in Japan"' in new_line
    docs = load_corpus(manifest)
    assert list(docs["outlet"]) == ["X", "Xinhua"] and list(docs["extra"]) == ["kept", ""]


def test_header_grows_when_a_needed_column_is_missing(tmp_path, article):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_bytes(b"Seed text about talks.")
    manifest = tmp_path / "corpus.csv"
    manifest.write_bytes(b"doc_id,file,outlet,date,headline\na,raw/a.txt,X,2016-01-01,\"H, with comma\"\n")
    add_article(article(TASS), outlet="TASS", date="2017-06-13", headline="H", encoding="cp1252", manifest=manifest)
    docs = load_corpus(manifest)
    assert list(docs["headline"]) == ["H, with comma", "H"]
    assert list(docs["encoding"]) == ["utf-8", "cp1252"]
    assert manifest.read_text().splitlines()[0] == "doc_id,file,outlet,date,headline,sha256,encoding"


def test_cli_add_list_check(corpus, article, capsys):
    code = cli.main(["add", str(article(TASS)), "--outlet", "TASS", "--date", "2017-06-13",
                     "--headline", "Japan, Russia discuss Kurils", "--url", "https://tass.com/x",
                     "--manifest", str(corpus)])
    out = capsys.readouterr().out
    assert code == 0 and "added tass-2017-06-13" in out
    assert cli.main(["add", str(article(TASS)), "--outlet", "TASS", "--date", "2017-06-13",
                     "--headline", "again", "--manifest", str(corpus)]) == 1
    err = capsys.readouterr().err
    assert "same content" in err and "Nothing was changed" in err
    assert cli.main(["list", "--manifest", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "tass-2017-06-13" in out and "6 articles from 5 outlets" in out and "encoding" in out
    assert cli.main(["check", "--manifest", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "6 article(s) ok, 0 problem(s)" in out and "note: tass-2017-06-13" in out


def test_check_lists_every_problem_one_line_each(corpus, capsys):
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("2016-09-01,stated", "2016-09-31,stated")       # row 2: bad date
    lines[3] = lines[3].replace("kyodo-2016-11-19", "kyodo-2016-10-02")         # row 4: duplicate id
    lines[4] = lines[4].replace("raw/2016-12-12_ap", "raw/missing_ap")           # row 5: no such file
    corpus.write_text("".join(lines), encoding="utf-8")
    problems, docs = check_corpus(corpus)
    assert [p.row for p in problems] == [2, 4, 5]
    assert list(docs["doc_id"]) == ["kyodo-2016-10-02", "sputnik-2017-03-24"]
    assert cli.main(["check", "--manifest", str(corpus)]) == 1
    out = capsys.readouterr().out.splitlines()
    errors = [line for line in out if line.startswith("error:")]
    assert len(errors) == 3 and all("Fix:" in line for line in errors)
    assert "row 5" in errors[2] and "missing_ap" in errors[2]
    with pytest.raises(CorpusError, match="row 2"):
        load_corpus(corpus)


def test_console_script_and_module_entry_points(corpus):
    out = subprocess.run([sys.executable, "-m", "newsframes", "list", "--manifest", str(corpus)],
                         capture_output=True, text=True, check=True).stdout
    assert "5 articles from 4 outlets" in out
    script = shutil.which("newsframes", path=os.path.dirname(sys.executable))
    assert script, "the package installs a `newsframes` console script"
    help_text = subprocess.run([script, "add", "--help"], capture_output=True, text=True, check=True).stdout
    for option in ("--outlet", "--date", "--headline", "--publisher", "--url", "--encoding", "--doc-id"):
        assert option in help_text
