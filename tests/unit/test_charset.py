"""Decoding HTML bytes: declarations honoured when true, overruled when they lie, never a crash."""

from __future__ import annotations

import pytest

from article_normalizer.normalize.html.charset import codec_name, decode_html
from tests.conftest import FIXTURES

HTML = FIXTURES / "html"


@pytest.mark.parametrize(
    ("name", "content_type", "encoding", "source", "expected_text"),
    [
        ("ru_windows1251.html", None, "cp1251", "meta", "В Казани открылся новый мост"),
        (
            "ja_shift_jis.html",
            "text/html; charset=Shift_JIS",
            # Browsers read the Shift_JIS label as Windows' superset of it.
            "cp932",
            "header",
            "北海道で記録的な大雪",
        ),
        ("pt_iso8859-1.html", None, "cp1252", "meta", "São João del-Rei"),
    ],
)
def test_declared_charset_is_used(
    name: str, content_type: str | None, encoding: str, source: str, expected_text: str
) -> None:
    decoded = decode_html((HTML / name).read_bytes(), content_type)
    assert (decoded.encoding, decoded.source) == (encoding, source)
    assert expected_text in decoded.text
    assert decoded.warnings == []


def test_latin1_label_reads_as_windows_1252_like_browsers() -> None:
    # The page is labelled ISO-8859-1 but uses byte 0x97, the em dash of windows-1252.
    decoded = decode_html((HTML / "pt_iso8859-1.html").read_bytes())
    assert "SÃO JOÃO DEL-REI — A edição" in decoded.text


def test_undeclared_shift_jis_is_detected() -> None:
    decoded = decode_html((HTML / "ja_shift_jis.html").read_bytes())
    assert decoded.source == "detected"
    assert "札幌市では観測史上最も多い積雪" in decoded.text


def test_utf8_bytes_under_a_single_byte_declaration_are_read_as_utf8() -> None:
    decoded = decode_html((HTML / "fr_utf8_declared_cp1252.html").read_bytes())
    assert decoded.encoding == "utf-8"
    assert "La grève des contrôleurs aériens" in decoded.text
    assert "declared_charset_overridden" in decoded.warnings


def test_declared_utf8_that_does_not_decode_falls_back_to_detection() -> None:
    decoded = decode_html((HTML / "ru_windows1251_declared_utf8.html").read_bytes())
    assert decoded.encoding == "cp1251"
    assert "Строительство моста длиной около восьмисот метров" in decoded.text
    assert "declared_charset_mismatch" in decoded.warnings
    assert "invalid_bytes_replaced" not in decoded.warnings


@pytest.mark.parametrize("content_type", ["text/html; charset=x-no-such-charset", "charset="])
def test_unknown_charset_name_is_skipped_not_raised(content_type: str) -> None:
    decoded = decode_html((HTML / "ru_windows1251.html").read_bytes(), content_type)
    assert decoded.encoding == "cp1251"
    assert "В Казани" in decoded.text


def test_unknown_name_in_meta_warns_and_still_decodes() -> None:
    data = "<meta charset='klingon-8'><p>Olá, mundo</p>".encode()
    decoded = decode_html(data)
    assert decoded.text.endswith("Olá, mundo</p>")
    assert "unknown_charset" in decoded.warnings


def test_invalid_bytes_are_replaced_and_reported() -> None:
    data = b"<p>caf\xc3\xa9 ok</p>" + bytes(range(0x80, 0x100)) * 4 + b"\xff\xfe\xfd"
    decoded = decode_html(data, "text/html; charset=utf-8")
    assert "café ok" in decoded.text
    assert "\ufffd" in decoded.text
    assert "invalid_bytes_replaced" in decoded.warnings


def test_byte_order_mark_wins_over_declaration() -> None:
    data = "<meta charset='windows-1251'><p>naïve café</p>".encode("utf-8-sig")
    decoded = decode_html(data)
    assert decoded.source == "bom"
    assert decoded.text == "<meta charset='windows-1251'><p>naïve café</p>"


def test_meta_declaring_utf16_in_ascii_bytes_reads_utf8() -> None:
    data = "<meta charset='utf-16'><p>Zürich</p>".encode()
    decoded = decode_html(data)
    assert decoded.text.endswith("<p>Zürich</p>")


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("UTF-8", "utf-8"),
        ("iso-8859-1", "cp1252"),
        ("Windows-1251", "cp1251"),
        ('"shift_jis"', "cp932"),
        ("ks_c_5601-1987", "cp949"),
        ("tis-620", "cp874"),
        ("x-mac-cyrillic", "mac-cyrillic"),
        ("unicode-1-1-utf-8", "utf-8"),
        ("cp1250", "cp1250"),
        ("base64", None),
        ("x-user-defined", None),
        ("x-unknown", None),
        ("", None),
    ],
)
def test_codec_name(label: str, codec: str | None) -> None:
    assert codec_name(label) == codec


def test_korean_page_under_its_legacy_label_is_read_as_declared() -> None:
    # Python knows no codec named ks_c_5601-1987; the WHATWG table reads it as Korean.
    page = '<meta charset="ks_c_5601-1987"><p>서울 지하철 9호선 연장 구간 개통</p>'
    decoded = decode_html(page.encode("cp949"))
    assert (decoded.encoding, decoded.source, decoded.warnings) == ("cp949", "meta", [])
    assert "지하철 9호선" in decoded.text


def test_empty_bytes_decode_to_empty_text() -> None:
    assert decode_html(b"").text == ""
