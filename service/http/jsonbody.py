"""Request bodies as the contract defines them: UTF-8 JSON, nested at most ``MAX_DEPTH``
deep.

``json.loads`` recurses once per level: a 2 KB body of ``[`` raises ``RecursionError``
(a 500 with a traceback per request), and a body just under the interpreter's limit
parses but then breaks whatever walks it next. ``json.loads`` of bytes also guesses
UTF-16 and UTF-32, which the contract does not allow. So every JSON body goes through
``load_json``: strict UTF-8, and a depth bound checked before the parser runs.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

# Far above any body this API takes (an ingested claim's origin object is 4 deep).
MAX_DEPTH = 64
# A JSON string, quotes included: brackets inside it do not nest.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = np.full(256, -1, dtype=np.int32)
_STEP[ord("[")] = _STEP[ord("{")] = 1


class BadJson(ValueError):
    """The body is not UTF-8 JSON within the depth bound (the message says which)."""


def too_deep(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether ``raw`` nests arrays and objects more than ``limit`` deep (for malformed
    JSON: whether a parser could get that deep). Linear and done in C: a regex drops
    the strings, a translate keeps the brackets, numpy sums the steps."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False  # the common case: too few openers to nest that deep
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return bool(brackets) and int(np.cumsum(_STEP[np.frombuffer(brackets, dtype=np.uint8)]).max()) > limit


def load_json(raw: bytes) -> Any:
    """The JSON value of ``raw``, or ``BadJson``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadJson("The request body is not UTF-8.") from None
    if too_deep(raw):
        raise BadJson(f"The request body nests arrays or objects more than {MAX_DEPTH} deep.")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise BadJson("The request body is not valid JSON.") from None
