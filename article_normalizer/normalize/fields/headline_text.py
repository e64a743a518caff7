"""A headline's text: its comparison form, its words, the site name and breadcrumb trail cut off
it, and the lines that only look like one (a stamp, a photo credit).

The title stage scores candidate lines; these are the text tests it and the fitting bench
(``bench/title_fit.py``) apply to each line."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from article_normalizer.normalize.fields.stamp_lexicon import without_stamps
from article_normalizer.normalize.lines.char_classes import has_digit
from article_normalizer.normalize.textkeys import squash
from article_normalizer.rules import load_toml
from article_normalizer.rules.fields import agencies

_BREADCRUMB = re.compile(r"\s*(?:»|›|>>|>|→|::)\s*|\s+[/\\]\s+")
"""Trail separators; a slash only between spaces ("Home / World"), never inside "Film/TV"."""


_ANGLED = re.compile(r"<[^<>]{1,24}>")
"""A bracketed group ("<BAIR>", a wire ticker): its ``>`` closes it, it separates nothing."""


_QUOTED = re.compile(r"«[^«»]{1,200}»|‹[^‹›]{1,200}›")
"""A quotation in guillemets ("Macron : « pas de retour » après le vote"): its closing mark is
punctuation of the headline, not a trail separator."""


_MASK = str.maketrans("<>»›", "\x0e\x0f\x10\x11")


_UNMASK = str.maketrans("\x0e\x0f\x10\x11", "<>»›")


_TRAIL_MARK = re.compile(r"[»›>→:/\\]")
"""A character every separator of :data:`_BREADCRUMB` holds: a line with none is no trail, and
most lines are none, so the split (which tries its leading spaces at every position) is
skipped on them."""


def _trail_parts(text: str) -> list[str]:
    """``text`` split at breadcrumb separators, angle-bracketed groups and quotations in
    guillemets left whole."""
    if not _TRAIL_MARK.search(text):
        return [text]
    if "<" in text or "«" in text or "‹" in text:
        masked = _ANGLED.sub(lambda m: m.group().translate(_MASK), text)
        masked = _QUOTED.sub(lambda m: m.group().translate(_MASK), masked)
        return [part.translate(_UNMASK) for part in _BREADCRUMB.split(masked)]
    return _BREADCRUMB.split(text)


_PIPE = re.compile(r"\s+[|¦•·]\s+")


_PIPE_MARK = re.compile(r"[|¦•·]")


_DASH_SUFFIX = re.compile(r"\s+[-–—:]\s+")


_DASH_MARK = re.compile(r"[-–—:]")


_TOKEN = re.compile(r"\w+")


_QUOTES = str.maketrans({c: "'" for c in '‘’‚‛′`´“”„‟″«»"'} | {c: "-" for c in "‐‑‒–—―−"})


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


_MIN_WORDS = 2


def normalise(text: str) -> str:
    """Case-, quote-, dash- and punctuation-insensitive form, for comparing titles."""
    if text.isascii():  # NFKC, casefold and the quote table change nothing else in ASCII
        return " ".join(_TOKEN.findall(text.lower()))
    text = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return " ".join(_TOKEN.findall(text))


def word_count(text: str) -> int:
    """Words as a reader counts them: spaced words, or about two characters a word in scripts
    without spaces (a Chinese headline is one space-free run)."""
    words = len(text.split())
    if _CJK.search(text):
        # Scripts without spaces: about two characters per word.
        words = max(words, len(_CJK.findall(text)) // 2)
    return words


def clean_title(text: str, site_names: list[str]) -> str:
    """``text`` without a breadcrumb prefix or a `` | Site`` / `` - Site`` suffix."""
    parts = _trail_parts(text)
    if len(parts) > 1 and word_count(parts[-1]) >= _MIN_WORDS + 1:
        text = parts[-1]
    # Each split needs one of its separator characters on the line; most lines hold none.
    pieces = _PIPE.split(text) if _PIPE_MARK.search(text) else [text]
    if len(pieces) > 1:
        # "Headline | Section | Site": the longest piece is the headline.
        text = max(pieces, key=word_count)
    pieces = _DASH_SUFFIX.split(text) if _DASH_MARK.search(text) else [text]
    if len(pieces) >= 3 and sum(word_count(p) <= 3 for p in pieces) >= len(pieces) - 1:
        # "Home - NHL - Recaps - Legace, McDonald help Blues": a trail of short items.
        return max(pieces, key=word_count).strip()
    if len(pieces) > 1 and site_names:
        while len(pieces) > 1 and _is_site(pieces[-1], site_names):
            pieces.pop()
        while len(pieces) > 1 and _is_site(pieces[0], site_names):
            pieces.pop(0)
        text = _rejoin(text, pieces)
    return text.strip()


def _rejoin(original: str, kept: list[str]) -> str:
    """The span of ``original`` from the first to the last kept piece (separators intact)."""
    start = original.find(kept[0])
    end = original.rfind(kept[-1]) + len(kept[-1])
    return original[start:end] if 0 <= start < end else " ".join(kept)


def _is_site(piece: str, site_names: list[str]) -> bool:
    squashed = squash(piece)
    if not squashed or word_count(piece) > 6:
        return False
    return any(
        squashed == name
        or (len(name) >= 4 and (name in squashed or squashed in name) and word_count(piece) <= 4)
        for name in site_names
    )


_LETTERS = re.compile(r"[^\W\d_]{2,}")


def _stamp_line(text: str, language: str | None, mid_cue: re.Pattern[str]) -> bool:
    """The line is a date, a time or an age ("10 hours ago 2:36 AM"), alone or credited: a
    wire credit with its stamp ("Associated Press - January 11, 2008 4:13 PM ET"), or a stamp
    opening the line with someone credited after it ("2019-09-26 12:11 来源：证券时报网 作者：
    李在山", "January 5, 2024 By Jane Doe"), the story's stamp line below its headline. The
    credit opener (``mid_cue``, the byline stage's) must lead to a name, not a figure ("Jan. 5:
    sales up by 3%").

    Month, weekday and "ago" words are the date stage's, in the page's language.
    """
    if not has_digit(text):
        return False
    residue = without_stamps(text, language)
    if residue == text:
        return False
    words = _LETTERS.findall(residue)
    if len(words) <= 1 or " ".join(words).casefold() in agencies():
        return True
    if not has_digit(text[:12]) or not residue[:1].isspace() or text[:1].isspace():
        return False
    return any(
        not residue[cue.end() : cue.end() + 1].isdigit() for cue in mid_cue.finditer(residue)
    )


_COLON_MARK = re.compile("[:：=＝]")


_TAIL_REACH = 40
"""Characters from the end of a line within which a caption's closing credit starts: the
longest agency name with its brackets and spaces, with room to spare."""
_SENTENCE_MARKS = ".!?。！？"


def _may_close_with_credit(text: str) -> bool:
    """Whether the line ends in a word after a sentence end near its end: the only lines the
    credit-after-the-last-sentence form is tried on (a few string tests, no regex)."""
    if not (text[-1:].isalpha() or text.endswith((")", "）"))):
        return False
    tail = text[-_TAIL_REACH:]
    return any(mark in tail for mark in _SENTENCE_MARKS)


@dataclass(frozen=True, slots=True)
class _CreditPatterns:
    """A caption's credit, as one pattern per character that credit form cannot do without.

    The forms alternate photo words and a few hundred agency names, which Python's regex engine
    tries at every position of a line: 34 microseconds a line as one pattern, 3.5 this way.
    Most candidate lines hold none of the marker characters, and then only the anchored form
    is tried.
    """

    paren: re.Pattern[str]
    """"(Photo ...", "（山田太郎撮影）" at the end: needs "(" or "（"."""
    colon: re.Pattern[str]
    """"Foto: ...", "Photo by: ...", "사진=연합뉴스": needs ":", "：", "=" or "＝"."""
    slash: re.Pattern[str]
    """"REUTERS/Name", "Name/Getty Images": needs "/"."""
    lead: re.Pattern[str]
    """"Getty Images - ...", at the start of the line only: needs a dash."""
    tail: re.Pattern[str]
    """"... in Busan. AP", "... of the GP. AFP", "... the case. (AP)": an agency alone after the
    caption's last sentence, at the end of the line. Tried only where
    :func:`_may_close_with_credit`."""

    def search(self, text: str) -> bool:
        return bool(
            (("(" in text or "（" in text) and self.paren.search(text))
            or (_COLON_MARK.search(text) is not None and self.colon.search(text))
            or "©" in text
            or ("/" in text and self.slash.search(text))
            or (("-" in text or "–" in text or "—" in text) and self.lead.match(text))
            or (
                _may_close_with_credit(text)
                and self.tail.search(text, max(0, len(text) - _TAIL_REACH)) is not None
            )
        )


@cache
def _photo_credit() -> _CreditPatterns:
    """A caption's credit: "(Photo by ...)", "Foto: ...", "REUTERS/Name", "Name/Getty Images".

    Photo words and photo agencies are data (``photo_credits.toml``); wire agencies are the
    byline stage's list.
    """
    data = load_toml("photo_credits.toml")
    words = "|".join(re.escape(w) for w in sorted(data["photo_words"], key=len, reverse=True))
    credited = set(data["photo_agencies"]) | set(agencies())
    names = "|".join(re.escape(a) for a in sorted(credited, key=len, reverse=True))
    suffixes = "|".join(re.escape(w) for w in data["credit_suffixes"])
    return _CreditPatterns(
        paren=re.compile(
            rf"[(（](?:{words})\b|[(（][^()（）]{{0,30}}(?:{suffixes})[)）]\s*$", re.IGNORECASE
        ),
        colon=re.compile(rf"\b(?:{words})(?:\s+(?:by|credit))?\s*[:：=＝]", re.IGNORECASE),
        slash=re.compile(rf"\b(?:{names})\s*/\s*\w|\w\s*/\s*(?:{names})\b", re.IGNORECASE),
        lead=re.compile(rf"(?:{names})\s+[–—-]\s", re.IGNORECASE),
        # The sentence end follows a lower-case letter, a digit or a closing mark, so an
        # abbreviation before an agency's initials ("Cuts at the U.S. EPA") is no caption.
        tail=re.compile(
            rf"(?:(?<=[^\W\d_A-Z\u0391-\u03a9\u0410-\u042f]|[\d)\]\"'”’»])[.!?]|[。！？])"
            rf"\s*[(（]?(?i:{names})[)）]?\s*$"
        ),
    )
