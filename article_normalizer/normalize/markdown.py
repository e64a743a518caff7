"""Markdown page text read as the text it renders.

Scrapers built for language models send a page as Markdown rather than as plain text. The
line model was trained on plain renderings, where a menu item is a short line of words; in
Markdown it is ``[Label](https://example.com/section/label)``, a line of long tokens and
punctuation that reads like nothing the model has seen, and a kept paragraph would carry link
targets and emphasis marks into the body. So a text that is Markdown is rendered first, with a
CommonMark parser (markdown-it-py), to the lines a browser would show: link and emphasis
syntax gone, images (which show no text) dropped, list items as ``* item``, table rows as cells
apart, one block a line, a blank line between paragraphs. Every later stage then sees the kind
of text it knows, and ``body`` and ``removed`` show the rendered lines.

Whether a text is Markdown is read off inline links and images with a target, which plain
renderings of a page do not print, and ``#`` headings and table rules (``| --- |``), which they
print only where a page shows code comments, numbered lists or ASCII tables (thresholds in
``rules/data/markdown.toml``).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from article_normalizer.normalize.lines.blocks import CELL_GAP_SPACES
from article_normalizer.rules import load_toml

_RULES = load_toml("markdown.toml")
_MIN_MARKED_LINES = int(_RULES["detect"]["min_marked_lines"])
_MIN_LINK_LINES = int(_RULES["detect"]["min_link_lines"])
_MIN_MARKED_SHARE = float(_RULES["detect"]["min_marked_share"])
_CELL_GAP = " " * CELL_GAP_SPACES
"""Cells apart by the gap the segmenter reads as one (``lines/blocks.py``)."""
_LAYOUT_CELL = int(_RULES["render"]["layout_cell_chars"])

_LINK = re.compile(r"!?\[[^\]\n]*\]\([^)\s]+(?:\s+\"[^\"\n]*\")?\)")
"""An inline link or image with a target: ``[text](target)``, ``![alt](src "title")``."""
_HEADING = re.compile(r" {0,3}#{1,6}[ \t]+\S")
"""An ATX heading (``## Related stories``); a hashtag has no space after its ``#``."""
_RULE_CELL = r"[ \t]*:?-{3,}:?[ \t]*"
_TABLE_RULE = re.compile(
    rf"[ \t]*(?:\|(?:{_RULE_CELL}\|)+|\|?{_RULE_CELL}(?:\|{_RULE_CELL})+\|?)[ \t]*"
)
"""The rule under a table's header row (``| --- | :---: |``): a converter prints one under
every table, a page laid out in tables under each of them."""
_LEFTOVER_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\((?:[^()\n]|\([^()\n]*\))*\)")
"""Link syntax CommonMark leaves as text: a target with spaces or quotes
(``[Print](javascript:print('x'))``), which no browser shows either; its label is kept."""
_TAG = re.compile(r"<[^>\n]*>")
_LINK_TITLE = re.compile(r'(\]\([^()\s]*)\s+"[^"]{0,2000}"\)')
"""A link's or image's title (``[text](target "title")``), which no page shows: converters
print the element's title attribute as it is, blank lines and all, and CommonMark reads a
link whose title holds a blank line as text."""
_MAX_NESTING = int(_RULES["render"]["max_nesting"])
_MAX_OPENERS = int(_RULES["render"]["max_openers"])
_MAX_INDENT = int(_RULES["render"]["max_indent"])
_MAX_CHARS = int(_RULES["render"]["max_chars"])
_MAX_FENCE_READINGS = int(_RULES["render"]["max_fence_readings"])
_OPENER = r"[ \t]*(?:>|[*+-][ \t]|\d{1,9}[.)][ \t])"
"""What opens a container block at a line's start: a quote, a bullet, a number."""
_DEEP_OPENERS = re.compile(rf"^((?:{_OPENER}){{{_MAX_OPENERS}}})(?:{_OPENER})+", re.M)
_DEEP_INDENT = re.compile(rf"^[ \t]{{{_MAX_INDENT},}}", re.M)
_DELIMITER = re.compile(r":?-+:?")


def looks_like_markdown(text: str) -> bool:
    """Whether ``text`` is a page rendered to Markdown (see the module's docstring)."""
    if "](" not in text and "# " not in text:
        return False
    lines = 0
    marked = 0
    linked = 0
    for line in text.splitlines():
        if line.strip():
            lines += 1
            if "](" in line and _LINK.search(line):
                linked += 1
                marked += 1
            elif _HEADING.match(line) or _TABLE_RULE.fullmatch(line):
                marked += 1
    return (
        linked >= _MIN_LINK_LINES
        and marked >= _MIN_MARKED_LINES
        and marked >= _MIN_MARKED_SHARE * lines
    )


@cache
def _parser() -> MarkdownIt:
    # Raw HTML is allowed in Markdown: parsed as HTML tokens, its tags are dropped below.
    # Indented code is not read: converters indent four columns and more where they print a
    # nested list whose parent item showed nothing, or a quote's or a table cell's content,
    # and CommonMark would print those menus and teasers as code, link syntax and all (a
    # link's title wrapped onto an unindented line even ends the block inside the link).
    # Read as paragraphs, real indented code keeps its lines, since a soft break stays a
    # line break (:func:`_inline_lines`).
    return MarkdownIt("commonmark", {"html": True, "maxNesting": _MAX_NESTING}).disable("code")


def markdown_text(text: str, max_lines: int | None = None) -> str:
    """The lines ``text`` shows once rendered: one block a line, blank lines between blocks.

    With ``max_lines``, only the text's first ``max_lines`` lines are rendered and the rest
    follows as it came: the pipeline reads no further than its block limit and reports what
    it left, so rendering it would only cost time. Past ``max_chars`` of the data file the
    text also follows as it came, which bounds what the pure-Python parser spends on one
    document.
    """
    head, tail = _cut(text, max_lines) if max_lines is not None else (text, "")
    if len(head) > _MAX_CHARS:
        # At a line's end, so no link or line is cut in two.
        end = head.rfind("\n", 0, _MAX_CHARS)
        end = end if end > 0 else _MAX_CHARS
        head, tail = head[:end], head[end + 1 :] + (f"\n{tail}" if tail else "")
    rendered = "\n".join(_Renderer().render(_parser().parse(_flattened(head))))
    return f"{rendered}\n{tail}" if tail else rendered


def _cut(text: str, lines: int) -> tuple[str, str]:
    """``text`` split after its first ``lines`` lines (at a newline)."""
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return text, ""
    return text[:end], text[end + 1 :]


def _flattened(text: str) -> str:
    """``text`` with quotes, list markers and indents no deeper than the parser nests.

    Past its nesting limit a CommonMark parser stops reading the document, so whatever
    followed a deep nest would be lost; capped, a deep quote or list reads as a less deep one
    and every word stays.
    """
    text = _LINK_TITLE.sub(r"\1)", text)
    text = _DEEP_OPENERS.sub(r"\1", text)
    return _DEEP_INDENT.sub(" " * _MAX_INDENT, text)


def _inline_lines(children: Sequence[Token] | None) -> list[str]:
    """An inline run's text, split where the source breaks its lines.

    A soft break stays a line break: scraped Markdown puts menu items and teasers on lines of
    their own without blank lines between them, and the segmenter rejoins lines that are a
    hard-wrapped paragraph (``blocks.unwrap``).
    """
    lines = [""]
    for child in children or ():
        if child.type in ("text", "code_inline"):
            lines[-1] += child.content
        elif child.type in ("softbreak", "hardbreak"):
            lines.append("")
        # Images show no text; link, emphasis and inline HTML tags have none of their own.
    out: list[str] = []
    for line in lines:
        line = _LEFTOVER_LINK.sub(r"\1", line)
        out.extend(_row_lines(line) if line.lstrip().startswith("|") else (line,))
    return out


def _row_lines(line: str) -> list[str]:
    """A table row's cells as the page shows them: one line with the cells apart, or, in a
    layout table, one line a cell; nothing for the row under the header (``| --- |``).

    Rows are split here rather than by a table parser because converters print layout tables
    with more cells in a row than in its header, and a table parser drops those cells.
    """
    cells = [cell.strip() for cell in line.split("|")]
    cells = [cell for cell in cells if cell]
    if all(_DELIMITER.fullmatch(cell) for cell in cells):
        return []
    if any(len(cell) > _LAYOUT_CELL for cell in cells):
        return cells
    return [_CELL_GAP.join(cells)]


def _fenced_markdown(content: str, readings: int) -> list[str]:
    """The lines of a fenced block that holds link or image syntax, rendered as Markdown.

    Converters print a page's code without link syntax, but a line opening with three tildes
    or backticks opens a fence whether they meant one or not (html2text prints an empty
    strikethrough as ``~~~~``), and an unclosed fence runs to the page's end: such a block is
    the page's menus, teasers and story, links and all, not code.
    """
    return _Renderer(readings + 1).render(_parser().parse(textwrap.dedent(content)))


class _Renderer:
    """Walks markdown-it's flat token stream, keeping what the open lists need to know (a list
    item's marker)."""

    def __init__(self, readings: int = 0) -> None:
        self.readings = readings
        """How many fences this text was read out of (:func:`_fenced_markdown`)."""
        self.out: list[str] = []
        self.lists: list[int | None] = []
        """One entry per open list: the next number of an ordered list, None for bullets."""
        self.marker: str | None = None
        """The marker of a list item whose first line is not out yet."""

    def render(self, tokens: Sequence[Token]) -> list[str]:
        for token in tokens:
            self._token(token)
        return self.out

    def _emit(self, lines: Sequence[str], *, blank: bool) -> None:
        if blank and self.out and self.out[-1]:
            self.out.append("")
        for line in lines:
            if self.marker is not None and line.strip():
                line = self.marker + line
                self.marker = None
            self.out.append(line)

    def _token(self, token: Token) -> None:
        kind = token.type
        if kind == "bullet_list_open":
            self.lists.append(None)
        elif kind == "ordered_list_open":
            start = token.attrGet("start")
            self.lists.append(int(start) if isinstance(start, int | str) else 1)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
            self.marker = None
        elif kind == "list_item_open":
            self.marker = self._item_marker()
        elif kind == "inline":
            # List items are printed one under another; other blocks have a blank line above.
            self._emit(_inline_lines(token.children), blank=not self.lists)
        elif (
            kind == "fence" and self.readings < _MAX_FENCE_READINGS and _LINK.search(token.content)
        ):
            self._emit(_fenced_markdown(token.content, self.readings), blank=True)
        elif kind == "fence":
            self._emit(token.content.splitlines(), blank=not self.lists)
        elif kind == "html_block":
            self._emit([_TAG.sub("", line) for line in token.content.splitlines()], blank=True)

    def _item_marker(self) -> str:
        indent = "  " * (len(self.lists) - 1)
        number = self.lists[-1]
        if number is None:
            return f"{indent}* "
        self.lists[-1] = number + 1
        return f"{indent}{number}. "
