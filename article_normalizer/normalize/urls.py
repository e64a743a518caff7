"""URL helpers: the page's own url (unwrapped from a web archive's, a cache's or a proxy's
address), when an archive captured it, its host and registrable domain, and the words of its
slug.

Domains come from tldextract's bundled public-suffix snapshot, never fetched."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from urllib.parse import SplitResult, unquote, urlsplit

from article_normalizer.rules import load_toml

_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)


_CAPTURE_DIGITS = 14
"""A capture's full timestamp, ``yyyymmddhhmmss`` (UTC, as the Wayback Machine and the archives
that copy its addresses write it); a shorter one asks the archive for the capture nearest a day
or a year, so it tells no time the page was seen at."""
_FIRST_CAPTURE_YEAR = 1996
"""The Internet Archive's first captures: an older stamp is a made-up address (and date
arithmetic near year 1 overflows)."""
_NESTED = 3
"""Wrappers peeled off one address at most (an archive's copy of a cached AMP page...)."""


@dataclass(frozen=True, slots=True)
class _Wrapper:
    host: re.Pattern[str]
    address: re.Pattern[str]


@cache
def _wrappers() -> tuple[_Wrapper, ...]:
    """``rules/data/url_wrappers.toml``: web archives, caches and proxies that serve a page under
    an address of their own."""
    return tuple(
        _Wrapper(host=re.compile(str(w["host"])), address=re.compile(str(w["address"])))
        for w in load_toml("url_wrappers.toml")["wrapper"]
    )


@cache
def _extractor() -> object:
    import tldextract

    # No suffix-list download and no cache directory: the bundled snapshot is enough for
    # naming a publisher, and the core must not touch the network or the file system.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _split(url: str) -> SplitResult:
    try:
        return urlsplit(url if _SCHEME.match(url) else f"http://{url}")
    except ValueError:  # a hint, not a contract: "http://[" names no host rather than failing
        return urlsplit("")


def _unwrapped(url: str) -> re.Match[str] | None:
    """The wrapper ``url`` is, matched (groups ``inner`` and maybe ``stamp``), or None."""
    parts = _split(url)
    host = (parts.hostname or "").casefold()
    if not host:
        return None
    for wrapper in _wrappers():
        if wrapper.host.search(host):
            rest = unquote(parts.path + (f"?{parts.query}" if parts.query else ""))
            if found := wrapper.address.search(rest):
                return found
    return None


def page_url(url: str | None) -> str | None:
    """The address of the article itself: web-archive, cache and proxy wrappers are peeled off
    (``rules/data/url_wrappers.toml``)."""
    if not url:
        return None
    url = url.strip()
    for _ in range(_NESTED):
        match = _unwrapped(url)
        if not match:
            break
        url = re.sub(r"^(https?):/{1,2}", r"\1://", match.group("inner"))
    return url


def capture_time(url: str | None) -> datetime | None:
    """When a web archive captured the page its ``url`` wraps, or None for any other address.

    A page read from an archive shows the clock of its capture: its "2 hours ago" and its
    year-less "Mar 27" count from then, not from the day it is normalized. Only a full
    timestamp counts (:data:`_CAPTURE_DIGITS`); of nested wrappers, the outer one (the copy
    that was read).
    """
    match = _unwrapped(url.strip()) if url else None
    stamp = re.sub(r"\D", "", match.groupdict().get("stamp") or "") if match else ""
    if len(stamp) != _CAPTURE_DIGITS:
        return None
    try:
        captured = datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:  # "20131345..." is no time
        return None
    return captured if captured.year >= _FIRST_CAPTURE_YEAR else None


def host_and_domain(url: str | None) -> tuple[str | None, str | None]:
    """The url's host without ``www.`` and its registrable domain (``bbc.co.uk``)."""
    url = page_url(url)
    if not url:
        return None, None
    parts = _split(url)
    host = (parts.hostname or "").casefold().removeprefix("www.")
    if not _HOST.match(host):
        return None, None
    return host, _registrable(host)


@lru_cache(maxsize=8192)
def _registrable(host: str, *, private: bool = False) -> str | None:
    """``host``'s registrable domain; with ``private``, under the public-suffix list's private
    section too (``jane.blogspot.com``)."""
    extracted = _extractor()(host, include_psl_private_domains=private)  # type: ignore[operator]
    if not extracted.domain or not extracted.suffix:
        return None
    return f"{extracted.domain}.{extracted.suffix}"


_DOTTED_WORD = re.compile(r"(?<![\w@.-])[\w-]+(?:\.[\w-]+)+")
_ADDRESS_MARK = re.compile(r"https?://|(?<![\w.])www\.", re.IGNORECASE)


def names_a_host(text: str) -> bool:
    """Whether ``text`` prints a web address or a host name under a public suffix
    ("BIOLOG.PL", "in.gr", "www.dw.com"); "St.Louis" or "J.R.R." is none."""
    if _ADDRESS_MARK.search(text):
        return True
    return any(
        _registrable(m.group(0).casefold().rstrip(".")) is not None
        for m in _DOTTED_WORD.finditer(text)
    )


def site_domain(host: str | None, domain: str | None, platforms: frozenset[str]) -> str | None:
    """The domain of the site the page belongs to: its registrable domain, except on a host
    that gives each user a site under a subdomain, where it is that subdomain
    ("jane.wordpress.com", "jane.blogspot.com"): the public-suffix list's private section names
    many such hosts, ``platforms`` the ones it leaves out."""
    if not host or not domain or host == domain:
        return domain
    private = _registrable(host, private=True)
    if private is not None and private != domain:
        return private
    if domain in platforms:
        label = host[: -len(domain) - 1].rsplit(".", 1)[-1]
        return f"{label}.{domain}" if label else domain
    return domain


def page_path(url: str | None) -> str:
    """The path of the page's own address (:func:`page_url`), as written; "" for none."""
    url = page_url(url)
    return _split(url).path if url else ""


def url_words(url: str | None) -> list[str]:
    """Lower-cased words of the url's path (its slug), for matching a headline against it."""
    path = unquote(page_path(url))
    return [w for w in re.split(r"[\W_]+", path.casefold()) if w and not w.isdigit()]


def slug_share(words: Iterable[str], slug: set[str]) -> float:
    """Share of ``words`` (those of 3+ characters) that the url's path spells (``slug``:
    :func:`url_words` of it); 0 for a slug or a text too short to tell."""
    long_words = [w for w in words if len(w) > 2]
    if len(slug) < 3 or len(long_words) < 2:
        return 0.0
    return sum(w in slug for w in long_words) / len(long_words)
