"""The publication day a story's address carries (``stamps.toml [url]``).

News and blog systems put the day a story was created into its address (``/2017/03/14/``), and
the address never changes with the story's updates, its related stories or its comments: where
the page text prints no publication stamp, or a stamp far from that day, the address is the
better reading of when the story appeared. Only the path is read, so a host name's digits are
never a date, and the address a web archive, a cache or a proxy wraps is read rather than the
wrapper's (:func:`urls.page_path`): a snapshot's time is not the story's day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from article_normalizer.normalize.urls import page_path
from article_normalizer.rules import load_toml


@dataclass(frozen=True, slots=True)
class UrlDate:
    """A day read from an address, and the part of the path it was read from."""

    day: date
    raw: str


@dataclass(frozen=True, slots=True)
class _UrlRules:
    patterns: tuple[re.Pattern[str], ...]
    max_days_apart: int


@cache
def url_rules() -> _UrlRules:
    """``stamps.toml [url]``, compiled once: every text page with a url asks."""
    data = load_toml("stamps.toml")["url"]
    return _UrlRules(
        patterns=tuple(re.compile(str(p)) for p in data["patterns"]),
        max_days_apart=int(data["max_days_apart"]),
    )


def url_date(url: str | None) -> UrlDate | None:
    """The day ``url``'s path names, or None when it names none (or an impossible one)."""
    path = page_path(url)
    for pattern in url_rules().patterns:
        found = pattern.search(path)
        if found is None:
            continue
        try:
            day = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            return None
        return UrlDate(day=day, raw=found.group(0))
    return None
