"""``block_private_addresses``: refuse hosts that resolve to non-public addresses.

The check runs where the connection is made (an httpcore network backend): the host is
resolved once, every address it resolves to is checked, and the socket is opened to an address
that passed. Nothing resolves the name a second time, so a DNS answer that changes between the
check and the connect (DNS rebinding) cannot reach an internal service. Redirects and
robots.txt fetches go through the same backend, so they are covered too.

With a proxy, the proxy resolves the target: then only the pre-flight check
(:func:`check_host`) runs, on our own resolution of the name, which a rebinding DNS server can
still defeat. Use the guard without a proxy when it matters.
"""

from __future__ import annotations

import ipaddress
import socket
from contextlib import nullcontext
from collections.abc import Iterable
from typing import Any

import anyio
import httpcore

from ..errors import BlockedAddress, ConnectError
from .backend import HostNotFound, dns_failure, name_not_found

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Not all of these are "private" to the ipaddress module (CGNAT space, for one, is not), but
# none is a public web server: cloud metadata endpoints live in link-local and CGNAT space.
_EXTRA_BLOCKED = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "224.0.0.0/4",
    "240.0.0.0/4", "255.255.255.255/32", "64:ff9b:1::/48", "fc00::/7", "fe80::/10",
    "fec0::/10",  # site-local (deprecated, still routed inside some networks)
    "ff00::/8", "::/128", "::1/128",
))


def _embedded_v4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address carried inside an IPv6 one (mapped, 6to4, Teredo, NAT64), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in ipaddress.ip_network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_blocked_ip(ip: IPAddress | str) -> bool:
    """True for loopback, private, link-local, multicast, reserved and unspecified addresses
    (and IPv6 addresses embedding one): everything that is not the public internet."""
    if isinstance(ip, str):
        ip = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return is_blocked_ip(ip.ipv4_mapped)  # the socket really talks to the IPv4 address
    inner = _embedded_v4(ip)
    if inner is not None and is_blocked_ip(inner):
        return True
    if not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_link_local:
        return True
    return any(ip in net for net in _EXTRA_BLOCKED if net.version == ip.version)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


async def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (once), in the resolver's order."""
    literal = _literal(host)
    if literal is not None:
        return [str(literal)]
    try:
        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:  # name resolution failure: a connect error, as without the guard
        raise dns_failure(host, exc) from exc
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        addr = str(sockaddr[0]).split("%", 1)[0]
        if addr not in seen:
            seen.append(addr)
    return seen


def _refuse(host: str, addrs: Iterable[str]) -> None:
    bad = [a for a in addrs if is_blocked_ip(a)]
    if bad:
        where = host if _literal(host) is not None else f"{host} ({', '.join(bad[:3])})"
        raise BlockedAddress(f"refusing non-public address {where} "
                             "(block_private_addresses is on)")


async def check_host(host: str, port: int) -> None:
    """Pre-flight check (used with a proxy): raise BlockedAddress if ``host`` is not public."""
    try:
        addrs = await resolve(host, port)
    except httpcore.ConnectError as exc:
        raise (HostNotFound if name_not_found(exc) else ConnectError)(str(exc)) from None
    _refuse(host, addrs)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore backend that resolves, checks every address, then connects to a checked one."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None
                          ) -> httpcore.AsyncNetworkStream:
        try:
            with anyio.fail_after(timeout) if timeout else nullcontext():
                addrs = await resolve(host, port)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} took over {timeout:g}s") from None
        if not addrs:
            raise httpcore.ConnectError(f"{host} resolves to no address")
        # All of them, not only the one we would use: a name that mixes public and internal
        # answers is a rebinding setup, and the next connection might get the other one.
        _refuse(host, addrs)
        last: Exception | None = None
        for addr in addrs:
            try:
                return await self._inner.connect_tcp(addr, port, timeout=timeout,
                                                     local_address=local_address,
                                                     socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress("refusing a unix socket connection (block_private_addresses is on)")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


__all__ = ["GuardedBackend", "check_host", "is_blocked_ip", "resolve"]
