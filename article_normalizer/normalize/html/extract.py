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

import re
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np
import numpy.typing as npt
from lxml.html import (
    HtmlElement,
)

from article_normalizer.normalize.errors import EmptyDocumentError
from article_normalizer.normalize.html import page_trust
from article_normalizer.normalize.html.headline import choose_headline
from article_normalizer.normalize.html.metadata import (
    _config,
    _fallback_metadata,
    _fill_from_trafilatura,
    read_metadata,
)
from article_normalizer.normalize.html.parse import (
    _cut_short,
    page_text,
    page_text_lines,
    parse_html,
)
from article_normalizer.normalize.html.visible import VisibleLine, visible_lines
from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.normalize.models import WarningCode
from article_normalizer.normalize.page import BODY, Decision, PageMetadata
from article_normalizer.normalize.textkeys import text_key
from article_normalizer.rules import LanguageProfile
from article_normalizer.rules.html_floors import body_floors


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
    if metadata.not_article:
        warnings.append("not_an_article")
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
    from article_normalizer.normalize.language import detect_language
    from article_normalizer.normalize.lines.blocks import split_blocks

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


# --- the body decision on extracted text ------------------------------------------------------


def classify_extracted(
    blocks: list[Block],
    profile: LanguageProfile,
    markup: list[VisibleLine | None] | None = None,
    gate: page_trust.PageGate | None = None,
) -> list[Decision]:
    """Decisions for lines of an HTML extraction: body unless the page shows them as clutter.

    The pipeline's own classifier decides first (same model, lexicons and kind names as for
    text input); a line it took out goes back into the body unless a strong clutter-lexicon
    match ("Sign up to our newsletter") names it or its body probability is below the floor of
    the evidence its page line ``markup`` gives (:func:`~article_normalizer.rules.html_floors.
    body_floors`: an element that names a kind, a repeated line). trafilatura already chose
    these lines; the line model was trained on whole rendered pages, and its doubt alone about
    a list item, a table cell or a small site's prose is not worth trafilatura's recall.

    Then the page gate (:mod:`~article_normalizer.normalize.html.page_trust`) judges the page
    as a whole: where acting on the model's doubts is predicted to gain nothing (a blog, a
    product page, a forum), only the lexicon's certain clutter leaves the extraction.
    """
    judged = judge_extracted(blocks, profile, markup)
    if (gate or page_trust.page_gate()).trust_extractor(judged.features):
        return trust_extraction(judged.model, judged.strong)
    return judged.floored


@dataclass(frozen=True, slots=True)
class ExtractedJudgement:
    """What the page gate weighs, computed once: the serving path and the gate's training
    (``bench/train_page_gate.py``) read the same figures from the same code."""

    model: list[Decision]
    """The line model's own decisions."""
    strong: list[bool]
    """Per line, whether the clutter lexicon names it with certainty."""
    floored: list[Decision]
    """The decisions after the markup floors (:func:`apply_floors`)."""
    features: npt.NDArray[np.float32]
    """The gate's page figures (:func:`page_trust.page_features`)."""


def judge_extracted(
    blocks: list[Block], profile: LanguageProfile, markup: list[VisibleLine | None] | None
) -> ExtractedJudgement:
    """The line model's and the markup's verdicts on an extraction, and the page's figures."""
    from article_normalizer.normalize.lines.classify import classify
    from article_normalizer.normalize.lines.kinds import strong_clutter

    model = classify(blocks, profile, rename=False, whole_page=False)
    strong = [strong_clutter(block.text, profile) is not None for block in blocks]
    floored = apply_floors(model, strong, markup)
    features = page_trust.page_features(blocks, model, floored, strong, markup)
    return ExtractedJudgement(model, strong, floored, features)


def apply_floors(
    model: list[Decision], strong: list[bool], markup: list[VisibleLine | None] | None
) -> list[Decision]:
    """The model's decisions with every doubted line back in the body above its floor."""
    floors = body_floors()
    decisions = [replace(decision) for decision in model]
    for i, decision in enumerate(decisions):
        line = markup[i] if markup is not None else None
        threshold = floors.floor(
            named=line is not None and line.kind is not None,
            repeated=line is not None and line.repeated,
            linked=line is not None and line.linked,
            matched=line is not None,
        )
        if decision.is_body or decision.score < threshold or strong[i]:
            continue
        decision.kind = BODY
        decision.reason = f"html:extracted {decision.reason}"
    return decisions


def trust_extraction(model: list[Decision], strong: list[bool]) -> list[Decision]:
    """The extraction as trafilatura chose it, less the lines the lexicon names as clutter."""
    decisions = [replace(decision) for decision in model]
    for decision, clutter in zip(decisions, strong, strict=True):
        if decision.is_body or clutter:
            continue
        decision.kind = BODY
        decision.reason = f"html:extractor_trusted {decision.reason}"
    return decisions


# --- trafilatura -------------------------------------------------------------------------------


def _trafilatura(tree: HtmlElement, url: str | None, options: ExtractOptions) -> str:
    """The main content as text, one paragraph per line ("" when trafilatura finds none).

    Reader comments are left out: trafilatura prunes every container whose class or id says
    comment before it looks for the article. On a page whose content *is* such containers (a
    review page, a thread whose posts are marked up as comments) that pruning leaves next to
    nothing, less than trafilatura's own minimum for an extraction; there the page is read
    again with the comment containers in place, and trafilatura's own comment capture takes
    out what it recognises as reader comments.
    """
    fast = options.cascade != "full"
    text = _bare_text(tree, url, options, fast=fast)
    if options.cascade == "adaptive" and len(text) < options.rescue_below:
        fast = False
        text = _bare_text(tree, url, options, fast=fast)
    if len(text) < _config().getint("DEFAULT", "MIN_EXTRACTED_SIZE"):
        with_comments = _bare_text(tree, url, options, fast=fast, comments=True)
        if len(with_comments) > len(text):
            text = with_comments
    return text


def _bare_text(
    tree: HtmlElement,
    url: str | None,
    options: ExtractOptions,
    *,
    fast: bool,
    comments: bool = False,
) -> str:
    """trafilatura's text; with ``comments`` the comment containers stay in the page and
    trafilatura's capture of them is dropped (the text pipeline names what is left)."""
    from trafilatura import bare_extraction

    document = bare_extraction(
        tree,  # trafilatura copies a tree it is given before pruning it
        url=url,
        fast=fast,
        favor_precision=options.focus == "precision",
        favor_recall=options.focus == "recall",
        include_comments=comments,
        include_tables=options.include_tables,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=False,
        config=_config(),
    )
    text = getattr(document, "text", None) if document is not None else None
    return text if isinstance(text, str) else ""


# --- publisher metadata ------------------------------------------------------------------------


# --- value normalization -----------------------------------------------------------------------


def _starts_with(lines: list[str], title: str) -> bool:
    return bool(lines) and text_key(lines[0]) == text_key(title)


def _visible_text(tree: HtmlElement) -> bool:
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in {"script", "style", "template"}:
            continue
        if (element.text and element.text.strip()) or (element.tail and element.tail.strip()):
            return True
    return False
