"""HTML bytes to text: which character encoding a page is in, and decoding it without crashing.

Sources, in the order browsers trust them: a byte-order mark, the ``Content-Type`` header's
``charset``, then ``<meta charset>`` / ``<meta http-equiv="content-type">`` in the first bytes,
then statistical detection (charset-normalizer), then UTF-8 with replacement characters.

Declarations lie often enough (a CMS template saying ISO-8859-1 around UTF-8 articles, a proxy
adding a default header) that a declaration is checked before it is believed:

- bytes that are valid UTF-8 *and* contain multi-byte sequences are UTF-8, whatever a
  single-byte charset declaration says: legacy single-byte text almost never forms valid UTF-8
  sequences by chance, while the opposite mislabelling is common;
- a declared charset that cannot decode the bytes strictly gives way to detection.

Unknown charset names, and names of Python codecs that are no character encoding (``base64``,
``unicode_escape``), are skipped, never raised. Every fallback leaves a warning code, and
``invalid_bytes_replaced`` says text was lost to U+FFFD.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

import charset_normalizer
import webencodings

from article_normalizer.normalize.models import WarningCode

_PRESCAN_BYTES = 4096
"""How far to look for a ``<meta>`` declaration: the HTML standard prescans 1024 bytes; pages
with long ``<head>`` comments or inline styles before the meta tag justify a little more."""

_DETECT_BYTES = 200_000
"""Detection on a prefix: enough for a confident guess, bounded in time on huge pages."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    # UTF-32's little-endian mark starts with UTF-16's: test it first.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)

# A <meta> declaring UTF-16 in bytes that are ASCII-compatible cannot be true (the tag itself
# would be unreadable): the standard says to read such a page as UTF-8.
_ASCII_INCOMPATIBLE = frozenset(
    {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded page and how it was decoded."""

    text: str
    encoding: str
    """Python codec name actually used (e.g. ``utf-8``, ``cp1251``)."""
    source: str
    """Where the encoding came from: ``bom``, ``header``, ``meta``, ``detected`` or ``default``."""
    warnings: list[WarningCode] = field(default_factory=list)


def decode_html(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode ``data`` (an HTML page as received) to text. Never raises on bad bytes or names.

    ``content_type`` is the HTTP ``Content-Type`` header value the page came with, if known.
    """
    warnings: list[WarningCode] = []
    bom = bom_codec(data)
    if bom:
        return _decode_with(data, bom, "bom", warnings)

    declared: list[tuple[str, str]] = []
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match:
            declared.append((match.group(1), "header"))
    meta = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if meta:
        declared.append((meta.group(1).decode("ascii", "replace"), "meta"))

    for label, source in declared:
        named = codec_name(label)
        if named is None:
            # A transform named as the charset (<meta charset="base64">) is ignored like an
            # unknown name, but said apart: it is a deliberate-looking label, not a typo.
            known = is_codec(label.strip().strip("\"'").lower())
            warnings.append(
                "unsupported_meta_charset" if known and source == "meta" else "unknown_charset"
            )
            continue
        codec = "utf-8" if source == "meta" and named in _ASCII_INCOMPATIBLE else named
        if _is_single_byte(codec) and _is_multibyte_utf8(data):
            warnings.append("declared_charset_overridden")
            return _decode_with(data, "utf-8", "detected", warnings)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            warnings.append("declared_charset_mismatch")
            break
        return Decoded(text=text, encoding=codec, source=source, warnings=warnings)

    if is_utf8(data):
        return _decode_with(data, "utf-8", "detected" if declared else "default", warnings)
    guessed = detect_codec(data)
    if guessed is not None:
        return _decode_with(data, guessed, "detected", warnings)
    return _decode_with(data, "utf-8", "default", warnings)


def bom_codec(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``data`` names, if it has one."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def detect_codec(data: bytes) -> str | None:
    """The codec statistical detection guesses from a prefix of ``data``, or None."""
    guess = charset_normalizer.from_bytes(data[:_DETECT_BYTES]).best()
    return codec_name(guess.encoding) if guess is not None else None


_NOT_CHARSETS = frozenset(
    {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined", "utf-7", "charmap"}
)
"""Python codecs that call themselves text encodings but are no page's charset: escape and
host-name transforms, a codec that always fails, a raw byte map, and UTF-7 (which the WHATWG
standard forbids). The escape codecs and UTF-7 also decode to lone surrogates, which no later
stage can encode."""


def text_codec(label: str) -> str | None:
    """The Python codec named by ``label`` (exactly, no aliases) when it is a character
    encoding; None for unknown names and for Python's byte transforms (``base64``, ``zlib``,
    ``hex``, ``rot13``...) and :data:`_NOT_CHARSETS`, which a charset label must never reach."""
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # Byte-to-byte and str-to-str codecs are registered with _is_text_encoding False.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def is_codec(label: str) -> bool:
    """Whether Python knows ``label`` at all, as a charset or as a transform."""
    try:
        codecs.lookup(label)
    except LookupError:
        return False
    return True


def codec_name(label: str) -> str | None:
    """The Python codec for a charset label from a page, or None when the name is unknown or
    names no character encoding (:func:`text_codec`).

    A label is read as browsers read it first: the WHATWG Encoding Standard's table
    (webencodings) maps ``latin1`` and ``ascii`` to windows-1252, ``ks_c_5601-1987`` to Korean,
    ``x-sjis`` to Shift_JIS, because pages are written for what browsers do with their labels.
    Names outside that table still reach Python's own codec names (``cp1251``, ``utf_8``).
    """
    key = label.strip().strip("\"'").lower()
    standard = webencodings.lookup(key)
    if standard is not None:
        return text_codec(standard.codec_info.name)
    return text_codec(key)


def _decode_with(data: bytes, codec: str, source: str, warnings: list[WarningCode]) -> Decoded:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        warnings.append("invalid_bytes_replaced")
    return Decoded(text=text, encoding=codec, source=source, warnings=warnings)


def is_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8, allowing a character cut off at the very end."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A page cut mid-character by a size limit is still UTF-8.
        return error.reason == "unexpected end of data" and error.start >= len(data) - 3
    return True


def _is_multibyte_utf8(data: bytes) -> bool:
    return not data.isascii() and is_utf8(data)


def _is_single_byte(codec: str) -> bool:
    return codec.startswith(("cp12", "iso8859", "latin", "koi8", "mac", "cp8", "cp4", "tis"))
