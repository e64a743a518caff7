"""Clutter lexicons: the phrases and shapes that name non-body lines, one TOML file per language.

Files live in ``article_normalizer/rules/data/clutter/``: ``<iso639-1>.toml`` per language and
``common.toml`` for what no language owns (symbols, share-button brand names, ticker shapes,
breadcrumb separators). Each file is validated and compiled once, on first use; a bad file is a
:class:`RulesDataError` naming the file, table and entry, never a silently skipped rule.

File layout (every key optional except ``version``)::

    version = 1
    [<kind>]                 # one of CLUTTER_KINDS
    labels = ["related articles"]     # the whole line is this (case, spacing, decoration ignored)
    prefixes = ["read also:"]         # the line starts with this
    phrases = ["share this article"]  # the line contains this, at word boundaries
    patterns = ['^\\d+ comments?$']   # Python regex, searched case-insensitively
    [breadcrumb]
    roots = ["home"]                  # first item of a breadcrumb trail ("Home » News")
    separators = ["»"]                # common.toml: what separates trail items
    [navigation]
    separators = ["|"]                # common.toml: what separates menu items
    [footer]
    descriptions = ["news portal"]    # an outlet describing itself; footer only after the body

All matching runs on :func:`normalize_line` output, so data entries need not care about curly
quotes, dashes or repeated spaces.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from article_normalizer.rules.trie import is_word_char, word_trie

CLUTTER_KINDS: tuple[str, ...] = (
    "navigation",
    "breadcrumb",
    "section_label",
    "ticker",
    "newsletter",
    "comment_box",
    "comment",
    "paywall",
    "legal",
    "related",
    "share",
    "caption",
    "footer",
    "advert",
    "cookie",
)
"""The kinds a lexicon may name; a subset of the article's block kinds."""

COMMON = "common"
"""The language-independent file, consulted for every document."""

FALLBACK = "en"
"""Consulted for every document too: pages in any language often carry an English UI."""

_ENTRY_KEYS = ("labels", "prefixes", "phrases", "patterns")
_EXTRA_KEYS: dict[str, tuple[str, ...]] = {
    "breadcrumb": ("roots", "separators"),
    "navigation": ("separators",),
    "footer": ("descriptions",),
}
_CLUTTER_DIR = resources.files(__package__) / "data" / "clutter"

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        # Turkish dotted capital I: its case fold is "i" plus a combining dot, which no
        # lower-case entry spells.
        "\u0130": "I",
    }
    # Arabic-script vowel marks and the tatweel (elongation) are optional: one site prints
    # "أيضًا", another "أيضاً" or "أيضا"; without them every spelling is one.
    | {mark: None for mark in range(0x064B, 0x0660)}
    | {0x0670: None, 0x0640: None}
)
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_COUNTER = re.compile(r"\s*[(\[]?\d{1,6}[)\]]?$")


class RulesDataError(ValueError):
    """A rules data file is malformed: unknown kind or key, wrong type, or a regex that fails
    to compile. Raised at load time so a broken data change cannot reach a running service."""


def normalize_line(text: str) -> str:
    """NFKC, straight quotes and hyphens, single spaces: the form every matcher sees.

    Case is kept because some shapes (glued breadcrumbs, ticker symbols) depend on it; the
    lexicon regexes are case-insensitive.
    """
    if text.isascii():
        # Most lines: NFKC and the quote table change nothing in ASCII, and most have no
        # irregular spacing to squeeze.
        # Printable ASCII has no whitespace but the space (control characters are not
        # printable), so a line without a double space needs no squeezing.
        if "  " not in text and text.isprintable():
            return text.strip()
        return _SPACES.sub(" ", text).strip()
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


def label_key(text: str, *, normalized: bool = False) -> str:
    """The key a whole-line label is looked up by: case-folded, decoration stripped.

    Leading bullets and arrows, trailing colons, exclamation marks, chevrons and counters
    ("Comments (12)") do not change what a UI label is. ``normalized`` says ``text`` is
    already :func:`normalize_line` output.
    """
    key = _strip_edges((text if normalized else normalize_line(text)).casefold())
    if not key[-1:].isdecimal():
        return key  # no counter: the edges are already letters or digits
    stripped = _strip_edges(_COUNTER.sub("", key))
    return stripped or key


def _strip_edges(text: str) -> str:
    """``text`` without leading and trailing characters that are not letters or digits."""
    if text[:1].isalnum() and text[-1:].isalnum():
        return text
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


@dataclass(frozen=True, slots=True, eq=False)
class KindMatcher:
    """The compiled entries of one kind in one file."""

    kind: str
    labels: frozenset[str]
    """:func:`label_key` of each label."""
    prefix: re.Pattern[str] | None
    """Anchored alternation of the prefixes."""
    phrase: re.Pattern[str] | None
    """Alternation of the phrases, bounded by non-word characters."""
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True, eq=False)
class ClutterLexicon:
    """One compiled clutter file.

    Compared and hashed by identity: each file is compiled once, and profiles use it as a
    cache key on every line."""

    name: str
    """``common`` or the ISO 639-1 code."""
    version: int
    kinds: tuple[KindMatcher, ...]
    breadcrumb_root: re.Pattern[str] | None
    """Matches a breadcrumb root word at the start of a line, case-insensitively."""
    glued_root: re.Pattern[str] | None
    """Matches a capitalised root word glued to the next capitalised item ("HomeNEWS")."""
    breadcrumb_separators: tuple[str, ...]
    menu_separators: tuple[str, ...]
    self_description: re.Pattern[str] | None
    """Phrases with which an outlet describes itself in a page footer."""
    label_kinds: Mapping[str, str]
    """:func:`label_key` of every label -> its kind."""
    prefix_index: re.Pattern[str] | None
    """Every prefix of every kind in one anchored trie; ``prefix_kinds[m.lastindex - 1]`` is
    the kind of a match ``m``."""
    prefix_kinds: tuple[str, ...]
    phrase_index: re.Pattern[str] | None
    """Every phrase of every kind in one trie, read like ``prefix_index``."""
    phrase_kinds: tuple[str, ...]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    """Every pattern with its kind."""
    prefix_entries: Mapping[str, str]
    """Every prefix (normalized) -> its kind: what ``prefix_index`` is built from..."""
    phrase_entries: Mapping[str, str]
    """...and ``phrase_index``; :mod:`article_normalizer.rules.lexicon_scan` builds its
    automaton from both."""
    description_entries: tuple[str, ...]
    """The self-descriptions (normalized) ``self_description`` is built from."""
    phrase_words: frozenset[str] = frozenset()
    """The lower-cased first word of every phrase that starts with a word character..."""
    phrase_marks: str = ""
    """...and the first character of every other phrase: a line with neither cannot contain a
    phrase, which spares most lines the search (see :meth:`may_contain_phrase`)."""

    def may_contain_phrase(self, line: str, words: frozenset[str] | None) -> bool:
        """False only when ``line`` certainly holds none of the phrases.

        ``words`` are the line's lower-cased ``\\w+`` tokens, or None when they cannot be
        trusted to agree with the case-insensitive search (non-ASCII text): a phrase's first
        word, bounded by the index's word boundaries, is then one of them.
        """
        if words is None:
            return True
        return not words.isdisjoint(self.phrase_words) or any(m in line for m in self.phrase_marks)

    def matcher(self, kind: str) -> KindMatcher | None:
        for matcher in self.kinds:
            if matcher.kind == kind:
                return matcher
        return None


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesDataError(f"{where}: expected a list of strings, got {value!r}")
    out: list[str] = []
    for item in value:
        if not item.strip():
            raise RulesDataError(f"{where}: empty string")
        out.append(item)
    return out


def _literal_alternation(items: Iterable[str]) -> str:
    """One regex matching any of ``items`` (normalized), longest first; see
    :func:`article_normalizer.rules.trie.word_trie`."""
    pattern, _ = word_trie({normalize_line(i): "" for i in items}, tagged=False)
    return pattern


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RulesDataError(f"{where}: bad regex {pattern!r}: {exc}") from exc


def parse_clutter(data: Mapping[str, Any], source: str) -> ClutterLexicon:
    """Validate and compile one parsed clutter file; ``source`` names it in errors."""
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RulesDataError(f"{source}: `version` must be a positive integer, got {version!r}")
    name = source.rsplit("/", 1)[-1].removesuffix(".toml")
    matchers: list[KindMatcher] = []
    roots: list[str] = []
    crumb_seps: list[str] = []
    menu_seps: list[str] = []
    descriptions: list[str] = []
    label_kinds: dict[str, str] = {}
    prefix_kinds: dict[str, str] = {}
    phrase_kinds: dict[str, str] = {}
    all_patterns: list[tuple[str, re.Pattern[str]]] = []
    for key, table in data.items():
        if key == "version":
            continue
        if key not in CLUTTER_KINDS:
            raise RulesDataError(
                f"{source}: unknown kind [{key}]; expected one of {', '.join(CLUTTER_KINDS)}"
            )
        if not isinstance(table, dict):
            raise RulesDataError(f"{source}: [{key}] must be a table")
        allowed = _ENTRY_KEYS + _EXTRA_KEYS.get(key, ())
        for entry in table:
            if entry not in allowed:
                raise RulesDataError(
                    f"{source}: [{key}] unknown key `{entry}`; expected one of {', '.join(allowed)}"
                )
        where = f"{source}: [{key}]"
        labels = _strings(table.get("labels", []), f"{where}.labels")
        prefixes = _strings(table.get("prefixes", []), f"{where}.prefixes")
        phrases = _strings(table.get("phrases", []), f"{where}.phrases")
        patterns = _strings(table.get("patterns", []), f"{where}.patterns")
        label_keys = set()
        for label in labels:
            lkey = label_key(label)
            if not lkey:
                raise RulesDataError(f"{where}.labels: {label!r} has no letters or digits")
            label_keys.add(lkey)
            label_kinds.setdefault(lkey, key)
        for prefix in prefixes:
            prefix_kinds.setdefault(normalize_line(prefix), key)
        for phrase in phrases:
            phrase_kinds.setdefault(normalize_line(phrase), key)
        matchers.append(
            KindMatcher(
                kind=key,
                labels=frozenset(label_keys),
                prefix=(
                    _compile("^" + _literal_alternation(prefixes), f"{where}.prefixes")
                    if prefixes
                    else None
                ),
                phrase=(
                    _compile(_literal_alternation(phrases), f"{where}.phrases") if phrases else None
                ),
                patterns=tuple(
                    _compile(p, f"{where}.patterns[{n}]") for n, p in enumerate(patterns)
                ),
            )
        )
        all_patterns.extend((key, pattern) for pattern in matchers[-1].patterns)
        if key == "breadcrumb":
            roots = _strings(table.get("roots", []), f"{where}.roots")
            crumb_seps = _strings(table.get("separators", []), f"{where}.separators")
        if key == "navigation":
            menu_seps = _strings(table.get("separators", []), f"{where}.separators")
        if key == "footer":
            descriptions = _strings(table.get("descriptions", []), f"{where}.descriptions")
    root = glued = None
    if roots:
        root = _compile("^" + _literal_alternation(roots), f"{source}: [breadcrumb].roots")
        capitalised = sorted({r.strip()[:1].upper() + r.strip()[1:] for r in roots}, key=len)
        glued = re.compile(
            "^(?:" + "|".join(re.escape(c) for c in reversed(capitalised)) + r")(?=[A-ZÀ-ÞА-Я])"
        )
    prefix_index, prefix_groups = word_trie(prefix_kinds, tagged=True) if prefix_kinds else ("", ())
    phrase_index, phrase_groups = word_trie(phrase_kinds, tagged=True) if phrase_kinds else ("", ())
    first_words = {m.group() for p in phrase_kinds if (m := _WORD.match(p.lower())) is not None}
    marks = {p[0].lower() for p in phrase_kinds if not is_word_char(p[0])}
    return ClutterLexicon(
        label_kinds=label_kinds,
        prefix_index=_compile("^" + prefix_index, f"{source}: prefixes") if prefix_index else None,
        prefix_kinds=prefix_groups,
        phrase_index=_compile(phrase_index, f"{source}: phrases") if phrase_index else None,
        phrase_kinds=phrase_groups,
        prefix_entries=MappingProxyType(prefix_kinds),
        phrase_entries=MappingProxyType(phrase_kinds),
        phrase_words=frozenset(first_words),
        phrase_marks="".join(sorted(marks | {m.upper() for m in marks})),
        patterns=tuple(all_patterns),
        name=name,
        version=version,
        kinds=tuple(matchers),
        breadcrumb_root=root,
        glued_root=glued,
        breadcrumb_separators=tuple(crumb_seps),
        menu_separators=tuple(menu_seps),
        description_entries=tuple(dict.fromkeys(normalize_line(d) for d in descriptions)),
        self_description=(
            _compile(_literal_alternation(descriptions), f"{source}: [footer].descriptions")
            if descriptions
            else None
        ),
    )


def clutter_files() -> list[str]:
    """Names (without ``.toml``) of the shipped clutter files."""
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in _CLUTTER_DIR.iterdir()
        if entry.name.endswith(".toml")
    )


@cache
def load_clutter(name: str) -> ClutterLexicon:
    """The compiled clutter file ``name`` (``"en"``, ``"common"``...), cached."""
    source = f"clutter/{name}.toml"
    try:
        with (_CLUTTER_DIR / f"{name}.toml").open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise RulesDataError(f"{source}: invalid TOML: {exc}") from exc
    return parse_clutter(data, source)


@cache
def clutter_lexicons(lang: str | None) -> tuple[ClutterLexicon, ...]:
    """The lexicons a document in ``lang`` is matched against, most specific first.

    Its own language when a file exists, then English, then the language-independent file.
    """
    available = set(clutter_files())
    names = [n for n in (lang, FALLBACK, COMMON) if n and n in available]
    return tuple(load_clutter(n) for n in dict.fromkeys(names))
