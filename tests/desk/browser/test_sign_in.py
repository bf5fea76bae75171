"""Chromium: signing in and out as each role, what each role is shown and refused, and
forms that do not carry the CSRF token."""

from __future__ import annotations

from typing import Any

import pytest

from tests.desk.browser.conftest import Desk

SECTIONS = {
    "reader": ["Claims", "Outlets", "Articles"],
    "editor": ["Claims", "Outlets", "Articles", "Review"],
    "admin": ["Claims", "Outlets", "Articles", "Review", "Admin"],
}


@pytest.mark.parametrize("role", ["reader", "editor", "admin"])
def test_sign_in_and_out(desk: Desk, role: str) -> None:
    w = desk.open()
    page = w.page
    page.goto(desk.url("/outlets"))
    assert "/sign-in" in page.url  # sent to sign in, and back after
    desk.sign_in(page, desk.raw_keys[role], here=True)
    assert page.url.endswith("/outlets")
    nav = page.get_by_role("navigation", name="Sections")
    assert nav.get_by_role("link").all_inner_texts() == SECTIONS[role]
    assert f"test-{role}" in page.locator(".whoami").inner_text()
    # The key went into a session: it is nowhere in the page, the cookie or storage.
    key = desk.raw_keys[role]
    cookies = page.context.cookies()
    assert [c["name"] for c in cookies] == ["credence_desk"]
    assert cookies[0]["httpOnly"] and cookies[0]["sameSite"] == "Lax"
    assert key not in page.content() and all(key not in c["value"] for c in cookies)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in?signed_out=1")
    assert page.get_by_role("status").inner_text() == "You are signed out."
    page.goto(desk.url("/claims"))
    assert "/sign-in" in page.url
    # The session is over on the server: the old cookie, put back, signs nobody in.
    page.context.add_cookies(cookies)
    page.goto(desk.url("/claims"))
    assert "/sign-in" in page.url
    w.clean()


def test_keyboard_reaches_the_content_and_every_control_is_labelled(desk: Desk) -> None:
    w = desk.open("reader")
    page = w.page
    page.goto(desk.url("/claims"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-q"  # the search box, first in main
    for path in ["/claims", "/outlets", "/articles"]:
        page.goto(desk.url(path))
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                 .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                 .map(el => el.name)"""
        )
        assert unlabelled == [], (path, unlabelled)
    w.clean()


ADMIN_PAGES = [
    "/admin/profiles",
    "/admin/profiles/the-canary",
    "/admin/config",
    "/admin/audit",
    "/admin/keys",
    "/admin/subscriptions",
]
ADMIN_POSTS = [
    ("/admin/profiles/the-canary/save", {"c.no_false_content": "1", "base_version": "1"}),
    ("/admin/profiles/the-canary/preview", {"c.no_false_content": "1", "base_version": "1"}),
    ("/admin/config/save", {"base_version": "1", "cfg.hedge_factor": "0.9"}),
    ("/admin/keys", {"name": "sneaky", "role": "admin"}),
    ("/admin/subscriptions", {"url": "https://example.com/hook", "events": "claim.score_changed"}),
]


@pytest.mark.parametrize("role", ["reader", "editor"])
def test_lower_roles_cannot_reach_admin_pages_or_post_admin_forms(
    app: Any, desk: Desk, demo: dict[str, str], role: str
) -> None:
    page = desk.open(role).page
    for path in ADMIN_PAGES:
        answer = page.goto(desk.url(path))
        assert answer is not None and answer.status == 403, path
        assert page.get_by_role("heading", level=1).inner_text() == "Forbidden"
        assert "needs the admin role" in page.locator("main").inner_text()
    # Direct POSTs, with a valid CSRF token of this session: still 403, nothing changed.
    page.goto(desk.url("/claims"))
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    for path, form in ADMIN_POSTS:
        answer = page.request.post(desk.url(path), form=form | {"csrf_token": token}, max_redirects=0)
        assert answer.status == 403, path
        assert "needs the admin role" in answer.text()
    _nothing_changed(app)


def _nothing_changed(app: Any) -> None:
    from sqlalchemy import func, select

    from service.models import ApiKey, Profile, ScoringConfigVersion, Subscription

    with app.extensions["credence"].sessions() as session:
        assert session.execute(select(Profile.version).where(Profile.id == "the-canary")).scalar() == 1
        assert session.execute(select(func.max(ScoringConfigVersion.version))).scalar() == 1
        assert session.execute(select(func.count()).select_from(ApiKey)).scalar() == 3
        assert session.execute(select(func.count()).select_from(Subscription)).scalar() == 0


def test_posts_without_the_csrf_token_are_refused(app: Any, desk: Desk, demo: dict[str, str]) -> None:
    page = desk.open("admin").page
    page.goto(desk.url("/admin/keys"))
    for path, form in [*ADMIN_POSTS, ("/sign-out", {})]:
        answer = page.request.post(desk.url(path), form=form, max_redirects=0)
        assert answer.status == 400, path
        assert "nothing was changed" in answer.text()
        forged = page.request.post(desk.url(path), form=form | {"csrf_token": "forged"}, max_redirects=0)
        assert forged.status == 400, path
    _nothing_changed(app)
    # Still signed in (the refused sign-out changed nothing either), and a real form works.
    page.goto(desk.url("/admin/keys"))
    page.get_by_label("Name (who or what uses it)").fill("cms-plugin")
    page.get_by_role("button", name="Create key").click()
    assert "is created" in page.locator("#new-key").inner_text()
