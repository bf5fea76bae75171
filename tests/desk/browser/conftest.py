"""Browser fixtures: Chromium (one per test session), the app served over real HTTP, a
``Desk`` that opens signed-in pages, the demo data scored, and a real worker process.

Without Chromium these tests skip, unless ``CREDENCE_REQUIRE_BROWSER=1`` (set by
``.ci/run``), which makes a missing browser a failure."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from tests.support.browser import ARGS, CHROMIUM, Watched, chromium_missing, watch

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    missing = chromium_missing()
    if missing:
        if os.environ.get("CREDENCE_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    # launch() starts from a fresh, temporary user-data directory every time.
    browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
    yield browser
    browser.close()
    driver.stop()


@pytest.fixture
def base_url(app: Any) -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per asset
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class Desk:
    """Opens pages in fresh browser contexts (one per user), signed in or not."""

    def __init__(self, browser: Any, base: str, raw_keys: dict[str, str]) -> None:
        self.browser, self.base, self.raw_keys = browser, base, raw_keys
        self.contexts: list[Any] = []

    def open(self, role: str | None = None, *, key: str | None = None) -> Watched:
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(20_000)
        self.contexts.append(context)
        watched = watch(context.new_page())
        if role or key:
            self.sign_in(watched.page, key or self.raw_keys[str(role)])
        return watched

    def sign_in(self, page: Any, key: str, *, here: bool = False) -> None:
        """Sign in through the form (``here``: the sign-in page already open)."""
        if not here:
            page.goto(self.base + "/sign-in")
        page.get_by_label("API key").fill(key)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in" not in url)

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def desk(chromium: Any, base_url: str, raw_keys: dict[str, str]) -> Iterator[Desk]:
    d = Desk(chromium, base_url, raw_keys)
    yield d
    d.close()


@pytest.fixture
def demo(app: Any, apply_config_files: Any, run_jobs: Any) -> dict[str, str]:
    """``config/`` and the canonical demo claims, every score computed by a real RQ worker."""
    from service.jobs.enqueue import enqueue_effects
    from tests.support.canonical import load_demo

    svc = app.extensions["credence"]
    apply_config_files()
    ids, effects = load_demo(svc.sessions)
    enqueue_effects(svc.redis, svc.settings, effects)
    while run_jobs():
        pass
    return ids


@pytest.fixture
def worker(env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``credence worker`` process on the test queue, stopped after the test."""
    proc = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "credence"), "worker", "--no-reconciler"],
        env=os.environ | env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield proc
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
