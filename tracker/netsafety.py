"""Which URLs may be fetched: http(s) only, and no private, loopback or link-local hosts unless allowed."""

from __future__ import annotations

import ipaddress
import socket
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from tracker.config import Settings
from tracker.errors import UserError

ALLOWED_SCHEMES = ("http", "https")


def address_refusal(address: str) -> str | None:
    """Why an IP address may not be connected to (private, loopback, link-local, ...), or None when it is public.

    An IPv4-mapped IPv6 address is judged by its IPv4 address; an IPv6 zone (``%eth0``) is ignored; a string that
    is not an IP address at all is refused.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for flag, label in (("is_loopback", "loopback"), ("is_link_local", "link-local"),
                        ("is_private", "private"), ("is_reserved", "reserved"), ("is_multicast", "multicast"),
                        ("is_unspecified", "unspecified")):
        if getattr(ip, flag):
            return f"{address} is a {label} address"
    return None


def is_private_address(address: str) -> bool:
    """True for an address no crawl may connect to unless private hosts are allowed."""
    return address_refusal(address) is not None


@lru_cache(maxsize=4096)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return ()
    return tuple(sorted({info[4][0] for info in infos}))


def url_refusal(url: str, *, allow_private: bool) -> str | None:
    """Why a URL must not be fetched (scheme, private address), or None when it may be."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return f"refused: only http and https URLs are crawled, not '{parts.scheme or 'none'}'"
    host = (parts.hostname or "").strip(".").lower()
    if not host:
        return "refused: the URL has no host"
    if allow_private:
        return None
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return f"refused: host {host} is local (set HJM_ALLOW_PRIVATE_HOSTS=1 to allow)"
    try:
        addresses: tuple[str, ...] = (str(ipaddress.ip_address(host)),)
    except ValueError:
        addresses = _resolve(host)  # an unresolvable host is left to fail as a DNS error
    for address in addresses:
        reason = address_refusal(address)
        if reason:
            return f"refused: host {host} resolves to {reason} (set HJM_ALLOW_PRIVATE_HOSTS=1 to allow)"
    return None


@dataclass(frozen=True)
class Probe:
    """The start of a response: enough to tell what a URL serves."""

    url: str
    status: int
    content_type: str
    body: bytes


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Re-check every redirect target, so a public URL cannot bounce the fetch to a private host."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201, PLR0913
        """Refuse a redirect to a URL that may not be fetched."""
        reason = url_refusal(urljoin(req.full_url, newurl), allow_private=self.allow_private)
        if reason:
            raise UserError(f"{req.full_url} redirects to {newurl}: {reason}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def probe(url: str, *, settings: Settings, max_bytes: int = 256 * 1024) -> Probe:
    """Fetch the first bytes of a URL politely and safely (for kind detection and discovery)."""
    reason = url_refusal(url, allow_private=settings.allow_private_hosts)
    if reason:
        raise UserError(f"{url}: {reason}")
    opener = urllib.request.build_opener(_CheckedRedirects(settings.allow_private_hosts))
    request = urllib.request.Request(url, headers={"User-Agent": settings.user_agent,
                                                   "Accept-Encoding": "identity"})
    try:
        with opener.open(request, timeout=settings.download_timeout) as response:
            return Probe(url=response.geturl(), status=response.status,
                         content_type=response.headers.get("Content-Type", ""), body=response.read(max_bytes))
    except UserError:
        raise
    except OSError as exc:  # URLError, HTTPError, timeouts and resets are all OSErrors
        raise UserError(f"could not fetch {url}: {exc}") from exc
