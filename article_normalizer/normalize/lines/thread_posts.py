"""The other posts of a thread, when the body is one of them.

On a forum or a Q&A page the line model reads the opening post as the article, and the
replies (shorter, set among user names, dates, post numbers and reaction counts) as clutter.
What tells a thread from an article with comments below it is its layout: every post, the
first one included, opens with the same header. So the header is read off the lines just above
the body's first line, each reduced to its shape (digit runs and letter runs masked, so that
"Jan 2, 2024" and "Mar 14, 2025" are one shape), and where it recurs further down the page,
the lines under each recurrence are a post.

Only a header of several short lines (names, dates, counters: a few words each) with a digit
among them counts: one line recurs by chance (a time stamp above a story recurs over the teaser
list below it), bullets alone recur in every menu, and a time stamp over a headline opens every
item of a news feed. Where the model doubted the first post's opening lines, its header stands
a few lines above the body instead, with those lines under it. The header's own lines (a
post's date and number) are told too: they are no post's text, wherever the model scored them.
A Q&A page prints no header but signs every post below it (share and edit links, "answered
<date>", the author's card); where no header marks the thread, such a signature under the first
post that recurs under others marks it instead. The settings and their origin are in
``rules/data/body_rules.toml``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from article_normalizer.normalize.lines.char_classes import UNSPACED
from article_normalizer.rules.body_rules import ThreadPosts

_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[^\W\d_]+")
_UNSPACED_CHAR = re.compile(rf"[{UNSPACED}]")
_ACTION_KINDS = frozenset({"share", "comment_box"})
"""The kinds of a post's action links ("Share", "Follow", "Reply", "Add a comment")."""


def line_shape(text: str) -> str:
    """The line with every digit run as ``0`` and every letter run as ``a``: what post headers
    share ("Jane Doe", "* Jan 2, 2024", "* #3" -> "a a", "* a 0, 0", "* #0")."""
    return " ".join(_LETTERS.sub("a", _DIGITS.sub("0", text)).split())


@dataclass(frozen=True, slots=True)
class Thread:
    """What the page's thread layout says about its lines: ``posts`` join the body, ``headers``
    are the lines of every post's header (authors, dates, post numbers), which are no post's
    text even where the model scored them as body."""

    posts: list[int]
    headers: list[int]


def post_lines(
    texts: Sequence[str],
    is_body: Sequence[bool],
    is_open: Sequence[bool],
    scores: Sequence[float],
    rule: ThreadPosts,
    kinds: Sequence[str] | None = None,
) -> Thread | None:
    """The lines that join the body as posts of the thread its first line opens, and the
    posts' header lines; None when the page is no thread.

    ``is_open`` marks the lines no rule has named yet (only those may join), ``scores`` are
    the line model's body probabilities. A thread whose posts the body already holds joins
    nothing and is a thread all the same: the rules for an article's comments and for prose
    about something else below it do not apply to its replies. ``kinds`` are the kinds the
    rules gave so far (``share``, ``comment``, ...): given them, a thread may also be found by
    the signature under its posts.
    """
    first = next((i for i, body in enumerate(is_body) if body), None)
    if first is None:
        return None

    def shape_of(text: str) -> str | None:
        return line_shape(text) if len(text) <= rule.max_header_chars else None

    # The header's last lines may score as body (a post's date line, where the page's
    # threshold was lowered): short lines of a few words opening the body still belong to it.
    header: list[str] = []
    lead = first
    while lead < len(texts) and is_body[lead] and len(header) < rule.max_header_lines:
        shape = shape_of(texts[lead])
        if shape is None or shape.count("a") > rule.max_header_words:
            break
        header.append(shape)
        lead += 1
    i = first - 1
    while i >= 0 and len(header) < rule.max_header_lines and not is_body[i]:
        shape = shape_of(texts[i])
        if shape is None:
            break
        header.insert(0, shape)
        i -= 1
    end = lead
    while end < len(texts) and is_body[end]:
        end += 1
    # Only the lines below the body can repeat the header: they are shaped only once a header
    # qualifies, and the lines above the header and in the body never are.
    below: list[str | None] | None = None

    def recurrences(template: list[str]) -> list[int]:
        nonlocal below
        if below is None:
            below = [shape_of(text) for text in texts[end:]]
        size = len(template)
        return [end + k for k in range(len(below) - size + 1) if below[k : k + size] == template]

    def qualifies(template: list[str]) -> bool:
        return any("0" in shape for shape in template) and not any(
            shape.count("a") > rule.max_header_words for shape in template
        )

    for size in range(len(header), rule.min_header_lines - 1, -1):
        tail = header[-size:]
        if qualifies(tail):
            starts = recurrences(tail)
            if len(starts) >= rule.min_recurrences:
                return Thread(
                    posts=_posts(starts, size, is_open, scores, rule.min_score),
                    headers=_header_lines([lead - size, *starts], size),
                )
    # The first post's opening lines may score below the body (a question the model doubted):
    # its header then ends a few lines above the body's first line, over those lines. Further
    # from the body, a feed's item header (a time stamp over a section label) or a widget's rows
    # may stand there, so the header's lines must differ, recur spaced like posts, and be the
    # only such header printed above the body.
    above: list[str | None] | None = None
    for last in range(first - 2, max(first - 1 - rule.header_window, -1), -1):
        header = _run_shapes(texts, last, -1, shape_of, rule.max_header_lines)
        for size in range(len(header), rule.min_header_lines - 1, -1):
            tail = header[-size:]
            if not qualifies(tail) or len(set(tail)) < size:
                continue
            starts = recurrences(tail)
            if len(starts) < rule.min_recurrences or not _spaced(starts, size):
                continue
            if above is None:
                above = [shape_of(text) for text in texts[:first]]
            if _count(tail, above) == 1:
                opening = [
                    k for k in range(last + 1, first) if is_open[k] and scores[k] >= rule.min_score
                ]
                return Thread(
                    posts=opening + _posts(starts, size, is_open, scores, rule.min_score),
                    headers=_header_lines([last - size + 1, *starts], size),
                )
    # A Q&A page signs each post below it instead (share and edit links, "answered <date>", the
    # author's card): short lines a few lines under the first post's end, no comments heading
    # before them and one of them an action link, that recur, spaced like posts, under other
    # posts further down, and are printed nowhere above the body. Each post then runs from one
    # signature to the next.
    if kinds is None:
        return None
    for start in range(end, min(end + rule.footer_window, len(texts))):
        if kinds[start] == "comment":  # a comments heading: below it, the article's comments
            break
        footer = _run_shapes(texts, start, 1, shape_of, rule.max_header_lines)
        for size in range(len(footer), rule.min_header_lines - 1, -1):
            head = footer[:size]
            if not qualifies(head) or len(set(head)) < size:
                continue
            # A signature carries the post's action links ("Share", "Reply"), which the lexicons
            # name; a comment's or a teaser's header, a product's price line do not.
            if not any(kinds[start + k] in _ACTION_KINDS for k in range(size)):
                continue
            ends = [start, *(k for k in recurrences(head) if k >= start + size)]
            if len(ends) <= rule.min_recurrences or not _spaced(ends, size):
                continue
            if above is None:
                above = [shape_of(text) for text in texts[:first]]
            if _count(head, above) == 0:
                return Thread(
                    posts=[
                        k
                        for a, b in itertools.pairwise(ends)
                        for k in range(a + size, b)
                        if is_open[k] and scores[k] >= rule.min_score
                    ],
                    headers=_header_lines(ends, size),
                )
    return None


def _header_lines(starts: list[int], size: int) -> list[int]:
    return [start + k for start in starts for k in range(size)]


def _run_shapes(
    texts: Sequence[str], start: int, step: int, shape_of: Callable[[str], str | None], most: int
) -> list[str]:
    """The shapes of the short lines running from line ``start`` up (``step`` -1) or down (1),
    at most ``most`` of them, in page order.

    A line of a script written without spaces ends them: its shape is one letter run, whatever
    it says, so a headline of a feed looks like any other line of it."""
    shapes: list[str] = []
    i = start
    while 0 <= i < len(texts) and len(shapes) < most:
        shape = shape_of(texts[i])
        if shape is None or _UNSPACED_CHAR.search(texts[i]):
            break
        shapes.append(shape)
        i += step
    return shapes[::step]


def _spaced(starts: list[int], size: int) -> bool:
    """Whether the recurrences part posts of more than a line each: a feed's items (a time
    stamp and a section over a headline) or a rating widget's rows recur closer."""
    gaps = sorted(b - a for a, b in itertools.pairwise(starts))
    return not gaps or gaps[len(gaps) // 2] > size + 1


def _count(template: list[str], shapes: list[str | None]) -> int:
    """How often the header is printed above the body: once for a thread's first post, which
    is the first under its header; a feed prints its item header over the story and over the
    items above it too."""
    size = len(template)
    return sum(shapes[k : k + size] == template for k in range(len(shapes) - size + 1))


def _posts(
    starts: list[int], size: int, is_open: Sequence[bool], scores: Sequence[float], low: float
) -> list[int]:
    """The open lines scoring at least ``low`` under each header; the last post reaches no
    further than the longest distance between two headers (the page's footer is no post)."""
    longest = max(b - a for a, b in itertools.pairwise(starts))
    stops = [*starts[1:], min(len(is_open), starts[-1] + longest)]
    return [
        k
        for start, stop in zip(starts, stops, strict=True)
        for k in range(start + size, stop)
        if is_open[k] and scores[k] >= low
    ]
