"""The five seed pages through the whole pipeline, as the foundation issue states the result.

The seeds are read from ../shared at test time; only short phrases that identify a line are
written here, never the pages themselves.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from article_normalizer.normalize import Article, RawDocument, normalize

NOW = datetime(2023, 8, 8, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def articles(seeds: dict[str, str]) -> dict[str, Article]:
    return {name[:3]: normalize(RawDocument(text=text), now=NOW) for name, text in seeds.items()}


def _removed_kind(article: Article, startswith: str) -> str:
    kinds = [r.kind for r in article.removed if r.text.startswith(startswith)]
    assert kinds, f"{startswith!r} is not in removed"
    return kinds[0]


@pytest.mark.parametrize(
    ("seed", "title"),
    [
        ("000", "MFA of China and Russia underscore “practical and strategic cooperation”"),
        ("001", "China, Russia foreign ministers hail cooperation in call"),
        ("002", "China – Russia: “Our cooperation contributes to world peace”"),
        ("003", "Wang Yi: China, Russia are each other's reliable friends, partners"),
        ("004", "China’s top diplomat says Beijing, Moscow to deepen ties"),
    ],
)
def test_seed_headline(articles: dict[str, Article], seed: str, title: str) -> None:
    assert articles[seed].title == title


def test_dateline_is_split_off_the_first_paragraph(articles: dict[str, Article]) -> None:
    article = articles["001"]
    assert article.dateline is not None
    assert article.dateline.text == "BEIJING:"
    assert article.dateline.location == "BEIJING"
    assert article.paragraphs[0].startswith("The foreign ministers")
    assert _removed_kind(article, "BEIJING:") == "dateline"


def test_stamps(articles: dict[str, Article]) -> None:
    assert (articles["001"].published or "").startswith("2023-08-07")
    assert (articles["003"].modified or "").startswith("2023-08-07")


@pytest.mark.parametrize(
    ("seed", "outlet"), [("000", "Plataforma"), ("002", "GEOPOLITIKI"), ("004", "TodayPress")]
)
def test_outlet_from_text(articles: dict[str, Article], seed: str, outlet: str) -> None:
    found = articles[seed].outlet
    assert found is not None
    assert (found.name, found.source) == (outlet, "text")


def test_agency_in_byline(articles: dict[str, Article]) -> None:
    byline = articles["001"].byline
    assert byline is not None
    assert byline.agency == "AFP"


@pytest.mark.parametrize(
    ("seed", "first", "last", "count"),
    [
        ("000", "The Chinese and Russian foreign ministers", "Among the participants were", 13),
        ("001", "The foreign ministers of China and Russia", "Since Russian tanks rolled", 11),
        ("002", "On Monday, China reaffirmed", "Beijing has already made efforts", 9),
        ("003", "Chinese Foreign Minister Wang Yi held", "Lavrov said that Russia highly", 9),
        ("004", "China’s top diplomat said Thursday", "Putin, in his first summit", 13),
    ],
)
def test_every_story_paragraph_is_kept(
    articles: dict[str, Article], seed: str, first: str, last: str, count: int
) -> None:
    paragraphs = articles[seed].paragraphs
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].startswith(last)
    assert len(paragraphs) == count


CLUTTER = [
    ("000", "Início »", {"breadcrumb", "navigation"}),
    ("000", "Contact Us", {"footer", "navigation"}),
    ("000", "Generalist media, focusing", {"footer"}),
    ("000", "Subscribe Plataforma Newsletter", {"newsletter"}),
    ("001", "date 2023-08-07 BAFL", {"ticker"}),
    ("001", "World", {"section_label"}),
    ("001", "China to attend talks on Ukraine", {"related"}),
    ("002", "HomeNEWS", {"breadcrumb", "navigation"}),
    ("002", "Latest News", {"related"}),
    ("002", "Kyrgyzstan and Tajikistan border", {"related"}),
    ("002", "In an escalating border conflict", {"related"}),
    ("002", "READ ALSO", {"related"}),
    ("002", "GEOPOLITIKI.COM – Share", {"share"}),
    ("002", "PHOTO:", {"caption"}),
    ("002", "Must Read", {"related"}),
    ("002", "Please enter your comment!", {"comment_box"}),
    ("002", "Please enter your name here", {"comment_box"}),
    ("003", "Search Trends", {"navigation", "related"}),
    ("004", "Opinion", {"section_label"}),
    ("004", "This is a global news portal", {"footer"}),
    ("004", "Related Articles", {"related"}),
    ("004", "Leave a Reply", {"comment_box"}),
    ("004", "Your email address will not be published", {"comment_box"}),
    ("004", "Back to top button", {"footer", "navigation"}),
]


@pytest.mark.parametrize(("seed", "start", "kinds"), CLUTTER)
def test_clutter_is_removed_with_a_fitting_kind(
    articles: dict[str, Article], seed: str, start: str, kinds: set[str]
) -> None:
    article = articles[seed]
    assert not any(p.startswith(start) for p in article.paragraphs)
    assert _removed_kind(article, start) in kinds


def test_body_and_removed_account_for_every_input_line(
    articles: dict[str, Article], seeds: dict[str, str]
) -> None:
    for name, text in seeds.items():
        article = articles[name[:3]]
        accounted = " ".join([*article.paragraphs, *(r.text for r in article.removed)])
        for line in text.splitlines():
            for word in line.split():
                assert word in accounted, (name, word)
