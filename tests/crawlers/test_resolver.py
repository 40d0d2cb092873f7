"""The resolver the downloader connects through drops private answers (DNS rebinding cannot slip past the check)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from scrapy.resolver import HostResolution
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler
from sqlmodel import Session, select
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.endpoints import HostnameEndpoint
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IAddress, IHostnameResolver, IHostResolution, IResolutionReceiver
from twisted.internet.protocol import Factory, Protocol
from twisted.internet.testing import MemoryReactorClock
from twisted.python.failure import Failure
from zope.interface import implementer

from crawlers.resolver import REFUSED_SUFFIX, PrivateAddressRefusingResolver
from crawlers.run import _env_for
from crawlers.settings import scrapy_settings
from tests.helpers.crawl import FILES, fast_settings
from tests.helpers.fixture_server import FixtureServer
from tracker.config import load_settings
from tracker.db import get_engine
from tracker.models import Source
from tracker.netsafety import is_private_address
from tracker.sources import add_source

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_V4, PUBLIC_V6 = "93.184.216.34", "2606:2800::1"


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("10.1.2.3", True),
        ("172.16.5.4", True),
        ("192.168.0.10", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("169.254.169.254", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),  # multicast
        ("240.0.0.1", True),  # reserved
        ("::1", True),
        ("::", True),
        ("fe80::1", True),
        ("fe80::1%eth0", True),
        ("fc00::1", True),
        ("fd12:3456::1", True),
        ("::ffff:127.0.0.1", True),  # IPv4-mapped loopback
        ("::ffff:10.0.0.1", True),
        ("ff02::1", True),
        ("not-an-address", True),
        (PUBLIC_V4, False),
        ("8.8.8.8", False),
        (PUBLIC_V6, False),
        ("::ffff:93.184.216.34", False),
    ],
)
def test_address_classification(address: str, private: bool) -> None:
    assert is_private_address(address) is private


# --- the resolver, fed by a fake name source ----------------------------------------------------------------


@implementer(IHostnameResolver)
class FakeNames:
    """Answers each name with the addresses given for it (change them between lookups to rebind a name)."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.lookups: list[str] = []

    def resolveHostName(self, receiver: IResolutionReceiver, hostName: str, portNumber: int = 0,  # noqa: N802, N803
                        addressTypes: Sequence[type[IAddress]] | None = None,  # noqa: N803
                        transportSemantics: str = "TCP") -> IHostResolution:  # noqa: N803
        self.lookups.append(hostName)
        resolution = HostResolution(hostName)
        receiver.resolutionBegan(resolution)
        for ip in self.answers.get(hostName, []):
            kind = IPv6Address if ":" in ip else IPv4Address
            if addressTypes is None or kind in addressTypes:
                receiver.addressResolved(kind("TCP", ip, portNumber))
        receiver.resolutionComplete()
        return resolution


@implementer(IResolutionReceiver)
class Collect:
    def __init__(self) -> None:
        self.addresses: list[Any] = []
        self.complete = False

    def resolutionBegan(self, resolution: IHostResolution) -> None:  # noqa: N802
        self.resolution = resolution

    def addressResolved(self, address: IAddress) -> None:  # noqa: N802
        self.addresses.append(address)

    def resolutionComplete(self) -> None:  # noqa: N802
        self.complete = True


ANSWERS = {
    "mixed.example": ["10.0.0.7", PUBLIC_V4, "::1", PUBLIC_V6, "169.254.169.254"],
    "internal.example": ["10.0.0.5", "fd00::5"],
    "loopback.example": ["127.0.0.1", "::ffff:127.0.0.1"],
}


def make(answers: dict[str, list[str]] | None = None, *, allow_private: bool = False,
         cache_size: int = 100) -> tuple[PrivateAddressRefusingResolver, FakeNames, MemoryReactorClock]:
    reactor = MemoryReactorClock()
    names = FakeNames(dict(answers or ANSWERS))
    reactor.installNameResolver(names)
    resolver = PrivateAddressRefusingResolver(reactor, cache_size, allow_private=allow_private)
    resolver.install_on_reactor()
    return resolver, names, reactor


def resolve(resolver: PrivateAddressRefusingResolver, host: str, port: int = 443,
            types: Sequence[type[IAddress]] | None = None) -> list[tuple[str, str, int]]:
    receiver = Collect()
    resolver.resolveHostName(receiver, host, port, types)
    assert receiver.complete
    return [(type(a).__name__, a.host, a.port) for a in receiver.addresses]


def simple_lookup(resolver: PrivateAddressRefusingResolver, host: str) -> str | Failure:
    """reactor.resolve(), as connectTCP uses it: Twisted's simplified view of the installed name resolver."""
    from twisted.internet._resolver import ComplexResolverSimplifier

    results: list[str | Failure] = []
    ComplexResolverSimplifier(resolver).getHostByName(host).addBoth(results.append)
    assert len(results) == 1
    return results[0]


def test_private_answers_are_dropped_and_public_ones_kept() -> None:
    resolver, _, _ = make()
    assert resolve(resolver, "mixed.example") == [("IPv4Address", PUBLIC_V4, 443), ("IPv6Address", PUBLIC_V6, 443)]
    assert resolve(resolver, "mixed.example", 80, [IPv4Address]) == [("IPv4Address", PUBLIC_V4, 80)]


@pytest.mark.parametrize(("host", "reason"), [("internal.example", "10.0.0.5 is a private address"),
                                            ("loopback.example", "127.0.0.1 is a loopback address")])
def test_a_name_with_only_private_answers_fails_with_a_clear_dns_error(host: str, reason: str) -> None:
    resolver, _, _ = make()
    [(kind, placeholder, port)] = resolve(resolver, host)  # the one answer: a made-up .invalid name
    assert (kind, port) == ("IPv4Address", 443) and placeholder.endswith(REFUSED_SUFFIX)
    assert simple_lookup(resolver, host).endswith(REFUSED_SUFFIX)  # reactor.resolve(host) too
    failure = simple_lookup(resolver, placeholder)  # what connecting to the placeholder asks
    assert isinstance(failure, Failure) and isinstance(failure.value, DNSLookupError)
    message = str(failure.value)
    assert f"refused: host {host} resolves only to private addresses ({reason}" in message, message
    assert "HJM_ALLOW_PRIVATE_HOSTS=1" in message


def test_the_downloader_endpoint_never_connects_to_a_private_address() -> None:
    resolver, _, reactor = make()
    for host in ("mixed.example", "internal.example"):
        HostnameEndpoint(reactor, host.encode(), 8080).connect(Factory.forProtocol(Protocol))
        reactor.advance(5)  # the endpoint tries each address in turn
    connected = [(host, port) for host, port, *_ in reactor.tcpClients]
    assert (PUBLIC_V4, 8080) in connected
    assert all(not is_private_address(host) for host, _ in connected if not host.endswith(REFUSED_SUFFIX))
    assert [host for host, _ in connected if host.endswith(REFUSED_SUFFIX)] != []  # internal.example's placeholder
    assert not any(host in ("10.0.0.5", "fd00::5", "10.0.0.7", "::1", "169.254.169.254") for host, _ in connected)


def test_private_answers_are_kept_when_allowed() -> None:
    resolver, _, _ = make(allow_private=True)
    assert resolve(resolver, "internal.example", 80) == [("IPv4Address", "10.0.0.5", 80),
                                                         ("IPv6Address", "fd00::5", 80)]
    assert simple_lookup(resolver, "loopback.example") == "127.0.0.1"


def test_the_cache_holds_only_filtered_answers() -> None:
    resolver, names, _ = make()
    assert resolve(resolver, "mixed.example", 443) == [("IPv4Address", PUBLIC_V4, 443), ("IPv6Address", PUBLIC_V6, 443)]
    names.answers["mixed.example"] = ["127.0.0.1"]  # rebinding: the name now points home
    assert resolve(resolver, "mixed.example", 8443) == [("IPv4Address", PUBLIC_V4, 8443),
                                                        ("IPv6Address", PUBLIC_V6, 8443)]
    assert names.lookups == ["mixed.example"]  # served from the cache: the checked addresses, and only them


def test_a_refused_answer_is_not_cached_so_it_is_never_reused() -> None:
    resolver, names, _ = make()
    assert resolve(resolver, "internal.example")[0][1].endswith(REFUSED_SUFFIX)
    assert resolve(resolver, "internal.example")[0][1].endswith(REFUSED_SUFFIX)
    assert names.lookups == ["internal.example", "internal.example"]  # asked again, and refused again
    names.answers["internal.example"] = [PUBLIC_V4]
    assert resolve(resolver, "internal.example") == [("IPv4Address", PUBLIC_V4, 443)]


def test_an_allowed_private_answer_cached_elsewhere_is_not_reused() -> None:
    lenient, _, _ = make(allow_private=True)
    assert resolve(lenient, "internal.example")[0][1] == "10.0.0.5"  # cached by the lenient resolver
    strict, names, _ = make()
    assert resolve(strict, "internal.example")[0][1].endswith(REFUSED_SUFFIX)
    assert names.lookups == ["internal.example"]


def test_without_a_cache_every_lookup_is_filtered() -> None:
    resolver, names, _ = make(cache_size=0)
    for _ in range(2):
        assert resolve(resolver, "mixed.example", 80, [IPv4Address]) == [("IPv4Address", PUBLIC_V4, 80)]
    assert names.lookups == ["mixed.example", "mixed.example"]


@pytest.mark.parametrize("allow", [True, False])
def test_the_crawl_settings_install_the_resolver_and_it_reads_allow_private(allow: bool) -> None:
    values = scrapy_settings(load_settings(allow_private_hosts=allow))
    assert load_object(values["TWISTED_DNS_RESOLVER"]) is PrivateAddressRefusingResolver
    crawler = get_crawler(settings_dict={"HJM_ALLOW_PRIVATE_HOSTS": allow, "DNSCACHE_SIZE": 7})
    resolver = build_from_crawler(PrivateAddressRefusingResolver, crawler, reactor=MemoryReactorClock())
    assert (resolver.allow_private, resolver._answers.limit) == (allow, 7)


# --- end to end: a real crawl whose first check was fooled ------------------------------------------------------

# The crawl entry point, with the middleware's name check switched off: as if a rebinding name had answered the
# middleware's lookup with a public address. Only the resolver stands between the crawl and 127.0.0.1.
FOOLED_CRAWL = """
import sys
import crawlers.safety
crawlers.safety.url_refusal = lambda url, *, allow_private: None
from crawlers.run import main
sys.exit(main())
"""


def fooled_crawl(db_url: str, *, allow_private: bool) -> dict[str, Any]:
    settings = fast_settings(db_url, allow_private_hosts=allow_private)
    done = subprocess.run([sys.executable, "-c", FOOLED_CRAWL], env=_env_for(settings), cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    results = [json.loads(line)["result"] for line in done.stdout.splitlines() if line.startswith('{"result"')]
    assert done.returncode == 0 and results, done.stderr[-3000:]
    return results[-1]


@pytest.mark.parametrize("allow_private", [False, True])
def test_a_crawl_connects_only_to_checked_addresses(sqlite_crawl_db: str, allow_private: bool) -> None:
    with FixtureServer(FILES / "rss") as server:
        with Session(get_engine(sqlite_crawl_db)) as session:
            add_source(session=session, url=f"http://localhost:{server.port}/rss2.xml", kind="rss")
            session.commit()
        stats = fooled_crawl(sqlite_crawl_db, allow_private=allow_private)
        hits = server.hits("/rss2.xml")
        requests = server.requests
    with Session(get_engine(sqlite_crawl_db)) as session:
        source = session.exec(select(Source)).one()
    if allow_private:
        assert (hits, source.consecutive_failures, source.last_error) == (1, 0, None)
        assert source.last_success_at is not None
        return
    assert requests == []  # not the feed, not robots.txt: nothing reached the private address
    assert "resolves only to private addresses" in (source.last_error or ""), source.last_error
    assert "host localhost" in source.last_error and "127.0.0.1 is a loopback address" in source.last_error
    assert (source.consecutive_failures, source.last_success_at, stats["errors"] >= 1) == (1, None, True)
