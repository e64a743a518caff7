"""Settings of the line classifier's rules after the model (``data/body_rules.toml``).

The file says why each rule exists and where its numbers come from; the rules themselves are
applied by :mod:`article_normalizer.normalize.lines.classify`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from article_normalizer.rules import checks

_DATA = resources.files(__package__) / "data"


class BodyRulesDataError(ValueError):
    """``body_rules.toml`` is malformed: a packaging error, caught by the test suite."""


@dataclass(frozen=True, slots=True)
class RepeatedRuns:
    """How a copy of the body is told from the body."""

    min_repeated_share: float
    """Share of a run's characters in lines already kept above which the run is a copy."""
    max_gap: int
    """Non-body lines allowed between two body lines of one run."""
    min_lines: int
    """Fewest body lines a run needs to be taken for a copy (a lone repeated line is a quote)."""


@dataclass(frozen=True, slots=True)
class InnerTeasers:
    """When headline-shaped lines inside the body are the article's sections, not teasers."""

    min_section_headings: int
    """Fewest such lines inside the body for the confident ones to be sub-headings."""
    min_numbered_headings: int
    """Fewest headings numbered in sequence, each over a body line, for them to be the
    article's own (a listicle's "1. ...", "2. ...", "3. ...")."""
    max_numbered_words: int
    """Longest such heading, in reader words; a longer numbered line is a list item of prose."""
    numbered_heading: re.Pattern[str]
    """Matches a numbered heading's number, in group ``number``."""


@dataclass(frozen=True, slots=True)
class CountLists:
    """How an archive or category widget's column of counted labels is told by its shape."""

    item: re.Pattern[str]
    """Matches one line of such a column, its count in group ``count``."""
    max_chars: int
    """A longer line is a sentence ending in a figure, not a label."""
    min_lines: int
    """Fewest such lines in a row that make a column."""


@dataclass(frozen=True, slots=True)
class VerseRuns:
    """How Chinese or Japanese prose written a phrase a line is told from a column of menu
    entries."""

    script: re.Pattern[str]
    """Found in every line of such a run that holds a letter (Han or kana)."""
    broken_off: re.Pattern[str]
    """Matches a line that ends mid-sentence (a particle, an inflection, a clause comma)."""
    max_width: int
    """Widest line of a run, in display columns (a wide character takes two)."""
    min_lines: int
    """Fewest lines in a run."""
    min_broken_share: float
    """Share of a run's lines that must end mid-sentence."""


@dataclass(frozen=True, slots=True)
class ThreadPosts:
    """How the posts of a thread are found from the header above the body's first post."""

    max_header_lines: int
    """Most non-body lines above the body read as the post header."""
    max_header_chars: int
    """A longer line ends the header: headers are names, dates and counters."""
    max_header_words: int
    """Most words (letter runs) of a header line: post headers are names, dates and counters,
    a feed's item headers are headlines."""
    min_header_lines: int
    """Fewest header lines that must recur together (one line recurs by chance)."""
    min_recurrences: int
    """Fewest recurrences of the header after the body's first run for a thread."""
    min_score: float
    """Lowest body probability of a line that joins the body as part of a post."""
    header_window: int
    """Most lines above the body's first line the first post's header may end (the post's
    opening lines between them scored below the body)."""
    footer_window: int
    """Most lines below the first post's end where a Q&A page's post signature may start (the
    question's tags stand between them)."""


@dataclass(frozen=True, slots=True)
class CommentSection:
    """Where the article's main run ends, so that a comments heading below it can be found."""

    max_gap: int
    """Non-body lines allowed between two body lines of one run."""


@dataclass(frozen=True, slots=True)
class RelatedSection:
    """How a teaser below a related heading looks."""

    teaser_max_chars: int
    """A teaser is one headline: longer lines are prose whatever their end."""


@dataclass(frozen=True, slots=True)
class ProseLess:
    """When a page holds too little sure prose for the model's threshold, and its own bar."""

    prose_score: float
    """Lowest body probability of a line counted as sure prose."""
    prose_tokens: int
    """Fewest tokens of a line counted as sure prose."""
    min_prose_lines: int
    """With fewer sure prose lines than this, the page is judged against its own best line."""
    relative: float
    """The page's bar as a share of its best line's probability."""
    grow_margin: float
    """How far below the page's own bar a line next to the body joins it (the model's margin
    is for its own threshold: below a bar this low it would reach into every menu)."""


@dataclass(frozen=True, slots=True)
class ConsentDialog:
    """How far a consent dialog's sentences reach from its controls."""

    window: int
    """Lines between a consent control (or a sentence already taken) and a sentence of it."""
    fill_gap: int
    """Most lines between two of a dialog's lines for the lines between to be the dialog's too."""
    fill_min_lines: int
    """Fewest lines a run of the dialog's lines (each at most ``fill_gap`` lines from the next)
    holds before its gaps are filled: a dialog's purpose list, not an embed's two-line box."""


@dataclass(frozen=True, slots=True)
class PaywallBox:
    """How close two paywall prompts stand to close in the offer between them."""

    window: int
    """Most lines from one prompt to the next for the lines between them to be the box's."""


@dataclass(frozen=True, slots=True)
class IntroducedLists:
    """How a list the story announces is told from a menu wedged into it."""

    introducer: re.Pattern[str]
    """Matches a body line that announces a list (it ends in a colon)."""
    min_items: int
    """Fewest list items under it that make a list."""


@dataclass(frozen=True, slots=True)
class TableRows:
    """How long a table inside the story must be to join the body."""

    min_rows: int
    """Fewest consecutive rows (lines of two cells or more) that make a table."""
    min_regular: float
    """Least share of the rows with the table's most common number of cells."""
    max_in_body: float
    """Largest share of the rows the body already holds."""


@dataclass(frozen=True, slots=True)
class Slideshow:
    """What marks a slideshow's slides: its counters."""

    counter: re.Pattern[str]
    """A slide's counter as a whole line ("1 / 14", "Image 2 of 15"), with groups ``number``
    and ``total``."""
    min_counters: int
    """Fewest counters, numbered one after the other out of one total, that make a slideshow."""
    max_gap: int
    """Most lines from one counter to the next (a slide's title, caption and credit)."""
    max_share: float
    """Largest share of the body's characters the slides may hold and leave it: above it the
    slideshow is the story (a gallery page), not something set into it."""


@dataclass(frozen=True, slots=True)
class OffTopic:
    """When a body run below the story is about something else."""

    max_gap: int
    """Non-body lines allowed between two body lines of one run."""
    min_distance: int
    """Fewest lines from the main run's last line to the run's first."""
    max_size: float
    """Largest share of the main run's weight (characters times body probability) the run may
    have (a heavier one is content in its own right: a listing's next section, the story's second
    half), unless none of its lines is as sure as the main run's surest line."""
    min_words: int
    """Fewest content words the run needs to be judged (a short run is judged by its name)."""
    max_shared: float
    """Share of the run's content words found in the body's other runs below which it is off
    topic."""
    min_word_chars: int
    """Shortest word of a spaced script counted as a content word."""
    main_margin: float
    """How far below the page's surest body line a run's surest line may fall and the run still
    be the story: the main run is the heaviest of those."""
    main_min_lines: int
    """Fewest lines of a run that is the story for its surest line rather than its weight."""


@dataclass(frozen=True, slots=True)
class ItemLines:
    """When a line of Han or kana text is a row of items parted by spaces, not prose."""

    min_gaps: int
    """Fewest spaces between two Han or kana characters (items minus one)."""
    max_gap_share: float
    """Most gaps per Han or kana character: above it the line is letter-spaced prose."""
    min_headline_chars: int
    """Fewest Han or kana characters an item averages for the row to be headlines (`related`)
    rather than menu entries (`navigation`)."""


@dataclass(frozen=True, slots=True)
class BodyRules:
    repeated_runs: RepeatedRuns
    inner_teasers: InnerTeasers
    thread_posts: ThreadPosts
    comment_section: CommentSection
    related_section: RelatedSection
    prose_less: ProseLess
    consent_dialog: ConsentDialog
    paywall_box: PaywallBox
    table_rows: TableRows
    introduced_lists: IntroducedLists
    slideshow: Slideshow
    off_topic: OffTopic
    item_lines: ItemLines
    count_lists: CountLists
    verse_runs: VerseRuns


def _whole(table: dict[str, Any], key: str, low: int) -> int:
    return checks.whole(table, key, low, BodyRulesDataError)


def _table(data: dict[str, Any], name: str, keys: frozenset[str]) -> dict[str, Any]:
    return checks.exact_keys(data.get(name), keys, f"[{name}]", BodyRulesDataError)


def _share(table: dict[str, Any], key: str) -> float:
    return checks.share(table, key, BodyRulesDataError)


def _pattern(table: dict[str, Any], key: str, groups: tuple[str, ...]) -> re.Pattern[str]:
    """``table[key]`` compiled, refused unless it is a regex with the named ``groups``."""
    value = table.get(key)
    try:
        pattern = re.compile(value) if isinstance(value, str) else None
    except re.error as exc:
        raise BodyRulesDataError(f"{key} is not a valid regex: {exc}") from exc
    if pattern is None or not set(groups) <= set(pattern.groupindex):
        named = " and ".join(repr(group) for group in groups)
        raise BodyRulesDataError(f"{key} must be a regex with groups {named}, got {value!r}")
    return pattern


def body_rules_from(data: dict[str, Any]) -> BodyRules:
    tables = {
        "repeated_runs",
        "inner_teasers",
        "thread_posts",
        "comment_section",
        "related_section",
        "prose_less",
        "consent_dialog",
        "paywall_box",
        "table_rows",
        "introduced_lists",
        "slideshow",
        "off_topic",
        "item_lines",
        "count_lists",
        "verse_runs",
    }
    if set(data) != tables:
        raise BodyRulesDataError(f"expected the tables {sorted(tables)}, got {sorted(data)}")
    runs = _table(data, "repeated_runs", frozenset({"min_repeated_share", "max_gap", "min_lines"}))
    teasers = _table(
        data,
        "inner_teasers",
        frozenset(
            {
                "min_section_headings",
                "min_numbered_headings",
                "max_numbered_words",
                "numbered_heading",
            }
        ),
    )
    thread = _table(
        data,
        "thread_posts",
        frozenset(
            {
                "max_header_lines",
                "max_header_chars",
                "max_header_words",
                "min_header_lines",
                "min_recurrences",
                "min_score",
                "header_window",
                "footer_window",
            }
        ),
    )
    comments = _table(data, "comment_section", frozenset({"max_gap"}))
    related = _table(data, "related_section", frozenset({"teaser_max_chars"}))
    prose = _table(
        data,
        "prose_less",
        frozenset({"prose_score", "prose_tokens", "min_prose_lines", "relative", "grow_margin"}),
    )
    consent = _table(data, "consent_dialog", frozenset({"window", "fill_gap", "fill_min_lines"}))
    paywall = _table(data, "paywall_box", frozenset({"window"}))
    table_rows = _table(data, "table_rows", frozenset({"min_rows", "min_regular", "max_in_body"}))
    lists = _table(data, "introduced_lists", frozenset({"introducer", "min_items"}))
    slides = _table(
        data, "slideshow", frozenset({"counter", "min_counters", "max_gap", "max_share"})
    )
    items = _table(
        data, "item_lines", frozenset({"min_gaps", "max_gap_share", "min_headline_chars"})
    )
    counts = _table(data, "count_lists", frozenset({"item", "max_chars", "min_lines"}))
    verse = _table(
        data,
        "verse_runs",
        frozenset({"script", "broken_off", "max_width", "min_lines", "min_broken_share"}),
    )
    topic = _table(
        data,
        "off_topic",
        frozenset(
            {
                "max_gap",
                "min_distance",
                "max_size",
                "min_words",
                "max_shared",
                "min_word_chars",
                "main_margin",
                "main_min_lines",
            }
        ),
    )
    return BodyRules(
        repeated_runs=RepeatedRuns(
            min_repeated_share=_share(runs, "min_repeated_share"),
            max_gap=_whole(runs, "max_gap", 0),
            min_lines=_whole(runs, "min_lines", 1),
        ),
        inner_teasers=InnerTeasers(
            min_section_headings=_whole(teasers, "min_section_headings", 1),
            min_numbered_headings=_whole(teasers, "min_numbered_headings", 2),
            max_numbered_words=_whole(teasers, "max_numbered_words", 1),
            numbered_heading=_pattern(teasers, "numbered_heading", ("number",)),
        ),
        thread_posts=ThreadPosts(
            max_header_lines=_whole(thread, "max_header_lines", 1),
            max_header_chars=_whole(thread, "max_header_chars", 1),
            max_header_words=_whole(thread, "max_header_words", 0),
            min_header_lines=_whole(thread, "min_header_lines", 1),
            min_recurrences=_whole(thread, "min_recurrences", 2),
            min_score=_share(thread, "min_score"),
            header_window=_whole(thread, "header_window", 1),
            footer_window=_whole(thread, "footer_window", 1),
        ),
        comment_section=CommentSection(max_gap=_whole(comments, "max_gap", 0)),
        related_section=RelatedSection(teaser_max_chars=_whole(related, "teaser_max_chars", 1)),
        prose_less=ProseLess(
            prose_score=_share(prose, "prose_score"),
            prose_tokens=_whole(prose, "prose_tokens", 1),
            min_prose_lines=_whole(prose, "min_prose_lines", 1),
            relative=_share(prose, "relative"),
            grow_margin=_share(prose, "grow_margin"),
        ),
        consent_dialog=ConsentDialog(
            window=_whole(consent, "window", 1),
            fill_gap=_whole(consent, "fill_gap", 0),
            fill_min_lines=_whole(consent, "fill_min_lines", 2),
        ),
        paywall_box=PaywallBox(window=_whole(paywall, "window", 2)),
        table_rows=TableRows(
            min_rows=_whole(table_rows, "min_rows", 2),
            min_regular=_share(table_rows, "min_regular"),
            max_in_body=_share(table_rows, "max_in_body"),
        ),
        introduced_lists=IntroducedLists(
            introducer=_pattern(lists, "introducer", ()),
            min_items=_whole(lists, "min_items", 2),
        ),
        slideshow=Slideshow(
            counter=_pattern(slides, "counter", ("number", "total")),
            min_counters=_whole(slides, "min_counters", 2),
            max_gap=_whole(slides, "max_gap", 1),
            max_share=_share(slides, "max_share"),
        ),
        off_topic=OffTopic(
            max_gap=_whole(topic, "max_gap", 0),
            min_distance=_whole(topic, "min_distance", 1),
            max_size=_share(topic, "max_size"),
            min_words=_whole(topic, "min_words", 1),
            max_shared=_share(topic, "max_shared"),
            min_word_chars=_whole(topic, "min_word_chars", 1),
            main_margin=_share(topic, "main_margin"),
            main_min_lines=_whole(topic, "main_min_lines", 1),
        ),
        item_lines=ItemLines(
            min_gaps=_whole(items, "min_gaps", 1),
            max_gap_share=_share(items, "max_gap_share"),
            min_headline_chars=_whole(items, "min_headline_chars", 1),
        ),
        count_lists=CountLists(
            item=_pattern(counts, "item", ("count",)),
            max_chars=_whole(counts, "max_chars", 1),
            min_lines=_whole(counts, "min_lines", 2),
        ),
        verse_runs=VerseRuns(
            script=_pattern(verse, "script", ()),
            broken_off=_pattern(verse, "broken_off", ()),
            max_width=_whole(verse, "max_width", 1),
            min_lines=_whole(verse, "min_lines", 2),
            min_broken_share=_share(verse, "min_broken_share"),
        ),
    )


@cache
def body_rules() -> BodyRules:
    with (_DATA / "body_rules.toml").open("rb") as handle:
        return body_rules_from(tomllib.load(handle))
