"""``normalize``: one raw document in, one :class:`Article` out, stage by stage."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Final

import msgspec

from article_normalizer.normalize.errors import AmbiguousInputError, EmptyDocumentError
from article_normalizer.normalize.fields.byline import find_byline
from article_normalizer.normalize.fields.dateline import find_opener, split_dateline
from article_normalizer.normalize.fields.outlet import find_outlet
from article_normalizer.normalize.fields.stamps import DateStamps, declared_date, find_dates
from article_normalizer.normalize.fields.title import find_title
from article_normalizer.normalize.glued_text import unglue
from article_normalizer.normalize.html.accounting import Fields, account_for_page, page_line_of
from article_normalizer.normalize.html.declared_summary import summary_prefers_page_text
from article_normalizer.normalize.html.extract import classify_extracted, extract_html
from article_normalizer.normalize.html.headline_witness import headline_prefers_page_text
from article_normalizer.normalize.html.rendering_choice import (
    prefers_page_text,
    with_extraction_fields,
)
from article_normalizer.normalize.html.visible import VisibleLine
from article_normalizer.normalize.language import detect_language
from article_normalizer.normalize.lines import blocks as blocks_mod
from article_normalizer.normalize.lines.classify import classify
from article_normalizer.normalize.lines.kinds import scan_page
from article_normalizer.normalize.markdown import looks_like_markdown, markdown_text
from article_normalizer.normalize.models import (
    Article,
    Byline,
    Dateline,
    Outlet,
    RawDocument,
    RemovedBlock,
    WarningCode,
)
from article_normalizer.normalize.page import Claim, Page, PageMetadata
from article_normalizer.normalize.page_kind import shows_shop_controls
from article_normalizer.normalize.reader_envelope import Envelope, read_envelope
from article_normalizer.normalize.urls import capture_time
from article_normalizer.rules import LanguageProfile, profile
from article_normalizer.rules.shop_controls import shop_controls


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep one pathological document from holding a worker."""

    max_blocks: int = 20_000
    """Lines past this are not processed: one ``removed`` entry of kind ``other`` shows the
    first of them and says how much input was left, and the article is warned about."""
    max_page_text_lines: int = 5_000
    """An HTML page with more visible lines than this is read once, by its extraction: the
    page-text reading would double a long page's cost (a 20,000-paragraph page near the
    document time budget), and the rendering gate never saw a page half this long (the dev
    corpora's longest shows about 3,100 lines)."""


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class FoundFields:
    """The field stages' answers so far: what a later stage may take as an argument."""

    opener: int | None = None
    """The block that opens the story with a dateline, when one does: never a headline."""
    title: str | None = None
    title_line: int | None = None
    """The block the title stage claimed as the printed headline."""
    stamps: DateStamps = field(default_factory=DateStamps)
    byline: Byline | None = None
    outlet: Outlet | None = None


FieldStage = Callable[[Page, FoundFields], tuple[FoundFields, tuple[Claim, ...]]]
"""A field stage: the page as the earlier stages left it and their answers in; the answers
with its own added, and the lines it claims, out."""


def _opener_stage(page: Page, fields: FoundFields) -> tuple[FoundFields, tuple[Claim, ...]]:
    found = find_opener(page)
    return replace(fields, opener=found.value), found.claims


def _title_stage(page: Page, fields: FoundFields) -> tuple[FoundFields, tuple[Claim, ...]]:
    found = find_title(page, fields.opener)
    line = next((c.index for c in found.claims if c.kind == "title"), None)
    return replace(fields, title=found.value, title_line=line), found.claims


def _stamps_stage(page: Page, fields: FoundFields) -> tuple[FoundFields, tuple[Claim, ...]]:
    found = find_dates(page, fields.title_line)
    return replace(fields, stamps=found.value), found.claims


def _byline_stage(page: Page, fields: FoundFields) -> tuple[FoundFields, tuple[Claim, ...]]:
    found = find_byline(page, fields.title_line)
    return replace(fields, byline=found.value), found.claims


def _outlet_stage(page: Page, fields: FoundFields) -> tuple[FoundFields, tuple[Claim, ...]]:
    found = find_outlet(page, fields.byline.authors if fields.byline else ())
    return replace(fields, outlet=found.value), found.claims


FIELD_STAGES: tuple[FieldStage, ...] = (
    _opener_stage,
    _title_stage,
    _stamps_stage,
    _byline_stage,
    _outlet_stage,
)
"""The field stages in the order they run: each sees the lines the earlier ones claimed."""


def run_field_stages(
    page: Page, stages: tuple[FieldStage, ...] = FIELD_STAGES
) -> tuple[Page, FoundFields]:
    """Run ``stages`` in order, applying each one's claims before the next one reads the page."""
    fields = FoundFields()
    for stage in stages:
        fields, claims = stage(page, fields)
        page = page.claimed(claims)
    return page, fields


def normalize(doc: RawDocument, *, now: datetime, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Normalize a text or HTML document.

    ``now`` is the reference time when the document brings none and its address is no web
    archive's capture (:func:`reference_time_of`): the caller's clock, since the core never
    reads one. Raises :class:`AmbiguousInputError` unless exactly one of ``text`` and
    ``html`` is set, and :class:`EmptyDocumentError` when it has no visible text.
    """
    if (doc.text is None) == (doc.html is None):
        raise AmbiguousInputError(
            "send exactly one of `text` and `html`; got "
            + ("both" if doc.text is not None else "neither")
        )
    if doc.html is not None:
        reference = reference_time_of(doc.reference_time, doc.url, now)
        drafts = read_html_drafts(doc, reference_time=reference, limits=limits)
        extracted, page_text = drafts.extracted, drafts.page_text
        if page_text is None or drafts.visible is None:
            return accounted(extracted)
        # Only the reading kept accounts for the page's other visible lines: that costs as
        # much as a field stage, and its names never change which body the gate prefers.
        if not (
            witnesses_prefer_page_text(drafts.description, extracted.article, page_text.article)
            or prefers_page_text(
                extracted.article.paragraphs, page_text.article.paragraphs, drafts.visible
            )
        ):
            return accounted(extracted)
        return with_extraction_fields(accounted(page_text), extracted.article)
    assert doc.text is not None
    envelope = read_envelope(doc.text)
    text, warnings = _plain_text(
        envelope.content if envelope else doc.text, limits, markdown=envelope is not None
    )
    url = doc.url or (envelope.url if envelope else None)
    reference = reference_time_of(doc.reference_time, url, now)
    article = normalize_text(
        text,
        url=url,
        language=doc.language,
        reference_time=reference,
        doc_id=doc.id,
        warnings=warnings,
        limits=limits,
    )
    return article if envelope is None else _with_envelope(article, envelope, reference)


def reference_time_of(given: datetime | None, url: str | None, now: datetime) -> datetime:
    """The time a page's relative stamps count from: the one the request gives, else when the
    web archive whose address ``url`` is captured the page (:func:`urls.capture_time`; never a
    time after ``now``, which no capture can be), else ``now``."""
    if given is not None:
        return given
    captured = capture_time(url)
    if captured is None or captured > (now if now.tzinfo else now.replace(tzinfo=UTC)):
        return now
    return captured


def witnesses_prefer_page_text(
    description: str | None, extracted: Article, page_text: Article
) -> bool:
    """Whether what the page says of itself, its declared ``description`` or its headline (the
    extraction's title), picks the page-text reading whatever the rendering gate expects.

    Shared by :func:`normalize` and the rendering gate's trainer, which counts these pages as
    HTML mode does."""
    bodies = extracted.paragraphs, page_text.paragraphs
    return summary_prefers_page_text(description, *bodies) or headline_prefers_page_text(
        extracted.title, *bodies, profile(extracted.language).stopwords
    )


def _with_envelope(article: Article, envelope: Envelope, reference_time: datetime) -> Article:
    """The article of the page a reader service sent: the service's header lines first among
    ``removed``, and the date the page declares (the header's) over a printed stamp, as a
    publisher's declaration wins in HTML."""
    header = [
        RemovedBlock(kind="envelope", text=line, reason="reader_envelope")
        for line in envelope.lines
    ]
    article = msgspec.structs.replace(article, removed=[*header, *article.removed])
    published = declared_date(envelope.published, reference_time)
    if published is None:
        return article
    return msgspec.structs.replace(article, published=published, published_raw=envelope.published)


@dataclass(frozen=True, slots=True)
class TextReading:
    """A text read through the stages, its article still to account for the HTML page's
    visible lines that the text left out (see :func:`accounted`)."""

    article: Article
    """The article of the text alone: its ``removed`` holds the text's own lines."""
    removed: list[RemovedBlock]
    """The text's removed lines, before the entry for lines past the limit."""
    overflow: RemovedBlock | None
    """The entry for the lines past :attr:`Limits.max_blocks`, which stays last."""
    page_lines: list[VisibleLine] | None
    """The HTML page's visible lines (up to the block limit); None for text input."""
    fields: Fields
    """What the field stages printed, to name the page lines that show it."""
    profile: LanguageProfile


def accounted(reading: TextReading) -> Article:
    """The reading's article, its ``removed`` holding every visible line of the HTML page that
    is not body, in page order (text input: the article as it is)."""
    if reading.page_lines is None:
        return reading.article
    removed = account_for_page(
        reading.removed,
        reading.article.paragraphs,
        reading.page_lines,
        reading.fields,
        reading.profile,
    )
    if reading.overflow is not None:
        removed.append(reading.overflow)
    article: Article = msgspec.structs.replace(reading.article, removed=removed)
    return article


@dataclass(frozen=True, slots=True)
class HtmlReadings:
    """An HTML page read twice: trafilatura's extraction, and the page's visible lines as text."""

    extracted: Article
    page_text: Article | None
    """None where the page could not be parsed whole (the extraction already read it as text),
    or its visible lines hold no text or more lines than :attr:`Limits.max_page_text_lines`."""
    visible: list[str] | None
    """The visible lines the page-text reading read."""
    description: str | None = None
    """The summary the page declares of itself (:attr:`PageMetadata.description`)."""


@dataclass(frozen=True, slots=True)
class HtmlDrafts:
    """The two readings of :class:`HtmlReadings` before either accounts for the page."""

    extracted: TextReading
    page_text: TextReading | None
    visible: list[str] | None
    description: str | None = None
    """The summary the page declares of itself (:attr:`PageMetadata.description`)."""


def read_html(doc: RawDocument, *, reference_time: datetime, limits: Limits) -> HtmlReadings:
    """Both readings of ``doc.html``, each through the text pipeline and accounting for the
    whole page, for the caller to choose."""
    drafts = read_html_drafts(doc, reference_time=reference_time, limits=limits)
    return HtmlReadings(
        accounted(drafts.extracted),
        accounted(drafts.page_text) if drafts.page_text is not None else None,
        drafts.visible,
        drafts.description,
    )


def read_html_drafts(doc: RawDocument, *, reference_time: datetime, limits: Limits) -> HtmlDrafts:
    """Both readings of ``doc.html``, each through the text pipeline.

    The page-text reading gets the page's metadata too, so its fields see what the
    extraction's see; it judges every visible line with the text-mode classifier, and its
    removed lines are renamed by their markup as the extraction's are."""
    assert doc.html is not None
    html, replaced = _without_surrogates(doc.html)
    extracted = extract_html(html, url=doc.url)
    if replaced:
        extracted.warnings.append(INVALID_CHARACTERS_REPLACED)

    def reading(text: str, *, of_extraction: bool) -> TextReading:
        return read_text(
            text,
            url=doc.url,
            language=doc.language,
            reference_time=reference_time,
            doc_id=doc.id,
            metadata=extracted.metadata,
            warnings=list(extracted.warnings),
            limits=limits,
            extracted=of_extraction,
            page_lines=extracted.page_lines,
        )

    article = reading(extracted.text, of_extraction=not extracted.whole_page)
    if extracted.whole_page or extracted.page_lines is None:
        return HtmlDrafts(article, None, None)
    visible = [line.text for line in extracted.page_lines if line.text]
    if not visible or len(visible) > limits.max_page_text_lines:
        return HtmlDrafts(article, None, None)
    return HtmlDrafts(
        article,
        reading("\n".join(visible), of_extraction=False),
        visible,
        extracted.metadata.description,
    )


def _plain_text(
    text: str, limits: Limits, *, markdown: bool = False
) -> tuple[str, list[WarningCode]]:
    """Page text as the stages read it: Markdown rendered to the lines it shows (unless it
    shows none: a page of images), lines of page elements run together cut at their seams,
    anything else as it came. ``markdown`` says the text is Markdown whatever it looks like
    (a reader service said so in its header)."""
    if markdown or looks_like_markdown(text):
        rendered = markdown_text(text, max_lines=limits.max_blocks)
        if rendered.strip():
            return rendered, [MARKDOWN_RENDERED]
    unglued = unglue(text)
    if unglued is not None:
        return unglued, [GLUED_LINES_CUT]
    return text, []


def normalize_text(
    text: str,
    *,
    reference_time: datetime,
    url: str | None = None,
    language: str | None = None,
    doc_id: str | None = None,
    metadata: PageMetadata | None = None,
    warnings: list[WarningCode] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    extracted: bool = False,
    page_lines: list[VisibleLine] | None = None,
) -> Article:
    """Normalize plain page text (the HTML path reads the extracted text too): :func:`read_text`,
    then :func:`accounted`."""
    return accounted(
        read_text(
            text,
            reference_time=reference_time,
            url=url,
            language=language,
            doc_id=doc_id,
            metadata=metadata,
            warnings=warnings,
            limits=limits,
            extracted=extracted,
            page_lines=page_lines,
        )
    )


def read_text(
    text: str,
    *,
    reference_time: datetime,
    url: str | None = None,
    language: str | None = None,
    doc_id: str | None = None,
    metadata: PageMetadata | None = None,
    warnings: list[WarningCode] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    extracted: bool = False,
    page_lines: list[VisibleLine] | None = None,
) -> TextReading:
    """Plain page text through the stages, up to its article.

    ``extracted`` says the text is what an HTML extractor already chose as the article: then
    only confident clutter leaves it, instead of every line the page-text classifier doubts.
    ``page_lines`` are the HTML page's visible lines: those the extraction left out join
    ``removed`` in page order, so the article accounts for the whole page.
    """
    text, replaced = _without_surrogates(text)
    if replaced:
        warnings = [*(warnings or []), INVALID_CHARACTERS_REPLACED]
    lines, overflow = blocks_mod.split_blocks(text, max_blocks=limits.max_blocks)
    blocks = blocks_mod.unwrap(lines)
    if not blocks and not (metadata and metadata.title):
        raise EmptyDocumentError("the document is empty or contains only whitespace")
    lang = detect_language(blocks, language or (metadata.language if metadata else None))
    rules = profile(lang)
    scan_page([block.text for block in blocks], rules)
    if extracted:
        markup = page_line_of(blocks, page_lines) if page_lines is not None else None
        decisions = classify_extracted(blocks, rules, markup)
    else:
        decisions = classify(blocks, rules)
    page, fields = run_field_stages(
        Page(
            blocks=tuple(blocks),
            decisions=tuple(decisions),
            language=lang,
            profile=rules,
            reference_time=reference_time,
            url=url,
            metadata=metadata,
        )
    )
    warnings = list(warnings or [])
    title, stamps, byline = fields.title, fields.stamps, fields.byline
    body_indexes = page.body_indexes()
    paragraphs = [blocks[i].text for i in body_indexes]
    dateline: Dateline | None = None
    # The dateline opens the story: the opener's paragraph, else the first one (a headline the
    # title stage did not take may stand above the opener).
    opening = body_indexes.index(fields.opener) if fields.opener in body_indexes else 0
    if paragraphs:
        anchor = _anchor_date(stamps.published, reference_time)
        dateline, first = split_dateline(paragraphs[opening], language=lang, anchor=anchor)
        if dateline is not None:
            if first:
                paragraphs[opening] = first
            else:
                paragraphs.pop(opening)
    removed = _removed(page, body_indexes[opening] if body_indexes else None, dateline)
    overflow_entry: RemovedBlock | None = None
    if overflow is not None:
        overflow_entry = RemovedBlock(
            kind="other",
            text=overflow.text,
            reason=f"limit:max_blocks (not processed from here on: {overflow.lines} lines, "
            f"{overflow.chars} characters)",
        )
        warnings.append("body_may_be_truncated")
    page_texts = (
        [line.text for line in page_lines[: limits.max_blocks]]
        if page_lines is not None
        else [block.text for block in blocks]
    )
    if shows_shop_controls(page_texts, shop_controls()):
        warnings.append("not_an_article")
    if title is None:
        warnings.append("no_title_found")
    if not paragraphs:
        warnings.append("empty_body")
    if lang is None:
        warnings.append("language_undetected")
    article = Article(
        id=doc_id,
        title=title,
        dateline=dateline,
        published=stamps.published,
        published_raw=stamps.published_raw,
        modified=stamps.modified,
        modified_raw=stamps.modified_raw,
        outlet=fields.outlet,
        byline=byline,
        language=lang,
        body="\n\n".join(paragraphs),
        paragraphs=paragraphs,
        removed=[*removed, overflow_entry] if overflow_entry is not None else list(removed),
        warnings=list(dict.fromkeys(warnings)),
    )
    return TextReading(
        article=article,
        removed=removed,
        overflow=overflow_entry,
        page_lines=page_lines[: limits.max_blocks] if page_lines is not None else None,
        fields=Fields(
            title=title,
            byline=byline.raw if byline else None,
            stamps=tuple(s for s in (stamps.published_raw, stamps.modified_raw) if s),
        ),
        profile=rules,
    )


INVALID_CHARACTERS_REPLACED: Final = "invalid_characters_replaced"
MARKDOWN_RENDERED: Final = "markdown_rendered"
GLUED_LINES_CUT: Final = "glued_lines_cut"
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(text: str) -> tuple[str, bool]:
    """``text`` with lone surrogates as U+FFFD, and whether it had any.

    A Python caller's string (or one decoded with an escape codec) can hold them; no encoder
    accepts them, so left in they fail a later stage or the response, far from their cause.
    """
    if text.isascii() or _SURROGATE.search(text) is None:
        return text, False
    return _SURROGATE.sub("\ufffd", text), True


def _anchor_date(published: str | None, reference_time: datetime) -> datetime:
    if published:
        try:
            return datetime.fromisoformat(published)
        except ValueError:
            pass
    return reference_time


def _removed(page: Page, first_body: int | None, dateline: Dateline | None) -> list[RemovedBlock]:
    removed: list[RemovedBlock] = []
    for block, decision in zip(page.blocks, page.decisions, strict=True):
        if decision.is_body:
            if block.index == first_body and dateline is not None:
                removed.append(
                    RemovedBlock(kind="dateline", text=dateline.text, reason="dateline:opener")
                )
            continue
        removed.append(RemovedBlock(kind=decision.kind, text=block.text, reason=decision.reason))  # type: ignore[arg-type]
    return removed
