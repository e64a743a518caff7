"""Block classification: body or a kind of clutter, with the reason.

The body decision is a learned one: gradient-boosted trees over the line features of
:mod:`article_normalizer.normalize.lines.features`, trained on the dev corpus by
``bench/train_classifier.py``
(see ``model/MODEL_CARD.md``). The trees ship as plain arrays in ``model/line-classifier.json``
and are evaluated here with numpy, all trees and all lines at once, so the service needs neither
LightGBM nor its OpenMP runtime.

On top of the model, in order:

1. a line that :func:`kinds.strong_clutter` recognises is never body, whatever its score;
   when no line reaches the threshold, the page's best lines are body all the same (those within
   :data:`FALLBACK_RATIO` of its highest probability): a page always has an article, and on pages
   unlike the training data the model's scores are low everywhere rather than nowhere high;
   then the body grows into its neighbours that come within :data:`GROW_MARGIN` of the
   threshold (hysteresis: a list item or a short forum reply next to the body joins it, the same
   line among clutter does not);
2. a headline-shaped line sitting inside the body run (body on both sides) is a teaser for a
   related story, not part of the article, unless the body holds several such lines the model
   is sure of: then they are the article's own sub-headings (a guide, a listicle); short lines
   numbered in sequence, each right above a body line, are a listicle's headings and join it;
3. a short last body run, cut off from the article by non-body lines, leaves the body when
   :func:`kinds.name_kind` recognises it (an outlet describing itself under the story);
4. a body run that repeats lines the body already holds is a copy (``duplicate``): page text
   often carries the article twice (a print or preview copy, two layouts of one page), and both
   copies read like prose (settings and their origin in ``rules/data/body_rules.toml``);
5. on a page's whole text, the sentences of a cookie or privacy consent dialog next to its
   buttons are clutter too (:mod:`consent_dialog`), though the lexicon alone would not make
   a long sentence certain clutter, and the lines the model doubts between two paywall prompts
   close together are the paywall's offer (:mod:`paywall_box`);
6. on a page's whole text, an archive or category widget's column of counted labels leaves the
   body (:mod:`count_lists`); the rows of a table inside the story join it (:mod:`table_rows`),
   as does Chinese or Japanese prose written a phrase a line (:mod:`verse_runs`); a body that
   is one post of a thread takes in the thread's other posts, found by the header that opens
   each of them (:mod:`thread_posts`); on any other page, body lines under a comments heading
   below the article are readers' comments (:mod:`comment_section`), and on a page with prose,
   teaser-shaped body lines under a related heading below the story's surest line are other
   stories' teasers (:mod:`related_section`) and runs far below the story that share almost
   none of its words are about something else (:mod:`off_topic`);
7. every non-body line gets its kind from :func:`kinds.name_kind`.

On a page's whole text, the threshold itself is the page's: a small gate
(:mod:`article_normalizer.normalize.lines.page_threshold`) lowers it where the page's own
scores say the model is unsure of everything rather than sure of an article.

Each rule's effect on cross-validated body F1 is in ``model/MODEL_CARD.md``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from article_normalizer.normalize.lines import (
    comment_section,
    count_lists,
    features,
    introduced_lists,
    off_topic,
    page_threshold,
    prose_less,
    related_section,
    slideshow,
    table_rows,
    thread_posts,
    verse_runs,
)
from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.normalize.lines.body_runs import body_runs
from article_normalizer.normalize.lines.char_classes import reader_words
from article_normalizer.normalize.lines.consent_bar import is_consent_bar
from article_normalizer.normalize.lines.consent_dialog import COOKIE, consent_dialog
from article_normalizer.normalize.lines.forest import Forest, ModelFormatError
from article_normalizer.normalize.lines.kinds import (
    BodyContext,
    is_list_item,
    line_evidence,
    name_kind,
    strong_clutter,
)
from article_normalizer.normalize.lines.line_shapes import _ELLIPSIS
from article_normalizer.normalize.lines.paywall_box import paywall_box
from article_normalizer.normalize.page import BODY, Decision
from article_normalizer.rules import LanguageProfile
from article_normalizer.rules.body_rules import InnerTeasers, RepeatedRuns, body_rules

MODEL_FORMAT = "gbdt-arrays/1"
MODEL_FILE = "line-classifier.json"
MODEL_PATH = Path(str(resources.files("article_normalizer.normalize.lines") / "model" / MODEL_FILE))

_MAX_TEASER_WORDS = 16
_MIN_TEASER_WORDS = 8
"""Measured on dev (CV): 8 removes fewer of an article's own sub-headings than 4 or 6."""
_UNNAMED = ""
"""Kind of a non-body line until :func:`kinds.name_kind` names it."""
_MAX_CUT_OFF_WORDS = 30
"""Teasers are cut to a sentence or two; a paragraph trailing off in an ellipsis is longer."""
_MAX_ISLAND_LINES = 2
_GROWN = "grown:"
"""The reason prefix of a line that joined the body only by growing next to it: the trailing
island rule reads it back, so both write and read this one spelling."""
FALLBACK_RATIO = 0.6
"""With no line at the threshold, lines within this share of the page's best probability are
body (chosen on out-of-fold probabilities, see MODEL_CARD.md)."""
GROW_MARGIN = 0.2
"""A line adjacent to body (through other such lines) is body from ``threshold - GROW_MARGIN``
(chosen on out-of-fold probabilities, see MODEL_CARD.md)."""
FALLBACK_FLOOR = 0.05
"""Below this best probability the page is taken to have no article text at all."""
_TERMINAL = re.compile(r"[.!?…:;,。！？؟\"'”’»)\]]$")


@dataclass(frozen=True, slots=True)
class LineModel:
    """The stages of the classifier and its decision threshold.

    Stage 1 reads the line features (:func:`features.extract`); each later stage reads the
    previous stage's probabilities in context (:func:`features.context`).
    """

    stages: tuple[Forest, ...]
    threshold: float
    version: str

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> LineModel:
        if doc.get("format") != MODEL_FORMAT:
            raise ModelFormatError(f"expected model format {MODEL_FORMAT}, got {doc.get('format')}")
        if (
            doc.get("feature_version") != features.FEATURE_VERSION
            or tuple(doc.get("feature_names", ())) != features.FEATURE_NAMES
            or tuple(doc.get("context_names", ())) != features.CONTEXT_NAMES
        ):
            raise ModelFormatError(
                f"model trained on feature version {doc.get('feature_version')}, "
                f"code has {features.FEATURE_VERSION}: retrain with bench/train_classifier.py"
            )
        return cls(
            stages=tuple(Forest.from_dict(stage) for stage in doc["stages"]),
            threshold=float(doc["threshold"]),
            version=str(doc["version"]),
        )

    def predict_page(
        self, blocks: Sequence[Block], profile: LanguageProfile
    ) -> npt.NDArray[np.float64]:
        """Body probability of every block of one page."""
        lines = features.extract(blocks, profile)
        return self.predict_features(lines)

    def predict_features(self, lines: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        proba = self.stages[0].predict(lines)
        for stage in self.stages[1:]:
            proba = stage.predict(features.context(proba, lines))
        return proba


@cache
def model() -> LineModel:
    """The shipped model, loaded once per process."""
    with MODEL_PATH.open(encoding="utf-8") as handle:
        return LineModel.from_dict(json.load(handle))


def is_headline_shaped(text: str) -> bool:
    """A few words without sentence punctuation at the end: how teasers and headlines look."""
    words = len(text.split())
    return _MIN_TEASER_WORDS <= words <= _MAX_TEASER_WORDS and not _TERMINAL.search(text)


def decide(
    blocks: Sequence[Block],
    proba: npt.NDArray[np.float64],
    profile: LanguageProfile,
    *,
    threshold: float,
    teaser_rule: bool = True,
    clutter: Sequence[tuple[str, str] | None] | None = None,
    name: bool = True,
    island_rule: bool = True,
    whole_page: bool = True,
    fallback_ratio: float | None = FALLBACK_RATIO,
    grow_margin: float | None = GROW_MARGIN,
) -> list[Decision]:
    """Decisions from body probabilities: the rules applied after the model.

    Separate from :func:`classify` so training can cross-validate exactly this code on
    out-of-fold probabilities; ``clutter`` (the :func:`strong_clutter` verdicts, computed once)
    and ``name=False`` (non-body lines left as ``other``) keep a threshold sweep cheap.

    ``whole_page=False`` is for the lines of an extractor's selection (HTML mode) rather than
    a page's whole text: no copy of the article is left to remove there, and the teaser rule
    reads every headline-shaped line inside the body, as it did when the page gate that judges
    these decisions was fitted.
    """
    decisions = _decide_body(
        blocks,
        proba,
        profile,
        threshold=threshold,
        teaser_rule=teaser_rule,
        clutter=clutter,
        island_rule=island_rule,
        whole_page=whole_page,
        fallback_ratio=fallback_ratio,
        grow_margin=grow_margin,
    )
    _name_removed(blocks, decisions, profile, name=name)
    return decisions


def _decide_body(
    blocks: Sequence[Block],
    proba: npt.NDArray[np.float64],
    profile: LanguageProfile,
    *,
    threshold: float,
    teaser_rule: bool = True,
    clutter: Sequence[tuple[str, str] | None] | None = None,
    island_rule: bool = True,
    whole_page: bool = True,
    fallback_ratio: float | None = FALLBACK_RATIO,
    grow_margin: float | None = GROW_MARGIN,
) -> list[Decision]:
    """:func:`decide` up to the naming: non-body lines the lexicons did not name stay unnamed."""
    if clutter is None:
        clutter = [strong_clutter(block.text, profile) for block in blocks]
    decisions: list[Decision] = []
    for p, certain in zip(proba, clutter, strict=True):
        score = float(p)
        if certain is not None:
            decisions.append(Decision(kind=certain[0], reason=certain[1], score=score))
        elif score >= threshold:
            decisions.append(Decision(kind=BODY, reason=f"model:{score:.2f}", score=score))
        else:
            decisions.append(Decision(kind=_UNNAMED, reason=f"model:{score:.2f}", score=score))
    block_list = list(blocks)
    if fallback_ratio is not None:
        _fill_empty_body(decisions, fallback_ratio)
    if grow_margin is not None:
        _grow_body(blocks, decisions, threshold - grow_margin)
    rules = body_rules()
    if teaser_rule:
        sections = rules.inner_teasers if whole_page else None
        _remove_inner_teasers(blocks, decisions, sections)
        _keep_numbered_headings(blocks, decisions, rules.inner_teasers)
    if island_rule:
        _remove_trailing_island(block_list, decisions, profile)
    if whole_page:
        _remove_repeated_runs(block_list, decisions, rules.repeated_runs)
    return decisions


def _name_removed(
    blocks: Sequence[Block], decisions: list[Decision], profile: LanguageProfile, *, name: bool
) -> None:
    """Every unnamed non-body line gets its kind from :func:`kinds.name_kind` (``other``
    without ``name``)."""
    block_list = list(blocks)
    context = BodyContext.of(block_list, decisions, profile) if name else None
    for i, decision in enumerate(decisions):
        if decision.kind == _UNNAMED:
            kind, reason = (
                name_kind(block_list, decisions, i, profile, context) if name else ("other", "")
            )
            decision.kind = kind
            decision.reason = f"{decision.reason} {reason}" if reason else decision.reason


def _fill_empty_body(decisions: list[Decision], ratio: float) -> None:
    """No line reached the threshold: the lines close to the page's best are body."""
    if any(d.is_body for d in decisions):
        return
    open_lines = [d for d in decisions if d.kind == _UNNAMED]
    if not open_lines:
        return
    best = max(d.score for d in open_lines)
    if best < FALLBACK_FLOOR:
        return
    for d in open_lines:
        if d.score >= ratio * best:
            d.kind = BODY
            d.reason = f"fallback:{d.reason}"


def _grow_body(blocks: Sequence[Block], decisions: list[Decision], low: float) -> None:
    """Undecided lines scoring at least ``low`` join the body run they touch, both ways.

    A short line cut off by an ellipsis never grows in: it is another story's teaser ("The
    conflict between Armenia and Azerbaijan does not seem..."), which a sidebar or a "latest"
    column prints right above a story as often as a list item sits next to it.
    """
    n = len(decisions)
    for step in (1, -1):
        order = range(n) if step == 1 else range(n - 1, -1, -1)
        for i in order:
            j = i - step
            d = decisions[i]
            if (
                0 <= j < n
                and decisions[j].is_body
                and d.kind == _UNNAMED
                and d.score >= low
                and not _cut_off(blocks[i].text)
            ):
                d.kind = BODY
                d.reason = f"{_GROWN}{d.reason}"


def _cut_off(text: str) -> bool:
    """A teaser's opening cut short: an ellipsis ends a line of at most
    :data:`_MAX_CUT_OFF_WORDS` words."""
    return _ELLIPSIS.search(text) is not None and reader_words(text) <= _MAX_CUT_OFF_WORDS


def _remove_inner_teasers(
    blocks: Sequence[Block],
    decisions: list[Decision],
    sections: InnerTeasers | None,
) -> None:
    """Headline-shaped lines with body right above and below are related-story teasers.

    An article's own sub-headings look the same, which is why only lines strictly inside the
    run qualify. Given ``sections`` (the rule's settings), a body with enough such lines is
    built of sections (guides, listicles, blog posts), and all of them stay as its
    sub-headings, the ones the body took in by growing too (the model scores a short heading
    low). One such line in a story is still a teaser wedged into it.
    """

    def inside(i: int) -> bool:
        return (
            decisions[i].is_body
            and decisions[i - 1].is_body
            and decisions[i + 1].is_body
            and is_headline_shaped(blocks[i].text)
        )

    if (
        sections is not None
        and sum(inside(i) for i in range(1, len(blocks) - 1)) >= sections.min_section_headings
    ):
        return
    for i in range(1, len(blocks) - 1):
        if inside(i):
            decisions[i].kind = "related"
            decisions[i].reason = f"context:headline_inside_body {decisions[i].reason}"


def _keep_numbered_headings(
    blocks: Sequence[Block], decisions: list[Decision], settings: InnerTeasers
) -> None:
    """A listicle's numbered headings join the body: short lines opening with numbers that run
    in sequence down the page ("1. ...", "2. ...", "3. ..."; or counting down), every one of
    them right above a body line. Those already in the body count towards the sequence; those
    the teaser rule took out stay out. A related list numbers its teasers too, but no body
    follows them, and a "most read" list a rendering interleaved with the story runs on past
    its last paragraph.
    """
    numbered: list[tuple[int, int]] = []
    for i, (block, decision) in enumerate(zip(blocks, decisions, strict=True)):
        if decision.kind not in (BODY, _UNNAMED):
            continue
        match = settings.numbered_heading.match(block.text)
        if match and reader_words(block.text) <= settings.max_numbered_words:
            numbered.append((i, int(match.group("number"))))
    run: list[int] = []
    step = 0
    for k, (i, number) in enumerate(numbered):
        gap = number - numbered[k - 1][1] if k else 0
        if run and gap in (1, -1) and (len(run) == 1 or gap == step):
            step = gap
            run.append(i)
        else:
            _take_numbered(run, decisions, settings)
            run, step = [i], 0
    _take_numbered(run, decisions, settings)


def _take_numbered(run: list[int], decisions: list[Decision], settings: InnerTeasers) -> None:
    heads_body = all(i + 1 < len(decisions) and decisions[i + 1].is_body for i in run)
    if len(run) >= settings.min_numbered_headings and heads_body:
        for i in (i for i in run if not decisions[i].is_body):
            decisions[i].kind = BODY
            decisions[i].reason = f"numbered_heading:{decisions[i].reason}"


def _remove_trailing_island(
    blocks: list[Block], decisions: list[Decision], profile: LanguageProfile
) -> None:
    """A short body run after the article, cut off from it, that the kind namer recognises.

    Outlets sign off below the article with a line of prose about themselves ("X is a news
    portal focusing on..."), which reads like a paragraph to the model. Only the last body run
    qualifies, only when it is short and non-body lines separate it from the body above, and
    only when :func:`kinds.name_kind` names it as something (it then gets that kind).

    Lines that joined the body only by growing (:func:`_grow_body`) separate too: the outlet's
    name above its self-description scores just above the growth floor and would otherwise tie
    the sign-off to the story. When the island goes, those lines leave the body with it, to be
    named with the rest.
    """
    body = [i for i, d in enumerate(decisions) if d.is_body]
    if len(body) <= _MAX_ISLAND_LINES:
        return
    start = body[-1]
    while start > 0 and decisions[start - 1].is_body and not _grown(decisions[start - 1]):
        start -= 1
    gap = start
    while gap > 0 and decisions[gap - 1].is_body and _grown(decisions[gap - 1]):
        gap -= 1
    if body[-1] - start + 1 > _MAX_ISLAND_LINES or gap == body[0]:
        return
    grown = decisions[gap:start]
    for i in range(gap, start):
        decisions[i] = Decision(
            kind=_UNNAMED, reason=grown[i - gap].reason, score=grown[i - gap].score
        )
    removed = False
    for i in range(start, body[-1] + 1):
        kept = decisions[i]
        decisions[i] = Decision(kind=_UNNAMED, reason=kept.reason, score=kept.score)
        kind, reason = name_kind(blocks, decisions, i, profile)
        if kind == "other":
            decisions[i] = kept
        else:
            removed = True
            decisions[i] = Decision(
                kind=kind, reason=f"context:after_body {reason} {kept.reason}", score=kept.score
            )
    if not removed:
        decisions[gap:start] = grown


def _grown(decision: Decision) -> bool:
    return decision.reason.startswith(_GROWN)


def _remove_repeated_runs(
    blocks: Sequence[Block], decisions: list[Decision], rule: RepeatedRuns
) -> None:
    """Body runs mostly made of lines another kept run holds leave the body as ``duplicate``.

    Runs are visited in page order, so the first copy stays (on a forum, the post rather than
    a later reply quoting it). A line repeated inside one run (a pull quote) is not a copy, nor
    is a lone repeated line: only whole runs of ``min_lines`` or more are compared.
    """
    runs = body_runs([d.is_body for d in decisions], rule.max_gap)
    if len(runs) < 2:
        return
    keys = {i: " ".join(blocks[i].text.split()).casefold() for run in runs for i in run}
    kept: set[str] = set()
    for run in runs:
        size = sum(len(keys[i]) for i in run)
        repeated = sum(len(keys[i]) for i in run if keys[i] in kept)
        if len(run) >= rule.min_lines and size and repeated >= rule.min_repeated_share * size:
            for i in run:
                decisions[i].kind = "duplicate"
                decisions[i].reason = f"context:repeats_body {decisions[i].reason}"
        else:
            kept.update(keys[i] for i in run)


def _join_table_rows(blocks: Sequence[Block], decisions: list[Decision]) -> None:
    """The rows of a table the body holds on both sides join it (see :mod:`table_rows`)."""
    rule = body_rules().table_rows
    for i in table_rows.table_lines(
        [len(block.cells) for block in blocks],
        [d.is_body for d in decisions],
        [d.kind == _UNNAMED for d in decisions],
        rule.min_rows,
        rule.min_regular,
        rule.max_in_body,
    ):
        decisions[i].kind = BODY
        decisions[i].reason = f"table:{decisions[i].reason}"


def _remove_count_lists(blocks: Sequence[Block], decisions: list[Decision]) -> None:
    """An archive or category widget's column of counted labels is navigation, never body (see
    :mod:`count_lists`); after the threshold choice, whose gate judges the bodies without it."""
    rule = body_rules().count_lists
    for i in count_lists.count_list_lines([block.text for block in blocks], rule):
        if decisions[i].is_body or decisions[i].kind == _UNNAMED:
            decisions[i].kind = "navigation"
            decisions[i].reason = f"shape:count_list {decisions[i].reason}"


def _join_verse_runs(blocks: Sequence[Block], decisions: list[Decision]) -> None:
    """Chinese or Japanese prose written a phrase a line joins the body (see
    :mod:`verse_runs`)."""
    for i in verse_runs.verse_lines([block.text for block in blocks], body_rules().verse_runs):
        if decisions[i].kind == _UNNAMED:
            decisions[i].kind = BODY
            decisions[i].reason = f"verse:{decisions[i].reason}"


def _join_introduced_lists(
    blocks: Sequence[Block], decisions: list[Decision], profile: LanguageProfile
) -> None:
    """The items of a list the story announces with a colon and goes on after join the body
    (see :mod:`introduced_lists`)."""
    rule = body_rules().introduced_lists
    texts = [block.text for block in blocks]
    for i in introduced_lists.list_lines(
        texts,
        [d.is_body for d in decisions],
        [d.kind == _UNNAMED for d in decisions],
        lambda i: is_list_item(texts[i], profile),
        rule,
    ):
        decisions[i].kind = BODY
        decisions[i].reason = f"introduced_list:{decisions[i].reason}"


def _remove_slides(blocks: Sequence[Block], decisions: list[Decision]) -> None:
    """A slideshow's slides leave the body as captions (see :mod:`slideshow`), unless they are
    most of it: then the slideshow is the story. Its lines no rule named are captions too."""
    rule = body_rules().slideshow
    slides = slideshow.slide_lines([block.text for block in blocks], rule)
    if not slides:
        return
    inside = sum(len(blocks[i].text) for i in slides if decisions[i].is_body)
    body = sum(len(block.text) for block, d in zip(blocks, decisions, strict=True) if d.is_body)
    if inside > rule.max_share * body:
        return
    for i in slides:
        if decisions[i].is_body or decisions[i].kind == _UNNAMED:
            decisions[i].kind = "caption"
            decisions[i].reason = f"context:slideshow {decisions[i].reason}"


def _join_thread_posts(blocks: Sequence[Block], decisions: list[Decision]) -> bool:
    """The thread's other posts join a body that is one post of a thread (see
    :mod:`thread_posts`), and the posts' header lines leave it; after the threshold choice,
    whose gate judges the bodies without it. Whether the page is such a thread."""
    thread = thread_posts.post_lines(
        [block.text for block in blocks],
        [d.is_body for d in decisions],
        [d.kind == _UNNAMED for d in decisions],
        [d.score for d in decisions],
        body_rules().thread_posts,
        [d.kind for d in decisions],
    )
    if thread is None:
        return False
    for i in thread.posts:
        decisions[i].kind = BODY
        decisions[i].reason = f"thread:{decisions[i].reason}"
    for i in thread.headers:
        if decisions[i].is_body:
            decisions[i].kind = _UNNAMED
            decisions[i].reason = f"thread:post_header {decisions[i].reason}"
    return True


def _remove_comment_section(
    blocks: Sequence[Block],
    decisions: list[Decision],
    clutter: Sequence[tuple[str, str] | None],
) -> None:
    """Body lines under the comments heading below the article are readers' comments (see
    :mod:`comment_section`)."""
    headings = [verdict is not None and verdict[0] == "comment" for verdict in clutter]
    below = comment_section.comment_lines(
        [d.score for d in decisions],
        [d.is_body for d in decisions],
        headings,
        [
            heading and any(char.isdigit() for char in block.text)
            for heading, block in zip(headings, blocks, strict=True)
        ],
        body_rules().comment_section,
    )
    for i in below:
        decisions[i].kind = "comment"
        decisions[i].reason = f"context:below_comments_heading {decisions[i].reason}"


def _remove_related_section(
    blocks: Sequence[Block],
    decisions: list[Decision],
    clutter: Sequence[tuple[str, str] | None],
    profile: LanguageProfile,
) -> None:
    """Teaser-shaped body lines under a related heading below the article are other stories'
    teasers (see :mod:`related_section`)."""
    headings = [
        verdict is not None
        and verdict[0] == "related"
        and "related" in line_evidence(blocks[i].text, profile, labels_only=True)
        for i, verdict in enumerate(clutter)
    ]
    if not any(headings):
        return
    rule = body_rules().related_section
    below = related_section.teaser_lines(
        [d.score for d in decisions],
        [d.is_body for d in decisions],
        headings,
        [related_section.teaser_shaped(block.text, rule) for block in blocks],
        rule,
    )
    for i in below:
        decisions[i].kind = "related"
        decisions[i].reason = f"context:below_related_heading {decisions[i].reason}"


def _remove_off_topic_runs(
    blocks: Sequence[Block], decisions: list[Decision], profile: LanguageProfile
) -> None:
    """Body runs far below the story that share almost none of its words leave the body,
    to be named like any other removed line (see :mod:`off_topic`)."""
    for i in off_topic.off_topic_lines(
        [block.text for block in blocks],
        [d.score for d in decisions],
        [d.is_body for d in decisions],
        profile.stopwords,
        body_rules().off_topic,
    ):
        decisions[i].kind = _UNNAMED
        decisions[i].reason = f"context:off_topic {decisions[i].reason}"


@dataclass(frozen=True, slots=True)
class ThresholdChoice:
    """What the page threshold gate judges: the page's lowered threshold, the body decisions
    at the model's threshold and at the lowered one (lines left unnamed), and the gate's figures."""

    lowered_to: float
    base: list[Decision]
    lowered: list[Decision]
    figures: npt.NDArray[np.float32]


def threshold_choice(
    blocks: Sequence[Block],
    lines: npt.NDArray[np.float32],
    proba: npt.NDArray[np.float64],
    profile: LanguageProfile,
    threshold: float,
    clutter: Sequence[tuple[str, str] | None],
    margin: float,
) -> ThresholdChoice:
    """Both candidate bodies of one page and the figures that choose between them.

    Shared by :func:`classify` and the gate's trainer, so the gate learns from exactly the
    decisions it chooses between; :func:`page_decisions` takes the chosen one on.
    """
    lowered_to = page_threshold.lowered_threshold(proba, threshold, margin)
    base = _decide_body(blocks, proba, profile, threshold=threshold, clutter=clutter)
    lowered = (
        _decide_body(blocks, proba, profile, threshold=lowered_to, clutter=clutter)
        if lowered_to < threshold
        else base
    )
    figures = page_threshold.page_figures(
        [len(block.text) for block in blocks],
        lines,
        proba,
        [c is not None for c in clutter],
        base,
        lowered,
        threshold,
        lowered_to,
    )
    return ThresholdChoice(lowered_to, base, lowered, figures)


def page_decisions(
    blocks: Sequence[Block],
    lines: npt.NDArray[np.float32],
    proba: npt.NDArray[np.float64],
    profile: LanguageProfile,
    clutter: Sequence[tuple[str, str] | None],
    choice: ThresholdChoice,
    model_threshold: float,
    *,
    lower: bool,
) -> list[Decision]:
    """A page's decisions once the page threshold gate has judged it: the body at the lowered
    threshold or at the model's (``model_threshold``), then every rule after the gate, with the
    removed lines named.

    Shared by :func:`classify` and the gate's trainer, so the gate learns what lowering gains in
    the body the page is finally given. Takes over (and changes) the chosen decisions of
    ``choice``.
    """
    decisions = choice.lowered if lower else choice.base
    threshold = choice.lowered_to if lower else model_threshold
    grow_margin = GROW_MARGIN
    rules = body_rules()
    own = prose_less.relative_threshold(
        proba, features.token_counts(lines), threshold, rules.prose_less
    )
    if own is not None:
        threshold, grow_margin = own, rules.prose_less.grow_margin
    boxed = paywall_box(
        consent_dialog(
            clutter,
            lambda i: COOKIE in line_evidence(blocks[i].text, profile),
            rules.consent_dialog,
            lambda i: is_consent_bar(blocks[i].text, profile),
        ),
        proba,
        model_threshold,
        rules.paywall_box.window,
        lambda i: is_list_item(blocks[i].text, profile),
    )
    if own is not None or boxed != clutter:
        clutter = boxed
        decisions = _decide_body(
            blocks,
            proba,
            profile,
            threshold=threshold,
            clutter=clutter,
            grow_margin=grow_margin,
        )
    _remove_count_lists(blocks, decisions)
    _join_table_rows(blocks, decisions)
    _join_verse_runs(blocks, decisions)
    _join_introduced_lists(blocks, decisions, profile)
    _remove_slides(blocks, decisions)
    if not _join_thread_posts(blocks, decisions):
        _remove_comment_section(blocks, decisions, clutter)
        if own is None:  # a page without prose has no story for teasers to follow
            _remove_related_section(blocks, decisions, clutter, profile)
            _remove_off_topic_runs(blocks, decisions, profile)
    _name_removed(blocks, decisions, profile, name=True)
    return decisions


def classify(
    blocks: list[Block],
    profile: LanguageProfile,
    *,
    rename: bool = True,
    whole_page: bool = True,
) -> list[Decision]:
    """One decision per block, in order.

    ``rename`` lets the kind model (:mod:`article_normalizer.normalize.lines.kind_model`) rename
    the non-body lines from their context once the body is decided; without it they keep the
    rules' names (what the kind model is trained on, and what HTML mode names by markup instead).
    ``whole_page=False`` judges an extractor's selection instead of a page's text (see
    :func:`decide`); only a page's text gets its own threshold.
    """
    if not blocks:
        return []
    line_model = model()
    lines = features.extract(blocks, profile)
    proba = line_model.predict_features(lines)
    clutter = [strong_clutter(block.text, profile) for block in blocks]
    if whole_page:
        gate = page_threshold.page_threshold_gate()
        choice = threshold_choice(
            blocks, lines, proba, profile, line_model.threshold, clutter, gate.margin
        )
        lower = choice.lowered_to < line_model.threshold and gate.lower(choice.figures)
        decisions = page_decisions(
            blocks, lines, proba, profile, clutter, choice, line_model.threshold, lower=lower
        )
    else:
        decisions = decide(
            blocks,
            proba,
            profile,
            threshold=line_model.threshold,
            clutter=clutter,
            whole_page=False,
        )
    if rename:
        from article_normalizer.normalize.lines.kind_model import rename as rename_kinds

        rename_kinds(blocks, decisions, profile)
    return decisions
