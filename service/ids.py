"""Server-generated ids: a prefix, 12 hex digits of milliseconds, 10 random hex digits.

Time-ordered, so ordering by id is ordering by creation and a cursor (the last id seen)
stays valid while rows are added.
"""

from __future__ import annotations

import re
import secrets
import time
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def new_id(prefix: str) -> str:
    return f"{prefix}_{int(time.time() * 1000):012x}{secrets.token_hex(5)}"


def slugify(text: str, limit: int = 56) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "outlet"
