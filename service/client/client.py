"""``Credence``: the API for newsroom tools written in Python — lookups, outlets and their
reliability, claims with appearances and verdicts, claim search, jobs and ingest — with
the service's waiting done for the caller: a ``202`` with ``Location`` (a score not yet
computed, a search still running) is polled until the answer is there."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, cast

import requests

from service.client.admin import Admin
from service.client.errors import JobFailed, NotFound, WaitTimeout
from service.client.ingest import Delivery, deliver
from service.client.signing import IngestSigner, new_webhook_id
from service.client.transport import Transport, retry_after
from service.client.types import Claim, Job, LookupResult, Outlet, Score

JSON = dict[str, Any]


class Credence:
    """A client for one Credence service and one API key.

    ``retries`` and ``max_wait`` bound the retries of a 429 or 503 (after the server's
    ``Retry-After``); ``wait`` on the methods that can be answered later bounds how long
    they poll (``poll_interval`` overrides the server's ``Retry-After`` between polls).
    """

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        key: str | None = None,
        *,
        retries: int = 3,
        max_wait: float = 30.0,
        timeout: float = 30.0,
        poll_interval: float | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], Any] = time.sleep,
    ) -> None:
        self.http = Transport(
            base_url, key, retries=retries, max_wait=max_wait, timeout=timeout, session=session, sleep=sleep
        )
        self.poll_interval = poll_interval
        self.admin = Admin(self.http)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Credence:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lookups ---------------------------------------------------------------------
    def lookup(self, url: str) -> LookupResult:
        """Outlet and reliability for a URL or domain (``label: "unrated"`` when unknown)."""
        return cast(LookupResult, self.http.call("GET", "/v1/lookup", params={"url": url}))

    def lookup_many(self, urls: Iterable[str]) -> list[LookupResult]:
        """Up to 1,000 URLs in one request, answered in input order."""
        body = self.http.call("POST", "/v1/lookup", json={"urls": list(urls)})
        return cast(list[LookupResult], body["items"])

    # -- outlets ---------------------------------------------------------------------
    def outlet(self, outlet_id: str) -> Outlet:
        return cast(Outlet, self.http.call("GET", f"/v1/outlets/{outlet_id}"))

    def outlets(self, **filters: Any) -> Iterator[Outlet]:
        """Every outlet matching ``q``, ``domain``, ``kind``, ``network``, ``label``,
        ``country`` (``limit``: page size), page after page."""
        return cast(Iterator[Outlet], self.http.pages("/v1/outlets", filters))

    def put_outlet(self, outlet_id: str, outlet: Mapping[str, Any]) -> Outlet:
        """Create or replace an outlet (``name``, ``kind``, ``domains``, ``aliases``, …)."""
        return cast(Outlet, self.http.call("PUT", f"/v1/outlets/{outlet_id}", json=dict(outlet)))

    def outlet_score(self, outlet_id: str, *, wait: float = 30.0) -> Score:
        """The outlet's reliability with its explanation; an outlet never scored is queued
        and its job waited for (``WaitTimeout`` after ``wait`` seconds)."""
        path = f"/v1/outlets/{outlet_id}/score"
        return cast(Score, self._settled(lambda: self.http.send("GET", path), wait))

    def score_history(self, outlet_id: str) -> Iterator[JSON]:
        return self.http.pages(f"/v1/outlets/{outlet_id}/score/history")

    # -- claims ----------------------------------------------------------------------
    def claim(self, claim_id: str) -> Claim:
        """A claim with appearances, verdicts and corroboration (``stale: true`` while a
        rescoring is owed)."""
        return cast(Claim, self.http.call("GET", f"/v1/claims/{claim_id}"))

    def claims(self, **filters: Any) -> Iterator[Claim]:
        """Every claim matching ``q`` (text), ``question``, ``label``, ``outlet``."""
        return cast(Iterator[Claim], self.http.pages("/v1/claims", filters))

    def create_claim(
        self,
        text: str,
        *,
        appearances: Iterable[Mapping[str, Any]] = (),
        verdicts: Iterable[Mapping[str, Any]] = (),
        question: str | None = None,
        topics: Iterable[str] = (),
    ) -> Claim:
        body: JSON = {"text": text, "appearances": [dict(a) for a in appearances]}
        body |= {"verdicts": [dict(v) for v in verdicts], "topics": list(topics)}
        if question is not None:
            body["question"] = question
        return cast(Claim, self.http.call("POST", "/v1/claims", json=body))

    def add_appearance(self, claim_id: str, appearance: Mapping[str, Any]) -> JSON:
        """``{"outlet", "url", "origin", "stance", "hedged", …}``; the claim is rescored."""
        return dict(self.http.call("POST", f"/v1/claims/{claim_id}/appearances", json=dict(appearance)))

    def add_verdict(self, claim_id: str, verdict: Mapping[str, Any]) -> JSON:
        """``{"reviewer", "rating", "url", "reviewed_at"}``; the claim is rescored."""
        return dict(self.http.call("POST", f"/v1/claims/{claim_id}/verdicts", json=dict(verdict)))

    def search_claims(self, text: str, *, limit: int = 5, wait: float = 30.0) -> JSON:
        """Has this been checked? The known claims closest to ``text``, with similarity,
        the probability of being the same claim, corroboration and verdicts."""
        body = {"text": text, "limit": limit}
        return dict(self._settled(lambda: self.http.send("POST", "/v1/claims/search", json=body), wait))

    def similar_claims(self, claim_id: str, *, limit: int = 5, wait: float = 30.0) -> JSON:
        path, params = f"/v1/claims/{claim_id}/similar", {"limit": limit}
        return dict(self._settled(lambda: self.http.send("GET", path, params=params), wait))

    # -- articles and ingest ---------------------------------------------------------
    def article(self, article_id: str) -> JSON:
        return dict(self.http.call("GET", f"/v1/articles/{article_id}"))

    def articles(self, **filters: Any) -> Iterator[JSON]:
        return self.http.pages("/v1/articles", filters)

    def ingest(
        self,
        article: Mapping[str, Any],
        signer: IngestSigner,
        *,
        webhook_id: str | None = None,
        retries: int = 5,
    ) -> Delivery:
        """Deliver one article to the signed ingest webhook, as a pipeline does (no API
        key: the signature is the credential). Re-sending with the same ``webhook_id``
        is answered ``duplicate``."""
        body = json.dumps({"type": "article.ingested", "article": dict(article)}).encode()
        url = self.http.url("/v1/webhooks/ingest")
        return deliver(
            self.http.session, url, signer, webhook_id or new_webhook_id(), body,
            retries=retries, timeout=self.http.timeout, sleep=self.http.sleep,
        )  # fmt: skip

    # -- jobs ------------------------------------------------------------------------
    def job(self, job_id: str) -> Job:
        return cast(Job, self.http.call("GET", f"/v1/jobs/{job_id}"))

    def wait_job(self, job_id: str, *, wait: float = 30.0) -> Job:
        """The job once ``finished``; ``JobFailed`` if it failed, ``WaitTimeout`` after
        ``wait`` seconds."""
        deadline = time.monotonic() + wait
        while True:
            job = self.job(job_id)
            if job.get("status") == "finished":
                return job
            if job.get("status") == "failed":
                raise JobFailed(job)
            self._pause(deadline, None, f"job {job_id}")

    def _settled(self, request: Callable[[], requests.Response], wait: float) -> Any:
        """The answer of ``request`` once it is not a 202: a ``Location`` under
        ``/v1/jobs/`` is a job to wait for before asking again; any other is where the
        answer will be, polled until it is there."""
        deadline = time.monotonic() + wait
        resp = request()
        while resp.status_code == 202:
            location = resp.headers.get("Location", "")
            if location.startswith("/v1/jobs/"):
                job_id = location.removeprefix("/v1/jobs/")
                # NotFound: finished and expired already — asking again is the answer.
                with contextlib.suppress(NotFound):
                    self.wait_job(job_id, wait=max(0.0, deadline - time.monotonic()))
                resp = request()
                if resp.status_code == 202:
                    self._pause(deadline, retry_after(resp), location)
                continue
            self._pause(deadline, retry_after(resp), location)
            resp = self.http.send("GET", location)
        return resp.json()

    def _pause(self, deadline: float, advised: float | None, what: str) -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise WaitTimeout(f"{what} was not ready in time")
        step = self.poll_interval if self.poll_interval is not None else (advised or 1.0)
        self.http.sleep(min(step, left))
