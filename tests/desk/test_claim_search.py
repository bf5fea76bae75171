"""Searching the claims list by meaning: the worker holding the index answers (the same
job as ``POST /v1/claims/search``); a page the worker has not answered yet redirects to
the job's address and says it is searching until the answer is in."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

TANF = "US forces trained ISIS fighters at the al-Tanf base in Syria"
PARAPHRASE = "U.S. troops trained Islamic State militants at al-Tanf."


def test_a_paraphrase_finds_its_claim_by_meaning(
    app: Any, client: Any, keys: Any, run_jobs: Any, sign_in: Any
) -> None:
    body = {"text": TANF, "appearances": [{"outlet": "paper-a.example.org", "url": "https://a.example/1"}]}
    claim = client.post("/v1/claims", json=body, headers=keys["editor"]).json["id"]
    run_jobs()
    reader = sign_in("reader")
    # By words, the paraphrase finds nothing: it shares no run of text with the claim.
    assert TANF not in reader.get("/claims", query_string={"q": PARAPHRASE, "mode": "text"}).text

    svc = app.extensions["credence"]
    svc.settings = svc.settings.__class__(**{**svc.settings.__dict__, "search_wait_seconds": 0})
    asked = reader.get("/claims", query_string={"q": PARAPHRASE, "mode": "meaning", "label": ""})
    assert asked.status_code == 303
    waiting = urlsplit(asked.headers["Location"])
    assert parse_qs(waiting.query)["job"][0].startswith("search--")
    page = reader.get(asked.headers["Location"]).text
    assert 'id="searching"' in page and "data-autorefresh" in page
    run_jobs()
    page = reader.get(asked.headers["Location"]).text
    table = page[page.index('id="semantic"') :]
    assert f'href="/claims/{claim}">{TANF}</a>' in table and 'value="meaning" selected' in page

    blank = reader.get("/claims", query_string={"q": " ", "mode": "meaning"})
    assert blank.status_code == 200  # no text: the plain list
    unknown = reader.get("/claims", query_string={"q": PARAPHRASE, "mode": "meaning", "job": "x"})
    assert unknown.status_code == 404
