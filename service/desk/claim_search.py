"""Semantic search on the claims list: "has this been checked?" by meaning, not words.

The same request as ``POST /v1/claims/search``: the worker holding the search index
answers (web processes never load the model), one job for the same text whether the API
or the desk asked. The page waits as long as the API does; if the worker has not
answered by then, it redirects to an address naming the job, whose page reloads itself
until the answer is in (and links to itself for a browser without JavaScript).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import redirect, render_template, url_for
from werkzeug import Response

from service.desk import lists
from service.http.services import services
from service.http.work import fetch_request, job_result, queue_request
from service.jobs import table
from service.schemas.matching import SearchIn

MODES = ("text", "meaning")
SHOWN = 20


def search(args: Mapping[str, str]) -> tuple[str, int] | Response:
    """The claims list answered by meaning (``args``: the list's query, ``q`` given)."""
    data, errors = lists.filters(SearchIn(), {"text": args.get("q", ""), "limit": str(SHOWN)})
    found: dict[str, Any] | None = None
    if not errors:
        job_args = [data["text"], data["limit"]]
        if args.get("job"):
            done, found = job_result(fetch_request(table.SEARCH_CLAIMS, args["job"]), 0)
        else:
            job = queue_request(table.SEARCH_CLAIMS, job_args, job_args)
            done, found = job_result(job, services().settings.search_wait_seconds)
            if not done:
                values: dict[str, Any] = dict(args) | {"job": job.id}
                return redirect(url_for("desk.claims.index", **values), 303)
    body = render_template(
        "claims/index.html",
        section="claims",
        items=[],
        args=args,
        errors={"q": errors["text"]} if errors.get("text") else errors,
        semantic=found,
        searching=not errors and found is None,
        next_url=None,
        first_url=None,
    )
    return body, 422 if errors else 200
