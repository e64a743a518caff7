"""The page scan of the clutter lexicons finds what the lexicons' trie regexes find, line by line.

Fixture lexicons and lines are written here; the dev corpus (../shared) is read at test time
only, and its test skips where it is absent.
"""

from __future__ import annotations

import gzip
import json
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from article_normalizer.normalize.lines import kinds
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.rules import profile
from article_normalizer.rules.clutter import (
    ClutterLexicon,
    clutter_files,
    clutter_lexicons,
    normalize_line,
    parse_clutter,
)
from article_normalizer.rules.lexicon_scan import LexiconScanner, fold, scanner
from tests.conftest import CORPUS

Found = tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]


def reference(line: str, lexicons: tuple[ClutterLexicon, ...]) -> Found:
    """What the tries find: each lexicon's prefix ``match`` and phrase ``finditer``."""
    prefixes: list[tuple[str, int, int]] = []
    phrases: list[tuple[str, int, int]] = []
    for lex in lexicons:
        if lex.prefix_index is not None:
            m = lex.prefix_index.match(line)
            if m and m.lastindex:
                prefixes.append((lex.prefix_kinds[m.lastindex - 1], *m.span()))
        if lex.phrase_index is not None:
            for m in lex.phrase_index.finditer(line):
                if m.lastindex:
                    phrases.append((lex.phrase_kinds[m.lastindex - 1], *m.span()))
    return sorted(prefixes), sorted(phrases)


def scanned(lines: list[str], lexicons: tuple[ClutterLexicon, ...]) -> list[Found]:
    return [
        (sorted(hits.prefixes), sorted(hits.phrases))
        for hits in LexiconScanner(lexicons).scan(lines)
    ]


def lexicon(name: str = "xx", **kinds_entries: dict[str, list[str]]) -> ClutterLexicon:
    return parse_clutter({"version": 1, **kinds_entries}, f"clutter/{name}.toml")


SHARE = lexicon(
    share={"phrases": ["share", "share this article", "e-mail", "(c)"], "prefixes": ["share on"]},
    caption={"prefixes": ["photo:", "photo"]},
    related={"phrases": ["read more", "more"], "prefixes": ["read also:", "read"]},
)


def test_phrases_are_found_with_their_lines_and_spans() -> None:
    lines = ["Nothing here", "Please share this article now", "", "Read more | Share"]
    hits = LexiconScanner((SHARE,)).scan(lines)
    assert hits[0].phrases == () and hits[0].prefixes == ()
    assert hits[1].phrases == (("share", 7, 25),)
    assert hits[2].phrases == ()
    assert sorted(hits[3].phrases) == [("related", 0, 9), ("share", 12, 17)]
    assert hits[3].prefixes == (("related", 0, 4),)


def test_word_boundaries_follow_the_entries_edges() -> None:
    lines = [
        "He shares it",  # "share" inside a word: no match
        "reshare",
        "share_it",  # "_" is a word character
        "Share, then e-mail us",
        "photographer",  # prefix "photo" needs a boundary after it...
        "photo:afp",  # ..."photo:" does not
        "(c)2024",  # an entry of punctuation needs no boundary at all
        "x(c)y",
    ]
    got = scanned(lines, (SHARE,))
    assert got == [reference(line, (SHARE,)) for line in lines]
    assert got[0] == ([], []) and got[1] == ([], []) and got[2] == ([], [])
    assert got[3][1] == [("share", 0, 5), ("share", 12, 18)]
    assert got[4] == ([], [])
    assert got[5][0] == [("caption", 0, 6)]
    assert got[6][1] == [("share", 0, 3)] and got[7][1] == [("share", 1, 4)]


def test_case_is_ignored_as_the_regex_engine_ignores_it() -> None:
    lex = lexicon(share={"phrases": ["paylaşın", "συνέχεια"]}, related={"prefixes": ["straße"]})
    lines = [
        "PAYLAŞIN",  # dotless and dotted I are one letter to re.IGNORECASE
        "PaylaşIn",
        "ΣΥΝΈΧΕΙΑ",
        "STRASSE",  # no full case folding: "ß" is not "ss"
        "Straße 5",
    ]
    got = scanned(lines, (lex,))
    assert got == [reference(line, (lex,)) for line in lines]
    assert [bool(found[1]) for found in got[:3]] == [True, True, True]
    assert got[3] == ([], []) and got[4][0] == [("related", 0, 6)]


def test_leftmost_longest_without_overlap_within_each_lexicon() -> None:
    other = lexicon("yy", related={"phrases": ["this article now"]})
    line = "share this article now more"
    got = scanned([line], (SHARE, other))
    assert got == [reference(line, (SHARE, other))]
    # SHARE takes its longest entry at 0; the other lexicon's overlapping match still counts.
    assert got[0][1] == [("related", 6, 22), ("related", 23, 27), ("share", 0, 18)]


def test_prefix_is_the_longest_at_the_start_only() -> None:
    lines = ["Read also: the story", "read", "Readers' letters", "Also read also:"]
    got = scanned(lines, (SHARE,))
    assert got == [reference(line, (SHARE,)) for line in lines]
    assert got[0][0] == [("related", 0, 10)]
    assert got[1][0] == [("related", 0, 4)]
    assert got[2][0] == [] and got[3][0] == []


def test_entries_equal_under_the_fold_fall_back_to_the_regex() -> None:
    lex = lexicon(share={"phrases": ["Share", "share it"]}, related={"phrases": ["SHARE now"]})
    lex_scanner = LexiconScanner((lex,))
    assert lex_scanner.fallback == ((0, False),)
    lines = ["share it now", "SHARE NOW please", "Share"]
    assert scanned(lines, (lex,)) == [reference(line, (lex,)) for line in lines]


def test_a_line_with_a_break_of_its_own_is_scanned_alone() -> None:
    lines = ["share\nthis", "read more", "more\n"]
    assert scanned(lines, (SHARE,)) == [reference(line, (SHARE,)) for line in lines]


def describes(text: str, lexicons: tuple[ClutterLexicon, ...]) -> bool:
    """What the regexes say: any lexicon's self-description searched in ``text``."""
    return any(
        lex.self_description is not None and lex.self_description.search(text) is not None
        for lex in lexicons
    )


OUTLET = lexicon(footer={"descriptions": ["news portal", "leading source of", "(est. 1901)"]})


def test_self_descriptions_are_found_on_each_line() -> None:
    lines = [
        "Acme is a NEWS PORTAL for the region.",
        "news portals",  # no boundary after "portal"
        "The leading source of news",
        "ACME Daily(est. 1901)",
        "nothing here",
        "line with\na break: news portal",
        "",
    ]
    got = LexiconScanner((OUTLET,)).describing(lines)
    assert got == [describes(line, (OUTLET,)) for line in lines]
    assert got == [True, False, True, True, False, True, False]


def test_the_shipped_lexicons_need_no_fallback() -> None:
    for name in clutter_files():
        assert scanner(clutter_lexicons(name)).fallback == ()


_FRAGMENTS = sorted(
    {
        piece
        for name in clutter_files()
        for lex in clutter_lexicons(name)
        for entries in (lex.prefix_entries, lex.phrase_entries, lex.description_entries)
        for entry in list(entries)[:40]
        for piece in (entry, entry[: len(entry) // 2], entry[len(entry) // 2 :])
        if piece
    }
)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.one_of(
            st.sampled_from(_FRAGMENTS),
            st.sampled_from(_FRAGMENTS).map(str.upper),
            st.sampled_from([" ", "", ":", "-", "s", "_", "|", "ı", "İ", "1"]),
        ),
        max_size=8,
    ),
    lang=st.sampled_from([name for name in clutter_files() if name != "common"]),
)
def test_shipped_lexicons_agree_with_their_regexes(parts: list[str], lang: str) -> None:
    line = normalize_line("".join(parts))
    lexicons = clutter_lexicons(lang)
    assert scanned([line, line], lexicons) == [reference(line, lexicons)] * 2
    raw = "".join(parts)
    assert LexiconScanner(lexicons).describing([raw, line]) == [
        describes(raw, lexicons),
        describes(line, lexicons),
    ]


def test_fold_matches_the_regex_engine_for_every_character() -> None:
    # Above plane 1 nothing has a case (ideographs, private use): checked wholesale, then the
    # engine is compared on the cased planes.
    rest = "".join(chr(code) for code in range(0x20000, sys.maxunicode + 1))
    assert fold(rest) == rest == rest.upper()
    everything = "".join(chr(code) for code in range(0x20000) if not 0xD800 <= code <= 0xDFFF)
    folded = fold(everything)
    assert len(folded) == len(everything)
    by_fold: dict[str, set[str]] = {}
    for ch, key in zip(everything, folded, strict=True):
        by_fold.setdefault(key, set()).add(ch)
    probes = {ch for entry in _FRAGMENTS for ch in entry} | set("iısſkσςµβ")
    for probe in sorted(probes):
        engine = set(re.findall(re.escape(probe), everything, re.IGNORECASE))
        assert engine == by_fold[fold(probe)], probe


def test_a_primed_page_gives_the_analyses_of_lines_scanned_alone() -> None:
    text = (
        "Home » World » Europe\nShare this article\nREAD ALSO: The minister resigns\n"
        "The minister resigned on Friday, his office said in a short statement.\n"
        "* Related Articles\nSubscribe to our newsletter\n" + "word " * 50 + "\n"
    )
    blocks, _ = split_blocks(text)
    rules = profile("en")
    alone = []
    for full in (True, False):
        kinds.clear_caches()
        alone.append([kinds._analyse(block.text, rules.clutter, full) for block in blocks])
    primed = []
    for full in (True, False):
        kinds.clear_caches()
        kinds.scan_page([block.text for block in blocks], rules)
        primed.append([kinds._analyse(block.text, rules.clutter, full) for block in blocks])
    assert primed == alone
    assert any(line.evidence for line in alone[0])


def test_a_primed_page_tells_which_lines_describe_the_outlet() -> None:
    rules = profile("en")
    description = next(
        entry for lex in rules.clutter for entry in lex.description_entries if " " in entry
    )
    texts = [f"Acme Times is a {description.upper()} in the city.", "Read more"]
    kinds.clear_caches()
    alone = [kinds._describes_outlet(text, rules.clutter) for text in texts]
    kinds.clear_caches()
    kinds.scan_page(texts, rules)
    assert kinds._page.describes == dict(zip(texts, alone, strict=True))
    assert (
        [kinds._describes_outlet(text, rules.clutter) for text in texts]
        == alone
        == [
            True,
            False,
        ]
    )


@pytest.mark.corpus
def test_dev_pages_scan_as_their_lines_search() -> None:
    path = CORPUS / "dev.jsonl.gz"
    if not path.is_file():
        pytest.skip("../shared/corpus is not present")
    languages = [name for name in clutter_files() if name != "common"]
    lines_seen = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for n, raw in enumerate(handle):
            if n % 20:  # every twentieth page, every source
                continue
            doc = json.loads(raw)
            blocks, _ = split_blocks(doc["text_inscriptis"] or "")
            lines = [normalize_line(block.text) for block in blocks]
            lexicons = clutter_lexicons(languages[n % len(languages)])
            assert scanned(lines, lexicons) == [reference(line, lexicons) for line in lines]
            texts = [block.text for block in blocks]
            assert LexiconScanner(lexicons).describing(texts) == [
                describes(text, lexicons) for text in texts
            ]
            lines_seen += len(lines)
    assert lines_seen > 1000
