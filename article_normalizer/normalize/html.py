"""HTML input: the article text and the publisher's metadata of one page.

The page is parsed once, by lxml the way trafilatura's own loader does it, and that tree
serves both trafilatura's main-content extraction and the metadata reader here. Nothing is ever
fetched: ``url`` is only a hint for metadata (domain, relative links).

Metadata comes from what the publisher declared, most specific first: JSON-LD Article objects
(``NewsArticle`` and kin), then OpenGraph and ``<meta>`` tags, then trafilatura's heuristics
(``<title>``, ``<h1>``, bylines in the markup, htmldate's date search), each run only for a
field still missing: all of them together cost about as much as the extraction itself.

The text handed to the pipeline is trafilatura's extraction, one paragraph per line, with the
headline as the first line so the title stage can mark it instead of the body keeping it. The
pipeline's classifier then takes out the clutter trafilatura keeps (newsletter prompts,
teasers, share lines, captions).
"""

from __future__ import annotations

import contextlib
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, partial
from html import unescape
from typing import Any

from lxml.etree import Element, ElementDefaultClassLookup
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    document_fromstring,
    fromstring,
)

from article_normalizer.normalize.blocks import Block
from article_normalizer.normalize.errors import EmptyDocumentError
from article_normalizer.normalize.html_headline import choose_headline, text_key, tidy_text
from article_normalizer.normalize.html_lines import VisibleLine, visible_lines
from article_normalizer.normalize.models import WarningCode
from article_normalizer.normalize.page import BODY, Decision, PageMetadata
from article_normalizer.rules import LanguageProfile
from article_normalizer.rules.html_floors import body_floors

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "Report",
        "TechArticle",
        "ScholarlyArticle",
    }
)
"""schema.org types whose ``headline``/``datePublished`` describe the page's story."""

_MAX_JSONLD_CHARS = 1_000_000
"""A JSON-LD block larger than this is an embedded data dump, not article metadata."""

_LANG = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]+)*$")
_ISO_DATE_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_MARKUP = re.compile(r"<[^<>]*>")


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How trafilatura is asked to extract; the defaults are the ones measured best.

    ``bench.quality_html`` prints the alternatives side by side.
    """

    focus: str = "balanced"
    """``precision``, ``balanced`` or ``recall`` (trafilatura's ``favor_*`` switches).

    Alone, precision scores best (0.937 vs 0.934 body F1); followed by our classifier, the
    larger balanced candidate set wins (0.958 vs 0.956 precision, 0.957 recall, 300 pages)."""
    prepend_title: bool = True
    """Put the headline in front of the body text so the title stage finds and marks it."""
    include_tables: bool = True
    cascade: str = "full"
    """``full``, ``fast`` or ``adaptive``: how much of trafilatura's cascade runs.

    ``full`` compares every extraction with readability's and jusText's, as trafilatura does by
    default: on forum threads, listings and pages in other languages the comparison finds the
    whole content where the fast path stops at its first block, which the line model cannot
    win back. ``fast`` never compares; ``adaptive`` runs fast and retries in full only when the
    text is shorter than :attr:`rescue_below` (cheaper, and as good on English news alone)."""
    rescue_below: int = 500
    """Characters of fast extraction under which ``adaptive`` retries in full: twice
    trafilatura's own minimum (``MIN_EXTRACTED_SIZE``, 250), about 80 words, a brief at most."""
    split_table_cells: bool = True
    """One line per table cell: layout tables put the story, the menu and the footer in cells of
    one row, which trafilatura prints as a single ``| a | b |`` line; cells let the line
    classifier keep the story and drop the rest."""


DEFAULT_OPTIONS = ExtractOptions()


@dataclass(slots=True)
class Extracted:
    """What the HTML stage hands to the text pipeline."""

    text: str
    """Article text, one paragraph per line (title first when known)."""
    metadata: PageMetadata
    warnings: list[WarningCode] = field(default_factory=list)
    whole_page: bool = False
    """The text is the whole page rendered, not an extraction: the page could not be parsed
    whole, so the text pipeline's own classifier picks the article out of it."""
    page_lines: list[VisibleLine] | None = None
    """The page's visible lines with their markup, for accounting for what the extraction
    left out; None when ``text`` already is the whole page."""


def extract_html(
    html: str, url: str | None = None, *, options: ExtractOptions = DEFAULT_OPTIONS
) -> Extracted:
    """Extract the article text and publisher metadata of ``html``.

    Raises :class:`EmptyDocumentError` when the page has no visible text and no title at all.
    An HTML page whose main content trafilatura cannot find still yields its metadata, with the
    warning ``no_main_content`` and an empty text.
    """
    warnings: list[WarningCode] = []
    tree = parse_html(html)
    metadata = read_metadata(tree, url)
    if _cut_short():
        # libxml2 stops at its nesting limit and drops the rest of the page, article included.
        text = page_text(html)
        if not text.strip() and not metadata.title:
            raise EmptyDocumentError("the HTML document has no visible text")
        warnings.append("html_parser_limit_reached")
        return Extracted(text=text, metadata=metadata, warnings=warnings, whole_page=True)
    declared_title = metadata.title is not None
    metadata.page_lines = partial(page_text_lines, html)
    fallback = _fallback_metadata(tree, url, metadata, html)
    if fallback is not None:
        _fill_from_trafilatura(metadata, fallback)
    body = _trafilatura(tree, url, options)
    first_line = next((line for line in body.splitlines() if line.strip()), "")
    metadata.title = choose_headline(
        tree, metadata, declared_title=declared_title, first_line=first_line, body=body
    )
    if not body.strip():
        warnings.append("no_main_content")
        if not metadata.title and not _visible_text(tree):
            raise EmptyDocumentError("the HTML document has no visible text")
    lines = _lines(body, split_cells=options.split_table_cells)
    _check_language(metadata, lines, warnings)
    if options.prepend_title and metadata.title and not _starts_with(lines, metadata.title):
        lines.insert(0, metadata.title)
    return Extracted(
        text="\n".join(lines),
        metadata=metadata,
        warnings=warnings,
        page_lines=visible_lines(tree),
    )


_MIN_CHARS_TO_OVERRULE = 400
"""Below this much body text, language identification is too unsure to overrule a declaration."""


def _check_language(metadata: PageMetadata, lines: list[str], warnings: list[WarningCode]) -> None:
    """Drop a declared language the text contradicts.

    Templates declare ``lang="en"`` around articles in any language, and the declaration is
    taken as a hint the pipeline trusts, so it is checked against the text first.
    """
    if not metadata.language or sum(len(line) for line in lines) < _MIN_CHARS_TO_OVERRULE:
        return
    from article_normalizer.normalize.blocks import split_blocks
    from article_normalizer.normalize.language import detect_language

    detected = detect_language(split_blocks("\n".join(lines))[0])
    if detected is not None and detected != metadata.language:
        warnings.append("declared_language_mismatch")
        metadata.language = None


_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


def _lines(body: str, *, split_cells: bool) -> list[str]:
    """Non-empty lines of trafilatura's text, table rows split into cells when asked."""
    lines: list[str] = []
    for line in body.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if split_cells and stripped.startswith("|"):
            cells = (cell.strip().replace("\\|", "|") for cell in _CELL_SEPARATOR.split(stripped))
            lines.extend(cell for cell in cells if cell and set(cell) != {"-"})
        else:
            lines.append(line)
    return lines


def parse_html(html: str) -> HtmlElement:
    """The page as an lxml tree, parsed and repaired the way trafilatura's own loader does.

    Raises :class:`EmptyDocumentError` when lxml cannot make a document of it at all.
    """
    if not html.strip():
        raise EmptyDocumentError("the HTML document is empty")
    if looks_binary(html):
        raise EmptyDocumentError("the document is binary data, not HTML")
    tree = _load(html)
    if tree is None:
        # trafilatura rejects text that does not start like HTML and parses to a single
        # element; lxml still makes a document of it, which is what a browser would show.
        try:
            tree = document_fromstring(html, parser=_parser())
        except (ValueError, TypeError) as error:
            raise EmptyDocumentError(f"the HTML document cannot be parsed: {error}") from error
    if not isinstance(tree, HtmlElement):
        raise EmptyDocumentError("the HTML document cannot be parsed")
    return tree


def _load(html: str) -> HtmlElement | None:
    """trafilatura's ``load_html`` for a decoded page, on :func:`_parser`; None if not HTML."""
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    tree: HtmlElement | None = None
    as_bytes = False
    try:
        tree = fromstring(html, parser=_parser())
    except ValueError:  # a str with an encoding declaration: lxml wants bytes then
        as_bytes = True
    except Exception:  # lxml's parse errors have no common base; bytes are tried next
        tree = None
    if as_bytes or tree is None or len(tree) < 1:
        try:
            tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=_parser())
        except Exception:  # as above: lxml cannot read it at all
            tree = None
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _cut_short() -> bool:
    """Whether the last parse stopped early at libxml2's nesting limit (255 levels): what it
    built is only the start of the page.

    Its other limit, a text node over 10 MB, is left alone: such a page is over the service's
    size limit, and reading its megabytes of text would cost more than the page is worth.
    """
    return any(
        entry.type_name == "ERR_RESOURCE_LIMIT" and "depth" in entry.message
        for entry in _parser().error_log
    )


_SKIPPED = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|noscript)\b[^<>]*>.*?(?:</\1\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)
_BREAK = re.compile(
    r"</?(?:p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|tr|td|th|table|section|article|header|footer"
    r"|nav|aside|main|blockquote|pre|figure|figcaption|title|form)\b[^<>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[a-zA-Z/!?][^<>]*>")


def page_text(html: str) -> str:
    """The page's text with tags stripped, one line per block element: the reading of a page
    that cannot be parsed into a tree. Linear in the page, unclosed tags and comments included
    (each pattern stops at the next ``<`` or at the end)."""
    text = _TAG.sub("", _BREAK.sub("\n", _SKIPPED.sub(" ", html)))
    return unescape(text)


def page_text_lines(html: str) -> list[str]:
    """The page's non-blank lines, as :func:`page_text` breaks them, stripped.

    Inline tags part words here ("By Jane Doe</a><span>In Travel"): a field read from one line
    must not glue the next element's first word to its last one; :func:`page_text` keeps
    words split by markup ("<b>W</b>ord") whole instead, which a body needs more.
    """
    text = unescape(_TAG.sub(" ", _BREAK.sub("\n", _SKIPPED.sub(" ", html))))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@cache
def _parser() -> HTMLParser:
    """trafilatura's parser settings, with every element an ``HtmlElement``.

    lxml.html's parser picks each element's Python class (forms, inputs, labels) through a
    Python callback, run for every element touched: about 7 % of HTML mode's time. Nothing
    here or in trafilatura uses those form classes, and a fixed class is looked up in C.
    """
    parser = HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
    )
    parser.set_element_class_lookup(
        ElementDefaultClassLookup(
            element=HtmlElement,
            comment=HtmlComment,
            pi=HtmlProcessingInstruction,
            entity=HtmlEntity,
        )
    )
    return parser


_BINARY_SAMPLE = 65_536
_BINARY_SHARE = 0.05
"""Share of control and replacement characters above which a text is binary data: text in any
language has next to none, while compressed or image bytes decoded as text have ~10-40 %."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def looks_binary(text: str) -> bool:
    """Whether ``text`` is binary data decoded as text (an image or archive sent as HTML)."""
    sample = text[:_BINARY_SAMPLE]
    return len(_CONTROL.findall(sample)) > _BINARY_SHARE * len(sample)


# --- the body decision on extracted text ------------------------------------------------------


def classify_extracted(
    blocks: list[Block],
    profile: LanguageProfile,
    markup: list[VisibleLine | None] | None = None,
) -> list[Decision]:
    """Decisions for lines of an HTML extraction: body unless the page shows them as clutter.

    The pipeline's own classifier decides first (same model, lexicons and kind names as for
    text input); a line it took out goes back into the body unless a strong clutter-lexicon
    match ("Sign up to our newsletter") names it or its body probability is below the floor of
    the evidence its page line ``markup`` gives (:func:`~article_normalizer.rules.html_floors.
    body_floors`: an element that names a kind, a repeated line). trafilatura already chose
    these lines; the line model was trained on whole rendered pages, and its doubt alone about
    a list item, a table cell or a small site's prose is not worth trafilatura's recall.
    """
    from article_normalizer.normalize.classify import classify
    from article_normalizer.normalize.kinds import strong_clutter

    floors = body_floors()
    decisions = classify(blocks, profile, rename=False)
    for i, (block, decision) in enumerate(zip(blocks, decisions, strict=True)):
        line = markup[i] if markup is not None else None
        threshold = floors.floor(
            named=line is not None and line.kind is not None,
            repeated=line is not None and line.repeated,
            linked=line is not None and line.linked,
            matched=line is not None,
        )
        if decision.is_body or decision.score < threshold:
            continue
        if strong_clutter(block.text, profile) is not None:
            continue
        decision.kind = BODY
        decision.reason = f"html:extracted {decision.reason}"
    return decisions


# --- trafilatura -------------------------------------------------------------------------------


def _trafilatura(tree: HtmlElement, url: str | None, options: ExtractOptions) -> str:
    """The main content as text, one paragraph per line ("" when trafilatura finds none)."""
    text = _bare_text(tree, url, options, fast=options.cascade != "full")
    if options.cascade == "adaptive" and len(text) < options.rescue_below:
        text = _bare_text(tree, url, options, fast=False)
    return text


def _bare_text(tree: HtmlElement, url: str | None, options: ExtractOptions, *, fast: bool) -> str:
    from trafilatura import bare_extraction

    document = bare_extraction(
        tree,  # trafilatura copies a tree it is given before pruning it
        url=url,
        fast=fast,
        favor_precision=options.focus == "precision",
        favor_recall=options.focus == "recall",
        include_comments=False,
        include_tables=options.include_tables,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=False,
        config=_config(),
    )
    text = getattr(document, "text", None) if document is not None else None
    return text if isinstance(text, str) else ""


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


def htmldate_published(page: HtmlElement | str, url: str | None, *, extensive: bool) -> str | None:
    """htmldate's publication date of the page (its tree or its HTML; ISO 8601), or None.

    ``original_date=True``: htmldate's default answers the page's latest date (an update, a
    sidebar's newest post), which is not when the story was published; on the 1,538 dev pages
    with a known date it is right on 0.731 of them against 0.878 asking for the original
    (``bench.dates``). ``extensive`` adds its search of every date-like string in the page.
    """
    from htmldate import find_date

    with warnings.catch_warnings():
        # htmldate hands pages' junk time-zone names to dateutil, which warns about each:
        # noise about the page, not about the service.
        warnings.simplefilter("ignore", RuntimeWarning)
        found = find_date(page, extensive_search=extensive, url=url, original_date=True)
    return normalize_date(found) if found else None


# trafilatura's author search (``extract_author``: AUTHOR_XPATHS on a copy of the page pruned
# by AUTHOR_DISCARD_XPATHS) as one pass over the elements. Its XPaths test a dozen attributes
# per element, and the copy and prune come on top: about 7 ms a page, a sixth of trafilatura's
# whole extraction, for a field only read when the publisher declared no author.

_AUTHOR_TAGS_1 = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_AUTHOR_CLASS_1 = ("authorname", "author-name", "AuthorName", "authorName")
_AUTHOR_TAGS_2 = frozenset({"a", "div", "h3", "h4", "p", "span"})
_AUTHOR_CLASS_EXACT_2 = frozenset({"byline", "username", "byl", "BBL"})
_AUTHOR_ID_2 = ("author", "zuozhe", "bianji", "xiaobian")
_AUTHOR_CLASS_2 = (
    "author",
    "channel-name",
    "zuozhe",
    "bianji",
    "xiaobian",
    "submitted-by",
    "posted-by",
    "journalist-name",
)
_AUTHOR_ID_3 = ("Author", "author")
_AUTHOR_CLASS_3 = ("Author", "author", "screenname", "writer", "Byline", "byline")
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_EXACT = frozenset({"comments", "title", "date"})  # class; the id only "comments"
_DISCARD_ID = ("commentlist", "comment-list", "ProductReviews")
_DISCARD_CLASS = (
    "commentlist",
    "comments-list",
    "sidebar",
    "is-hidden",
    "quote",
    "embedly-instagram",
    "article-share",
    "article-support",
    "print",
    "category",
    "meta-date",
    "meta-reviewer",
)
_AUTHOR_TEXT_LIMIT = 120
_SPECIAL_TAGS = frozenset({"author", "time", "figure"})
_SPECIAL_ATTRIBUTES = frozenset({"itemprop", "rel", "data-testid", "data-component"})
_NEEDLES = re.compile(
    "|".join(
        re.escape(needle)
        for needle in {
            *_AUTHOR_CLASS_1,
            *_AUTHOR_CLASS_EXACT_2,
            *_AUTHOR_ID_2,
            *_AUTHOR_CLASS_2,
            *_AUTHOR_ID_3,
            *_AUTHOR_CLASS_3,
            *_DISCARD_EXACT,
            *_DISCARD_ID,
            *_DISCARD_CLASS,
            "Comments",
        }
    )
)
"""Any substring a class or id must hold for one of the tests to match: a cheap first sieve."""


def _author_matches(tag: str, attrib: Any, element: HtmlElement, *, rel_children: bool) -> int:
    """Which of trafilatura's three author XPaths match ``element``: bits 1, 2 and 4."""
    cls = attrib.get("class") or ""
    ident = attrib.get("id") or ""
    itemprop = attrib.get("itemprop") or ""
    matches = 0
    if tag == "author" or (
        tag in _AUTHOR_TAGS_1
        and (
            attrib.get("rel") == "author"
            or ident == "author"
            or cls == "author"
            or itemprop == "author name"
            or attrib.get("data-testid") in ("AuthorCard", "AuthorURL")
            or any(needle in cls for needle in _AUTHOR_CLASS_1)
            or (
                rel_children
                and any(child.tag == "rel" and child.text_content() == "me" for child in element)
            )
        )
    ):
        matches |= 1
    if tag in _AUTHOR_TAGS_2 and (
        cls in _AUTHOR_CLASS_EXACT_2
        or "author" in itemprop
        or any(needle in ident for needle in _AUTHOR_ID_2)
        or any(needle in cls for needle in _AUTHOR_CLASS_2)
    ):
        matches |= 2
    if (
        "Byline" in (attrib.get("data-component") or "")
        or "author" in itemprop
        or any(needle in ident for needle in _AUTHOR_ID_3)
        or any(needle in cls for needle in _AUTHOR_CLASS_3)
    ):
        matches |= 4
    return matches


def _discarded(tag: str, attrib: Any) -> bool:
    """Whether trafilatura's AUTHOR_DISCARD_XPATHS prune ``element`` before the search."""
    if tag in ("time", "figure"):
        return True
    if tag not in _DISCARD_TAGS:
        return False
    cls = attrib.get("class") or ""
    ident = attrib.get("id") or ""
    return (
        ident.startswith("comments")
        or cls in _DISCARD_EXACT
        or cls.startswith(("Comments", "comments"))
        or any(needle in ident for needle in _DISCARD_ID)
        or any(needle in cls for needle in _DISCARD_CLASS)
        or "Figure" in (attrib.get("data-component") or "")
    )


def search_author(tree: HtmlElement) -> str | None:
    """The author named in the page markup, as trafilatura's ``extract_author`` finds it.

    The same tests in one pass, and the pruned copy only simulated: discarded elements
    (comments, sidebars, dates, figures) are skipped, their tail text kept in place.
    """
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.utils import trim

    # trafilatura searches a copy of ``tree``: its XPaths see that subtree only, and its root
    # cannot be pruned (``delete_element`` leaves an element without a parent alone).
    root = tree
    discarded: set[HtmlElement] = set()
    candidates: list[tuple[int, HtmlElement]] = []
    # <rel>me</rel> children (an XPath quirk trafilatura keeps) are looked for only if any exist
    rel_children = root.find(".//rel") is not None
    for element in root.iter(Element):
        tag = element.tag
        attrib = element.attrib
        if tag not in _SPECIAL_TAGS and not (rel_children and tag in _AUTHOR_TAGS_1):
            # The sieve: most elements have no attribute any test below looks for.
            if not attrib:
                continue
            if _SPECIAL_ATTRIBUTES.isdisjoint(attrib.keys()):
                cls, ident = attrib.get("class"), attrib.get("id")
                if not ((cls and _NEEDLES.search(cls)) or (ident and _NEEDLES.search(ident))):
                    continue
        if element is not root and _discarded(tag, attrib):
            discarded.add(element)
        matches = _author_matches(tag, attrib, element, rel_children=rel_children)
        if matches:
            candidates.append((matches, element))
    if not candidates:
        return None
    kept = [
        (matches, element)
        for matches, element in candidates
        if element not in discarded and not any(a in discarded for a in element.iterancestors())
    ]
    for bit in (1, 2, 4):
        for matches, element in kept:
            if matches & bit:
                content = trim(" ".join(_pruned_text(element, discarded)))
                if 2 < len(content) < _AUTHOR_TEXT_LIMIT:
                    return normalize_authors(None, content)
    return None


def _pruned_text(element: HtmlElement, discarded: set[HtmlElement]) -> list[str]:
    """``element.itertext()`` as it reads once the ``discarded`` elements are deleted with
    trafilatura's ``delete_element``, which appends each one's tail to the text before it."""
    pieces: list[str] = []

    def walk(node: HtmlElement) -> None:
        slot = node.text or ""
        for child in node:
            if child in discarded:
                slot += child.tail or ""
                continue
            if slot:
                pieces.append(slot)
            if isinstance(child.tag, str):
                walk(child)
            slot = child.tail or ""
        if slot:
            pieces.append(slot)

    walk(element)
    return pieces


@cache
def _config() -> Any:
    from trafilatura.settings import DEFAULT_CONFIG

    config = deepcopy(DEFAULT_CONFIG)
    # The signal-based timeout only works on the main thread of a CLI run; the time budget is
    # enforced by article_normalizer.execution instead.
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
        metadata.authors = [a.strip() for a in document.author.split(";") if a.strip()]
    if not metadata.url and document.url:
        metadata.url = document.url


# --- publisher metadata ------------------------------------------------------------------------


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Publisher metadata declared in the page: JSON-LD first, then OpenGraph and ``<meta>``."""
    metadata = PageMetadata(url=url)
    article = _jsonld_article(tree)
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
    return metadata


def _jsonld_article(tree: HtmlElement) -> dict[str, Any] | None:
    """The first JSON-LD object of an article type, references into ``@graph`` resolved."""
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
    by_id = {str(o["@id"]): o for o in objects if isinstance(o.get("@id"), str)}
    for obj in objects:
        if _types(obj) & ARTICLE_TYPES:
            return _resolve(obj, by_id)
    # WebPage wrappers: {"@type": "WebPage", "mainEntity": {"@type": "NewsArticle", ...}}
    for obj in objects:
        entity = obj.get("mainEntity") or obj.get("mainEntityOfPage")
        for candidate in _flatten(entity):
            if _types(candidate) & ARTICLE_TYPES:
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


# --- value normalization -----------------------------------------------------------------------


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


def _starts_with(lines: list[str], title: str) -> bool:
    return bool(lines) and text_key(lines[0]) == text_key(title)


def _visible_text(tree: HtmlElement) -> bool:
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in {"script", "style", "template"}:
            continue
        if (element.text and element.text.strip()) or (element.tail and element.tail.strip()):
            return True
    return False
