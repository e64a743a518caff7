"""Page text whose lines run several page elements together, cut back into lines.

Stripping the tags of minified HTML without a separator (BeautifulSoup's ``get_text()`` on a
page served without line breaks) gives a few very long lines, each holding the menu, the
headline, the byline and every paragraph of the story. Every later stage judges whole lines, so
on such a line it can only keep the menu with the story or drop the story with the menu. The
seams are still visible, though: the source's indentation left as a wide gap between two
elements, a sentence's full stop run into the capital of the next paragraph, a word run into
the capitalised first word of the next element ("...avtaletLeo Pettersson"). A page whose text
is mostly such lines has them cut at those seams first, like a Markdown page is rendered first,
so every later stage sees lines of one element each.

A well-rendered page is left alone: its long lines are paragraphs without seams, and a country
list run together in its sign-up form is too small a share of it (thresholds and where they come
from: ``rules/data/glued_text.toml``).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from article_normalizer.normalize.lines.blocks import CELL_GAP_SPACES, SPACES
from article_normalizer.rules import load_toml

_RULES = load_toml("glued_text.toml")
_LINE_CHARS = int(_RULES["glued"]["line_chars"])
_POINTS_PER_1000 = float(_RULES["glued"]["points_per_1000"])
_PAGE_SHARE = float(_RULES["glued"]["page_share"])
_STOP_LETTERS = int(_RULES["points"]["stop_letters"])
_CAMEL_LETTERS = int(_RULES["points"]["camel_letters"])
_CAPITAL_LETTERS = int(_RULES["points"]["capital_letters"])

_GAP = regex.compile(rf"(?<=\S)[{SPACES}]{{{CELL_GAP_SPACES},}}(?=\S)")
"""A gap between two words as wide as the segmenter's cell gap: where the source indented the
next element."""
_CAPITALISED = rf"\p{{Lu}}\p{{Ll}}{{{_CAPITAL_LETTERS}}}"
_STOP = regex.compile(rf"(?<=\p{{L}}{{{_STOP_LETTERS}}})[.!?…][\"'”’»)]*+(?=\p{{Lu}})")
"""A sentence's end run into the capital of the next one."""
_CAMEL = regex.compile(rf"(?<!\p{{Ll}})\p{{Ll}}{{{_CAMEL_LETTERS},}}+(?={_CAPITALISED})")
"""A long lower-case word (or a capitalised word's tail) run into a capitalised word."""
_DIGIT = regex.compile(rf"\d(?={_CAPITALISED})")
"""A time or a count run into a capitalised word ("22:31Rök stiger")."""
_WHITE = str.maketrans("", "", " \t\n\r\f\v\u00a0")


def _size(text: str) -> int:
    """Characters besides white space: wide gaps of padding are no text."""
    return len(text.translate(_WHITE))


def _cuts(line: str) -> list[tuple[int, int]]:
    """Where ``line`` is cut: ``(start, end)`` spans to drop, in order (empty at a seam)."""
    cuts = [(m.start(), m.end()) for m in _GAP.finditer(line)]
    for seam in (_STOP, _CAMEL, _DIGIT):
        cuts.extend((m.end(), m.end()) for m in seam.finditer(line))
    return sorted(cuts)


def _glued_cuts(line: str) -> list[tuple[int, int]] | None:
    """The cuts of ``line`` when it is glued, else None."""
    if len(line) < _LINE_CHARS:
        return None
    size = _size(line)
    if size < _LINE_CHARS:
        return None
    cuts = _cuts(line)
    return cuts if len(cuts) * 1000 >= _POINTS_PER_1000 * size else None


def _pieces(line: str, cuts: list[tuple[int, int]]) -> Iterator[str]:
    start = 0
    for cut_start, cut_end in cuts:
        if cut_start < start:
            continue  # inside a gap already cut
        yield line[start:cut_start]
        start = cut_end
    yield line[start:]


def unglue(text: str) -> str | None:
    """``text`` with each glued line cut at its seams, one element a line, the other lines as
    they came; None when glued lines are too small a share of the page to be its rendering."""
    lines = text.splitlines()
    cuts = [_glued_cuts(line) for line in lines]
    glued = sum(_size(line) for line, cut in zip(lines, cuts, strict=True) if cut is not None)
    if not glued or glued < _PAGE_SHARE * _size(text):
        return None
    out: list[str] = []
    for line, cut in zip(lines, cuts, strict=True):
        if cut is None:
            out.append(line)
        else:
            out.extend(piece.strip() for piece in _pieces(line, cut) if piece.strip())
    return "\n".join(out)
