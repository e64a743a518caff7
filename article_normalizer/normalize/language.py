"""Language identification of the document (ISO 639-1).

py3langid (a maintained, numpy-only port of langid.py) is fast and good on a few sentences of
prose; what it needs from us is prose. Menus and tickers are short and often English even on
pages in other languages, so the longest lines are sampled. Its model also knows some
languages by ISO 639-3 codes (``arz``, ``yue``); those are folded into their ISO 639-1
macrolanguage or skipped, so callers only ever see two-letter codes.
"""

from __future__ import annotations

import hashlib
import io
import lzma
import os
import re
import shutil
import tempfile
from array import array
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from article_normalizer.normalize.lines.blocks import Block
from article_normalizer.rules import regional_languages

try:
    from article_normalizer.normalize._language_walk import visit_counts
except ImportError:  # pragma: no cover - a source tree whose extension was never built
    visit_counts = None  # type: ignore[assignment]

COMPILED = visit_counts is not None
"""Whether the compiled automaton walk is available (the package's build makes it)."""

_SAMPLE_CHARS = 2000
"""Enough prose for a stable guess; more only costs time (4,000 gave the same language on all
1,445 dev pages and 289 HTML extractions, at 1.6 times the CPU)."""
_MIN_LETTERS = 20
_MIN_PROBABILITY = 0.5
_TAG = re.compile(r"^(?P<primary>[A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")


_MODEL_CACHE: dict[str, Path] = {}
"""The directory :func:`use_model_cache` set, under ``"directory"`` (absent: none)."""


def use_model_cache(directory: Path | None) -> None:
    """Keep the decompressed language model in ``directory`` (None: decompress in memory).

    Decompressing the model costs about a second of CPU in every process that loads it: noise
    for a server, which loads it once at start, but most of a short command-line run. With a
    cache the arrays are memory-mapped from plain ``.npy`` files written once (atomically, and
    named by the compressed model's digest, so an upgraded model gets its own). The server
    never calls this: it keeps the read-only-filesystem behaviour of decompressing in memory.
    Takes effect in this process if it has not loaded the model yet; processes it starts learn
    it from the caller (:mod:`article_normalizer.serving.model_cache`), since the core reads no
    environment.
    """
    if directory is None:
        _MODEL_CACHE.pop("directory", None)
    else:
        _MODEL_CACHE["directory"] = directory


@cache
def _identifier() -> Any:
    """py3langid's identifier, its model read in memory (or from the cache when one is set).

    The library's loader streams the decompressed model (68 MB) through a temporary file, in
    every process that loads it: on a small or full ``TMPDIR`` start-up fails or eats the
    space the metrics need. Decompressing into memory costs that much RSS only while loading.
    """
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    path = MODEL_DIR / MODEL_FILE
    cache_dir = _MODEL_CACHE.get("directory")
    loaded = _load_cached_model(path, cache_dir) if cache_dir is not None else None
    ptc, pc, classes, nextmove, row, output = loaded or _load_model(path)
    # As LanguageIdentifier.from_model_file builds it from the library's own loader.
    if not COMPILED:
        return LanguageIdentifier(
            np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row
        )
    return _compiled_walk_identifier()(
        np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row
    )


def _compiled_walk_identifier() -> type:
    """py3langid's identifier with its byte walk compiled; its scoring stays the library's.

    A class made on first use, because the library is imported only when the model is."""
    from py3langid.langid import LanguageIdentifier

    class CompiledWalkIdentifier(LanguageIdentifier):  # type: ignore[misc]
        __slots__ = ("_automaton",)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            output = np.asarray(self.tk_output, dtype=np.int32)
            self._automaton = (
                np.asarray(memoryview(self.tk_nextmove)).astype(np.uint32, copy=False),
                np.asarray(self._rowbase, dtype=np.uint32),
                output,
                int(output.max()) + 1,
            )

        def _raw_score(self, text: bytes) -> Any:
            nextmove, rowbase, output, features = self._automaton
            visits = visit_counts(nextmove, rowbase, output, text, features)
            if visits is None:  # no feature: the library's own fill for featureless text
                return super()._raw_score(text)
            return self._sparse_score(visits, self.nb_ptc)

    return CompiledWalkIdentifier


_ModelParts = tuple[Any, Any, list[str], "array[int]", "array[int]", list[int]]
_MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def _load_model(path: Path) -> _ModelParts:
    """What ``py3langid.modelio.load_model`` returns, without writing a file."""
    return _model_parts(_decompressed_arrays(path))


def _decompressed_arrays(path: Path) -> dict[str, Any]:
    buffer = io.BytesIO()
    with lzma.open(path) as compressed:
        shutil.copyfileobj(compressed, buffer, length=1 << 20)
    buffer.seek(0)
    with np.load(buffer, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    buffer.close()  # the decompressed file goes before the arrays are converted
    return arrays


def _load_cached_model(path: Path, cache_dir: Path) -> _ModelParts | None:
    """The model from ``cache_dir`` (written there first when missing), or None when the
    cache cannot be read or written: then the caller decompresses in memory as usual."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        target = cache_dir / f"langid-{digest}"
        if not target.is_dir():
            _write_cache(_decompressed_arrays(path), target)
        arrays = {
            name: np.load(target / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            for name in _MODEL_ARRAYS
        }
        return _model_parts(arrays)
    except (OSError, ValueError, KeyError):
        return None


def _write_cache(arrays: dict[str, Any], target: Path) -> None:
    """Write the arrays to a fresh directory, then rename it into place: a concurrent
    reader sees the whole cache or none of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".langid-", dir=target.parent))
    try:
        for name in _MODEL_ARRAYS:
            np.save(staging / f"{name}.npy", arrays[name], allow_pickle=False)
        os.rename(staging, target)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not target.is_dir():  # another process winning the rename is fine
            raise


def _model_parts(arrays: dict[str, Any]) -> _ModelParts:
    return (
        arrays["ptc"],
        arrays["pc"],
        arrays["classes"].tolist(),
        _unsigned_array(arrays.pop("nextmove")),
        _unsigned_array(arrays.pop("nextmove_row")),
        arrays["out_feat"].tolist(),
    )


def _unsigned_array(values: Any) -> array[int]:
    """A numpy unsigned array as the stdlib ``array`` the identifier indexes."""
    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return out


def iso639_1(code: str | None) -> str | None:
    """``code`` (``en``, ``en-US``, ``pt_BR``, ``eng``, ``arz``) as ISO 639-1, or None."""
    if not code:
        return None
    match = _TAG.match(code.strip())
    if not match:
        return None
    primary = match.group("primary").lower()
    if len(primary) == 2:
        return primary
    return _three_letter_iso1(primary)


@cache
def _three_letter_iso1(code: str) -> str | None:
    """An ISO 639-2/-3 code's ISO 639-1 code: a regional variety's macrolanguage first (the
    model's ``arz``, ``yue``), then the registry's own mapping (``ell``, ``swe``, ``ger``).

    langcodes holds the whole registry; it is imported here, on the first three-letter code,
    because its tables cost more to load than a one-page command line run can spare.
    """
    folded = regional_languages().get(code)
    if folded is not None:
        return folded
    import langcodes
    from langcodes.tag_parser import LanguageTagError

    try:
        language = langcodes.Language.get(code).language
    except LanguageTagError:
        return None
    return language if language is not None and len(language) == 2 else None


@cache
def _model_code(label: str) -> str | None:
    """:func:`iso639_1` of one of the model's labels (a fixed set: folded once each)."""
    return iso639_1(label)


_LETTERS = re.compile(r"[^\W\d_]")

_MARKUP = re.compile(r"<[a-zA-Z/][^>]*>|\{\{|\}\}|=\"|&[a-z]+;")
_SENTENCE_MARK = re.compile(r"[.!?。！？](?:\s|$)")


_MIN_PROSE_CHARS = 11
"""Shorter lines can hold neither six words nor the 20 characters of a CJK sentence."""


def _is_prose(text: str) -> bool:
    """Whether a line reads as sentences: several words, sentence marks, few capitals, no
    markup. CJK lines have no spaces; they qualify on sentence marks alone."""
    if len(text) < _MIN_PROSE_CHARS or _MARKUP.search(text) or not _SENTENCE_MARK.search(text):
        return False
    words = text.split()
    if len(words) < 6:
        return len(text) >= 20 and not any(ch.isspace() for ch in text.strip())
    capitalised = sum(w[:1].isupper() for w in words) / len(words)
    return capitalised < 0.6


def _sample(blocks: list[Block]) -> list[str]:
    """The longest prose lines, then the longest other lines, until :data:`_SAMPLE_CHARS`.

    Prose first: lists of names or countries and leaked markup are long lines too, and they
    fool the model (a country list reads as a creole, markup as "no language"). Lines are
    visited longest first (ties in page order) and judged as prose only until the prose
    found fills the sample: on most pages a few paragraphs do, and the page's other lines
    are never read.
    """
    prose: list[str] = []
    other: list[str] = []
    size = 0
    for block in sorted(blocks, key=lambda b: len(b.text), reverse=True):
        if _is_prose(block.text):
            prose.append(block.text)
            size += len(block.text)
            if size >= _SAMPLE_CHARS:
                return prose
        else:
            other.append(block.text)
    for text in other:
        prose.append(text)
        size += len(text)
        if size >= _SAMPLE_CHARS:
            break
    return prose


def detect_language(blocks: list[Block], hint: str | None = None) -> str | None:
    """The hint when it is a usable language tag, else the language of the longest lines.

    None when the text has too few letters or no language is likely enough (junk, numbers,
    a mix with no majority).
    """
    hinted = iso639_1(hint)
    if hinted:
        return hinted
    # One long line can be most of a huge document: the sample stays at its size.
    text = "\n".join(_sample(blocks))[:_SAMPLE_CHARS]
    if sum(1 for _ in islice(_LETTERS.finditer(text), _MIN_LETTERS)) < _MIN_LETTERS:
        return None
    scores: dict[str, float] = {}
    for lang, prob in _identifier().rank(text):
        code = _model_code(str(lang))
        if code:
            scores[code] = scores.get(code, 0.0) + float(prob)
    if not scores:
        return None
    best = max(scores, key=lambda c: scores[c])
    return best if scores[best] >= _MIN_PROBABILITY else None
