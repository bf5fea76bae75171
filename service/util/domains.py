"""URL → domain folding with the Public Suffix List snapshot bundled in tldextract.

No network: the extractor is built with no suffix-list URLs and no cache directory, so it
never tries to download a fresher list at run time.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

import tldextract


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def host_of(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if "://" not in value:
        value = "http://" + value
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return None
    host = (host or "").rstrip(".").lower()
    # Not a DNS name (RFC 1035 limits): without these bounds one long many-labelled host
    # made hundreds of candidate names, and a batch of them an IN list SQLite refused.
    if not host or len(host) > 253 or any(len(label) > 63 for label in host.split(".")):
        return None
    return host


def registrable(value: str) -> str | None:
    """The registrable domain (eTLD+1) of a URL or host, or None if it has none."""
    host = host_of(value)
    if host is None:
        return None
    ext = _extractor()(host)
    if not ext.suffix or not ext.domain:
        return None
    return f"{ext.domain}.{ext.suffix}".lower()


@functools.lru_cache(maxsize=65_536)
def candidates(value: str) -> tuple[str, ...]:
    """Hosts to try, most specific first, ending at the registrable domain; ``www.`` folded.

    An outlet may be registered under a subdomain (a newspaper's regional edition), so the
    most specific registered name wins, and anything else folds to the registrable domain.
    """
    host = host_of(value)
    reg = registrable(host) if host else None
    if host is None or reg is None:
        return ()
    if host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    out: list[str] = []
    for i in range(len(labels)):
        name = ".".join(labels[i:])
        out.append(name)
        if name == reg:
            break
    return tuple(out)


def normalise_domain(value: str) -> str | None:
    """Canonical form of a domain an editor registers for an outlet (lower case, no www.)."""
    host = host_of(value)
    if host is None or registrable(host) is None:
        return None
    return host[4:] if host.startswith("www.") else host
