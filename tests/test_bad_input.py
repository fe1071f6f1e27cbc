"""Bad input, one test each: it loads (and the documents frame records what was done) or it fails with an
error naming the row, the file and the fix. The behaviour table is docs/bad_input.md."""
import hashlib
import time

import pytest

from newsframes import paths
from newsframes.corpus import (ArticleFileError, CorpusError, ManifestError, check_corpus, load_corpus,
                               read_manifest)
from newsframes.pipeline import run
from newsframes.segment import segment, segment_text
from newsframes.tokens import tokenize_text

HEADER = "doc_id,file,outlet,date,headline,encoding\n"
ABC_SCIENCE = paths.ROOT.parent / "shared" / "bench" / "abc" / "science.txt"
ENGLISH = ("Japan and Russia agreed on Friday to continue talks on joint economic activity on the disputed "
           "islands, which Japan calls the Northern Territories and Russia the Southern Kurils. The two "
           "countries have never signed a peace treaty because of the dispute, and the talks are expected "
           "to take years, officials in Tokyo said.")
FRENCH = ("Le Japon et la Russie ont convenu vendredi de poursuivre les discussions sur une activit\u00e9 "
          "\u00e9conomique commune dans les \u00eeles disput\u00e9es, que le Japon appelle les Territoires du "
          "Nord et la Russie les Kouriles du Sud. Les deux pays n'ont jamais sign\u00e9 de trait\u00e9 de paix.")
RUSSIAN = ("\u042f\u043f\u043e\u043d\u0438\u044f \u0438 \u0420\u043e\u0441\u0441\u0438\u044f "
           "\u0434\u043e\u0433\u043e\u0432\u043e\u0440\u0438\u043b\u0438\u0441\u044c "
           "\u043f\u0440\u043e\u0434\u043e\u043b\u0436\u0438\u0442\u044c "
           "\u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b. ") * 5
JAPANESE = "\u65e5\u672c\u3068\u30ed\u30b7\u30a2\u306f\u5e73\u548c\u6761\u7d04\u306e\u4ea4\u6e09\u3092\u7d9a\u3051\u308b\u3002" * 5


def corpus(tmp_path, files, rows=None, header=HEADER):
    """A manifest (one row per file unless ``rows`` is given) and its raw files in a temporary folder."""
    (tmp_path / "raw").mkdir(exist_ok=True)
    for name, data in files.items():
        (tmp_path / "raw" / name).write_bytes(data)
    if rows is None:
        rows = [f"d{i},raw/{name},X,2016-01-01,H," for i, name in enumerate(files)]
    manifest = tmp_path / "corpus.csv"
    manifest.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return manifest


def load_one(tmp_path, data, encoding=""):
    manifest = corpus(tmp_path, {"a.txt": data}, [f"a,raw/a.txt,X,2016-01-01,H,{encoding}"])
    return load_corpus(manifest).iloc[0]


def error(tmp_path, files, rows=None, header=HEADER):
    manifest = corpus(tmp_path, files, rows, header)
    with pytest.raises(CorpusError) as info:
        load_corpus(manifest)
    message = str(info.value)
    assert str(manifest) in message and "Fix:" in message, message
    problems, _ = check_corpus(manifest)
    assert str(info.value) in [str(p) for p in problems], "check reports what load raises"
    return info.value


# --- the manifest ---------------------------------------------------------------------------------

def test_missing_required_column(tmp_path):
    err = error(tmp_path, {"a.txt": b"x"}, ["a,raw/a.txt,X,2016-01-01"], header="doc_id,file,outlet,date\n")
    assert isinstance(err, ManifestError) and "row 1" in str(err) and "headline" in str(err)


def test_unknown_extra_column_is_kept(tmp_path):
    manifest = corpus(tmp_path, {"a.txt": b"Text."}, ["a,raw/a.txt,X,2016-01-01,H,,east"],
                      header="doc_id,file,outlet,date,headline,encoding,region\n")
    docs = load_corpus(manifest)
    assert docs.loc[0, "region"] == "east"


def test_duplicate_doc_id(tmp_path):
    err = error(tmp_path, {"a.txt": b"one", "b.txt": b"two"},
                ["a,raw/a.txt,X,2016-01-01,H,", "a,raw/b.txt,X,2016-01-01,H,"])
    assert "row 3" in str(err) and "first used in row 2" in str(err)


@pytest.mark.parametrize("row, field", [
    ("a,raw/a.txt,,2016-01-01,H,", "outlet"), (",raw/a.txt,X,2016-01-01,H,", "doc_id"),
    ("a,,X,2016-01-01,H,", "file"), ("a,raw/a.txt,X,2016-01-01, ,", "headline"), ("a,raw/a.txt,X,,H,", "date"),
])
def test_blank_required_field(tmp_path, row, field):
    err = error(tmp_path, {"a.txt": b"x"}, [row])
    assert f"{field!r} is blank" in str(err) and "row 2" in str(err)


@pytest.mark.parametrize("date", ["12/12/2016", "2016-02-30", "20161212", "2016-1-5", "Dec 12 2016"])
def test_unparseable_date(tmp_path, date):
    err = error(tmp_path, {"a.txt": b"x"}, [f"a,raw/a.txt,X,{date},H,"])
    assert "YYYY-MM-DD" in str(err) and "row 2" in str(err)


def test_date_in_the_future(tmp_path):
    err = error(tmp_path, {"a.txt": b"x"}, ["a,raw/a.txt,X,2999-01-01,H,"])
    assert "future" in str(err)


def test_file_that_does_not_exist(tmp_path):
    err = error(tmp_path, {}, ["a,raw/nope.txt,X,2016-01-01,H,"])
    assert isinstance(err, ArticleFileError) and "'raw/nope.txt'" in str(err) and "newsframes add" in str(err)


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/hostname", "raw/../../x.txt"])
def test_path_escaping_the_corpus_folder(tmp_path, name):
    err = error(tmp_path, {}, [f"a,{name},X,2016-01-01,H,"])
    assert "escapes" in str(err) and name in str(err)


def test_path_escaping_through_a_link(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"secret")
    folder = tmp_path / "corpus"
    folder.mkdir()
    manifest = corpus(folder, {}, ["a,raw/link.txt,X,2016-01-01,H,"])
    (folder / "raw" / "link.txt").symlink_to(outside)
    with pytest.raises(ManifestError, match="outside"):
        load_corpus(manifest)


@pytest.mark.parametrize("prefix, sep, newline", [
    (b"\xef\xbb\xbf", ",", b"\n"), (b"", ";", b"\n"), (b"", ",", b"\r\n"), (b"\xef\xbb\xbf", ";", b"\r\n"),
    (b"", ",", b"\r"),
])
def test_manifest_with_bom_semicolons_or_windows_line_ends(tmp_path, prefix, sep, newline):
    manifest = corpus(tmp_path, {"a.txt": b"Text."}, [])
    lines = [sep.join(["doc_id", "file", "outlet", "date", "headline"]),
             sep.join(["a", "raw/a.txt", "X", "2016-01-01", '"Talks, again"'])]
    manifest.write_bytes(prefix + newline.join(line.encode() for line in lines) + newline)
    docs = load_corpus(manifest)
    assert docs.loc[0, "headline"] == "Talks, again" and docs.loc[0, "doc_id"] == "a"
    assert read_manifest(manifest).loc[0, "row"] == 2


def test_manifest_saved_in_a_legacy_encoding(tmp_path):
    manifest = corpus(tmp_path, {"a.txt": b"Text."}, [])
    manifest.write_bytes("doc_id,file,outlet,date,headline\na,raw/a.txt,X,2016-01-01,Caf\u00e9\n".encode("cp1252"))
    with pytest.raises(ManifestError, match="not UTF-8.*Fix: save the CSV as UTF-8"):
        load_corpus(manifest)


def test_empty_manifest(tmp_path):
    manifest = corpus(tmp_path, {}, [])
    manifest.write_bytes(b"")
    with pytest.raises(ManifestError, match="empty"):
        load_corpus(manifest)


def test_checksum_mismatch(tmp_path):
    err = error(tmp_path, {"a.txt": b"x"}, ["a,raw/a.txt,X,2016-01-01,H," + "0" * 64],
                header="doc_id,file,outlet,date,headline,sha256\n")
    assert isinstance(err, ArticleFileError) and "checksum mismatch" in str(err) and "never edited" in str(err)


def test_same_content_twice(tmp_path):
    err = error(tmp_path, {"a.txt": b"Same text.", "b.txt": b"Same text."})
    assert "same content as row 2" in str(err) and "row 3" in str(err)


def test_unknown_declared_encoding(tmp_path):
    err = error(tmp_path, {"a.txt": b"x"}, ["a,raw/a.txt,X,2016-01-01,H,klingon"])
    assert "unknown encoding 'klingon'" in str(err)


def test_check_collects_every_problem(tmp_path):
    manifest = corpus(tmp_path, {"a.txt": b"", "b.txt": b"ok", "c.txt": b"\x00\x01"},
                      ["a,raw/a.txt,X,2016-01-01,H,", "b,raw/b.txt,,2999-01-01,H,", "c,raw/c.txt,X,2016-01-01,H,",
                       "d,../d.txt,X,2016-01-01,H,", "e,raw/e.txt,X,2016-01-01,H,"])
    problems, docs = check_corpus(manifest)
    assert [(p.row, type(p).__name__) for p in problems] == [
        (2, "ArticleFileError"), (3, "ManifestError"), (3, "ManifestError"), (4, "ArticleFileError"),
        (5, "ManifestError"), (6, "ArticleFileError")]
    assert len(docs) == 0


# --- article files --------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"   ", b" \r\n\t\r\n\xc2\xa0\xe2\x80\x8b\n"])
def test_empty_or_whitespace_only_file(tmp_path, data):
    err = error(tmp_path, {"a.txt": data})
    assert isinstance(err, ArticleFileError) and "empty" in str(err) and "'raw/a.txt'" in str(err)


def test_binary_file(tmp_path):
    err = error(tmp_path, {"a.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    assert "NUL byte" in str(err) and "binary" in str(err) and "UTF-8" in str(err)


def test_cp1252_word_export(tmp_path):
    doc = load_one(tmp_path, "\u201cTalks,\u201d he said \u2013 caf\u00e9 na\u00efve \u20ac5.".encode("cp1252"))
    assert doc["encoding"] == "cp1252" and "not UTF-8: decoded as cp1252" in doc["warnings"]
    assert doc["text"] == '"Talks," he said \u2013 caf\u00e9 na\u00efve \u20ac5.'


def test_latin1_bytes_cp1252_cannot_decode(tmp_path):
    doc = load_one(tmp_path, b"Caf\xe9 \x81 end.")
    assert doc["encoding"] == "latin-1" and "decoded as latin-1" in doc["warnings"]


def test_declared_encoding_wins(tmp_path):
    doc = load_one(tmp_path, "Caf\u00e9".encode("latin-1"), encoding="latin-1")
    assert doc["encoding"] == "latin-1" and doc["text"] == "Caf\u00e9" and doc["warnings"] == ""


def test_declared_encoding_that_is_wrong(tmp_path):
    err = error(tmp_path, {"a.txt": "Caf\u00e9".encode("cp1252")}, ["a,raw/a.txt,X,2016-01-01,H,utf-8"])
    assert "cannot decode" in str(err) and "encoding column" in str(err)


def test_abc_corpus_latin1_bytes_and_crlf(tmp_path):
    if not ABC_SCIENCE.is_file():
        pytest.skip(f"{ABC_SCIENCE} not present")
    data = ABC_SCIENCE.read_bytes()
    assert b"\r\n" in data and b"\xb0" in data
    doc = load_one(tmp_path, data)
    assert doc["encoding"] == "cp1252" and doc["language"] == "en"
    assert "\r" not in doc["text"] and "460\u00b0C" in doc["text"]
    assert doc["raw_text"].count("\r\n") == data.count(b"\r\n"), "raw_text keeps the file's line ends"


@pytest.mark.parametrize("data, encoding", [
    (b"\xef\xbb\xbf" + ENGLISH.encode(), "utf-8-sig"),
    (ENGLISH.encode("utf-16"), "utf-16"),
    (b"\xfe\xff" + ENGLISH.encode("utf-16-be"), "utf-16"),
])
def test_bom_files(tmp_path, data, encoding):
    doc = load_one(tmp_path, data)
    assert doc["encoding"] == encoding and doc["text"] == ENGLISH and "\ufeff" not in doc["text"]


def test_utf16_without_bom_needs_a_declared_encoding(tmp_path):
    err = error(tmp_path, {"a.txt": ENGLISH.encode("utf-16-le")})
    assert "NUL byte" in str(err) and "declare its encoding" in str(err)
    (tmp_path / "x").mkdir()
    assert load_one(tmp_path / "x", ENGLISH.encode("utf-16-le"), "utf-16-le")["text"] == ENGLISH


def test_old_mac_line_ends_and_invisible_characters(tmp_path):
    doc = load_one(tmp_path, b"First\rSecond\x0cline\xe2\x80\x8b.\x07\r\r  Third  ")
    assert doc["text"] == "First\nSecond line.\n\nThird"


def test_very_long_lines(tmp_path):
    line = " ".join(["Japan and Russia talk."] * 50_000)  # 1.1 MB, one line
    doc = load_one(tmp_path, (line + "\nSecond paragraph.").encode())
    assert "very long line" in doc["warnings"]
    rows = segment_text(doc["text"])
    assert [r["role"] for r in rows] == ["body", "body"] and rows[0]["end"] == len(line)
    tokens = tokenize_text(line[:200_000])
    assert (tokens["end"] <= 200_000).all() and len(tokens) > 30_000


def test_a_very_long_token(tmp_path):
    doc = load_one(tmp_path, ("Talks " + "x" * 100_000 + " ended.").encode())
    tokens = tokenize_text(doc["text"])
    assert tokens["text"].str.len().max() == 100_000


@pytest.mark.slow
def test_a_50_mb_article_loads_in_reasonable_time(tmp_path):
    base = (paths.RAW / "2016-12-12_ap_seko-economic-ties.txt").read_bytes() + b"\n"
    data = base * (50_000_000 // len(base) + 1)
    manifest = corpus(tmp_path, {"big.txt": data}, [
        "big,raw/big.txt,X,2016-01-01,H,"], header="doc_id,file,outlet,date,headline,sha256\n")
    manifest.write_text(manifest.read_text().replace(",H,", ",H," + hashlib.sha256(data).hexdigest()))
    del data
    started = time.perf_counter()
    docs = load_corpus(manifest)
    elapsed = time.perf_counter() - started
    assert docs.loc[0, "n_chars"] > 45_000_000 and docs.loc[0, "language"] == "en"
    assert elapsed < 30, f"loading 50 MB took {elapsed:.1f} s"


def test_html_pasted_as_text(tmp_path):
    page = ("<html><head><title>Talks</title><style>p {color: red}</style>"
            "<script>alert('x'); document.write('<p>injected</p>')</script></head>\n"
            "<body><h1>Abe &amp; Putin meet in Lima</h1>\n<p>Abe met Putin on Saturday.&nbsp;They spoke "
            "for 70&nbsp;minutes.</p><p>Talks will &lt;continue&gt; in Tokyo.<br>Share this article</p>"
            "<img src=\"http://example.org/x.png\" onerror=\"alert(1)\"></body></html>")
    doc = load_one(tmp_path, page.encode())
    assert "html markup removed" in doc["warnings"]
    assert doc["raw_text"] == page, "raw_text keeps the file as it was"
    assert "<" not in doc["text"].replace("<continue>", "") and "alert" not in doc["text"]
    assert "injected" not in doc["text"] and "color" not in doc["text"]
    assert doc["text"].split("\n") == ["Abe & Putin meet in Lima", "", "Abe met Putin on Saturday. They "
                                       "spoke for 70 minutes.", "", "Talks will <continue> in Tokyo.",
                                       "Share this article"], "blocks become paragraphs, <br> a line break"
    roles = [r["role"] for r in segment_text(doc["text"])]
    assert roles[-1] == "footer"


@pytest.mark.parametrize("text", ["If a < b and c > d then the talks go on.",
                                  "The agency <Reuters> said a <b> tag is rare."])
def test_angle_brackets_in_plain_text_are_not_html(tmp_path, text):
    doc = load_one(tmp_path, text.encode())
    assert doc["text"] == text and "html" not in doc["warnings"]


@pytest.mark.parametrize("text", [FRENCH, RUSSIAN, JAPANESE])
def test_another_language_is_flagged_not_silently_analysed(tmp_path, text, capsys):
    manifest = corpus(tmp_path, {"en.txt": ENGLISH.encode(), "xx.txt": text.encode()})
    docs = load_corpus(manifest)
    assert list(docs["language"]) == ["en", "not-en?"]
    assert "looks non-English" in docs.loc[1, "warnings"]
    result = run(manifest)
    assert list(result.docs["doc_id"]) == ["d0"] and set(result.tokens["doc_id"]) == {"d0"}
    assert "leaving out d1 (raw/xx.txt)" in capsys.readouterr().err
    assert set(run(manifest, keep_non_english=True).docs["doc_id"]) == {"d0", "d1"}


def test_english_with_foreign_names_is_english(tmp_path):
    doc = load_one(tmp_path, (ENGLISH + " The Russian name is \u041a\u0443\u0440\u0438\u043b\u044b.").encode())
    assert doc["language"] == "en" and doc["warnings"] == ""


def test_loading_and_checking_never_write(tmp_path):
    manifest = corpus(tmp_path, {"a.txt": ENGLISH.encode("cp1252"), "b.txt": b"<p>Hi there</p><p>x</p>"})

    def state():
        return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(tmp_path.rglob("*"))
                if p.is_file()}

    before = state()
    load_corpus(manifest)
    check_corpus(manifest)
    segment(run(manifest).docs)
    assert state() == before


def test_seed_corpus_documents_record_what_was_done(seed):
    assert list(seed.docs["language"]) == ["en"] * len(seed.docs)
    assert list(seed.docs["warnings"]) == [""] * len(seed.docs)
    assert "warnings" not in seed.tokens.columns and "language" not in seed.paragraphs.columns
