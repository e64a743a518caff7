"""What page markup says a line is: the element, role and class-word tables of HTML mode.

Loaded once from ``data/markup_kinds.toml``, whose header says where each entry comes from.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_DATA = resources.files(__package__) / "data"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def class_words(value: str) -> list[str]:
    """The words of one class or id token: ``site-footer``, ``siteFooter`` and ``site_footer``
    all give ``["site", "footer"]``."""
    return [word for word in _NON_WORD.split(_CAMEL.sub("-", value).lower()) if word]


@dataclass(frozen=True, slots=True, eq=False)
class MarkupRules:
    """The tables of ``markup_kinds.toml``, ready for lookups."""

    invisible_tags: frozenset[str]
    hiding_classes: frozenset[str]
    """Class names that page frameworks hide an element by (``d-none``, ``sr-only``)."""
    block_tags: frozenset[str]
    container_tags: frozenset[str]
    tags: Mapping[str, str]
    roles: Mapping[str, str]
    word_kinds: Mapping[str, tuple[int, str]]
    """Class word -> (priority, kind): the lower priority wins when several words match."""
    ignore_first: frozenset[str]
    ignore_last: frozenset[str]
    menu_max_words: int
    generic_kinds: frozenset[str]
    """Kinds that containers give everything inside them: a line's own clutter phrase names it
    better."""
    field_kinds: frozenset[str]
    """Kinds of the lines the field stages read (and of repeats): a markup kind never renames
    them."""
    menu_kinds: frozenset[str]
    """Of ``generic_kinds``, the containers whose short link lines are menu items: their kind
    names such a line rather than its clutter phrase."""
    form_label_kinds: frozenset[str]
    """Lexicon kinds of bare form labels ("Name", "Submit"): in a generic container, a line of
    at most ``form_label_max_words`` words that the lexicon gives one of them takes the
    container's kind."""
    form_label_max_words: int

    def kind_of(self, tag: str, attrib: Mapping[str, str]) -> tuple[str | None, str]:
        """The kind an element names, and why (``markup:nav``), or ``(None, "")``.

        Class and id words come first: they are the template's own, more specific name
        (``<nav class="breadcrumb">``, ``<aside class="newsletter">``).
        """
        best: tuple[int, str, str] | None = None
        for name in () if tag in self.container_tags else ("id", "class"):
            value = attrib.get(name)
            if not value:
                continue
            for token in value.split()[:8]:
                words = class_words(token[:64])
                if not words or words[0] in self.ignore_first or words[-1] in self.ignore_last:
                    continue
                for word in words:
                    hit = self.word_kinds.get(word)
                    if hit is not None and (best is None or hit[0] < best[0]):
                        best = (hit[0], hit[1], f"markup:{name}={token[:40]}")
        if best is not None:
            return best[1], best[2]
        kind = self.tags.get(tag)
        if kind is not None:
            return kind, f"markup:{tag}"
        role = attrib.get("role")
        if role:
            kind = self.roles.get(role.strip().lower())
            if kind is not None:
                return kind, f"markup:role={role.strip().lower()}"
        return None, ""


class MarkupDataError(ValueError):
    """``markup_kinds.toml`` is malformed: a packaging error, caught by the test suite."""


@cache
def markup_rules() -> MarkupRules:
    with (_DATA / "markup_kinds.toml").open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    word_kinds: dict[str, tuple[int, str]] = {}
    for priority, entry in enumerate(data["class_words"]):
        kind = entry["kind"]
        for word in entry["words"]:
            if word != word.lower() or not word.isalnum():
                raise MarkupDataError(f"class word {word!r} must be one lower-case word")
            word_kinds.setdefault(word, (priority, str(kind)))
    if not set(data["menu_kinds"]) <= set(data["generic_kinds"]):
        raise MarkupDataError("menu_kinds must be generic_kinds")
    return MarkupRules(
        invisible_tags=frozenset(data["invisible_tags"]),
        hiding_classes=frozenset(data["hiding_classes"]),
        block_tags=frozenset(data["block_tags"]),
        container_tags=frozenset(data["container_tags"]),
        tags={str(k): str(v) for k, v in data["tags"].items()},
        roles={str(k): str(v) for k, v in data["roles"].items()},
        word_kinds=word_kinds,
        ignore_first=frozenset(data["ignore_first_words"]),
        ignore_last=frozenset(data["ignore_last_words"]),
        menu_max_words=int(data["links"]["menu_max_words"]),
        generic_kinds=frozenset(data["generic_kinds"]),
        field_kinds=frozenset(data["field_kinds"]),
        menu_kinds=frozenset(data["menu_kinds"]),
        form_label_kinds=frozenset(data["form_labels"]["kinds"]),
        form_label_max_words=int(data["form_labels"]["max_words"]),
    )
