"""Callback URL policy for outbound notifications (SSRF guard).

Only http(s) URLs whose host resolves exclusively to public addresses are accepted,
unless the host (or a CIDR containing its addresses) is listed in
``CREDENCE_CALLBACK_ALLOW_HOSTS``. The check runs at subscription time and again before
every send: a name that resolved to a public address yesterday may point at the
metadata service today (DNS rebinding). Redirects are never followed by the sender, so
a public endpoint cannot bounce a request inward either.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class RefusedURL(ValueError):
    """The URL is not one we will send to; the message says why (safe to show)."""


def _allow_lists(allow: Iterable[str]) -> tuple[set[str], list[IPNetwork]]:
    hosts: set[str] = set()
    nets: list[IPNetwork] = []
    for entry in allow:
        entry = entry.strip().lower()
        if not entry:
            continue
        try:
            # A bare address is its own /32 (or /128): "127.0.0.1" allows localhost too.
            nets.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            hosts.add(entry.rstrip("."))
    return hosts, nets


def _is_public(addr: IPAddress) -> bool:
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    return addr.is_global and not (addr.is_multicast or addr.is_reserved or addr.is_unspecified)


def resolve(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise RefusedURL(f"Host {host!r} does not resolve.") from exc
    # Scope ids ("fe80::1%eth0") are not part of the address proper.
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def check_url(url: str, allow: Iterable[str]) -> None:
    """Raise ``RefusedURL`` unless ``url`` may receive notifications."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise RefusedURL("Not a valid URL.") from exc
    if parts.scheme not in ("http", "https"):
        raise RefusedURL("Only http and https URLs are allowed.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise RefusedURL("The URL has no host.")
    if parts.username or parts.password:
        raise RefusedURL("Credentials in the URL are not allowed; the payload is signed instead.")
    hosts, nets = _allow_lists(allow)
    if host in hosts:
        return
    addresses = resolve(host, port)
    if not addresses:
        raise RefusedURL(f"Host {host!r} does not resolve.")
    for addr in addresses:
        if _is_public(addr) or any(addr in net for net in nets):
            continue
        raise RefusedURL(
            f"Host {host!r} resolves to the non-public address {addr}; "
            "allow it in CREDENCE_CALLBACK_ALLOW_HOSTS if that is intended."
        )
