"""Request bodies to text: the declared charset is trusted, bad bytes are replaced and said."""

from __future__ import annotations

import codecs

import pytest

from article_normalizer.serving.decoding import (
    CHARSET_DETECTED,
    INVALID_BYTES_REPLACED,
    UnsupportedCharsetError,
    decode_html_body,
    decode_text,
    parse_content_type,
)


@pytest.mark.parametrize(
    ("header", "media_type", "charset"),
    [
        ("text/plain", "text/plain", None),
        ("text/plain; charset=utf-8", "text/plain", "utf-8"),
        ('Text/HTML; Charset="ISO-8859-1"', "text/html", "ISO-8859-1"),
        ("application/json;charset=UTF-8;foo=bar", "application/json", "UTF-8"),
        ("text/plain; charset=", "text/plain", None),
        ("", "", None),
        (None, "", None),
    ],
)
def test_content_type_is_split_into_media_type_and_charset(
    header: str | None, media_type: str, charset: str | None
) -> None:
    parsed = parse_content_type(header)
    assert parsed.media_type == media_type
    assert parsed.charset == charset


@pytest.mark.parametrize(
    ("data", "charset", "text", "warnings"),
    [
        ("Genève".encode(), None, "Genève", []),
        ("Genève".encode(), "utf-8", "Genève", []),
        ("Genève".encode("latin-1"), "ISO-8859-1", "Genève", []),
        ("Москва".encode("cp1251"), "windows-1251", "Москва", []),
        (codecs.BOM_UTF8 + "Genève".encode(), None, "Genève", []),
        (codecs.BOM_UTF8 + "Genève".encode(), "latin-1", "Genève", []),  # the BOM wins
        ("Genève".encode("utf-16"), None, "Genève", []),
        (b"Gen\xe8ve", "utf-8", "Gen\ufffdve", [INVALID_BYTES_REPLACED]),
        (b"ok \xff\xfe end", "utf-8", "ok \ufffd\ufffd end", [INVALID_BYTES_REPLACED]),
        ("Genève".encode()[:-3], None, "Gen\ufffd", [INVALID_BYTES_REPLACED]),  # cut mid-char
        (b"", None, "", []),
    ],
)
def test_text_bodies_decode_as_declared(
    data: bytes, charset: str | None, text: str, warnings: list[str]
) -> None:
    decoded = decode_text(data, charset)
    assert decoded.text == text
    assert decoded.warnings == warnings


def test_undeclared_legacy_encoding_is_detected_and_said() -> None:
    text = "Министры иностранных дел двух стран провели телефонный разговор в понедельник. " * 5
    decoded = decode_text(text.encode("cp1251"))
    assert decoded.text == text
    assert CHARSET_DETECTED in decoded.warnings


def test_unknown_charset_name_is_refused() -> None:
    with pytest.raises(UnsupportedCharsetError, match="klingon"):
        decode_text(b"abc", "klingon")


def test_html_without_declared_charset_uses_its_meta_tag() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Москва</p></body></html>'
    decoded = decode_html_body(page.encode("cp1251"))
    assert "Москва" in decoded.text


def test_html_with_declared_charset_trusts_the_declaration() -> None:
    page = "<p>Gen\xe8ve</p>".encode("latin-1")
    decoded = decode_html_body(page, "utf-8")
    assert decoded.text == "<p>Gen\ufffdve</p>"
    assert decoded.warnings == [INVALID_BYTES_REPLACED]
