"""Chromium: every page of the desk loads without a console error or a dialog; markup in
an outlet's name (or any stored text) is shown as text; the claim page of the canonical
example shows one independent unit (and is the README's screenshot)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tests.desk.browser.conftest import SCREENSHOTS, Desk
from tests.support.signing import article, signed

MARKUP = "<img src=x onerror=alert(1)>"
SHOWN = (MARKUP, "<script>alert(2)</script>", "<svg onload=alert(4)>", "<iframe src=javascript:alert(5)>")


def test_markup_in_stored_text_renders_as_text(client: Any, keys: Any, desk: Desk, run_jobs: Any) -> None:
    editor = keys["editor"]
    assert (
        client.put("/v1/outlets/xss", json={"name": MARKUP, "kind": "blog"}, headers=editor).status_code
        == 201
    )
    claim = client.post(
        "/v1/claims",
        json={
            "text": "<script>alert(2)</script> is a claim",
            "appearances": [
                {"outlet": "xss", "url": "https://xss.example/1", "excerpt": "<b onmouseover=alert(3)>x</b>"},
                {
                    "outlet": "xss",
                    "url": "https://xss.example/2",
                    "origin": {"name": "<svg onload=alert(4)>"},
                },
            ],
        },
        headers=editor,
    ).json
    body = article(1, outlet="xss")
    body["article"] |= {"outlet": "xss", "title": "<iframe src=javascript:alert(5)>", "text": MARKUP}
    data, headers = signed(body)
    posted = client.post("/v1/webhooks/ingest", data=data, headers=headers).json
    while run_jobs():
        pass

    w = desk.open("editor")
    page = w.page
    for path in [
        "/outlets?q=img",
        "/outlets/xss",
        f"/claims/{claim['id']}",
        "/claims?q=script",
        "/articles",
        f"/articles/{posted['article']}",
        "/review",
    ]:
        page.goto(desk.url(path))
        text = page.locator("main").inner_text()
        assert any(m in text for m in SHOWN), path
        assert page.locator("main img, main script, main iframe, main b").count() == 0, path
    page.goto(desk.url(f"/claims/{claim['id']}"))
    assert "<svg onload=alert(4)>" in page.locator("main").inner_text()
    assert page.locator("svg[onload]").count() == 0
    w.clean()  # no dialog opened, nothing failed to load


def _links(page: Any, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith("/assets/"):
            continue
        out.append(href.split("#")[0])
    return out


def test_every_page_loads_without_console_errors(
    app: Any, client: Any, keys: Any, desk: Desk, demo: dict[str, str], run_jobs: Any
) -> None:
    data, headers = signed(article(7))
    client.post("/v1/webhooks/ingest", data=data, headers=headers)
    client.post(
        "/v1/admin/subscriptions",
        json={"url": "http://127.0.0.1:9/hook", "events": ["claim.score_changed"]},
        headers=keys["admin"],
    )
    while run_jobs():
        pass

    w = desk.open("admin")
    page = w.page
    seen: set[str] = set()
    todo = [
        "/claims",
        "/outlets",
        "/articles",
        "/review",
        "/admin/profiles",
        "/admin/config",
        "/admin/audit",
        "/admin/keys",
        "/admin/subscriptions",
    ]
    while todo and len(seen) < 120:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        answer = page.goto(desk.url(path))
        assert answer is not None and answer.status == 200, (path, answer and answer.status)
        todo.extend(p for p in _links(page, desk.base) if p not in seen)
    assert any(p.startswith("/claims/c_") for p in seen) and any(p.startswith("/outlets/") for p in seen)
    assert any(p.startswith("/articles/art_") for p in seen) and any("/history" in p for p in seen)

    # The forms' answers are pages too: both previews, and a failed one.
    page.goto(desk.url("/admin/profiles/the-canary"))
    page.get_by_role("button", name="Preview changes").click()
    page.goto(desk.url("/admin/config"))
    page.get_by_label("hedge_factor").fill("0.4")
    page.get_by_role("button", name="Preview changes").click()
    assert "hedge_factor" in page.locator("#diff").inner_text()
    w.clean()
    # A refused form answers 422 with the form and its messages; Chromium reports the
    # status in the console, and that is the only entry.
    page.get_by_label("hedge_factor").fill("7")
    with page.expect_response(lambda r: r.url.endswith("/admin/config/preview")) as answer:
        page.get_by_role("button", name="Preview changes").click()
    assert answer.value.status == 422
    assert page.get_by_label("hedge_factor").get_attribute("aria-invalid") == "true"
    assert [e for e in w.errors if "status of 422" not in e] == [] and not w.dialogs

    # The canonical example: the al-Tanf training claim, every appearance one unit.
    reader = desk.open("reader")
    reader.page.goto(desk.url(f"/claims/{demo['al-tanf-isis-training']}"))
    facts = reader.page.locator(".headline .facts").inner_text()
    # The ingested article above repeats the claim in other words: matching joins it too.
    assert "4 appearances" in facts and "3 publishers" in facts and "1 independent supporting unit" in facts
    assert reader.page.locator("svg.diagram .node.unit").count() == 1
    reader.page.screenshot(path=str(SCREENSHOTS / "claim-page.png"), full_page=True)
    reader.clean()
