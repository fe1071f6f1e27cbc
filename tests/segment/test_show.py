"""newsframes show: every line with its role and rule, coloured only in a terminal; check validates overrides."""
from newsframes import cli
from newsframes.segment import overrides as segment_overrides
from newsframes.segment.show import format_article


def test_show_prints_every_segment_with_role_and_rule(seed, capsys):
    assert cli.main(["show", "reuters-2016-09-01"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    paras = seed.paragraphs[seed.paragraphs["doc_id"] == "reuters-2016-09-01"]
    assert len([l for l in lines if l[:4].strip().isdigit()]) == len(paras)
    assert lines[0].split()[:4] == ["1", "-", "navigation", "navigation"]
    assert "+ headline   matches the manifest headline" in out
    assert "\033[" not in out, "plain text when piped"


def test_show_colours_only_when_asked(seed):
    plain = format_article(seed.paragraphs, "ap-2016-12-12")
    coloured = format_article(seed.paragraphs, "ap-2016-12-12", colour=True)
    assert "\033[" not in plain and "\033[2m" in coloured
    assert len(plain.splitlines()) == len(coloured.splitlines())


def test_show_unknown_article_is_an_error(capsys):
    assert cli.main(["show", "no-such-doc"]) == 1
    assert "newsframes list" in capsys.readouterr().err


def test_check_reports_an_override_that_matches_no_line(tmp_path, monkeypatch, capsys):
    overrides = tmp_path / "segment_overrides.csv"
    overrides.write_text("doc_id,line,role,reason\nap-2016-12-12,999,body,gone\n"
                         "ap-2016-12-12,1,headline,fine\n", encoding="utf-8")
    monkeypatch.setattr(segment_overrides, "overrides_path", lambda: overrides)
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"error: {overrides}, row 2: override matches no line of ap-2016-12-12" in out
    assert "row 3" not in out
