"""Request bodies (bytes) to text, honouring the declared charset and never failing on bad bytes.

The rule is the same for every text body the API and the CLI take in:

- a byte-order mark wins (it cannot be there by accident);
- a ``charset`` the client declared is trusted: the client controls the header, unlike the
  header a scraped site sent. Bytes invalid in it become U+FFFD and the warning
  ``invalid_bytes_replaced`` says so, so nothing else of the document is lost;
- with no declaration, UTF-8 is tried strictly, then the page's own ``<meta charset>`` for HTML,
  then statistical detection (warning ``charset_detected``), then UTF-8 with replacement.

An unknown charset *name* is a client error (:class:`UnsupportedCharsetError`), not a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from article_normalizer.normalize.html.charset import (
    bom_codec,
    decode_html,
    detect_codec,
    is_utf8,
    text_codec,
)
from article_normalizer.normalize.models import WarningCode

INVALID_BYTES_REPLACED: Final = "invalid_bytes_replaced"
CHARSET_DETECTED: Final = "charset_detected"


class UnsupportedCharsetError(ValueError):
    """Raised when a declared charset names no known character encoding."""

    code = "unsupported_charset"


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A decoded body, the codec used, and warning codes for the article."""

    text: str
    encoding: str
    warnings: list[WarningCode] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ContentType:
    """A parsed ``Content-Type`` header: lower-case media type and its parameters."""

    media_type: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def charset(self) -> str | None:
        return self.params.get("charset") or None


def parse_content_type(header: str | None) -> ContentType:
    """Split ``text/plain; charset="UTF-8"`` into media type and parameters (RFC 9110 8.3)."""
    if not header:
        return ContentType(media_type="")
    media_type, _, rest = header.partition(";")
    params: dict[str, str] = {}
    for part in rest.split(";"):
        name, sep, value = part.partition("=")
        if sep:
            params[name.strip().lower()] = value.strip().strip('"').strip()
    return ContentType(media_type=media_type.strip().lower(), params=params)


def codec_for(label: str) -> str:
    """The Python codec for a charset label; raises :class:`UnsupportedCharsetError`.

    Python's codec registry also holds byte transforms (``base64``, ``zlib``) and escape
    decoders (``unicode_escape``, whose output can hold lone surrogates): a label naming one is
    refused like an unknown name, never used to decode a body.
    """
    codec = text_codec(label.strip().lower())
    if codec is None:
        raise UnsupportedCharsetError(
            f"charset {label!r} is not a known character encoding; send UTF-8 or a standard "
            "label such as 'iso-8859-1' or 'windows-1251'"
        )
    return codec


def decode_with(data: bytes, codec: str) -> DecodedText:
    """Decode with ``codec``, replacing invalid bytes and saying so."""
    try:
        return DecodedText(text=data.decode(codec), encoding=codec)
    except UnicodeDecodeError:
        return DecodedText(
            text=data.decode(codec, errors="replace"),
            encoding=codec,
            warnings=[INVALID_BYTES_REPLACED],
        )


def decode_text(data: bytes, charset: str | None = None) -> DecodedText:
    """Decode a plain-text (or JSON) body. Raises only :class:`UnsupportedCharsetError`."""
    if bom := bom_codec(data):
        return decode_with(data, bom)
    if charset:
        return decode_with(data, codec_for(charset))
    return _undeclared(data)


def decode_html_body(data: bytes, charset: str | None = None) -> DecodedText:
    """Decode an HTML body: like :func:`decode_text`, plus the page's own ``<meta charset>``."""
    if bom_codec(data) or charset:
        return decode_text(data, charset)
    decoded = decode_html(data)
    return DecodedText(text=decoded.text, encoding=decoded.encoding, warnings=decoded.warnings)


def _undeclared(data: bytes) -> DecodedText:
    if is_utf8(data):
        # Valid UTF-8, or cut mid-character (a scraper's size cap): replaced and said.
        return decode_with(data, "utf-8")
    codec = detect_codec(data)
    if codec:
        decoded = decode_with(data, codec)
        return DecodedText(
            text=decoded.text, encoding=codec, warnings=[CHARSET_DETECTED, *decoded.warnings]
        )
    return decode_with(data, "utf-8")
