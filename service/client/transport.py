"""HTTP for the client: one ``requests`` session, the bearer key, JSON in and out, and
the two refusals worth waiting out — 429 (over the key's rate limit) and 503 (the
database or the workers' queue briefly unreachable; nothing was acknowledged, so sending
again is safe) — retried after the server's ``Retry-After``. Any other refusal is raised
as its problem document (``service.client.errors``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from service.client.errors import TransportError, problem_for

RETRIED = frozenset({429, 503})


def retry_after(resp: requests.Response) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP date), or None."""
    raw = resp.headers.get("Retry-After")
    if not raw:
        return None
    if raw.strip().isdigit():
        return float(raw.strip())
    try:
        return max(0.0, parsedate_to_datetime(raw).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class Transport:
    def __init__(
        self,
        base_url: str,
        key: str | None,
        *,
        retries: int = 3,
        max_wait: float = 30.0,
        timeout: float = 30.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], Any] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.max_wait = max_wait  # a Retry-After longer than this is not waited out
        self.timeout = timeout
        self.sleep = sleep
        self.session = session or requests.Session()
        self.session.headers["Accept"] = "application/json, application/problem+json"
        if key:
            self.session.headers["Authorization"] = f"Bearer {key}"

    def close(self) -> None:
        self.session.close()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base_url + path

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """The response (2xx, or a 3xx the caller follows); a refusal raised as its problem."""
        query = {k: v for k, v in (params or {}).items() if v is not None}
        for attempt in range(self.retries + 1):
            try:
                resp = self.session.request(
                    method,
                    self.url(path),
                    params=query,
                    json=json,
                    headers=dict(headers or {}),
                    timeout=self.timeout,
                    allow_redirects=False,
                )
            except requests.RequestException as exc:
                raise TransportError(f"{method} {path}: {exc}") from exc
            if resp.status_code < 400:
                return resp
            wait = retry_after(resp)
            if resp.status_code in RETRIED and attempt < self.retries and (wait or 0) <= self.max_wait:
                self.sleep(wait if wait is not None else min(2.0**attempt, self.max_wait))
                continue
            raise self._problem(resp, wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def call(self, method: str, path: str, **kw: Any) -> Any:
        """``send`` and the parsed JSON body (None for an empty one, as a 204's)."""
        resp = self.send(method, path, **kw)
        return resp.json() if resp.content else None

    def pages(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Every item of a cursor-paginated list, fetching the next page when needed."""
        query = dict(params or {})
        while True:
            page = self.call("GET", path, params=query)
            yield from page["items"]
            if not page.get("next_cursor"):
                return
            query["cursor"] = page["next_cursor"]

    @staticmethod
    def _problem(resp: requests.Response, wait: float | None) -> Exception:
        try:
            doc = resp.json()
        except ValueError:
            doc = None
        if not isinstance(doc, dict):
            doc = {"title": resp.reason or "", "detail": resp.text[:500]}
        return problem_for(resp.status_code, doc, wait)
