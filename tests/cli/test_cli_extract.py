"""``credence extract``: one article or a JSON Lines file read with the extractor, sources
resolved against config/, and nothing written anywhere."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from service.cli import main

TEXT = "The SVR said that US forces trained militants at the al-Tanf base in Syria."


def test_extract_json_lines_prints_one_object_per_article(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    german = "Der Bericht ist falsch, sagte die Regierung am Montag."
    lines = [{"text": TEXT, "url": "https://x.example/1"}, {"text": german}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = CliRunner().invoke(main, ["extract", "--json", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    (claim,) = first["claims"]
    assert {k: claim[k] for k in ("source", "origin", "stance", "hedged")} == {
        "source": "The SVR", "origin": "ru-svr", "stance": "supports", "hedged": False
    }
    assert TEXT[claim["start"] : claim["end"]] == claim["quote"]
    assert second["claims"] == [] and "not English" in second["skipped_reason"]


def test_extract_plain_text_is_readable_and_bad_lines_are_named(tmp_path: Path) -> None:
    plain = tmp_path / "a.txt"
    plain.write_text(TEXT)
    out = CliRunner().invoke(main, ["extract", str(plain)], catch_exceptions=False).output
    assert "1 claims (en)" in out and "The SVR → ru-svr" in out
    bad = tmp_path / "b.jsonl"
    bad.write_text('{"text": "ok"}\n{"title": "no text"}\n')
    result = CliRunner().invoke(main, ["extract", "--json", str(bad)])
    assert result.exit_code == 2 and "line 2" in result.output
