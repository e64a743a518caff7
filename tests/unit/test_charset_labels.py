"""Charset labels name character encodings only: never a Python byte transform or escape codec."""

from __future__ import annotations

import pytest

from article_normalizer.normalize.html.charset import codec_name, decode_html
from article_normalizer.serving.decoding import (
    UnsupportedCharsetError,
    decode_html_body,
    decode_text,
)

NOT_CHARSETS = [
    "base64",
    "zlib",
    "hex",
    "uu",
    "rot13",
    "bz2",
    "quopri",
    "punycode",
    "undefined",
    "unicode_escape",
    "raw_unicode_escape",
    "idna",
    "utf-7",
    "charmap",
]
CHARSETS = [
    # label, the codec a page's label means (the WHATWG table), the codec a client's label means
    ("utf-8", "utf-8", "utf-8"),
    ("UTF-8", "utf-8", "utf-8"),
    ("windows-1251", "cp1251", "cp1251"),
    ("shift_jis", "cp932", "shift_jis"),
    ("utf-16", "utf-16-le", "utf-16"),
    ("koi8-r", "koi8-r", "koi8-r"),
]


@pytest.mark.parametrize("label", NOT_CHARSETS)
def test_client_declared_transform_is_refused(label: str) -> None:
    with pytest.raises(UnsupportedCharsetError, match=label):
        decode_text(b"YWJjIGRlZg==", label)


@pytest.mark.parametrize("label", NOT_CHARSETS)
def test_page_label_naming_a_transform_is_no_codec(label: str) -> None:
    assert codec_name(label) is None


@pytest.mark.parametrize(("label", "page_codec", "client_codec"), CHARSETS)
def test_real_charsets_still_decode(label: str, page_codec: str, client_codec: str) -> None:
    assert codec_name(label) == page_codec
    word = "Москва" if client_codec in ("cp1251", "koi8-r") else "東京"
    assert decode_text(word.encode(client_codec), label).text == word


@pytest.mark.parametrize("label", NOT_CHARSETS)
def test_meta_charset_naming_a_transform_is_ignored_and_said(label: str) -> None:
    page = f'<html><head><meta charset="{label}"></head><body><p>Olá, São Paulo</p></body></html>'
    decoded = decode_html_body(page.encode("utf-8"))
    assert decoded.encoding == "utf-8"
    assert "Olá, São Paulo" in decoded.text
    assert "unsupported_meta_charset" in decoded.warnings


def test_unknown_meta_name_keeps_its_own_warning() -> None:
    decoded = decode_html(b"<meta charset='klingon-8'><p>ok</p>")
    assert decoded.warnings == ["unknown_charset"]


def test_escape_sequences_in_a_page_stay_text() -> None:
    # Read with unicode_escape, "\ud800" would become a lone surrogate.
    data = b'<meta charset="unicode_escape"><p>\\ud800 and caf\xc3\xa9</p>'
    decoded = decode_html(data)
    assert "\\ud800 and café" in decoded.text
    assert not any("\ud800" <= ch <= "\udfff" for ch in decoded.text)
