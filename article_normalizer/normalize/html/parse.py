"""Parsing a page once, the way trafilatura's own loader does, and the page's text without a
tree when the parser gives up (libxml2's nesting limit) or the input is not text at all."""

from __future__ import annotations

import re
from functools import cache
from html import unescape

from lxml.etree import ElementDefaultClassLookup, LxmlError
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    document_fromstring,
    fromstring,
)

from article_normalizer.normalize.errors import EmptyDocumentError


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
        except (ValueError, TypeError, LxmlError) as error:  # "Document is empty": a page cut
            # off inside its doctype or first tag
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
