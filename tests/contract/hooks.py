"""Schemathesis hooks (``SCHEMATHESIS_HOOKS=tests.contract.hooks``): deliveries to the
ingest webhook are signed, as a pipeline signs them, so schemathesis tests what lies
behind the signature check instead of only its 401. The signature is a credential, like
the admin key the runner passes: its three headers are always set, never fuzzed."""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from schemathesis.core import NOT_SET

from tests.support.signing import SECRET, signed

WEBHOOK = "/v1/webhooks/ingest"


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if case.path != WEBHOOK or case.body is NOT_SET:
        return
    if case.media_type not in (None, "application/json"):
        return
    try:
        # The bytes schemathesis sends for a JSON body (its serializer is json.dumps).
        data = json.dumps(case.body).encode("utf-8")
    except TypeError:
        return  # a body it sends raw (bytes): left unsigned, so it gets the 401
    _, headers = signed(data, secret=SECRET)
    given = case.headers or {}
    # Only the headers the case carries: one it left out on purpose stays out.
    case.headers = {**given, **{k: v for k, v in headers.items() if k in given}}
