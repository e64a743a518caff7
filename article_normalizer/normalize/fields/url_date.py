"""The publication day a story's address carries (``stamps.toml [url]``).

News and blog systems put the day a story was created into its address (``/2017/03/14/``), and
the address never changes with the story's updates, its related stories or its comments: where
the page text prints no publication stamp, or a stamp far from that day, the address is the
better reading of when the story appeared. Only the path is read, so a host name's digits are
never a date, and a web archive's address is read for the archived one inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import urlsplit

from article_normalizer.rules import load_toml


@dataclass(frozen=True, slots=True)
class UrlDate:
    """A day read from an address, and the part of the path it was read from."""

    day: date
    raw: str


@dataclass(frozen=True, slots=True)
class _UrlRules:
    patterns: tuple[re.Pattern[str], ...]
    archive_hosts: frozenset[str]
    archive_path: re.Pattern[str]
    max_days_apart: int


@cache
def url_rules() -> _UrlRules:
    """``stamps.toml [url]``, compiled once: every text page with a url asks."""
    data = load_toml("stamps.toml")["url"]
    return _UrlRules(
        patterns=tuple(re.compile(str(p)) for p in data["patterns"]),
        archive_hosts=frozenset(str(h) for h in data["archive_hosts"]),
        archive_path=re.compile(str(data["archive_path"])),
        max_days_apart=int(data["max_days_apart"]),
    )


def url_date(url: str | None) -> UrlDate | None:
    """The day ``url``'s path names, or None when it names none (or an impossible one)."""
    if not url:
        return None
    rules = url_rules()
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    path = parts.path
    archived = rules.archive_path.match(path)
    if archived and (parts.hostname or "") in rules.archive_hosts:
        inner = archived.group("archived")
        try:
            path = urlsplit(inner if "://" in inner else f"http://{inner}").path
        except ValueError:
            return None
    for pattern in rules.patterns:
        found = pattern.search(path)
        if found is None:
            continue
        try:
            day = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            return None
        return UrlDate(day=day, raw=found.group(0))
    return None
