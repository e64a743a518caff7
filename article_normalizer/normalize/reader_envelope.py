"""The header a reader service prints above a page's Markdown: the page's address and date,
and where the page starts.

Scrapers for language models often fetch a page through a reader service and send its answer
as it came. Jina Reader's answer opens with a few ``Label: value`` lines (the page's title, its
address, the date it declares) and a ``Markdown Content:`` line, then the page as Markdown. The
header is the service's, not the page's: its lines are no part of the page to judge, but the
address and the date are worth reading, since a url gives the outlet, the headline's slug words
and a date in the path, and page text alone carries none of it. The labels are data
(``rules/data/markdown.toml`` ``[envelope]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from article_normalizer.rules import load_toml

_RULES = load_toml("markdown.toml")["envelope"]
_URL_LABEL = str(_RULES["url"]).casefold()
_PUBLISHED_LABEL = str(_RULES["published"]).casefold()
_CONTENT_LABEL = str(_RULES["content"]).casefold()
_MAX_HEADER_LINES = int(_RULES["max_header_lines"])
_MAX_HEADER_CHARS = int(_RULES["max_header_chars"])
_LINE = re.compile(r"[^\n]*(?:\n|$)")
_LABELLED = re.compile(r"(?P<label>[A-Za-z][A-Za-z ]{0,30}):(?:[ \t]+(?P<value>\S.*))?")
"""A header line: a label of a word or three, a colon, and its value (none after the
content label, nor where the page had none: an untitled page's ``Title:``)."""
_ADDRESS = re.compile(r"https?://[^\s/]+\S*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Envelope:
    """What the header says of the page below it."""

    url: str | None
    """The page's address, as the service fetched it."""
    published: str | None
    """The date the page declares, as the service printed it."""
    lines: tuple[str, ...]
    """The header's lines, stripped, in order: the article lists them among ``removed``."""
    content: str
    """The page below the header, as Markdown."""


def read_envelope(text: str) -> Envelope | None:
    """The header ``text`` opens with, or None when it opens with anything else.

    Every non-blank line up to the content label must be a labelled line, and there may be no
    more than ``max_header_lines`` of them: a page whose first lines merely hold a colon
    ("Note: ...") has no content label right below them.
    """
    url: str | None = None
    published: str | None = None
    lines: list[str] = []
    head = text[:_MAX_HEADER_CHARS]
    start = len(head) - len(head.lstrip("\ufeff"))
    for match in _LINE.finditer(head, start):
        line = match.group().strip()
        if not line:
            if match.end() >= len(head):
                return None
            continue
        labelled = _LABELLED.fullmatch(line)
        if labelled is None or len(lines) > _MAX_HEADER_LINES:
            return None
        lines.append(line)
        label = labelled.group("label").strip().casefold()
        value = labelled.group("value")
        if label == _CONTENT_LABEL and value is None:
            return Envelope(url, published, tuple(lines), text[match.end() :])
        if value is None:
            continue
        if label == _URL_LABEL and _ADDRESS.fullmatch(value):
            url = value
        elif label == _PUBLISHED_LABEL:
            published = value
    return None
