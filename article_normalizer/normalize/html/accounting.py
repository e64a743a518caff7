"""HTML mode's account of the whole page: every visible line in the body or in ``removed``.

The body and the fields come from trafilatura's extraction; the lines it left out (menus,
comment threads, footers, the byline it skipped) would otherwise vanish. This stage walks the
page's visible lines in order, keeps the pipeline's own ``removed`` entries where they fall, and
names each line that no entry holds (see :func:`account_for_page` for the order of the clues).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from article_normalizer.normalize.html.visible import VisibleLine
from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.normalize.lines.kind_model import rename as rename_kinds
from article_normalizer.normalize.lines.kinds import (
    BodyContext,
    name_kind,
    scan_page,
    strong_clutter,
)
from article_normalizer.normalize.models import RemovedBlock
from article_normalizer.normalize.page import BODY, Decision
from article_normalizer.normalize.textkeys import line_key
from article_normalizer.rules import LanguageProfile
from article_normalizer.rules.markup import markup_rules

_SUFFIX = 40
"""Characters of a body paragraph's key that identify it at the end of a longer page line (the
opening paragraph loses its dateline to the ``dateline`` field; the page line keeps it)."""
_MIN_INSIDE = 20
"""Key length from which a page line found inside a body paragraph is that paragraph's text:
shorter ones ("World", "Photo") occur inside prose by chance."""


@dataclass(frozen=True, slots=True)
class Fields:
    """What the field stages took from the page, to name the lines that printed them."""

    title: str | None = None
    byline: str | None = None
    stamps: tuple[str, ...] = ()


def account_for_page(
    removed: list[RemovedBlock],
    paragraphs: Sequence[str],
    page_lines: Sequence[VisibleLine],
    fields: Fields,
    profile: LanguageProfile,
) -> list[RemovedBlock]:
    """``removed`` with every visible line that is neither body nor already listed, in page
    order; the pipeline's entries take the name their markup gives by the same order, fields'
    lines excepted (see :meth:`_Namer.renamed`).

    A line's name: a field it printed (headline, byline, stamp); else the kind of a specific
    element around it (a comment, a caption, a share bar); else a confident clutter phrase of
    its own ("Sign up for our newsletter" in a sidebar), unless the line is a short link of a
    menu or footer ("Newsletters" in a site menu names a page) or a bare form label in a
    sidebar, footer or menu ("Email" in a newsletter box); else a generic container's kind
    (footer, sidebar, navigation); else what the text rules make of it in the page's lines;
    a line all of these leave as ``other`` gets the kind model's name for where it sits among
    the page's lines, as in text mode.
    """
    keys = [line_key(line.text) for line in page_lines]
    in_body = _in_body(paragraphs, keys)
    matches = _match(removed, keys, in_body)
    matched = sorted(matches.values())
    names = _Namer(page_lines, keys, in_body, fields, profile)
    scan_page(
        [line.text for line, body in zip(page_lines, in_body, strict=True) if not body], profile
    )
    # An entry no page line shows (the declared headline, a split table cell) stays right
    # after the entry it followed in the pipeline's order.
    out = list(removed[: matched[0] if matched else len(removed)])
    placed: dict[int, int] = {}  # page line -> its entry's place in ``out``
    for i, line in enumerate(page_lines):
        if in_body[i]:
            continue
        placed[i] = len(out)
        j = matches.get(i)
        if j is None:
            out.append(names.new_entry(i))
            continue
        out.append(names.renamed(removed[j], line))
        k = bisect_left(matched, j + 1)
        out.extend(removed[j + 1 : matched[k] if k < len(matched) else len(removed)])
    if any(out[o].kind == "other" for o in placed.values()):
        _name_the_rest(out, placed, names, profile)
    return out


def _name_the_rest(
    out: list[RemovedBlock], placed: dict[int, int], names: _Namer, profile: LanguageProfile
) -> None:
    """Entries still ``other``: the kind model's name for their place among the page's lines."""
    decisions = [
        Decision(out[placed[i]].kind, out[placed[i]].reason) if i in placed else Decision(BODY, "")
        for i in range(len(names.blocks))
    ]
    rename_kinds(names.blocks, decisions, profile)
    for i, o in placed.items():
        entry = out[o]
        if entry.kind == "other" and decisions[i].kind != "other":
            # The model appends its confidence to the entry's reason.
            out[o] = RemovedBlock(
                kind=decisions[i].kind,  # type: ignore[arg-type]
                text=entry.text,
                reason=decisions[i].reason,
            )


def _match(
    removed: list[RemovedBlock], line_keys: Sequence[str], in_body: list[bool]
) -> dict[int, int]:
    """Page line -> the pipeline entry with its text, in order (each entry used once)."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for j, entry in enumerate(removed):
        by_key[line_key(entry.text)].append(j)
    matches: dict[int, int] = {}
    taken = 0
    for i, key in enumerate(line_keys):
        if in_body[i]:
            continue
        listed = by_key.get(key)
        if listed and (k := bisect_left(listed, taken)) < len(listed):
            matches[i] = listed[k]
            taken = listed[k] + 1
    return matches


def page_line_of(
    blocks: Sequence[Block], page_lines: Sequence[VisibleLine]
) -> list[VisibleLine | None]:
    """Per block, the page line with its text (the first one), or None: lines the extraction
    joined or cut differently from the page find none."""
    lines: dict[str, VisibleLine] = {}
    for line in page_lines:
        key = line_key(line.text)
        seen = lines.get(key)
        if seen is None:
            lines[key] = line
        elif not seen.repeated:
            lines[key] = replace(seen, repeated=True)
    return [lines.get(line_key(block.text)) for block in blocks]


def _in_body(paragraphs: Sequence[str], line_keys: Sequence[str]) -> list[bool]:
    keys = {line_key(p) for p in paragraphs}
    keys.discard("")
    blob = "\n".join(keys)
    suffixes = {k[-_SUFFIX:] for k in keys if len(k) >= _SUFFIX}
    flags = [
        bool(key)
        and (
            key in keys
            or (len(key) >= _MIN_INSIDE and key in blob)
            or (len(key) >= _SUFFIX and key[-_SUFFIX:] in suffixes)
        )
        for key in line_keys
    ]
    # A short line is body when it runs on into a neighbour inside one paragraph (a paragraph
    # the extraction joined across a <br>), not when its words merely occur in the prose.
    last = len(line_keys) - 1
    for i, key in enumerate(line_keys):
        if flags[i] or not key or key not in blob:
            continue
        flags[i] = (i > 0 and line_keys[i - 1] + key in blob) or (
            i < last and key + line_keys[i + 1] in blob
        )
    return flags


class _Namer:
    """Names the page lines no pipeline entry holds; the text rules see the whole page."""

    def __init__(
        self,
        page_lines: Sequence[VisibleLine],
        keys: Sequence[str],
        in_body: list[bool],
        fields: Fields,
        profile: LanguageProfile,
    ) -> None:
        self.lines = page_lines
        self.keys = keys
        self.profile = profile
        self.title = line_key(fields.title or "")
        self.byline = line_key(fields.byline or "")
        self.stamps = [key for s in fields.stamps if (key := line_key(s))]
        self.blocks = [
            Block(index=i, line_no=i, text=line.text, indent=0, blank_before=False)
            for i, line in enumerate(page_lines)
        ]
        self.decisions = [
            Decision(BODY, "html:page") if body else Decision("other", "html:page")
            for body in in_body
        ]
        self._context: BodyContext | None = None
        rules = markup_rules()
        self.menu_max_words = rules.menu_max_words
        self.generic = rules.generic_kinds
        self.field_kinds = rules.field_kinds
        self.menu_kinds = rules.menu_kinds
        self.form_label_kinds = rules.form_label_kinds
        self.form_label_max_words = rules.form_label_max_words

    def renamed(self, entry: RemovedBlock, line: VisibleLine) -> RemovedBlock:
        """A pipeline entry under its markup's name, by the order :meth:`new_entry` names a
        line in: a field's line keeps its kind; a specific element (a comment, a caption, a
        share bar) names the line; a generic container (a menu, a footer, a sidebar) names it
        unless the line's own words are a confident clutter phrase that is not one of its
        menu items or form labels."""
        if line.kind is None or entry.kind == line.kind or entry.kind in self.field_kinds:
            return entry
        if entry.kind != "other" and line.kind in self.generic:
            strong = strong_clutter(line.text, self.profile)
            if strong is not None and not (
                self._menu_item(line) or self._form_label(line, strong[0])
            ):
                return entry
        return RemovedBlock(kind=line.kind, text=entry.text, reason=line.reason)  # type: ignore[arg-type]

    def new_entry(self, index: int) -> RemovedBlock:
        line = self.lines[index]
        kind, reason = self._name(index, line)
        return RemovedBlock(kind=kind, text=line.text, reason=f"html:unextracted {reason}")  # type: ignore[arg-type]

    def _name(self, index: int, line: VisibleLine) -> tuple[str, str]:
        key = self.keys[index]
        field = self._field(key)
        if field is not None:
            return field
        specific = line.kind is not None and line.kind not in self.generic
        if specific:
            return line.kind, line.reason  # type: ignore[return-value]
        strong = strong_clutter(line.text, self.profile)
        if strong is not None:
            if strong[1].startswith("lexicon:") and (
                self._menu_item(line) or self._form_label(line, strong[0])
            ):
                return line.kind, line.reason  # type: ignore[return-value]
            return strong
        if line.kind is not None:
            return line.kind, line.reason
        if self._context is None:
            self._context = BodyContext.of(self.blocks, self.decisions, self.profile)
        kind, reason = name_kind(self.blocks, self.decisions, index, self.profile, self._context)
        if kind == "other" and line.linked:
            if len(line.text.split()) <= self.menu_max_words:
                return "navigation", "markup:link"
            return "related", "markup:linked_headline"
        return kind, reason

    def _menu_item(self, line: VisibleLine) -> bool:
        """A short link in a menu or footer: it names where it leads ("Newsletters"), so the
        container's kind is its name, not the kind its words would give a prompt. So does a
        line of numbers there, linked or not: a pager's page or a slideshow's position
        ("3/18"), which the caption lexicon would take for a gallery's counter under a photo."""
        return (
            line.kind in self.menu_kinds
            and len(line.text.split()) <= self.menu_max_words
            and (line.linked or not any(c.isalpha() for c in line.text))
        )

    def _form_label(self, line: VisibleLine, kind: str) -> bool:
        """A bare field label ("Email", "Submit") in a sidebar, footer or menu: a field of that
        container's own form, not of a comment form."""
        return (
            kind in self.form_label_kinds
            and line.kind in self.generic
            and len(line.text.split()) <= self.form_label_max_words
        )

    def _field(self, key: str) -> tuple[str, str] | None:
        if not key:
            return None
        if self.title and (key == self.title or (len(key) >= _MIN_INSIDE and key in self.title)):
            return "title", "field:title"
        if self.byline and self.byline in key and len(key) <= len(self.byline) + _SUFFIX:
            return "byline_stamp", "field:byline"
        if any(stamp in key for stamp in self.stamps) and len(key) <= 4 * _SUFFIX:
            return "byline_stamp", "field:stamp"
        return None
