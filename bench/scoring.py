"""The dev corpus scoring rules (``../shared/corpus/README.md``), importable by every benchmark.

Public functions, all pure:

- :func:`shingles`, :func:`body_counts`, :func:`body_scores` -- body precision/recall/F1 over
  multisets of 4-token shingles, averaged like the public article-extraction benchmark;
- :func:`with_dateline` -- the body as the corpus truth prints it (dateline back in front);
- :func:`norm_title`, :func:`title_exact`, :func:`title_token_f1`;
- :func:`same_day`; :func:`norm_outlet`, :func:`outlet_equal`;
- :class:`Tally` -- one system's per-page scores of all of the above, accumulated;
- :func:`char_tokens` -- the character-level tokens for scripts written without spaces (each
  Han, kana, Thai, Lao, Khmer or Myanmar character one token), for the zh/ja scores the corpus
  README asks for beside the ``\\w+`` ones; :func:`snippet_counts` -- snippet-only truths.

``bench.quality`` (text input) and ``bench.quality_html`` (HTML input) both score through these,
so the two modes are comparable figure for figure.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

SHINGLE_SIZE = 4

_TOKEN = re.compile(r"\w+")
UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003ffff"
)
"""Scripts written without spaces between words (a regex class body): Thai, Lao, Myanmar,
Khmer, kana, bopomofo, Han (and the half-width kana)."""
_CHAR_TOKEN = re.compile(rf"(?=\w)[{UNSPACED}]|[^\W{UNSPACED}]+")
_QUOTES_DASHES = str.maketrans(
    {c: "'" for c in '‘’‚‛′`´“”„‟″«»‹›"「」『』'} | {c: "-" for c in "‐‑‒–—―−﹘﹣－"}
)
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def tokens(text: str) -> list[str]:
    """``\\w+`` runs, case kept."""
    return _TOKEN.findall(text or "")


def char_tokens(text: str) -> list[str]:
    """Like :func:`tokens`, but each character of an unspaced script is a token of its own.

    Text in spaced scripts tokenises exactly as :func:`tokens` does.
    """
    return _CHAR_TOKEN.findall(text or "")


def shingles(
    text: str, size: int = SHINGLE_SIZE, tokenize: Callable[[str], list[str]] = tokens
) -> Counter[tuple[str, ...]]:
    """The multiset of ``size``-token shingles; a text under ``size`` tokens is one shingle.

    Empty text (no tokens) has no shingle at all.
    """
    toks = tokenize(text)
    if not toks:
        return Counter()
    if len(toks) < size:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


@dataclass(frozen=True, slots=True)
class BodyCounts:
    """One page's tp/fp/fn, each divided by their sum so every page weighs the same."""

    tp: float
    fp: float
    fn: float

    @property
    def predicted(self) -> bool:
        """Whether the prediction had any shingle (precision is averaged over these only)."""
        return self.tp + self.fp > 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0


def body_counts(
    predicted: str, truth: str, tokenize: Callable[[str], list[str]] = tokens
) -> BodyCounts:
    """Normalised tp/fp/fn of one page's predicted body against its true body."""
    pred = shingles(predicted, tokenize=tokenize)
    gold = shingles(truth, tokenize=tokenize)
    tp = sum((pred & gold).values())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return BodyCounts(0.0, 0.0, 0.0)
    return BodyCounts(tp / total, fp / total, fn / total)


@dataclass(frozen=True, slots=True)
class BodyScores:
    precision: float
    """Mean page precision over pages with a non-empty prediction."""
    recall: float
    """Mean page recall over all pages with a non-empty truth."""
    f1: float
    """Harmonic mean of the two means (not the mean of page F1s)."""
    pages: int
    empty_predictions: int


def body_scores(counts: Iterable[BodyCounts]) -> BodyScores:
    """Corpus-level body scores from per-page counts."""
    items = list(counts)
    precisions = [c.precision for c in items if c.predicted]
    recalls = [c.recall for c in items if c.tp + c.fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return BodyScores(p, r, f1, len(items), len(items) - len(precisions))


@dataclass(frozen=True, slots=True)
class SnippetCounts:
    """One page's snippet checks: how many ``with`` snippets the body contains, how many
    ``without`` snippets it leaves out."""

    with_found: int
    with_total: int
    without_absent: int
    without_total: int


def _token_line(text: str) -> str:
    return " " + " ".join(tokens(text.casefold())) + " "


def snippet_counts(predicted: str, with_: Sequence[str], without: Sequence[str]) -> SnippetCounts:
    """Snippets compared as case-folded token sequences (``\\w+`` runs joined by a space), so markup
    entities, punctuation and line breaks inside a snippet do not decide."""
    body = _token_line(predicted)
    wanted = [w for w in (_token_line(s) for s in with_) if w.strip()]
    unwanted = [w for w in (_token_line(s) for s in without) if w.strip()]
    return SnippetCounts(
        sum(1 for w in wanted if w in body),
        len(wanted),
        sum(1 for w in unwanted if w not in body),
        len(unwanted),
    )


def with_dateline(body: str, dateline: str | None) -> str:
    """The body with a split-off dateline put back in front, as the corpus truth keeps it."""
    if not dateline:
        return body
    return f"{dateline} {body}" if body else dateline


def norm_title(text: str | None) -> str:
    """NFKC, casefold, quotes and dashes unified, punctuation dropped, spaces squashed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES_DASHES)
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def title_exact(predicted: str | None, truth: str | None) -> bool:
    """Equal after :func:`norm_title`; an empty truth never matches."""
    gold = norm_title(truth)
    return bool(gold) and norm_title(predicted) == gold


def title_token_f1(predicted: str | None, truth: str | None) -> float:
    """Token-multiset F1 of the normalised titles (0 when either is empty)."""
    pred = Counter(tokens(norm_title(predicted)))
    gold = Counter(tokens(norm_title(truth)))
    common = sum((pred & gold).values())
    if not common:
        return 0.0
    precision = common / sum(pred.values())
    recall = common / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def calendar_day(stamp: str | None) -> date | None:
    """The calendar day as printed in an ISO 8601 stamp (no time-zone conversion).

    Some truths write month and day unpadded ("2005-5-7 21:23:57", cwced): the same day. A
    truth without a day ("2003-11", "2018") names none, and no answer matches it."""
    if not stamp:
        return None
    text = stamp.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)", text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def same_day(predicted: str | None, truth: str | None) -> bool:
    """Whether both stamps name the same calendar day, each read in its own offset."""
    gold = calendar_day(truth)
    return gold is not None and calendar_day(predicted) == gold


def norm_outlet(text: str | None) -> str:
    """Casefold, drop ``www.``, a trailing ``.com``, a leading "the" and non-word characters."""
    if not text:
        return ""
    text = text.casefold().strip()
    text = re.sub(r"^www\.", "", text)
    text = re.sub(r"\.com$", "", text)
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\W+", "", text)


def outlet_equal(predicted: str | None, truth: str | None) -> bool:
    gold = norm_outlet(truth)
    return bool(gold) and norm_outlet(predicted) == gold


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


@dataclass(slots=True)
class Tally:
    """One system's per-page scores over the corpus: every metric of the README, side by side.

    Both quality benches feed it, so text and HTML figures are computed identically. A page the
    system failed on is scored with an empty prediction: it counts as wrong, never as absent.
    """

    name: str
    counts: list[BodyCounts] = field(default_factory=list)
    title_exact: list[float] = field(default_factory=list)
    title_f1: list[float] = field(default_factory=list)
    published: list[float] = field(default_factory=list)
    outlet: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0

    def score(
        self,
        gt: Mapping[str, Any],
        gt_extra: Mapping[str, Any],
        *,
        body: str = "",
        title: str | None = None,
        published: str | None = None,
        outlet: str | None = None,
    ) -> BodyCounts:
        """Score one page's prediction against its truth; the body counts are returned."""
        counts = body_counts(body, gt.get("body") or "")
        self.counts.append(counts)
        if gt_extra.get("title_human"):
            self.title_exact.append(float(title_exact(title, gt_extra["title_human"])))
        if gt.get("title"):
            self.title_f1.append(title_token_f1(title, gt["title"]))
        if gt.get("published"):
            self.published.append(float(same_day(published, gt["published"])))
        if gt.get("outlet"):
            self.outlet.append(float(outlet_equal(outlet, gt["outlet"])))
        return counts
