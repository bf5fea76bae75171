"""Chromium: /docs renders the API reference (Swagger UI from the installed package),
shows a request example, and "Try it out" sends a request with a bearer key given to
"Authorize". Its screenshot goes to the test's temporary directory (never committed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support.browser import watch


def _operation(page: Any, method: str, path: str) -> Any:
    return page.locator(f".opblock-{method}").filter(
        has=page.locator(f'.opblock-summary-path[data-path="{path}"]')
    )


def test_docs_render_examples_and_try_it_out(
    chromium: Any, base_url: str, raw_keys: dict[str, str], tmp_path: Path
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    try:
        w = watch(context.new_page())
        page = w.page
        page.goto(base_url + "/docs")
        # Rendered operations, not a "Loading…" placeholder: Swagger UI fetched the document.
        page.wait_for_selector(".opblock-summary-path")
        assert page.locator(".opblock").count() >= 30
        assert "Loading" not in page.locator(".information-container").inner_text()

        create = _operation(page, "post", "/v1/claims")
        create.locator(".opblock-summary").click()
        body = create.locator(".opblock-section-request-body")
        body.wait_for()
        assert "The bridge will reopen to traffic in March." in body.inner_text()
        shot = tmp_path / "docs.png"
        page.screenshot(path=str(shot), full_page=False)
        assert shot.stat().st_size > 10_000

        # "Authorize" with a reader key, then "Try it out" on GET /v1/outlets: it answers 200.
        page.locator("button.authorize").first.click()
        dialog = page.locator(".modal-ux")
        dialog.locator("input").first.fill(raw_keys["reader"])
        dialog.locator("button.authorize").click()
        dialog.locator("button.btn-done").click()
        outlets = _operation(page, "get", "/v1/outlets")
        outlets.locator(".opblock-summary").click()
        outlets.locator("button.try-out__btn").click()
        outlets.locator("button.execute").click()
        status = outlets.locator(".live-responses-table tbody .response-col_status").first
        status.wait_for()
        assert status.inner_text().strip() == "200"
        w.clean()
    finally:
        context.close()
