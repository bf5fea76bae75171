"""Chromium: the editor's review queue — candidate matches compared side by side,
merged and the merge undone; the sources ingest could not place."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.desk.browser.conftest import Desk

KNOWN = "The 2019 budget cut school funding by 5 percent."
NEWER = "The 2019 budget cut school funding by 7 percent."


def test_editor_sees_sources_ingest_could_not_place(client: Any, keys: Any, desk: Desk) -> None:
    client.post(
        "/v1/claims",
        json={
            "text": "A claim",
            "appearances": [{"outlet": "gazette.internal", "url": "https://g.example/1"}],
        },
        headers=keys["editor"],
    )
    w = desk.open("editor")
    w.page.goto(desk.url("/review"))
    rows = w.page.locator("main table").inner_text()
    assert "gazette.internal" in rows
    w.page.get_by_role("link", name="gazette.internal").click()
    assert w.page.get_by_role("heading", level=1).inner_text() == "gazette.internal"
    w.clean()


def _claim(client: Any, keys: Any, text: str, outlet: str, reviewer: str, rating: str) -> str:
    answer = client.post(
        "/v1/claims",
        json={
            "text": text,
            "appearances": [{"outlet": outlet, "url": f"https://{outlet}/budget"}],
            "verdicts": [{"reviewer": reviewer, "rating": rating, "url": f"https://{reviewer}/budget"}],
        },
        headers=keys["editor"],
    )
    assert answer.status_code == 201, answer.json
    return str(answer.json["id"])


def _headline(page: Any) -> str:
    """The claim page's score and its facts line (appearances, publishers, units)."""
    return " ".join(page.locator(".headline").inner_text().split())


def _settled(page: Any, run_jobs: Any) -> str:
    # The workers rescore what the form changed; the page then shows the stored result.
    while run_jobs():
        pass
    page.reload()
    expect(page.locator("[data-autorefresh]")).to_have_count(0)
    return _headline(page)


def test_editor_merges_a_candidate_match_and_undoes_it(
    app: Any, client: Any, keys: Any, desk: Desk, run_jobs: Any
) -> None:
    # Numbers that differ are never merged by the matcher, at most linked for review.
    known = _claim(client, keys, KNOWN, "paper-a.example.org", "checker.example.org", "mostly_true")
    run_jobs()
    newer = _claim(client, keys, NEWER, "paper-b.example.org", "other-checker.example.org", "false")
    while run_jobs():
        pass

    w = desk.open("editor")
    page = w.page
    page.goto(desk.url(f"/claims/{known}"))
    known_before = _headline(page)
    page.goto(desk.url(f"/claims/{newer}"))
    newer_before = _headline(page)
    assert "1 appearances" in known_before

    page.goto(desk.url("/review"))
    match = page.locator("article.match")
    expect(match).to_have_count(1)
    sides = match.locator(".side")
    assert KNOWN in sides.nth(0).inner_text() and NEWER in sides.nth(1).inner_text()  # side by side
    match.get_by_role("button", name="Merge").click()

    # The newer claim's address now shows the known claim, saying so.
    expect(page.locator("#merged-notice")).to_contain_text(f"Claim {newer}")
    assert page.get_by_role("heading", level=1).inner_text() == KNOWN
    merged = _settled(page, run_jobs)
    assert "2 appearances" in merged and "2 publishers" in merged and merged != known_before
    wordings = page.locator("#wordings-h").locator("..")
    assert NEWER in wordings.inner_text() and "paper-b.example.org" in wordings.inner_text()
    wordings.get_by_role("link", name="this claim").click()
    assert page.url.endswith(f"/claims/{known}")
    page.goto(desk.url("/review"))
    assert "No candidate matches waiting." in page.locator("#matches-h").locator("..").inner_text()

    # Undo, from the merged queue: both claims and every score exactly as before.
    page.goto(desk.url("/review"))
    page.get_by_role("link", name="Merged").click()
    page.locator("article.match").get_by_role("button", name="Undo merge").click()
    expect(page.locator("#merged-notice")).to_contain_text("The merge is undone")
    assert page.get_by_role("heading", level=1).inner_text() == NEWER
    assert _settled(page, run_jobs) == newer_before
    page.goto(desk.url(f"/claims/{known}"))
    assert _headline(page) == known_before
    page.goto(desk.url("/review"))
    expect(page.locator("article.match")).to_have_count(1)  # back in the queue
    w.clean()

    admin = desk.open("admin")
    admin.page.goto(desk.url(f"/admin/audit?entity_type=claim&entity_id={newer}"))
    steps = admin.page.locator("main > table > tbody > tr > td:nth-child(3)").all_inner_texts()
    assert sorted(steps) == ["merge", "unmerge"]
    admin.clean()

    # A reader sees no review queue, and a direct POST with the reader's own token is 403.
    reader = desk.open("reader").page
    reader.goto(desk.url(f"/claims/{known}"))
    assert reader.get_by_role("button", name="Undo merge").count() == 0
    token = reader.locator('meta[name="csrf-token"]').get_attribute("content")
    answer = reader.goto(desk.url("/review"))
    assert answer is not None and answer.status == 403
    for path in ("/review/matches/1/merge", "/review/matches/1/reject", f"/claims/{newer}/unmerge"):
        refused = reader.request.post(desk.url(path), form={"csrf_token": token}, max_redirects=0)
        assert refused.status == 403, path
    page.goto(desk.url("/review"))
    expect(page.locator("article.match")).to_have_count(1)
