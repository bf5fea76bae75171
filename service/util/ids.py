"""Server-generated ids: a prefix, 12 hex digits of milliseconds, 10 random hex digits.

Time-ordered, so ordering by id is ordering by creation and a cursor (the last id seen)
stays valid while rows are added. The random part only has to make ids unique, not
unguessable (ids are public; secrets are made with ``secrets``), so it comes from
``random``, which reseeds itself in a forked child, instead of a ``getrandom`` system
call per id.
"""

from __future__ import annotations

import random
import re
import time
import unicodedata

# "(?!\n)$" rather than "$": in Python "$" also matches before a final newline, and this
# pattern is published in the OpenAPI document, where every validator must read it alike.
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}(?!\n)$")


def new_id(prefix: str) -> str:
    return f"{prefix}_{int(time.time() * 1000):012x}{random.getrandbits(40):010x}"


def slugify(text: str, limit: int = 56) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "outlet"


def id_floor(some_id: str, seconds: float) -> str:
    """The smallest id of the same prefix made ``seconds`` before ``some_id``: ids are
    time-ordered, so everything created since then sorts at or after it."""
    prefix, _, rest = some_id.partition("_")
    millis = max(0, int(rest[:12], 16) - int(seconds * 1000))
    return f"{prefix}_{millis:012x}"
