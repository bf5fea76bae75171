"""ETags and ``If-Match`` for versioned resources: a profile's ETag is ``"<version>"``,
the scoring config's ``"config-<version>"``. ``If-Match`` becomes the versions a write
may replace (``service.records.versions.Expected``)."""

from __future__ import annotations

from service.records.versions import Expected

IF_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "ETag of the version edited; a stale one gets 412",
}


def etag(version: int, prefix: str = "") -> str:
    return f'"{prefix}{version}"'


def expected(header: str | None, prefix: str = "") -> Expected | None:
    """None without ``If-Match``; a tag of another resource's form matches no version."""
    if header is None:
        return None
    versions: set[int] = set()
    for tag in (t.strip().removeprefix("W/") for t in header.split(",")):
        if tag == "*":
            return Expected(any_version=True)
        body = tag.strip('"')
        if tag.startswith('"') and body.startswith(prefix) and body[len(prefix) :].isdigit():
            versions.add(int(body[len(prefix) :]))
    return Expected(frozenset(versions))
