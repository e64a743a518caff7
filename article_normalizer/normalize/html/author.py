"""The author printed in the markup: trafilatura's author search as one pass over the elements.

trafilatura's ``extract_author`` runs AUTHOR_XPATHS on a copy of the page pruned by
AUTHOR_DISCARD_XPATHS; its XPaths test a dozen attributes per element, and the copy and prune
come on top: about 7 ms a page, a sixth of trafilatura's whole extraction, for a field only read
when the publisher declared no author. Same needles, same pruning, one walk."""

from __future__ import annotations

import re
from typing import Any

from lxml.etree import Element
from lxml.html import (
    HtmlElement,
)

_AUTHOR_TAGS_1 = frozenset({"a", "address", "div", "link", "p", "span", "strong"})


_AUTHOR_CLASS_1 = ("authorname", "author-name", "AuthorName", "authorName")


_AUTHOR_TAGS_2 = frozenset({"a", "div", "h3", "h4", "p", "span"})


_AUTHOR_CLASS_EXACT_2 = frozenset({"byline", "username", "byl", "BBL"})


_AUTHOR_ID_2 = ("author", "zuozhe", "bianji", "xiaobian")


_AUTHOR_CLASS_2 = (
    "author",
    "channel-name",
    "zuozhe",
    "bianji",
    "xiaobian",
    "submitted-by",
    "posted-by",
    "journalist-name",
)


_AUTHOR_ID_3 = ("Author", "author")


_AUTHOR_CLASS_3 = ("Author", "author", "screenname", "writer", "Byline", "byline")


_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})


_DISCARD_EXACT = frozenset({"comments", "title", "date"})  # class; the id only "comments"


_DISCARD_ID = ("commentlist", "comment-list", "ProductReviews")


_DISCARD_CLASS = (
    "commentlist",
    "comments-list",
    "sidebar",
    "is-hidden",
    "quote",
    "embedly-instagram",
    "article-share",
    "article-support",
    "print",
    "category",
    "meta-date",
    "meta-reviewer",
)


_AUTHOR_TEXT_LIMIT = 120


_SPECIAL_TAGS = frozenset({"author", "time", "figure"})


_SPECIAL_ATTRIBUTES = frozenset({"itemprop", "rel", "data-testid", "data-component"})


_NEEDLES = re.compile(
    "|".join(
        re.escape(needle)
        for needle in {
            *_AUTHOR_CLASS_1,
            *_AUTHOR_CLASS_EXACT_2,
            *_AUTHOR_ID_2,
            *_AUTHOR_CLASS_2,
            *_AUTHOR_ID_3,
            *_AUTHOR_CLASS_3,
            *_DISCARD_EXACT,
            *_DISCARD_ID,
            *_DISCARD_CLASS,
            "Comments",
        }
    )
)
"""Any substring a class or id must hold for one of the tests to match: a cheap first sieve."""


def _author_matches(tag: str, attrib: Any, element: HtmlElement, *, rel_children: bool) -> int:
    """Which of trafilatura's three author XPaths match ``element``: bits 1, 2 and 4."""
    cls = attrib.get("class") or ""
    ident = attrib.get("id") or ""
    itemprop = attrib.get("itemprop") or ""
    matches = 0
    if tag == "author" or (
        tag in _AUTHOR_TAGS_1
        and (
            attrib.get("rel") == "author"
            or ident == "author"
            or cls == "author"
            or itemprop == "author name"
            or attrib.get("data-testid") in ("AuthorCard", "AuthorURL")
            or any(needle in cls for needle in _AUTHOR_CLASS_1)
            or (
                rel_children
                and any(child.tag == "rel" and child.text_content() == "me" for child in element)
            )
        )
    ):
        matches |= 1
    if tag in _AUTHOR_TAGS_2 and (
        cls in _AUTHOR_CLASS_EXACT_2
        or "author" in itemprop
        or any(needle in ident for needle in _AUTHOR_ID_2)
        or any(needle in cls for needle in _AUTHOR_CLASS_2)
    ):
        matches |= 2
    if (
        "Byline" in (attrib.get("data-component") or "")
        or "author" in itemprop
        or any(needle in ident for needle in _AUTHOR_ID_3)
        or any(needle in cls for needle in _AUTHOR_CLASS_3)
    ):
        matches |= 4
    return matches


def _discarded(tag: str, attrib: Any) -> bool:
    """Whether trafilatura's AUTHOR_DISCARD_XPATHS prune ``element`` before the search."""
    if tag in ("time", "figure"):
        return True
    if tag not in _DISCARD_TAGS:
        return False
    cls = attrib.get("class") or ""
    ident = attrib.get("id") or ""
    return (
        ident.startswith("comments")
        or cls in _DISCARD_EXACT
        or cls.startswith(("Comments", "comments"))
        or any(needle in ident for needle in _DISCARD_ID)
        or any(needle in cls for needle in _DISCARD_CLASS)
        or "Figure" in (attrib.get("data-component") or "")
    )


def search_author(tree: HtmlElement) -> str | None:
    """The author named in the page markup, as trafilatura's ``extract_author`` finds it.

    The same tests in one pass, and the pruned copy only simulated: discarded elements
    (comments, sidebars, dates, figures) are skipped, their tail text kept in place.
    """
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.utils import trim

    # trafilatura searches a copy of ``tree``: its XPaths see that subtree only, and its root
    # cannot be pruned (``delete_element`` leaves an element without a parent alone).
    root = tree
    discarded: set[HtmlElement] = set()
    candidates: list[tuple[int, HtmlElement]] = []
    # <rel>me</rel> children (an XPath quirk trafilatura keeps) are looked for only if any exist
    rel_children = root.find(".//rel") is not None
    for element in root.iter(Element):
        tag = element.tag
        attrib = element.attrib
        if tag not in _SPECIAL_TAGS and not (rel_children and tag in _AUTHOR_TAGS_1):
            # The sieve: most elements have no attribute any test below looks for.
            if not attrib:
                continue
            if _SPECIAL_ATTRIBUTES.isdisjoint(attrib.keys()):
                cls, ident = attrib.get("class"), attrib.get("id")
                if not ((cls and _NEEDLES.search(cls)) or (ident and _NEEDLES.search(ident))):
                    continue
        if element is not root and _discarded(tag, attrib):
            discarded.add(element)
        matches = _author_matches(tag, attrib, element, rel_children=rel_children)
        if matches:
            candidates.append((matches, element))
    if not candidates:
        return None
    kept = [
        (matches, element)
        for matches, element in candidates
        if element not in discarded and not any(a in discarded for a in element.iterancestors())
    ]
    for bit in (1, 2, 4):
        for matches, element in kept:
            if matches & bit:
                content = trim(" ".join(_pruned_text(element, discarded)))
                if 2 < len(content) < _AUTHOR_TEXT_LIMIT:
                    return normalize_authors(None, content)
    return None


def _pruned_text(element: HtmlElement, discarded: set[HtmlElement]) -> list[str]:
    """``element.itertext()`` as it reads once the ``discarded`` elements are deleted with
    trafilatura's ``delete_element``, which appends each one's tail to the text before it."""
    pieces: list[str] = []

    def walk(node: HtmlElement) -> None:
        slot = node.text or ""
        for child in node:
            if child in discarded:
                slot += child.tail or ""
                continue
            if slot:
                pieces.append(slot)
            if isinstance(child.tag, str):
                walk(child)
            slot = child.tail or ""
        if slot:
            pieces.append(slot)

    walk(element)
    return pieces
