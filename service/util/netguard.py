"""Callback URL policy for outbound notifications (SSRF guard).

Only http(s) URLs whose host resolves exclusively to public addresses are accepted (an
IPv6 address that embeds an IPv4 one — 6to4, Teredo, NAT64, IPv4-mapped or -compatible —
is as public as what it embeds),
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


# IPv6 prefixes whose addresses carry an IPv4 address in their last 32 bits: NAT64's
# well-known prefix (RFC 6052) and the deprecated IPv4-compatible form (::a.b.c.d).
_LAST_32_BITS = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("::/96"))
# Local-use NAT64 (RFC 8215): where in the address the IPv4 part sits is the operator's
# choice, so no address in it can be shown to be public.
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address] | None:
    """The IPv4 addresses an IPv6 address stands for, if it is one of the forms that
    embed one (a packet to it reaches that IPv4 host through a relay or translator):
    IPv4-mapped, 6to4 (2002::/16), Teredo (2001::/32: its server and its client),
    NAT64 and IPv4-compatible. None for an ordinary IPv6 address."""
    if addr.ipv4_mapped is not None:
        return [addr.ipv4_mapped]
    if addr.sixtofour is not None:
        return [addr.sixtofour]
    if addr.teredo is not None:
        return list(addr.teredo)
    if any(addr in net for net in _LAST_32_BITS):
        return [ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)]
    return None


def _is_public(addr: IPAddress) -> bool:
    if isinstance(addr, ipaddress.IPv6Address):
        if addr in _LOCAL_NAT64:
            return False
        inner = _embedded_ipv4(addr)
        if inner is not None:
            # Python calls 2002:7f00:1:: global: it is 127.0.0.1 behind a 6to4 relay.
            return all(_is_public(v4) for v4 in inner)
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
        given = parts.port
    except ValueError as exc:
        raise RefusedURL("Not a valid URL.") from exc
    if given == 0:
        # "No port" and port 0 must not be confused: 0 is no service anyone can listen on.
        raise RefusedURL("Port 0 is not a port a subscriber can listen on.")
    port = given or (443 if parts.scheme == "https" else 80)
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
