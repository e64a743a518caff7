"""The public data shapes of the normalizer.

Inputs forbid unknown fields so a typo in a client is an error, not a silently ignored hint.
Outputs are frozen and keyword-only: a stage cannot mutate an answer another stage built.
Descriptions and examples live in ``Meta`` because that is what reaches the OpenAPI spec.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct

LanguageCode = Annotated[
    str,
    Meta(
        pattern=r"^[a-z]{2}$",
        description="ISO 639-1 language code, lower case.",
        examples=["en", "pt"],
    ),
]

BlockKind = Literal[
    "title",
    "dateline",
    "byline_stamp",
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
    "duplicate",
    "envelope",
    "other",
]
"""Why a line is not in the body. The first three name lines that fed a field of the article."""

BLOCK_KINDS: tuple[str, ...] = BlockKind.__args__  # type: ignore[attr-defined]

WarningCode = Literal[
    "invalid_bytes_replaced",
    "invalid_characters_replaced",
    "markdown_rendered",
    "glued_lines_cut",
    "charset_detected",
    "unknown_charset",
    "unsupported_meta_charset",
    "declared_charset_overridden",
    "declared_charset_mismatch",
    "html_parser_limit_reached",
    "no_main_content",
    "not_an_article",
    "declared_language_mismatch",
    "body_may_be_truncated",
    "no_title_found",
    "empty_body",
    "language_undetected",
]
"""A non-fatal note on an article. A closed set typed here so mypy checks every stage that adds
one; what each means is in ``rules/data/vocabulary.toml`` (the spec's descriptions)."""

WARNING_CODES: tuple[str, ...] = WarningCode.__args__  # type: ignore[attr-defined]

ISO_STAMP_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?)?$"
)
"""The three shapes ``published`` and ``modified`` take (Python's ``isoformat``): a date, a
local date-time, or a date-time with its UTC offset. Neither a zone nor a time is invented."""

_STAMP_SHAPES = (
    "ISO 8601 in one of three shapes, as precise as the page is and no more: "
    "`YYYY-MM-DD` when the page prints a date without a time; "
    "`YYYY-MM-DDTHH:MM:SS` (no offset) when it prints a time but no zone: the outlet's local "
    "time, which no offset is invented for; "
    "`YYYY-MM-DDTHH:MM:SS±HH:MM` when the page or its metadata names the zone, or the stamp is "
    "relative (`2 hours ago`, taken in `reference_time`'s offset). Fractions of a second may "
    "follow the seconds when the metadata has them. Null when the page has none."
)

OutletSource = Literal["metadata", "known_outlet", "text", "domain"]


class RawDocument(Struct, forbid_unknown_fields=True, kw_only=True):
    """One scraped document as a client sends it: exactly one of ``text`` or ``html``."""

    text: Annotated[
        str | None,
        Meta(
            description="The page as plain text (what a scraper or a browser's innerText gives) "
            "or as Markdown (Firecrawl, Jina Reader, html2text), read as the text it shows. "
            "A reader service's header above the Markdown (Jina Reader's `URL Source:`, "
            "`Published Time:`) gives the page's address when `url` is absent, and its date.",
            examples=["World\n\nChina, Russia hail cooperation\n\nBEIJING: The ministers..."],
        ),
    ] = None
    html: Annotated[
        str | None,
        Meta(
            description="The page's HTML. Never fetched or rendered: only parsed.",
            examples=["<!doctype html><html><head><title>...</title></head><body>...</body>"],
        ),
    ] = None
    url: Annotated[
        Annotated[str, Meta(max_length=8192)] | None,
        Meta(
            description="Where the page was scraped from: a hint, never fetched.",
            examples=["https://www.example-news.com/world/china-russia-call"],
        ),
    ] = None
    language: Annotated[
        LanguageCode | None,
        Meta(description="ISO 639-1 hint. When given it wins over detection.", examples=["en"]),
    ] = None
    reference_time: Annotated[
        datetime | None,
        Meta(
            description=(
                "When the page was scraped (RFC 3339). Anchors relative stamps such as "
                "'2 hours ago' and year-less datelines. Defaults to the capture time a "
                "web-archive `url` names (`/web/20130224004209/http://...`), else the time of "
                "the request."
            ),
            examples=["2023-08-08T10:00:00Z"],
        ),
    ] = None
    id: Annotated[
        Annotated[str, Meta(max_length=1024)] | None,
        Meta(description="Caller's identifier, echoed back.", examples=["doc-42"]),
    ] = None


class Dateline(Struct, frozen=True, kw_only=True):
    """A story opener such as ``WASHINGTON (Reuters) -``, split off the first paragraph."""

    text: Annotated[
        str,
        Meta(description="Exactly as printed, separator included.", examples=["BEIJING:"]),
    ]
    location: Annotated[
        str | None, Meta(description="The place.", examples=["BEIJING", "PORTLAND, Ore."])
    ] = None
    agency: Annotated[
        str | None, Meta(description="Wire agency named in it.", examples=["Reuters"])
    ] = None
    date: Annotated[
        str | None,
        Meta(
            description="ISO 8601 date when the dateline prints one; the year comes from the "
            "publication date or the reference time.",
            examples=["1987-02-26"],
        ),
    ] = None
    date_raw: Annotated[
        str | None, Meta(description="The date as printed.", examples=["Feb 26"])
    ] = None


class Outlet(Struct, frozen=True, kw_only=True):
    """The publication the article appeared in, and how it was identified."""

    name: Annotated[str, Meta(description="Publication name.", examples=["Plataforma"])]
    domain: Annotated[
        str | None,
        Meta(
            description="The site's registrable domain, when known; on a host that gives each "
            "user a site of their own, that site's subdomain (jane.wordpress.com).",
            examples=["plataformamedia.com"],
        ),
    ] = None
    source: Annotated[
        OutletSource,
        Meta(
            description="Where the name came from: publisher metadata in the HTML, the list of "
            "well-known outlets (by the url's domain), clues in the text, or the domain itself.",
            examples=["text"],
        ),
    ]


class Byline(Struct, frozen=True, kw_only=True):
    """Who wrote the story."""

    authors: Annotated[
        list[str], Meta(description="People credited as authors.", examples=[["Jane Doe"]])
    ]
    agency: Annotated[str | None, Meta(description="Wire agency credited.", examples=["AFP"])] = (
        None
    )
    raw: Annotated[
        str, Meta(description="The line they were read from.", examples=["By Jane Doe, AFP"])
    ]


class RemovedBlock(Struct, frozen=True, kw_only=True):
    """An input line that is not in the body, and why."""

    kind: Annotated[BlockKind, Meta(description="What the line is.", examples=["newsletter"])]
    text: Annotated[
        str, Meta(description="The line as it came in (stripped).", examples=["Leave a Reply"])
    ]
    reason: Annotated[
        str,
        Meta(
            description="Which mechanism made the decision, for auditing.",
            examples=["lexicon:comment_box"],
        ),
    ] = ""


class Article(Struct, frozen=True, kw_only=True):
    """One normalized article."""

    id: Annotated[str | None, Meta(description="The caller's id, echoed.", examples=["doc-42"])] = (
        None
    )
    title: Annotated[
        str | None,
        Meta(
            description="The headline, without site-name suffix or breadcrumb prefix.",
            examples=["China, Russia foreign ministers hail cooperation in call"],
        ),
    ] = None
    dateline: Annotated[
        Dateline | None,
        Meta(
            description="The story opener split off the first paragraph, when there is one.",
            examples=[{"text": "BEIJING (Reuters) -", "location": "BEIJING", "agency": "Reuters"}],
        ),
    ] = None
    published: Annotated[
        Annotated[str, Meta(pattern=ISO_STAMP_PATTERN)] | None,
        Meta(
            description="Publication time. " + _STAMP_SHAPES,
            examples=["2023-08-07T21:26:00", "2023-08-07", "2023-08-07T21:26:00+01:00"],
        ),
    ] = None
    published_raw: Annotated[
        str | None,
        Meta(
            description=(
                "The text `published` was parsed from: a printed stamp, or in page text the part "
                "of the page's url that names its day."
            ),
            examples=["August 7, 2023 9:26 PM"],
        ),
    ] = None
    modified: Annotated[
        Annotated[str, Meta(pattern=ISO_STAMP_PATTERN)] | None,
        Meta(
            description="Last update, in the same shapes as `published`.",
            examples=["2023-08-08T06:10:00", "2023-08-08", "2023-08-08T06:10:00+01:00"],
        ),
    ] = None
    modified_raw: Annotated[
        str | None,
        Meta(
            description="The text `modified` was parsed from.",
            examples=["Updated 8 Aug 2023 06:10"],
        ),
    ] = None
    outlet: Annotated[
        Outlet | None,
        Meta(
            description="The publication, when it can be told.",
            examples=[{"name": "Plataforma", "domain": "plataformamedia.com", "source": "text"}],
        ),
    ] = None
    byline: Annotated[
        Byline | None,
        Meta(
            description="Who wrote the story, when the page says.",
            examples=[{"authors": ["Jane Doe"], "agency": "AFP", "raw": "By Jane Doe, AFP"}],
        ),
    ] = None
    language: Annotated[
        str | None, Meta(description="ISO 639-1 code of the article.", examples=["en"])
    ] = None
    body: Annotated[
        str,
        Meta(
            description="The article text: paragraphs joined by a blank line.",
            examples=["The two ministers spoke by telephone.\n\nThey agreed to keep in touch."],
        ),
    ] = ""
    paragraphs: Annotated[
        list[str],
        Meta(
            description="The body's paragraphs.",
            examples=[["The two ministers spoke by telephone.", "They agreed to keep in touch."]],
        ),
    ] = msgspec.field(default_factory=list)
    removed: Annotated[
        list[RemovedBlock],
        Meta(
            description="Every input line not in the body, in input order, with its kind.",
            examples=[
                [
                    {
                        "kind": "newsletter",
                        "text": "Sign up for our newsletter",
                        "reason": "lexicon:newsletter",
                    }
                ]
            ],
        ),
    ] = msgspec.field(default_factory=list)
    warnings: Annotated[
        list[WarningCode],
        Meta(
            description="Non-fatal notes as stable codes.",
            examples=[["no_title_found", "invalid_bytes_replaced"]],
        ),
    ] = msgspec.field(default_factory=list)
