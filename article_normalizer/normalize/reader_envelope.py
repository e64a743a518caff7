"""The header a reader service prints above a page's Markdown: the page's address, and where
its Markdown starts.

Scrapers for language models often fetch a page through a reader service and send its answer
as it came. Jina Reader's answer opens with a few ``Label: value`` lines (the page's title, its
address, its date) and a ``Markdown Content:`` line, then the page as Markdown. The address is
worth reading: the outlet, the headline's slug words and a date in the path come from a url,
which page text alone does not carry. The labels are data (``rules/data/markdown.toml``
``[envelope]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from article_normalizer.rules import load_toml

_RULES = load_toml("markdown.toml")["envelope"]
_URL_LABEL = str(_RULES["url"]).casefold()
_CONTENT_LABEL = str(_RULES["content"]).casefold()
_MAX_HEADER_LINES = int(_RULES["max_header_lines"])

_LABELLED = re.compile(r"(?P<label>[A-Za-z][A-Za-z ]{0,30}):(?:[ \t]+(?P<value>\S.*))?")
"""A header line: a label of a word or three, a colon, and its value (none after the
content label, nor where the page had none: an untitled page's ``Title:``)."""
_MAX_HEADER_CHARS = 16_384
"""The header is read off the text's opening only: a few short lines, however long the page."""
_ADDRESS = re.compile(r"https?://[^\s/]+\S*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Envelope:
    """What the header says of the page below it."""

    url: str | None
    """The page's address, as the service fetched it."""


def read_envelope(text: str) -> Envelope | None:
    """The header ``text`` opens with, or None when it opens with anything else.

    Every non-blank line up to the content label must be a labelled line, and there may be no
    more than ``max_header_lines`` of them: a page whose first lines merely hold a colon
    ("Note: ...") has no content label right below them.
    """
    url: str | None = None
    seen = 0
    for line in text[:_MAX_HEADER_CHARS].lstrip("\ufeff").splitlines():
        line = line.strip()
        if not line:
            continue
        seen += 1
        match = _LABELLED.fullmatch(line)
        if match is None or seen > _MAX_HEADER_LINES + 1:
            return None
        label = match.group("label").strip().casefold()
        value = match.group("value")
        if label == _CONTENT_LABEL and value is None:
            return Envelope(url=url)
        if value is not None and label == _URL_LABEL and _ADDRESS.fullmatch(value.strip()):
            url = value.strip()
    return None
