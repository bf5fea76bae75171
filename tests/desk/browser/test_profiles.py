"""Chromium: an admin edits a source profile — preview first, then save — and watches the
outlet's score move as a real worker rescores it, then restores the old version; two
admins editing one profile at once, where the second is told and loses nothing."""

from __future__ import annotations

import re
import subprocess
from typing import Any

from playwright.sync_api import expect

from tests.desk.browser.conftest import SCREENSHOTS, Desk

RATING = "#c\\.no_false_content"  # the input for "Does not repeatedly publish false content"


def _score(page: Any) -> str:
    return str(page.locator("#outlet-score").inner_text()).split("/")[0].strip()


def test_edit_preview_save_watch_the_score_then_restore(
    desk: Desk, demo: dict[str, str], worker: subprocess.Popen[bytes]
) -> None:
    w = desk.open("admin")
    page = w.page
    page.goto(desk.url("/outlets/the-canary"))
    before = _score(page)

    page.goto(desk.url("/admin/profiles"))
    page.get_by_role("link", name="the-canary").click()
    rating = page.locator(RATING)
    assert rating.input_value() == "0.5"
    rating.fill("1")
    assert page.get_by_role("button", name=re.compile("^Save")).count() == 0  # preview comes first
    page.get_by_role("button", name="Preview changes").click()

    preview = page.locator("#preview")
    expect(preview.get_by_role("heading", name="Preview — nothing is saved yet")).to_be_visible()
    diff = preview.locator("#diff").inner_text()
    assert "Does not repeatedly publish false content" in diff and "0.5" in diff
    would_be = preview.locator("#preview-outlets .would-be").inner_text()
    assert would_be != before
    assert "would change label" in preview.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "profile-editor.png"), full_page=True)

    preview.get_by_role("button", name="Save as version 2").click()
    expect(page.locator("#saved-notice")).to_contain_text("Saved version 2")
    page.get_by_role("link", name="The Canary").click()
    # The page reloads itself while the rescoring is owed; the worker process does it.
    expect(page.locator("#outlet-score")).to_contain_text(f"{would_be}/100", timeout=60_000)

    page.goto(desk.url("/admin/profiles/the-canary/history"))
    page.get_by_role("link", name="Restore version 1…").click()
    assert page.locator(RATING).input_value() == "0.5"
    page.get_by_role("button", name="Preview changes").click()
    assert page.locator("#preview-outlets .would-be").inner_text() == before
    page.get_by_role("button", name="Save as version 3").click()
    expect(page.locator("#saved-notice")).to_contain_text("Saved version 3")
    page.goto(desk.url("/outlets/the-canary"))
    expect(page.locator("#outlet-score")).to_contain_text(f"{before}/100", timeout=60_000)

    page.goto(desk.url("/admin/profiles/the-canary/history"))
    assert "restore of version 1" in page.locator("#v3").locator("..").inner_text()
    w.clean()


def test_two_admins_edit_one_profile_and_the_second_is_told(
    app: Any, desk: Desk, demo: dict[str, str], raw_keys: dict[str, str]
) -> None:
    second_key = _admin_key(app, "second-admin")
    first = desk.open("admin").page
    second = desk.open(key=second_key).page
    for page in (first, second):
        page.goto(desk.url("/admin/profiles/the-canary"))

    first.locator(RATING).fill("1")
    first.get_by_role("button", name="Preview changes").click()
    second.locator("#c\\.corrects_errors").fill("0")
    second.locator("#notes").fill("Corrections now rare: see the 2026 review.")
    second.get_by_role("button", name="Preview changes").click()  # before the first one saves

    first.get_by_role("button", name="Save as version 2").click()
    expect(first.locator("#saved-notice")).to_contain_text("Saved version 2")

    second.get_by_role("button", name="Save as version 2").click()
    notice = second.locator("#conflict-notice")
    expect(notice).to_contain_text("Not saved: test-admin saved version 2")
    assert "nothing is lost" in notice.inner_text()
    assert "Does not repeatedly publish false content" in notice.inner_text()  # what they changed
    # The second admin's values are all still there, now based on version 2.
    assert second.locator("#c\\.corrects_errors").input_value() == "0"
    assert second.locator("#notes").input_value() == "Corrections now rare: see the 2026 review."
    assert second.locator("input[name=base_version]").first.input_value() == "2"

    second.get_by_role("button", name="Preview changes").click()
    second.get_by_role("button", name="Save as version 3").click()
    expect(second.locator("#saved-notice")).to_contain_text("Saved version 3")

    # Nothing is lost: the first admin's version is in the history, the second's is current.
    second.goto(desk.url("/admin/profiles/the-canary/history"))
    history = second.locator("main").inner_text()
    assert "Version 3" in history and "Version 2" in history and "by second-admin" in history
    assert "by test-admin" in history


def _admin_key(app: Any, name: str) -> str:
    from service.records.keys import new_key
    from service.store.db import transaction

    with transaction(app.extensions["credence"].sessions) as session:
        _, secret = new_key(session, name, "admin")
    return secret
