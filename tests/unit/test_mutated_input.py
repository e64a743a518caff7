"""Damaged pages are an article or a clear error, never a crash.

Scrapers send pages cut off mid-transfer, with their line breaks lost or changed, markup
doubled or nested past reason, control characters inside. Each fixture page, damaged in each of
these ways, must come out of the pipeline as an :class:`Article` or as a
:class:`NormalizeError` (which the API answers as a 4xx problem); any other exception is what
the API would have to answer with a 500.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from article_normalizer.normalize import Article, NormalizeError, RawDocument, normalize
from article_normalizer.normalize.html.charset import decode_html
from tests.conftest import FIXTURES

REFERENCE = datetime(2024, 1, 1, tzinfo=UTC)


def _shuffled_case(page: str) -> str:
    rng = random.Random(len(page))
    return "".join(c.upper() if rng.random() < 0.5 else c for c in page)


MUTATIONS: dict[str, Callable[[str], str]] = {
    "cut inside the doctype": lambda page: page[:9],
    "cut inside the first tag": lambda page: page[:22],
    "cut at 60 characters": lambda page: page[:60],
    "cut at a seventh": lambda page: page[: len(page) // 7],
    "cut in the middle": lambda page: page[: len(page) // 2],
    "tail only": lambda page: page[len(page) // 2 :],
    "line breaks as carriage returns": lambda page: page.replace("\n", "\r"),
    "line breaks lost": lambda page: page.replace("\n", " "),
    "lines in reverse order": lambda page: "\n".join(reversed(page.splitlines())),
    "every line written backwards": lambda page: "\n".join(x[::-1] for x in page.splitlines()),
    "angle brackets doubled": lambda page: page.replace("<", "<<").replace(">", ">>"),
    "opened 3,000 levels deep": lambda page: "<div>" * 3000 + page + "</div>" * 10,
    "NUL between words": lambda page: "\x00".join(page.split(" ")),
    "control characters": lambda page: page.replace(" ", " \x0b\x0c\u202e", 50),
    "case shuffled": _shuffled_case,
}


def _pages() -> list[tuple[str, str, str]]:
    pages = [("text", p.name, p.read_text(encoding="utf-8")) for p in FIXTURES.glob("text/*.txt")]
    pages += [
        ("html", p.name, decode_html(p.read_bytes(), None).text)
        for p in FIXTURES.glob("html/*.html")
    ]
    return sorted(pages)


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_damaged_pages_are_an_article_or_a_clear_error(mutation: str) -> None:
    pages = _pages()
    assert pages, "no fixture pages"
    for mode, name, page in pages:
        damaged = MUTATIONS[mutation](page)
        document = RawDocument(text=damaged) if mode == "text" else RawDocument(html=damaged)
        try:
            article = normalize(document, now=REFERENCE)
        except NormalizeError:
            continue
        except Exception as error:  # the failure this test exists for
            pytest.fail(f"{name} ({mode}), {mutation}: {type(error).__name__}: {error}")
        assert isinstance(article, Article)
