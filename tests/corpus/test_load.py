"""load_corpus: the manifest, decoding, normalisation and the errors for bad input."""
import hashlib

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from newsframes import paths
from newsframes.corpus.load import (_ASCII_WORD, ArticleFileError, CorpusError, ManifestError, _ascii_word_counts,
                                    load_corpus, normalise, outlets, read_manifest)

HEADER = "doc_id,file,outlet,publisher,date,date_basis,headline,url,sha256,source_name,notes\n"


def make_corpus(tmp_path, rows, files):
    """A manifest and its raw files in a temporary corpus folder."""
    (tmp_path / "raw").mkdir()
    for name, data in files.items():
        (tmp_path / "raw" / name).write_bytes(data)
    manifest = tmp_path / "corpus.csv"
    manifest.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return manifest


def test_manifest_has_the_documented_columns_and_checksums():
    manifest = pd.read_csv(paths.MANIFEST, dtype=str, keep_default_na=False)
    assert list(manifest.columns) == ["doc_id", "file", "outlet", "publisher", "date", "date_basis",
                                      "headline", "url", "sha256", "source_name", "notes"]
    for row in manifest.itertuples():
        data = (paths.DATA / row.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row.sha256, row.file


def test_raw_files_are_the_shared_originals_byte_for_byte():
    shared = paths.ROOT.parent / "shared" / "corpus"
    if not shared.is_dir():
        pytest.fail(f"{shared} is missing: clone the project with shared/ beside it")
    manifest = pd.read_csv(paths.MANIFEST, dtype=str, keep_default_na=False)
    for row in manifest.itertuples():
        assert (paths.DATA / row.file).read_bytes() == (shared / row.source_name).read_bytes()


def test_seed_corpus_loads_with_normalised_text(seed):
    docs = seed.docs
    assert len(docs) == 5
    assert set(docs["outlet"]) == {"AP", "Reuters", "Sputnik", "Kyodo"}
    assert outlets(docs) == list(dict.fromkeys(pd.read_csv(paths.MANIFEST)["outlet"]))
    for text in docs["text"]:
        assert "\u00a0" not in text and "\u2019" not in text and "\u201c" not in text and "\r" not in text
        assert not any(line.startswith((" ", "\t")) for line in text.splitlines())
    sputnik = docs.loc[docs["outlet"] == "Sputnik"].iloc[0]
    assert "\u00a0" in sputnik["raw_text"], "raw_text keeps the file's characters"
    assert (docs["date_basis"].isin(["stated", "inferred"])).all()
    kyodo = docs[docs["outlet"] == "Kyodo"]
    assert sorted(kyodo["date"].dt.strftime("%Y-%m-%d")) == ["2016-10-02", "2016-11-19"]


def test_normalise_quotes_spaces_line_ends_and_indentation():
    raw = "  \u201cIt\u2019s fine,\u201d he said\u00a0today.\r\n\r\n\tNext\u200b line  \r\n"
    assert normalise(raw) == "\"It's fine,\" he said today.\n\nNext line"


def test_normalise_is_nfkc():
    assert normalise("\ufb01le \uff21\uff22") == "file AB"


def test_relative_paths_resolve_against_the_manifest_folder(tmp_path):
    manifest = make_corpus(tmp_path, ["a,raw/a.txt,X,,2016-01-01,stated,H,,,,"], {"a.txt": b"Hello world."})
    docs = load_corpus(manifest)
    assert docs.loc[0, "text"] == "Hello world."
    assert docs.loc[0, "encoding"] == "utf-8"


@pytest.mark.parametrize("data, encoding, text", [
    (b"\xef\xbb\xbfBOM text", "utf-8-sig", "BOM text"),
    ("caf\u00e9 \u2013 na\u00efve".encode("cp1252"), "cp1252", "caf\u00e9 \u2013 na\u00efve"),
    ("Tokyo \u2014 talks".encode("utf-16"), "utf-16", "Tokyo \u2014 talks"),
])
def test_encodings_are_detected_and_recorded(tmp_path, data, encoding, text):
    manifest = make_corpus(tmp_path, ["a,raw/a.txt,X,,2016-01-01,stated,H,,,,"], {"a.txt": data})
    docs = load_corpus(manifest)
    assert docs.loc[0, "encoding"] == encoding
    assert docs.loc[0, "text"] == text


def _error(tmp_path, rows, files, header=HEADER):
    manifest = make_corpus(tmp_path, rows, files)
    if header != HEADER:
        manifest.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_corpus(manifest)
    return info.value


def test_missing_column(tmp_path):
    err = _error(tmp_path, ["a,raw/a.txt,X,2016-01-01"], {"a.txt": b"x"}, header="doc_id,file,outlet,date\n")
    assert isinstance(err, ManifestError) and "headline" in str(err) and "row 1" in str(err)


def test_duplicate_doc_id_names_both_rows(tmp_path):
    err = _error(tmp_path, ["a,raw/a.txt,X,,2016-01-01,,H,,,,", "a,raw/b.txt,Y,,2016-01-02,,H,,,,"],
                 {"a.txt": b"x", "b.txt": b"y"})
    assert "row 3" in str(err) and "first used in row 2" in str(err) and "Fix:" in str(err)


def test_missing_file(tmp_path):
    err = _error(tmp_path, ["a,raw/nope.txt,X,,2016-01-01,,H,,,,"], {})
    assert isinstance(err, ArticleFileError) and "raw/nope.txt" in str(err) and "row 2" in str(err)


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/passwd", "raw/../../x.txt"])
def test_paths_escaping_the_corpus_folder_are_refused(tmp_path, name):
    err = _error(tmp_path, [f"a,{name},X,,2016-01-01,,H,,,,"], {})
    assert "escapes" in str(err)


def test_unparseable_date(tmp_path):
    err = _error(tmp_path, ["a,raw/a.txt,X,,12/12/2016,,H,,,,"], {"a.txt": b"x"})
    assert "YYYY-MM-DD" in str(err) and "row 2" in str(err)


def test_future_date(tmp_path):
    err = _error(tmp_path, ["a,raw/a.txt,X,,2999-01-01,,H,,,,"], {"a.txt": b"x"})
    assert "future" in str(err)


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n \xc2\xa0 "])
def test_empty_text(tmp_path, data):
    err = _error(tmp_path, ["a,raw/a.txt,X,,2016-01-01,,H,,,,"], {"a.txt": data})
    assert "empty" in str(err)


def test_checksum_mismatch(tmp_path):
    err = _error(tmp_path, ["a,raw/a.txt,X,,2016-01-01,,H,," + "0" * 64 + ",,"], {"a.txt": b"x"})
    assert "checksum" in str(err) and "never edited" in str(err)


def test_binary_file(tmp_path):
    err = _error(tmp_path, ["a,raw/a.txt,X,,2016-01-01,,H,,,,"], {"a.txt": b"PK\x03\x04\x00\x00binary"})
    assert "decode" in str(err) and "UTF-8" in str(err)


def test_blank_required_field(tmp_path):
    err = _error(tmp_path, ["a,raw/a.txt,,,2016-01-01,,H,,,,"], {"a.txt": b"x"})
    assert "'outlet' is blank" in str(err)


def test_semicolon_manifest_with_bom_and_crlf(tmp_path):
    manifest = make_corpus(tmp_path, [], {"a.txt": b"Text."})
    manifest.write_bytes(b"\xef\xbb\xbfdoc_id;file;outlet;date;headline;extra\r\na;raw/a.txt;X;2016-01-01;H;kept\r\n")
    docs = load_corpus(manifest)
    assert docs.loc[0, "outlet"] == "X" and docs.loc[0, "extra"] == "kept"
    assert read_manifest(manifest).loc[0, "row"] == 2


def test_a_linked_folder_leading_outside_is_refused(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.txt").write_text("Japan and Russia met on Friday.", encoding="utf-8")
    corpus_folder = tmp_path / "corpus"
    corpus_folder.mkdir()
    manifest = make_corpus(corpus_folder, ["a,raw/linked/a.txt,X,,2016-01-01,,H,,,,"], {})
    (corpus_folder / "raw" / "linked").symlink_to(outside)
    with pytest.raises(ManifestError, match="outside"):
        load_corpus(manifest)


def test_a_link_inside_the_corpus_folder_is_followed(tmp_path):
    manifest = make_corpus(tmp_path, ["a,raw/linked/a.txt,X,,2016-01-01,,H,,,,"],
                           {"a.txt": b"Japan and Russia met on Friday."})
    (tmp_path / "raw" / "linked").symlink_to(tmp_path / "raw")
    assert load_corpus(manifest)["text"].tolist() == ["Japan and Russia met on Friday."]


@given(st.lists(st.sampled_from(["don't", "it's", "the", "a", "'", "''", "rock'n'roll", "o'", "'tis", "isn't", "and",
                                 "x", "1990", "-", "."]), max_size=20),
       st.lists(st.sampled_from([" ", "'", ",", "", "  ", "\n", "'s ", "--"]), min_size=20, max_size=20))
def test_ascii_word_counts_equal_the_regex(words, separators):
    stopwords = paths.word_set("stopwords.txt")
    text = "".join(w + s for w, s in zip(words, separators))
    found = _ASCII_WORD.findall(text)
    assert _ascii_word_counts(text, stopwords) == (len(found), sum(w in stopwords for w in found))
