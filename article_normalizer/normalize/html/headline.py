"""The headline of an HTML page: the visible heading that the declared titles agree with.

Kept apart from the extraction in ``html`` because it is a judgement about wording (which of
the page's headings, ``<title>`` parts and declared titles a reader takes for the headline),
measured on its own (``bench.quality_html``: exact title against the human-marked headline).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from html import unescape
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from article_normalizer.normalize.fields.headline_text import word_count
from article_normalizer.normalize.lines.char_classes import UNSPACED
from article_normalizer.normalize.page import PageMetadata
from article_normalizer.normalize.textkeys import text_key
from article_normalizer.normalize.urls import slug_share, url_words
from article_normalizer.rules import load_toml, stopwords

_TITLE_SEPARATORS = re.compile(
    r"\s+(?:--|[|\-–—·•:»/])\s+|\s*(?:[|·•»›〉]|--)\s*"
    r"|\s*(?:_(?![A-Za-z0-9])|(?<![A-Za-z0-9])_)\s*"
    rf"|(?<=[{UNSPACED}])[-－](?=[{UNSPACED}])"
)
"""What composes a ``<title>`` of parts: a spaced dash, pipe or colon ("Headline - Site"), a
pipe, bullet, angle quote or double hyphen unspaced, an underscore not inside an ASCII
identifier, and a hyphen between two characters of an unspaced script, where no word is
hyphenated ("标题_财经_网站", "标题-频道-网站": how many Chinese sites compose their titles)."""
_LABEL_PREFIX = re.compile(r"^([^:]{2,40}?):\s+(?=\S)")
_DOMAIN = re.compile(
    r"(?:[\w-]+\.)+(?:com|net|org|info|biz|[a-z]{2})(?:\.[a-z]{2})?", re.IGNORECASE
)
"""A host name as a site prints it ("Forbes.com", "news.example.co.uk")."""
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"\w+")
_MATCH_TOKEN = re.compile(rf"[^\W_{UNSPACED}]+|(?=\w)[{UNSPACED}]")
"""What a heading and a title are compared by: a word of a spaced script, or one character of an
unspaced one (a Chinese headline is one ``\\w+`` run, which matches only when whole); an
underscore parts words, as it parts ``<title>``'s composed parts."""


def choose_headline(
    tree: HtmlElement,
    metadata: PageMetadata,
    *,
    declared_title: bool,
    first_line: str = "",
    body: str = "",
) -> str | None:
    """The headline as the page shows it.

    Declared titles are often shortened or reworded for social cards and search results, and
    ``<title>`` is a template composition ("Section -- Headline - Site"), while human readers
    take the visible heading as the headline. So a heading (``h1``..``h3``, ``itemprop=headline``)
    that says nearly the same as the declared title wins, else one that says the same as the
    document's ``<title>``; otherwise the declared title, cleaned of its site-name suffix, unless
    ``<title>`` spells the url's slug better (a social card reworded, the page's own title not);
    otherwise the undeclared title is weighed against the page's headings and its other parts
    (``body``, the extracted text, tells which of them retells the story). A page whose
    ``<title>`` is missing or names only the site takes the heading the story retells, the
    extractor's own guess (``metadata.title`` when undeclared) or the heading above the story.
    """
    document_title = tidy_text(tree.findtext(".//title") or "")
    cleaned_document = clean_title(document_title, metadata.site_name, metadata.url)
    reference = metadata.title if declared_title else document_title
    cleaned = clean_title(reference, metadata.site_name, metadata.url)
    headings = list(_headings(tree))
    # Without a declaration, metadata.title is the extractor's own guess (from the markup).
    guess = None if declared_title else metadata.title
    if guess and word_count(guess) < _MIN_PART_WORDS:
        guess = None  # a section label ("News"), not a headline
    if not cleaned or text_key(cleaned) in _site_keys(metadata.site_name, metadata.url):
        # No title, or only the site's name: a heading the extractor or the story points at.
        return (
            _retold_heading(headings, _Story(body, metadata.language))
            or _visible(guess, headings)
            or (_heading_before_body(tree, first_line) if first_line else None)
            or guess
            or cleaned
        )
    best = _matching_heading(headings, cleaned)
    if best is not None:
        return best
    if declared_title:
        return _declared(cleaned, cleaned_document, headings, metadata, first_line)
    told = _Story(body, metadata.language)  # only now: most pages are settled above
    return _undeclared(cleaned, headings, told, guess, metadata, tree, first_line)


def _declared(
    cleaned: str,
    cleaned_document: str | None,
    headings: list[str],
    metadata: PageMetadata,
    first_line: str,
) -> str:
    """The headline of a page whose declared title no heading repeats."""
    if cleaned_document and cleaned_document != cleaned:
        # The social card's wording matches nothing visible; the document title may.
        best = _matching_heading(headings, cleaned_document)
        if best is not None:
            return best
        slug = set(url_words(metadata.url))
        document_share = slug_share(_WORD.findall(cleaned_document.casefold()), slug)
        if document_share >= slug_share(_WORD.findall(cleaned.casefold()), slug) + _SLUG_MARGIN:
            return cleaned_document
    # The extracted article opens with a heading: the page's own headline, reworded for the
    # social card.
    opening = _visible(first_line.strip(), headings)
    if (
        opening is not None
        and _MIN_NEAR_HEADING_WORDS <= word_count(opening) <= _MAX_HEADLINE_WORDS
        and not opening.endswith((".", ":"))
    ):
        return opening
    return cleaned


def _undeclared(
    cleaned: str,
    headings: list[str],
    told: _Story,
    guess: str | None,
    metadata: PageMetadata,
    tree: HtmlElement,
    first_line: str,
) -> str:
    """The headline of a page with only a ``<title>``, which no heading repeats whole."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(cleaned) if p.strip()]
    if len(parts) > 1:
        # "Football News, Fixtures, Results, Stats": a list of the site's keywords.
        parts = [p for p in parts if p.count(",") < _KEYWORD_COMMAS] or parts
    if len(parts) > 1:
        # "Site slogan - Section - Headline": the one part the page also prints as a heading
        # is the headline; else the longest part, unless the story does not retell it and
        # another part it does (the template's parts name the site and its sections).
        keyed = {text_key(h): h for h in headings}
        printed = [
            p for p in parts if word_count(p) >= _MIN_NEAR_HEADING_WORDS and text_key(p) in keyed
        ]
        if len(printed) == 1:
            return keyed[text_key(printed[0])]
        longest = max(parts, key=word_count)
        if told.share(longest) < _MIN_TOLD_SHARE:
            shares = {p: told.share(p) for p in parts}
            part, share = max(shares.items(), key=lambda kv: (kv[1], word_count(kv[0])))
            if share >= _MIN_TOLD_SHARE:
                return keyed.get(text_key(part), part)
    # A <title> that no heading repeats is often the site's generic title: the heading right
    # above the story is then the better guess.
    near = _heading_before_body(tree, first_line) if first_line else None
    if (
        near is not None
        and word_count(near) >= _MIN_NEAR_HEADING_WORDS
        and text_key(near) not in _site_keys(metadata.site_name, metadata.url)
    ):
        return near
    chosen = max(parts, key=word_count).strip() if parts else cleaned
    # "Site - Sports Wire": a heading the story retells better is the headline.
    retold = _retold_heading(headings, told)
    if retold is not None and told.share(retold) > told.share(chosen):
        return retold
    if told.share(chosen) < _MIN_TOLD_SHARE:
        return _visible(guess, headings) or chosen
    return chosen


def _visible(guess: str | None, headings: list[str]) -> str | None:
    """``guess`` as a heading prints it, if one does."""
    if not guess:
        return None
    key = text_key(guess)
    return next((h for h in headings if text_key(h) == key), None)


def _retold_heading(headings: list[str], told: _Story) -> str | None:
    """The first of the headings whose words the story uses most, if it uses most of them."""
    retold = [
        (told.share(h), -n, h)
        for n, h in enumerate(headings)
        if word_count(h) >= _MIN_NEAR_HEADING_WORDS
    ]
    if retold and max(retold)[0] >= _MIN_TOLD_SHARE:
        return max(retold)[2]
    return None


_MIN_PART_WORDS = 2
_MAX_HEADLINE_WORDS = 25
"""A heading longer than this, or ending like a sentence or a lead-in, is a deck."""
_KEYWORD_COMMAS = 3
_BODY_HEAD_CHARS = 3000
"""How much of the extracted text counts as the head of the story."""
_MIN_TOLD_SHARE = 0.5
_SHORT_WORD = 3
"""Words this short (articles, prepositions in most languages) say nothing of a story."""


class _Story:
    """The words of the story's head, to tell which candidate headline retells it."""

    def __init__(self, body: str, language: str | None) -> None:
        self.stop = stopwords(language)
        self.words = Counter(self._content(body[:_BODY_HEAD_CHARS]))

    def _content(self, text: str) -> list[str]:
        return [
            w for w in _WORD.findall(text.casefold()) if len(w) > _SHORT_WORD and w not in self.stop
        ]

    def share(self, part: str) -> float:
        """Share of the part's words the story's head uses more often than the part itself.

        A headline printed once above the story still scores: its words recur in the lede.
        Stop words say nothing of a story ("Have your say on this story").
        """
        words = self._content(part)
        if len(words) < _MIN_PART_WORDS:
            return 0.0
        own = Counter(words)
        return sum(self.words[w] > own[w] for w in words) / len(words)


_SLUG_MARGIN = 0.3
"""How much more of the url's slug the document title must spell to beat a declared title."""


def _matching_heading(headings: list[str], title: str) -> str | None:
    best, best_score = None, _HEADING_MATCH
    for heading in headings:
        score = _heading_match(heading, title)
        if score > best_score:
            best, best_score = heading, score
    return best


_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4"})
_MIN_NEAR_HEADING_WORDS = 3
"""Shorter headings above a story are section labels ("Sports", "Local news")."""
_PROBE_CHARS = 24


def _heading_before_body(tree: HtmlElement, first_line: str) -> str | None:
    """The last heading above the element where the extracted body starts.

    A headline sits right above its story, while site logos, section names and teaser
    headings sit elsewhere; the body's first line locates the story in the page.
    """
    probe = text_key(first_line)[:_PROBE_CHARS]
    if len(probe) < _PROBE_CHARS // 2:
        return None
    last: str | None = None
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HEADING_TAGS:
            text = heading_text(element)
            if text_key(text)[:_PROBE_CHARS] == probe:
                return text  # the extraction starts with the headline itself
            if 2 <= len(text) <= 300:
                last = text
            continue
        if tag in {"script", "style", "title", "head"}:
            continue
        own = element.text
        if own and text_key(own)[:_PROBE_CHARS] == probe:
            return last
    return None


def _site_keys(site_name: str | None, url: str | None) -> set[str]:
    names = {text_key(site_name)} if site_name else set()
    host = urlsplit(url).hostname if url else None
    if host:
        labels = host.lower().removeprefix("www.").split(".")
        names.update(text_key(label) for label in labels[:-1] if len(label) >= 3)
        names.update(text_key("".join(labels[i:])) for i in range(len(labels) - 1))
    names.discard("")
    return names


_HEADING_MATCH = 0.6
"""Token F1 above which a visible heading is taken to be the declared headline's wording."""

_MAX_HEADINGS = 60


_HEADING_NAME_CASE = str.maketrans("HEADTIL", "headtil")


def _heading_elements(tree: HtmlElement) -> list[HtmlElement]:
    """Headings, ``itemprop=headline``, and candidates for :func:`_names_headline` (a class or
    id saying "head" or "title" in any case), in page order.

    One pass in Python: the same test as an XPath (``contains(translate(concat(@class, ' ',
    @id), ...), 'head')``) built two strings per element in libxml2, at twice the cost.
    """
    found: list[HtmlElement] = []
    for element in tree.getroottree().getroot().iter():
        if element.tag in _HEADING_TAGS_MATCHED:
            found.append(element)
            continue
        attrib = element.attrib
        if not attrib:
            continue
        if attrib.get("itemprop") == "headline":
            found.append(element)
            continue
        cls, ident = attrib.get("class"), attrib.get("id")
        if cls is None and ident is None:
            continue
        name = f"{cls or ''} {ident or ''}".translate(_HEADING_NAME_CASE)
        if "head" in name or "title" in name:
            found.append(element)
    return found


_HEADING_TAGS_MATCHED = frozenset({"h1", "h2", "h3"})
_INLINE_TAGS = frozenset(
    {"a", "span", "b", "strong", "i", "em", "font", "br", "u", "abbr", "q", "small"}
)


@cache
def _class_fragments() -> tuple[str, ...]:
    return tuple(load_toml("headline_markup.toml")["class_fragments"])


@cache
def _control_fragments() -> tuple[str, ...]:
    return tuple(load_toml("headline_markup.toml")["control_fragments"])


def heading_text(element: HtmlElement) -> str:
    """The heading's words as a reader reads them: its phrasing content, without the blocks and
    controls a template set inside it.

    A heading holds phrasing content only; a ``<div>`` or a ``<button>`` in it is a widget (an
    audio player's "listen to this article", a share menu), and an element whose class names
    a control (MediaWiki's "[edit]" link) is no part of the headline either, though
    ``text_content()`` runs their words into it. A heading whose words mostly stand in such a
    block (``<h1><span>Kicker</span><div>Headline</div></h1>``) is read whole.
    """
    whole = tidy_text(element.text_content())
    text = tidy_text("".join(_phrasing_parts(element)))
    # A template that wraps the headline in a block leaves little phrasing text outside it.
    return text if 2 * len(text) >= len(whole) else whole


def _phrasing_parts(element: HtmlElement) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str) and not _control(child):
            yield from _phrasing_parts(child)
        if child.tail:
            yield child.tail


def _control(element: HtmlElement) -> bool:
    if element.tag in _NOT_PHRASING:
        return True
    name = element.get("class")
    if not name:
        return False
    key = _NON_WORD.sub("", name.casefold())
    return any(fragment in key for fragment in _control_fragments())


_NOT_PHRASING = frozenset(
    {
        "div",
        "p",
        "ul",
        "ol",
        "li",
        "dl",
        "table",
        "form",
        "fieldset",
        "section",
        "aside",
        "nav",
        "header",
        "footer",
        "figure",
        "figcaption",
        "blockquote",
        "button",
        "select",
        "textarea",
        "input",
        "audio",
        "video",
        "svg",
        "script",
        "style",
        "noscript",
        "template",
    }
)
"""Elements that are no phrasing content: a heading holding one holds a widget."""


def _names_headline(element: HtmlElement) -> bool:
    """Its class or id names a headline and it holds nothing but inline text.

    A classed element holding other blocks is a header box (kicker, byline, date), not the
    headline's own element.
    """
    if element.tag in _HEADING_TAGS_MATCHED or element.get("itemprop") == "headline":
        return True
    name = _NON_WORD.sub("", f"{element.get('class', '')}{element.get('id', '')}".casefold())
    if not any(fragment in name for fragment in _class_fragments()):
        return False
    return all(
        not isinstance(child.tag, str) or child.tag in _INLINE_TAGS
        for child in element.iterdescendants()
    )


def _headings(tree: HtmlElement) -> Iterator[str]:
    elements = [e for e in _heading_elements(tree) if _names_headline(e)]
    for element in elements[:_MAX_HEADINGS]:
        text = heading_text(element)
        if 2 <= len(text) <= 400:
            yield text


_MAX_EXTENSION = 2.5
"""A heading containing every word of a shortened declared title may be this much longer."""


def _heading_match(heading: str, title: str) -> float:
    """Token F1 of the two; 1.0 when the heading is the title with words added back."""
    left = Counter(_MATCH_TOKEN.findall(heading.casefold()))
    right = Counter(_MATCH_TOKEN.findall(title.casefold()))
    if not left or not right:
        return 0.0
    common = sum((left & right).values())
    if not common:
        return 0.0
    n_left, n_right = sum(left.values()), sum(right.values())
    if common == n_right and n_left <= _MAX_EXTENSION * n_right:
        return 1.0
    precision, recall = common / n_left, common / n_right
    return 2 * precision * recall / (precision + recall)


def clean_title(title: str | None, site_name: str | None, url: str | None) -> str | None:
    """The title without a ``" | Site"``-style suffix or prefix naming the site.

    Only a part equal to the site name (or to the url's domain label) is dropped: a dash in a
    headline ("Biden - a profile") must survive.
    """
    if not title:
        return None
    title = tidy_text(title)
    names = _site_keys(site_name, url)
    prefix = _LABEL_PREFIX.match(title)
    if prefix and (text_key(prefix.group(1)) in names or _DOMAIN.fullmatch(prefix.group(1))):
        # "NDTV.com: Headline", "Sound Politics: Headline": the site names itself first.
        title = title[prefix.end() :]
    if not names:
        return title
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    separators = _TITLE_SEPARATORS.findall(title)
    # Drop matching parts from the end, then from the start, keeping at least one.
    while len(parts) > 1 and text_key(parts[-1]) in names:
        parts.pop()
        separators.pop()
    while len(parts) > 1 and text_key(parts[0]) in names:
        parts.pop(0)
        separators.pop(0)
    rebuilt = parts[0]
    for separator, part in zip(separators, parts[1:], strict=True):
        rebuilt += separator + part
    return rebuilt.strip() or title


def tidy_text(text: str) -> str:
    """Markup text as a reader sees it: entities unescaped, whitespace runs one space.

    (Not :func:`article_normalizer.normalize.fields.outlet.squash`, the letters-only key names are
    compared by.)
    """
    # Metadata is often escaped twice by templating (``&amp;#8217;``): unescape what is left.
    if "&" in text:
        text = unescape(text)
    return " ".join(text.split())
