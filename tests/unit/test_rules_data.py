"""The shipped clutter lexicons are valid, documented and unambiguous; the loader rejects bad data.

A broken data file must fail here (and at load time), never silently drop a rule in production.
"""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import langcodes
import pytest

from article_normalizer.normalize.language import iso639_1
from article_normalizer.normalize.models import BLOCK_KINDS
from article_normalizer.rules import profile, stopwords
from article_normalizer.rules.clutter import (
    CLUTTER_KINDS,
    COMMON,
    FALLBACK,
    RulesDataError,
    clutter_files,
    clutter_lexicons,
    load_clutter,
    parse_clutter,
)
from article_normalizer.rules.trie import is_word_char, word_trie

FILES = clutter_files()
CLUTTER_DIR = resources.files("article_normalizer.rules") / "data" / "clutter"
REQUIRED_LANGUAGES = {"en", "pt", "es", "fr", "de", "it", "nl", "ru", "pl", "id", "ms", "tr"}


def test_the_required_languages_and_the_common_file_ship() -> None:
    assert REQUIRED_LANGUAGES | {COMMON} <= set(FILES)


def test_clutter_kinds_are_article_block_kinds() -> None:
    assert set(CLUTTER_KINDS) <= set(BLOCK_KINDS)
    assert not {"title", "dateline", "byline_stamp", "other"} & set(CLUTTER_KINDS)


@pytest.mark.parametrize("name", FILES)
def test_every_file_loads_and_compiles(name: str) -> None:
    lexicon = load_clutter(name)
    assert lexicon.name == name
    assert lexicon.version >= 1
    assert {m.kind for m in lexicon.kinds} <= set(CLUTTER_KINDS)
    shapes = {
        "breadcrumb": bool(lexicon.breadcrumb_root or lexicon.breadcrumb_separators),
        "navigation": bool(lexicon.menu_separators),
        "footer": lexicon.self_description is not None,
    }
    for matcher in lexicon.kinds:
        entries = matcher.labels or matcher.prefix or matcher.phrase or matcher.patterns
        assert entries or shapes.get(matcher.kind), f"[{matcher.kind}] of {name} is empty"


@pytest.mark.parametrize("name", FILES)
def test_every_file_opens_with_a_documented_header(name: str) -> None:
    text = (CLUTTER_DIR / f"{name}.toml").read_text(encoding="utf-8")
    header = text.split("\nversion", 1)[0]
    assert header.startswith("# ")
    assert re.search(r"version \d+", header), "the header comment names the version"


@pytest.mark.parametrize("name", [n for n in FILES if n != COMMON])
def test_language_files_are_named_by_a_known_iso_code(name: str) -> None:
    # Chinese and Japanese have no stop-word list, but their lexicons are found by their code.
    assert iso639_1(name) == name
    assert langcodes.Language.get(name).is_valid()


@pytest.mark.parametrize("name", FILES)
def test_no_label_names_two_kinds_in_one_file(name: str) -> None:
    kinds_of: dict[str, list[str]] = defaultdict(list)
    for matcher in load_clutter(name).kinds:
        for label in matcher.labels:
            kinds_of[label].append(matcher.kind)
    ambiguous = {label: kinds for label, kinds in kinds_of.items() if len(kinds) > 1}
    assert not ambiguous


def test_language_files_list_the_kinds_every_page_has() -> None:
    for name in REQUIRED_LANGUAGES:
        kinds = {m.kind for m in load_clutter(name).kinds}
        expected = {"navigation", "newsletter", "comment_box", "related", "share", "footer"}
        assert expected <= kinds, (name, expected - kinds)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("pt", ("pt", FALLBACK, COMMON)),
        ("en", (FALLBACK, COMMON)),
        ("ja", ("ja", FALLBACK, COMMON)),
        ("sw", (FALLBACK, COMMON)),  # no Swahili file
        (None, (FALLBACK, COMMON)),
    ],
)
def test_a_document_is_matched_against_its_language_then_english_then_common(
    lang: str | None, expected: tuple[str, ...]
) -> None:
    assert tuple(lex.name for lex in clutter_lexicons(lang)) == expected
    assert tuple(lex.name for lex in profile(lang).clutter) == expected


def test_files_are_compiled_once() -> None:
    assert load_clutter("de") is load_clutter("de")
    assert profile("de").clutter[0] is clutter_lexicons("de")[0]


def test_profile_keeps_its_stop_words() -> None:
    assert "the" in profile("en").stopwords
    assert "und" in stopwords("de")


BAD: list[tuple[dict[str, Any], str]] = [
    ({"navigation": {"labels": ["home"]}}, r"`version` must be a positive integer"),
    ({"version": 0}, r"`version` must be a positive integer"),
    ({"version": True}, r"`version` must be a positive integer"),
    ({"version": 1, "sidebar": {"labels": ["x"]}}, r"unknown kind \[sidebar\]"),
    ({"version": 1, "title": {"labels": ["x"]}}, r"unknown kind \[title\]"),
    ({"version": 1, "share": {"words": ["x"]}}, r"\[share\] unknown key `words`"),
    ({"version": 1, "share": {"roots": ["home"]}}, r"\[share\] unknown key `roots`"),
    ({"version": 1, "share": ["x"]}, r"\[share\] must be a table"),
    ({"version": 1, "share": {"labels": "share"}}, r"\[share\]\.labels: expected a list"),
    ({"version": 1, "share": {"labels": [1]}}, r"\[share\]\.labels: expected a list"),
    ({"version": 1, "share": {"phrases": ["  "]}}, r"\[share\]\.phrases: empty string"),
    ({"version": 1, "share": {"labels": ["***"]}}, r"has no letters or digits"),
    ({"version": 1, "ticker": {"patterns": ["(unclosed"]}}, r"\[ticker\]\.patterns\[0\]: bad"),
    ({"version": 1, "ticker": {"patterns": ["ok", "a{2,1}"]}}, r"\.patterns\[1\]: bad regex"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_data_is_a_clear_error_at_load_time(data: dict[str, Any], message: str) -> None:
    with pytest.raises(RulesDataError, match=message) as info:
        parse_clutter(data, "clutter/xx.toml")
    assert "clutter/xx.toml" in str(info.value)


def test_a_file_that_is_not_toml_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A single-quoted TOML string cannot hold a quote: the easiest slip when editing a regex.
    (tmp_path / "zz.toml").write_text("version = 1\n[ticker]\npatterns = ['[\\w']']\n")
    monkeypatch.setattr("article_normalizer.rules.clutter._CLUTTER_DIR", tmp_path)
    with pytest.raises(RulesDataError, match=r"clutter/zz\.toml: invalid TOML"):
        load_clutter("zz")


def test_date_cleaned_words_begin_and_end_with_a_word_character() -> None:
    """The cue search puts word boundaries only at word characters (see rules.trie)."""
    from article_normalizer.normalize.fields.stamp_lexicon import _cleaned_words, _lexicon

    for lang in ("en", "pt", "es", "fr", "de", "it", None):
        for word in _cleaned_words(_lexicon(lang).cue_kind):
            assert is_word_char(word[0]) and is_word_char(word[-1]), (lang, word)


def test_word_trie_prefers_the_longest_entry_and_respects_word_boundaries() -> None:
    pattern, kinds = word_trie({"share": "a", "share this": "b", "#tag": "c"}, tagged=True)
    regex = re.compile(pattern, re.IGNORECASE)
    match = regex.search("Please SHARE THIS story")
    assert match is not None and match.group() == "SHARE THIS"
    assert kinds[match.lastindex - 1] == "b"  # type: ignore[operator]
    assert regex.search("shares rose") is None
    found = regex.search("x#tag")
    assert found is not None and kinds[found.lastindex - 1] == "c"  # type: ignore[operator]
