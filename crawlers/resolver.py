"""The binding private-address check: the DNS resolver every crawl connects through drops private answers.

SafetyMiddleware refuses a URL whose host resolves to a private address, but it resolves the name itself, and the
downloader then resolves it again to connect. A host that answers a public address to the first lookup and a private
one to the second (DNS rebinding) would get through. This resolver filters the very answer the downloader connects
to, so the address a crawl connects to is always an address that was checked. (A literal IP host never reaches a
resolver: the middleware's check is the one for those.)

Twisted's name-resolution receivers have no way to report an error, and an empty answer ends in a vague "no results
for hostname lookup". So when a name resolves only to refused addresses, the resolver answers one placeholder
address whose host is a reserved ``.invalid`` name it made up; connecting to it asks this resolver again, which then
fails with a DNSLookupError saying the host resolves only to private addresses. That is the one-line error the crawl
records against the source. Nothing is ever sent anywhere for a refused host.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import attr
from scrapy.crawler import Crawler
from scrapy.resolver import CachingHostnameResolver, HostResolution
from scrapy.utils.datatypes import LocalCache
from twisted.internet.address import IPv4Address
from twisted.internet.interfaces import IAddress, IHostnameResolver, IHostResolution, IResolutionReceiver
from zope.interface import implementer

from tracker.netsafety import address_refusal

REFUSED_SUFFIX = ".hjm-refused.invalid"  # RFC 6761: .invalid names never resolve, so a placeholder cannot leak
_CacheKey = tuple[str, frozenset[type[IAddress]] | None]


def _with_port(address: IAddress, port: int) -> IAddress:
    return address if getattr(address, "port", port) == port else attr.evolve(address, port=port)


@implementer(IHostnameResolver)
class PrivateAddressRefusingResolver(CachingHostnameResolver):
    """A caching IPv4+IPv6 resolver that drops private, loopback, link-local, multicast, reserved and unspecified
    answers unless HJM_ALLOW_PRIVATE_HOSTS is set; only filtered answers are cached."""

    def __init__(self, reactor: Any, cache_size: int, *, allow_private: bool = False) -> None:
        super().__init__(reactor, cache_size)
        self.allow_private = allow_private
        # Our own cache rather than Scrapy's shared `dnscache`: it only ever holds answers this resolver filtered.
        self._answers: LocalCache[_CacheKey, list[IAddress]] = LocalCache(max(cache_size, 0))
        self._refusals: LocalCache[str, str] = LocalCache(1024)  # placeholder host -> why its name was refused
        self._serial = itertools.count(1)

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> PrivateAddressRefusingResolver:
        """Built by Scrapy as build_from_crawler(cls, crawler, reactor=reactor); reads HJM_ALLOW_PRIVATE_HOSTS."""
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, cache_size, allow_private=settings.getbool("HJM_ALLOW_PRIVATE_HOSTS"))

    def resolveHostName(
        self,
        resolutionReceiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        """Resolve a name, passing on only the addresses a crawl may connect to."""
        if hostName.lower().endswith(REFUSED_SUFFIX):
            reason = self._refusals.get(hostName) or f"refused: {hostName} is not a real host"
            resolution = HostResolution(reason)  # ComplexResolverSimplifier fails with DNSLookupError(name)
            resolutionReceiver.resolutionBegan(resolution)
            resolutionReceiver.resolutionComplete()
            return resolution
        key: _CacheKey = (hostName, frozenset(addressTypes) if addressTypes is not None else None)
        cached = self._answers.get(key)
        if cached is None:
            receiver = _FilteringReceiver(self, resolutionReceiver, key, portNumber, addressTypes)
            return self.original_resolver.resolveHostName(receiver, hostName, portNumber, addressTypes,
                                                          transportSemantics)
        resolution = HostResolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        for address in cached:
            resolutionReceiver.addressResolved(_with_port(address, portNumber))
        resolutionReceiver.resolutionComplete()
        return resolution

    def refusal(self, host: str, reasons: Sequence[str]) -> str:
        """The one-line error for a name that resolved only to refused addresses."""
        return (f"refused: host {host} resolves only to private addresses ({'; '.join(reasons)}) "
                "(set HJM_ALLOW_PRIVATE_HOSTS=1 to allow)")

    def placeholder(self, host: str, reasons: Sequence[str]) -> str:
        """A made-up .invalid host that, looked up through this resolver, fails with the refusal's message."""
        name = f"{next(self._serial)}{REFUSED_SUFFIX}"
        self._refusals[name] = self.refusal(host, reasons)
        return name


@implementer(IResolutionReceiver)
class _FilteringReceiver:
    """Passes allowed addresses on as they arrive; caches them, and only them, when the lookup completes."""

    def __init__(self, resolver: PrivateAddressRefusingResolver, receiver: IResolutionReceiver, key: _CacheKey,
                 port: int, address_types: Sequence[type[IAddress]] | None) -> None:
        self.resolver, self.receiver, self.key, self.port = resolver, receiver, key, port
        self.address_types = address_types
        self.kept: list[IAddress] = []
        self.refused: list[str] = []

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        """Pass the start of the lookup on."""
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: IAddress) -> None:
        """Pass an allowed address on; hold back a refused one."""
        host = getattr(address, "host", None)
        reason = address_refusal(str(host)) if not self.resolver.allow_private else None
        if reason:
            if reason not in self.refused:
                self.refused.append(reason)
            return
        self.kept.append(_with_port(address, 0))  # cache entries are port-agnostic, like Scrapy's
        self.receiver.addressResolved(address)

    def resolutionComplete(self) -> None:
        """Cache what was kept; when every answer was refused, answer the placeholder that fails clearly."""
        if self.kept:
            self.resolver._answers[self.key] = self.kept
        elif self.refused and (self.address_types is None or IPv4Address in self.address_types):
            host = self.resolver.placeholder(self.key[0], self.refused)
            self.receiver.addressResolved(IPv4Address("TCP", host, self.port))
        self.receiver.resolutionComplete()
