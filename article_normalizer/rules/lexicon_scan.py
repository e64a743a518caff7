"""Every clutter prefix and phrase on a page, found in one pass instead of line by line.

The lexicons search their prefixes and phrases with trie regexes
(:func:`article_normalizer.rules.trie.word_trie`): a ``match`` and a ``finditer`` per line and
per lexicon, each paying Python's call overhead and the regex engine's per-position attempts.
An Aho-Corasick automaton over the same entries of all of a document's lexicons finds every
occurrence on the page's lines joined, in one C pass; what this module keeps of them is what
the tries' searches would have returned, so the callers see the same spans:

- case-insensitive as ``re.IGNORECASE`` is: text and entries are compared under the fold of
  :func:`fold` (simple lower case plus the regex engine's extra case equivalences, such as
  Turkish dotless ``ı`` for ``i``);
- an entry that begins (ends) with a word character matches only where the character before
  (after) it is not one, as the tries' ``(?<!\\w)`` and ``(?!\\w)``;
- a prefix is the longest entry that matches at the start of the line; phrases are taken as
  ``finditer`` takes them: leftmost first, the longest at that position, never overlapping,
  each lexicon on its own.

The trie finds the longest entry at a position only because at most one of its branches can
match a given character; a lexicon whose entries break that (two entries equal under the fold
but spelled differently, "Share" and "share") is searched with its regex instead, line by line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import import_module

import ahocorasick

from article_normalizer.rules.clutter import ClutterLexicon
from article_normalizer.rules.trie import is_word_char

Hit = tuple[str, int, int]
"""``(kind, start, end)`` of one match in its line."""


@dataclass(frozen=True, slots=True)
class LineHits:
    """What the lexicons' prefix and phrase searches find on one line."""

    prefixes: tuple[Hit, ...]
    """At most one per lexicon: its longest prefix matching at the start of the line."""
    phrases: tuple[Hit, ...]
    """Every lexicon's phrase matches, non-overlapping within a lexicon."""


NO_HITS = LineHits((), ())

_SIMPLE_LOWER_EXCEPTIONS = {"\u0130": "i"}
"""Where ``str.lower`` (full case mapping) differs from the regex engine's simple one: the
Turkish dotted capital I lowers to "i" plus a combining dot, which would shift positions."""


def _extra_cases() -> dict[str, str]:
    """Lower-case characters the regex engine takes as one under ``IGNORECASE`` beyond
    ``lower()`` ("i" and dotless "ı", "σ" and "ς"...), each mapped to its class's smallest."""
    # The regex engine's own table (Python 3.11+); tests check the fold against the engine.
    extra: dict[int, tuple[int, ...]] = import_module("re._casefix")._EXTRA_CASES
    table: dict[str, str] = {}
    for code, others in extra.items():
        table[chr(code)] = chr(min(code, *others))
    return {ch: canon for ch, canon in table.items() if ch != canon}


_CANON = _extra_cases()
_CANON_CHARS = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_CANON)) + "]")


def fold(text: str) -> str:
    """``text`` with every character replaced by its class under ``re.IGNORECASE``: two
    characters match each other case-insensitively exactly when their folds are equal. Keeps
    the length, so positions in the fold are positions in ``text``."""
    if text.isascii():
        return text.lower()
    for ch, lowered in _SIMPLE_LOWER_EXCEPTIONS.items():
        if ch in text:
            text = text.replace(ch, lowered)
    lowered = text.lower()
    if _CANON_CHARS.search(lowered) is None:
        return lowered
    return _CANON_CHARS.sub(lambda m: _CANON[m.group()], lowered)


_Entry = tuple[int, bool, str, bool, bool, int]
"""``(lexicon index, is a prefix, kind, bounded at start, bounded at end, length)``."""


class LexiconScanner:
    """The prefixes and phrases of a document's lexicons in one automaton."""

    def __init__(self, lexicons: Sequence[ClutterLexicon]) -> None:
        self.lexicons = tuple(lexicons)
        keyed: dict[str, list[_Entry]] = {}
        fallback: list[tuple[int, bool]] = []
        for index, lex in enumerate(self.lexicons):
            for is_prefix, entries in ((True, lex.prefix_entries), (False, lex.phrase_entries)):
                if not _fold_injective(entries):
                    fallback.append((index, is_prefix))
                    continue
                for entry, kind in entries.items():
                    keyed.setdefault(fold(entry), []).append(
                        (
                            index,
                            is_prefix,
                            kind,
                            is_word_char(entry[0]),
                            is_word_char(entry[-1]),
                            len(entry),
                        )
                    )
        self.prefix_reach = max(
            (len(entry) for lex in self.lexicons for entry in lex.prefix_entries), default=0
        )
        """The longest prefix: a line's prefixes are all found in its first this many
        characters and the one after (which decides a word boundary)."""
        self.fallback = tuple(fallback)
        """``(lexicon index, prefixes?)`` whose entries the automaton cannot stand for."""
        self._automaton = _automaton(keyed)
        described: dict[str, list[_Entry]] = {}
        for index, lex in enumerate(self.lexicons):
            for entry in lex.description_entries:
                described.setdefault(fold(entry), []).append(
                    (index, False, "", is_word_char(entry[0]), is_word_char(entry[-1]), len(entry))
                )
        self._descriptions = _automaton(described)

    def scan(self, lines: Sequence[str]) -> list[LineHits]:
        """The hits of every line (:func:`article_normalizer.rules.clutter.normalize_line`
        output), in order."""
        return [hits for page, part in _pages(lines) for hits in self._scan(page, part)]

    def _scan(self, page: str, lines: Sequence[str]) -> list[LineHits]:
        found: list[list[tuple[int, int, _Entry]] | None] = [None] * len(lines)
        if self._automaton is not None and page:
            self._collect(page, lines, found)
        out: list[LineHits] = []
        for n, line in enumerate(lines):
            candidates = found[n]
            hits = NO_HITS if candidates is None else _resolve(candidates)
            if self.fallback:
                hits = self._with_regexes(line, hits)
            out.append(hits)
        return out

    def _collect(
        self, page: str, lines: Sequence[str], found: list[list[tuple[int, int, _Entry]] | None]
    ) -> None:
        """Every occurrence that satisfies its entry's word boundaries, by line."""
        assert self._automaton is not None
        for line, line_start, start, end, entry in _occurrences(self._automaton, page, lines):
            if entry[1] and start != line_start:
                continue
            bucket = found[line]
            if bucket is None:
                bucket = found[line] = []
            bucket.append((start - line_start, end - line_start, entry))

    def describing(self, texts: Sequence[str]) -> list[bool]:
        """Whether each text holds one of the lexicons' outlet self-descriptions, as a search
        with their regexes (``ClutterLexicon.self_description``) would say. Whether a match
        exists does not depend on which entry the regex would pick, so no lexicon needs its
        regex here."""
        return [found for page, part in _pages(texts) for found in self._describing(page, part)]

    def _describing(self, page: str, texts: Sequence[str]) -> list[bool]:
        found = [False] * len(texts)
        if self._descriptions is None or not page:
            return found
        for line, _, _, _, _ in _occurrences(self._descriptions, page, texts):
            found[line] = True
        return found

    def _with_regexes(self, line: str, hits: LineHits) -> LineHits:
        prefixes = list(hits.prefixes)
        phrases = list(hits.phrases)
        for index, is_prefix in self.fallback:
            lex = self.lexicons[index]
            if is_prefix and lex.prefix_index is not None:
                m = lex.prefix_index.match(line)
                if m and m.lastindex:
                    prefixes.append((lex.prefix_kinds[m.lastindex - 1], *m.span()))
            elif not is_prefix and lex.phrase_index is not None:
                for m in lex.phrase_index.finditer(line):
                    if m.lastindex:
                        phrases.append((lex.phrase_kinds[m.lastindex - 1], *m.span()))
        return LineHits(tuple(prefixes), tuple(phrases))


def _pages(lines: Sequence[str]) -> list[tuple[str, Sequence[str]]]:
    """What to scan: the lines joined into one page, or each line alone when one holds a line
    break of its own (joined, the lines' positions would not add up; alone, its break is just a
    character that is not a word character, as in its regex search)."""
    page = "\n".join(lines)
    if page.count("\n") == len(lines) - 1:
        return [(page, lines)]
    return [(line, [line]) for line in lines]


def _occurrences(
    automaton: ahocorasick.Automaton, page: str, lines: Sequence[str]
) -> Iterator[tuple[int, int, int, int, _Entry]]:
    """``(line, line start, start, end, entry)`` of every occurrence of an entry on ``page``
    (``lines`` joined by line breaks; positions in the page) whose word boundaries hold."""
    line = 0
    line_start = 0
    next_start = len(lines[0]) + 1
    size = len(page)
    for last, entries in automaton.iter(fold(page)):
        end = last + 1
        while end > next_start:
            line += 1
            line_start = next_start
            next_start += len(lines[line]) + 1
        for entry in entries:
            start = end - entry[5]
            if entry[3] and start > 0 and is_word_char(page[start - 1]):
                continue
            if entry[4] and end < size and is_word_char(page[end]):
                continue
            yield line, line_start, start, end, entry


def _automaton(keyed: Mapping[str, list[_Entry]]) -> ahocorasick.Automaton | None:
    if not keyed:
        return None
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for key, values in keyed.items():
        automaton.add_word(key, tuple(values))
    automaton.make_automaton()
    return automaton


def _resolve(candidates: list[tuple[int, int, _Entry]]) -> LineHits:
    """The matches the tries' searches return among one line's occurrences."""
    best: dict[tuple[int, bool, int], tuple[int, str]] = {}
    """(lexicon, prefix?, start) -> the longest occurrence there: (end, kind)."""
    for start, end, entry in candidates:
        key = (entry[0], entry[1], start)
        held = best.get(key)
        if held is None or end > held[0]:
            best[key] = (end, entry[2])
    prefixes: list[Hit] = []
    phrases: list[Hit] = []
    reached: dict[int, int] = {}
    """Per lexicon, where its last phrase match ended."""
    for (index, is_prefix, start), (end, kind) in sorted(best.items()):
        if is_prefix:
            prefixes.append((kind, start, end))
        elif start >= reached.get(index, 0):
            phrases.append((kind, start, end))
            reached[index] = end
    return LineHits(tuple(prefixes), tuple(phrases))


def _fold_injective(entries: Mapping[str, str]) -> bool:
    """Whether no two entries' beginnings are spelled differently but equal under the fold,
    so that at any point of a line at most one branch of the lexicon's trie can match."""
    beginnings = {entry[:n] for entry in entries for n in range(1, len(entry) + 1)}
    return len({fold(b) for b in beginnings}) == len(beginnings)


@cache
def scanner(lexicons: tuple[ClutterLexicon, ...]) -> LexiconScanner:
    """The scanner of a document's lexicons, built once per combination."""
    return LexiconScanner(lexicons)
