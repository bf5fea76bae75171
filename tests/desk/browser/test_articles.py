"""Chromium: a reader opens an ingested article and finds each extracted claim marked in
its text, follows the mark's number to the claim's row (source, resolved outlet) and on
to the claim it became."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.desk.browser.conftest import Desk
from tests.support.signing import post

TEXT = (
    "The SVR said that US forces trained militants at the al-Tanf base.\n\n"
    "Officials in Damascus gave no comment on Tuesday."
)


def test_reader_follows_an_extracted_claim_from_the_text_to_its_claim(
    client: Any, keys: Any, desk: Desk, run_jobs: Any
) -> None:
    body = {"name": "Foreign Intelligence Service", "kind": "government", "aliases": ["SVR"]}
    assert client.put("/v1/outlets/svr", json=body, headers=keys["editor"]).status_code == 201
    article = {
        "url": "https://paper.example.org/1",
        "outlet": "paper.example.org",
        "title": "Base",
        "text": TEXT,
    }
    assert post(client, {"type": "article.ingested", "article": article}).status_code == 202
    while run_jobs():
        pass

    w = desk.open("reader")
    page = w.page
    page.goto(desk.url("/articles"))
    page.get_by_role("link", name="Base").click()
    mark = page.locator("mark.extracted")
    expect(mark).to_have_count(1)
    assert "trained militants at the al-Tanf base" in mark.inner_text()
    page.get_by_role("link", name="Extracted claim 1").click()
    assert page.url.endswith("#x1")
    row = page.locator("#x1")
    assert "SVR" in row.inner_text() and "Foreign Intelligence Service" in row.inner_text()
    row.get_by_role("link", name="claim", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("trained militants")
    w.clean()
