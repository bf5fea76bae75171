"""Desk fixtures: the raw keys of each role, and test clients signed in as one of them
(through the real sign-in form, CSRF token included)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


@pytest.fixture
def raw_keys(keys: dict[str, dict[str, str]]) -> dict[str, str]:
    """role → the key itself (``crd_…``)."""
    return {role: h["Authorization"].removeprefix("Bearer ") for role, h in keys.items()}


@pytest.fixture
def sign_in(app: Any, raw_keys: dict[str, str]) -> Callable[..., Any]:
    def make(role: str, *, base_url: str = "http://localhost") -> Any:
        client = app.test_client()
        form = client.get("/sign-in", base_url=base_url)
        answer = client.post(
            "/sign-in",
            data={"key": raw_keys[role], "csrf_token": csrf_of(form.text), "next": ""},
            base_url=base_url,
            # Over TLS, Flask-WTF also wants a same-origin Referer (browsers send one).
            headers={"Referer": f"{base_url}/sign-in"},
        )
        assert answer.status_code == 303, answer.text
        return client

    return make


def token(client: Any, path: str = "/claims") -> str:
    """A CSRF token from a page the signed-in client can see."""
    return csrf_of(client.get(path).text)
