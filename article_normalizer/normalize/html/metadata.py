"""The publisher's metadata of a parsed page: JSON-LD Article objects first, then OpenGraph and
``<meta>`` tags, then trafilatura's heuristics and htmldate, each asked only for a field still
missing; and the date and language-tag forms the declarations come in."""

from __future__ import annotations

import contextlib
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from copy import deepcopy
from datetime import date, datetime
from functools import cache, partial
from typing import Any

from lxml.html import (
    HtmlElement,
)

from article_normalizer.normalize.fields.credit_line import _strip_roles, is_person_name
from article_normalizer.normalize.html.author import search_author
from article_normalizer.normalize.html.headline import tidy_text
from article_normalizer.normalize.page import PageMetadata
from article_normalizer.rules.fields import byline_rules
from article_normalizer.rules.page_types import page_types

_MAX_JSONLD_CHARS = 1_000_000
"""A JSON-LD block larger than this is an embedded data dump, not article metadata."""


_LANG = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]+)*$")


_ISO_DATE_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


_MARKUP = re.compile(r"<[^<>]*>")


def _fallback_metadata(
    tree: HtmlElement, url: str | None, metadata: PageMetadata, html: str
) -> Any:
    """trafilatura's metadata heuristics for what our reader left unknown, or None.

    Only the fields the pipeline uses, each only when still missing: trafilatura's own
    ``extract_metadata`` also searches the page for categories, tags and a license, which
    nothing here reads, and for authors the publisher already declared. The
    date comes from htmldate without its extensive search (every date-like string in the
    page): the structured date it still reads is the one worth having, at a third of the CPU.
    The extensive search is left to the date stage as ``metadata.search_published``, for pages
    where a printed stamp does not answer either (``bench.dates``: run eagerly, its guesses
    overrode right printed stamps). It holds the page's ``html``, which the caller keeps anyway,
    not the parsed tree: htmldate copies a tree before searching it, so parsing the string costs
    it no more, and the tree is not kept alive through the text pipeline.
    """
    if metadata.title and metadata.published and metadata.site_name:
        if not metadata.authors:
            metadata.authors = _author_list(_searched_author(tree) or "")
        return None
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url

    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # a one-word "author" is a handle or a site, as trafilatura judges
    with contextlib.suppress(Exception):  # trafilatura guards its JSON-LD reader the same way
        found = extract_meta_json(tree, found)
    if not metadata.title and not found.title:
        found.title = extract_title(tree)
    if not metadata.authors and not found.author:
        found.author = search_author(tree)
    if not found.url:
        found.url = extract_url(tree, url)
    if not metadata.published:
        found.date = htmldate_published(tree, found.url, extensive=False)
        if not found.date:
            metadata.search_published = partial(htmldate_published, html, found.url, extensive=True)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    found.clean_and_trim()
    return found


def _author_list(joined: str) -> list[str]:
    """The names of trafilatura's author string, which joins several with ``;``."""
    return [name.strip() for name in joined.split(";") if name.strip()]


def _searched_author(tree: HtmlElement) -> str | None:
    """The author the markup search finds (:func:`search_author`) on a page that declares its
    title, date and site but no author, when the first name it gives has the shape of a
    person's once job titles and forum ranks are cut: two to five capitalised words. On such
    pages (company blogs, forums, shops) an
    element whose class or id says "author" holds a handle, a member badge ("Gold Member
    Dearly Missed Messages"), a button or the site as often as a person, and nothing else on
    the page vouches for it; a one-word find is a handle or a site, as trafilatura judges a
    one-word meta author."""
    found = search_author(tree)
    if not found:
        return None
    first = _strip_roles(found.split(";")[0].strip(), byline_rules(None))
    return found if len(first.split()) >= 2 and is_person_name(first) else None


_YEAR_ONLY_DAY = "-01-01"
"""The day htmldate's extensive search gives a year it found alone (``%Y-%m-%d`` output)."""


def htmldate_published(page: HtmlElement | str, url: str | None, *, extensive: bool) -> str | None:
    """htmldate's publication date of the page (its tree or its HTML; ISO 8601), or None.

    ``original_date=True``: htmldate's default answers the page's latest date (an update, a
    sidebar's newest post), which is not when the story was published; on the 1,538 dev pages
    with a known date it is right on 0.731 of them against 0.878 asking for the original
    (``bench.dates``). ``extensive`` adds its search of every date-like string in the page.

    That search ends in two catch-alls that invent a day: the year of a copyright notice, or
    any lone year, answered as the 1st of January. A day the page never printed is not a
    publication date (a footer's "© 2026" is not when the story appeared), so an extensive
    answer on the 1st of January is refused. The price is a story published on New Year's Day
    whose date only its text prints: unanswered rather than many pages answered wrongly.
    """
    from htmldate import find_date

    with warnings.catch_warnings():
        # htmldate hands pages' junk time-zone names to dateutil, which warns about each:
        # noise about the page, not about the service.
        warnings.simplefilter("ignore", RuntimeWarning)
        found = find_date(page, extensive_search=extensive, url=url, original_date=True)
    if not found or (extensive and found.endswith(_YEAR_ONLY_DAY)):
        return None
    return normalize_date(found)


def load_every_date_locale() -> None:
    """Build the patterns of every locale dateparser knows, for htmldate's extensive search.

    That search hands the strings it finds to dateparser with no language named, which then
    tries each of its locales in turn and compiles a locale's word patterns the first time it
    tries it: about a second on the first page that gets that far, in every process. Asking
    once for a string no locale reads tries them all, so a process that forks workers (the
    server's, the batch command's) pays that second once, and its workers share the patterns.
    """
    from htmldate.extractors import get_external_parser

    get_external_parser().get_date_data(_NO_DATE)


_NO_DATE = "zzzz qqqq"
"""A string no locale reads as a date, so that every locale is tried."""


@cache
def _config() -> Any:
    from trafilatura.settings import DEFAULT_CONFIG

    config = deepcopy(DEFAULT_CONFIG)
    # The signal-based timeout only works on the main thread of a CLI run; the time budget is
    # enforced by article_normalizer.serving.execution instead.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _fill_from_trafilatura(metadata: PageMetadata, document: Any) -> None:
    if not metadata.title and document.title:
        metadata.title = tidy_text(document.title)
    if not metadata.published and document.date:
        metadata.published = normalize_date(document.date)
    if not metadata.site_name and document.sitename and "." not in document.sitename:
        # trafilatura falls back to the url's host as a site name; the outlet stage does that
        # itself, better (known-outlet list first), so a host name is not publisher data.
        metadata.site_name = tidy_text(document.sitename)
    if not metadata.authors and document.author:
        metadata.authors = _author_list(document.author)
    if not metadata.url and document.url:
        metadata.url = document.url


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Publisher metadata declared in the page: JSON-LD first, then OpenGraph and ``<meta>``."""
    metadata = PageMetadata(url=url)
    objects = _jsonld_objects(tree)
    article = _jsonld_article(objects)
    if article is not None:
        _fill_from_jsonld(metadata, article)
    meta = _meta_tags(tree, dated_elements=not (metadata.published and metadata.modified))
    if not metadata.title:
        metadata.title = _first(meta, "og:title", "twitter:title", "title", "dc.title")
    if not metadata.site_name:
        metadata.site_name = _first(
            meta, "og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher"
        )
        if metadata.site_name and metadata.site_name.startswith("@"):
            metadata.site_name = None  # a Twitter handle is not the outlet's name
    if not metadata.published:
        metadata.published = normalize_date(
            _first(
                meta,
                "article:published_time",
                "datepublished",
                "og:published_time",
                "pubdate",
                "publishdate",
                "publish-date",
                "parsely-pub-date",
                "sailthru.date",
                "dc.date.issued",
                "dcterms.issued",
                "dcterms.created",
                "dc.date.created",
                "rnews:datepublished",
                "originalpublicationdate",
                "publication_date",
                "article.published",
                "dcterms.date",
                "dc.date",
                "date",
            )
        )
    if not metadata.modified:
        metadata.modified = normalize_date(
            _first(
                meta, "article:modified_time", "datemodified", "og:updated_time", "dcterms.modified"
            )
        )
    if not metadata.description:
        metadata.description = _first(
            meta, "og:description", "twitter:description", "description", "dc.description"
        )
    if not metadata.authors:
        author = _first(meta, "author", "article:author", "dc.creator", "parsely-author")
        if author and not _is_url(author):
            metadata.authors = [author]
    if not metadata.language:
        metadata.language = language_code(
            tree.get("lang")
            or tree.get("xml:lang")
            or _first(meta, "content-language", "og:locale")
        )
    if not metadata.url:
        canonical = tree.xpath('//link[@rel="canonical"]/@href')
        metadata.url = str(canonical[0]).strip() if canonical else _first(meta, "og:url")
    declared = {name for obj in objects for name in _types(obj)}
    metadata.not_article = page_types().is_not_article(declared, meta.get("og:type"))
    return metadata


def _jsonld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, ``@graph`` members included."""
    objects: list[dict[str, Any]] = []
    for script in tree.iterfind(".//script"):
        kind = (script.get("type") or "").lower()
        if "ld+json" not in kind:
            continue
        raw = script.text or ""
        if not raw.strip() or len(raw) > _MAX_JSONLD_CHARS or _too_deep(raw):
            continue
        try:
            data = json.loads(raw, strict=False)
            objects.extend(_flatten(data))
        except (ValueError, RecursionError):  # broken JSON-LD costs its metadata only
            continue
    return objects


def _jsonld_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first JSON-LD object of an article type, references into ``@graph`` resolved."""
    article_types = page_types().article_schema_org
    by_id = {str(o["@id"]): o for o in objects if isinstance(o.get("@id"), str)}
    for obj in objects:
        if _types(obj) & article_types:
            return _resolve(obj, by_id)
    # WebPage wrappers: {"@type": "WebPage", "mainEntity": {"@type": "NewsArticle", ...}}
    for obj in objects:
        entity = obj.get("mainEntity") or obj.get("mainEntityOfPage")
        for candidate in _flatten(entity):
            if _types(candidate) & article_types:
                return _resolve(candidate, by_id)
    return None


_MAX_JSONLD_DEPTH = 64
"""Deeper JSON-LD is no publisher's metadata (schema.org objects nest a few levels), and
decoding or walking it would recurse once per level: 200,000 levels raise RecursionError."""


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep(raw: str) -> bool:
    """Whether the brackets of ``raw`` (outside strings) nest past :data:`_MAX_JSONLD_DEPTH`."""
    if raw.count("[") + raw.count("{") <= _MAX_JSONLD_DEPTH:
        return False
    depth = 0
    for token in _JSON_TOKEN.finditer(raw):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > _MAX_JSONLD_DEPTH:
                return True
        elif bracket in ("]", "}"):
            depth -= 1
    return False


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _flatten(graph)


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    names = kind if isinstance(kind, list) else [kind]
    return {n.rsplit("/", 1)[-1] for n in names if isinstance(n, str)}


def _resolve(obj: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``obj`` with ``{"@id": ...}`` stubs of publisher/author replaced by their full objects."""
    resolved = dict(obj)
    for key in ("publisher", "author", "creator"):
        value = resolved.get(key)
        if isinstance(value, list):
            resolved[key] = [_lookup(v, by_id) for v in value]
        elif value is not None:
            resolved[key] = _lookup(value, by_id)
    return resolved


def _lookup(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
        return by_id.get(str(value["@id"]), value)
    return value


def _fill_from_jsonld(metadata: PageMetadata, article: dict[str, Any]) -> None:
    metadata.title = _text(article.get("headline")) or _text(article.get("name"))
    metadata.published = normalize_date(_text(article.get("datePublished")))
    metadata.modified = normalize_date(_text(article.get("dateModified")))
    metadata.site_name = next(iter(_names(article.get("publisher"))), None)
    metadata.description = _text(article.get("description"))
    metadata.authors = list(dict.fromkeys(_names(article.get("author") or article.get("creator"))))
    language = article.get("inLanguage")
    if isinstance(language, dict):
        language = language.get("alternateName") or language.get("name")
    metadata.language = language_code(_text(language))


def _names(value: Any) -> Iterator[str]:
    """Person or organization names in a JSON-LD value (object, list, or plain string)."""
    items: Iterable[Any] = value if isinstance(value, list) else [value]
    for item in items:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and "<" in name:
            # Some CMSs put the byline's HTML in the JSON-LD name ('<a href="...">Jane Doe</a>').
            name = tidy_text(_MARKUP.sub(" ", name)) or None
        if name and not _is_url(name):
            yield name


def _meta_tags(tree: HtmlElement, *, dated_elements: bool = True) -> dict[str, str]:
    """``<meta>`` contents by lower-cased name/property/itemprop/http-equiv; first one wins.

    With ``dated_elements``, also the ``datetime``/``content`` of any element marked
    ``itemprop="datePublished"``/``"dateModified"``: a search of the whole page, so left out
    when JSON-LD already gave both dates.
    """
    found: dict[str, str] = {}
    for element in tree.iterfind(".//meta"):
        content = element.get("content")
        if content is None or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                found.setdefault(key.strip().lower(), tidy_text(content))
    if not dated_elements:
        return found
    for element in tree.xpath('//*[@itemprop="datePublished" or @itemprop="dateModified"]'):
        value = element.get("datetime") or element.get("content")
        if value:
            found.setdefault(str(element.get("itemprop")).lower(), value.strip())
    return found


def _first(meta: dict[str, str], *keys: str) -> str | None:
    for key in keys:
        value = meta.get(key)
        if value:
            return value
    return None


_DECLARED_YEARS = (1800, 2099)
"""Years a declared date may have: the years the printed-stamp patterns read (18xx-20xx). A
page declaring year 1 or 9999 declares a placeholder, not when it was published."""


def normalize_date(value: str | None) -> str | None:
    """An ISO 8601 string from a declared date: date-time when it has a time, else a date;
    None when it is no date or none within :data:`_DECLARED_YEARS`."""
    iso = _normalize_date(value)
    if iso is None or not _DECLARED_YEARS[0] <= int(iso[:4]) <= _DECLARED_YEARS[1]:
        return None
    return iso


def _normalize_date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    iso = value.replace("Z", "+00:00") if value.endswith("Z") else value
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed.date().isoformat() if len(value) <= 10 else parsed.isoformat()
    match = _ISO_DATE_PREFIX.match(value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    return _parse_free_date(value)


def _parse_free_date(value: str) -> str | None:
    """Dates written out ("March 3, 2017 10:04 AM EST") via dateparser, never relative ones."""
    if len(value) > 64 or not any(ch.isdigit() for ch in value):
        return None
    import dateparser

    try:
        parsed = dateparser.parse(
            value,
            settings={
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PARSERS": ["absolute-time", "custom-formats", "timestamp"],
            },
        )
    except (ValueError, OverflowError):  # its arithmetic on out-of-range digits
        return None
    if parsed is None:
        return None
    if parsed.hour or parsed.minute or parsed.second:
        return parsed.isoformat()
    return parsed.date().isoformat()


def language_code(value: str | None) -> str | None:
    """ISO 639-1 code of a declared language tag (``en-US``, ``pt_BR``), else None."""
    if not value:
        return None
    match = _LANG.match(value.strip())
    return match[1].lower() if match else None


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | int | float)), None)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = tidy_text(str(value))
        return text or None
    return None


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "//", "www."))
