"""The page as a reader sees it: its visible text lines, each with the markup it sits in.

trafilatura hands over only what it judged to be the article. The service promises that body
plus ``removed`` accounts for the whole page, so HTML mode also needs the lines trafilatura
left out, in page order, and what the markup says about each (a ``<nav>``, a ``<footer>``, an
element whose class says ``comments`` or ``newsletter``): the words a person reading the source
would go by to name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml.etree import iterwalk
from lxml.html import HtmlElement

from article_normalizer.rules.markup import MarkupRules, markup_rules

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class VisibleLine:
    """One line of the rendered page."""

    text: str
    """The line, whitespace squashed and ends stripped (as text-mode lines are)."""
    kind: str | None
    """What the innermost named element around the line is (``navigation``, ``comment``, ...),
    or None when no element on its path names a kind."""
    reason: str
    """The element that named the kind, e.g. ``markup:nav`` or ``markup:class=comments``."""
    linked: bool
    """Whether all of the line's text is link text (menus, teaser lists, tag clouds)."""
    repeated: bool = False
    """Whether the page shows the same text on another line too (set by the caller that
    compares lines: boilerplate repeats, a story's paragraphs do not)."""


def visible_lines(tree: HtmlElement, rules: MarkupRules | None = None) -> list[VisibleLine]:
    """The visible text of ``tree`` cut into lines at block elements, in document order.

    Text in elements a browser never shows (scripts, styles, templates, ``hidden`` or
    ``display:none`` elements, the head) is left out. Linear in the tree: one walk, no
    recursion, so a page nested to libxml2's limit costs what a flat one does.
    """
    rules = rules or markup_rules()
    lines: list[VisibleLine] = []
    parts: list[str] = []
    linked_chars = 0
    # Per open element: the kind in force inside it (its own, else its parent's), the reason,
    # whether it hides its content, whether it breaks lines.
    stack: list[tuple[str | None, str, bool, bool]] = [(None, "", False, False)]
    hidden_depth = 0
    link_depth = 0

    def flush() -> None:
        nonlocal linked_chars
        if not parts:
            return
        text = _SPACE.sub(" ", "".join(parts)).strip()
        if text:
            kind, reason, _, _ = stack[-1]
            lines.append(
                VisibleLine(
                    text=text,
                    kind=kind,
                    reason=reason,
                    linked=linked_chars >= len(text.replace(" ", "")),
                )
            )
        parts.clear()
        linked_chars = 0

    def add(text: str | None) -> None:
        nonlocal linked_chars
        if text and not hidden_depth:
            parts.append(text)
            if link_depth:
                linked_chars += len(text.replace(" ", "").strip())

    invisible, blocks = rules.invisible_tags, rules.block_tags
    body = tree.find(".//body")
    root = body if body is not None else tree
    for event, element in iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            attrib = element.attrib
            hides = tag in invisible or (bool(attrib) and _hidden(attrib, rules))
            block = tag in blocks
            if block:
                flush()
            kind, reason = (None, "")
            if attrib and not hides:
                kind, reason = _kind_of(
                    rules, tag, attrib.get("id"), attrib.get("class"), attrib.get("role")
                )
            elif tag in rules.tags:
                kind, reason = rules.kind_of(tag, {})
            if kind is None:
                kind, reason = stack[-1][0], stack[-1][1]
            stack.append((kind, reason, hides, block))
            if hides:
                hidden_depth += 1
            if tag == "a":
                link_depth += 1
            elif tag == "br":
                flush()
            add(element.text)
        else:
            _, _, hides, block = stack[-1]
            if block:
                flush()
            stack.pop()
            if hides:
                hidden_depth -= 1
            if tag == "a":
                link_depth -= 1
            if element is not root:
                add(element.tail)
    flush()
    return lines


@lru_cache(maxsize=16_384)
def _kind_of(
    rules: MarkupRules, tag: str, id_: str | None, classes: str | None, role: str | None
) -> tuple[str | None, str]:
    """:meth:`MarkupRules.kind_of`, remembered: templates repeat their class names."""
    attrib = {k: v for k, v in (("id", id_), ("class", classes), ("role", role)) if v}
    return rules.kind_of(tag, attrib)


def _hidden(attrib: Any, rules: MarkupRules) -> bool:
    if "hidden" in attrib:
        return True
    style = attrib.get("style")
    if style and ("none" in style or "hidden" in style):
        squashed = style.replace(" ", "").lower()
        if "display:none" in squashed or "visibility:hidden" in squashed:
            return True
    classes = attrib.get("class")
    if classes and not rules.hiding_classes.isdisjoint(classes.lower().split()):
        return True
    return bool(attrib.get("type") == "hidden")
