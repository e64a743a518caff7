"""Language data the normalizer runs on, loaded and compiled once.

Everything language-dependent (stop words, clutter phrases, stamp cue words, month names) is
looked up here by ISO 639-1 code, so supporting a language is a data change.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import justext

from article_normalizer.rules.clutter import ClutterLexicon as ClutterLexicon
from article_normalizer.rules.clutter import RulesDataError as RulesDataError
from article_normalizer.rules.clutter import clutter_lexicons as clutter_lexicons
from article_normalizer.rules.fields import BylineRules as BylineRules
from article_normalizer.rules.fields import FieldDataError as FieldDataError
from article_normalizer.rules.fields import OutletRules as OutletRules
from article_normalizer.rules.fields import agencies as agencies
from article_normalizer.rules.fields import byline_rules as byline_rules
from article_normalizer.rules.fields import outlet_rules as outlet_rules

_DATA = resources.files(__package__) / "data"


def load_toml(name: str) -> dict[str, Any]:
    """Read one TOML data file shipped in ``article_normalizer/rules/data``."""
    with (_DATA / name).open("rb") as handle:
        return tomllib.load(handle)


def load_json(name: str) -> Any:
    """Read one JSON data file shipped in ``article_normalizer/rules/data``."""
    with (_DATA / name).open("rb") as handle:
        return json.load(handle)


@cache
def _iso_to_stoplist_name() -> dict[str, str]:
    return {k: str(v) for k, v in load_toml("languages.toml")["stoplists"].items()}


@cache
def regional_languages() -> dict[str, str]:
    """ISO 639-3 codes of regional varieties -> their macrolanguage's ISO 639-1 code."""
    return {k: str(v) for k, v in load_toml("languages.toml")["regional"].items()}


@cache
def stopwords(lang: str | None) -> frozenset[str]:
    """Lower-cased stop words of ``lang`` (jusText's lists); English when unknown.

    Unknown languages fall back to English rather than to nothing, because a page with an
    undetected language is most often English boilerplate around a short body.
    """
    name = _iso_to_stoplist_name().get(lang or "en") or "English"
    try:
        words = justext.get_stoplist(name)
    except (ValueError, OSError):
        words = justext.get_stoplist("English")
    return frozenset(w.lower() for w in words)


@dataclass(frozen=True, slots=True)
class LanguageProfile:
    """The data one document is processed with, chosen by its language."""

    code: str | None
    stopwords: frozenset[str] = field(default_factory=frozenset)
    clutter: tuple[ClutterLexicon, ...] = ()
    """Lexicons to match non-body lines against: the document's language, English (pages mix
    an English UI into other languages), then the language-independent symbols and shapes."""


@cache
def profile(lang: str | None) -> LanguageProfile:
    """The cached profile of ``lang``."""
    return LanguageProfile(code=lang, stopwords=stopwords(lang), clutter=clutter_lexicons(lang))
