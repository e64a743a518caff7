"""Inputs built to break decoding come back as client errors or articles, never a 500."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp
from tests.api.conftest import post_body, problem_code

STORY = (
    "The city council voted on Tuesday to approve the new transport budget after a long "
    "debate, officials told reporters outside the town hall late in the evening."
)
TEXT = f"Council approves transport budget\n\n{STORY}\n\n{STORY}"


def test_lone_surrogate_escape_in_json_is_not_a_server_error(
    client: TestClient[NormalizerApp],
) -> None:
    body = b'{"text": "abc \\ud800 def\\n' + TEXT.encode().replace(b"\n", b"\\n") + b'"}'
    response = post_body(client, body, "application/json")
    # msgspec refuses the escape: a client error, as any other malformed JSON.
    assert response.status_code == 400, response.text
    assert problem_code(response.json()) == "invalid_json"


@pytest.mark.parametrize("charset", ["base64", "zlib", "hex", "rot13", "unicode_escape", "utf-7"])
def test_declared_transform_charset_is_a_415(
    client: TestClient[NormalizerApp], charset: str
) -> None:
    response = post_body(client, TEXT.encode(), f"text/plain; charset={charset}")
    assert response.status_code == 415, response.text
    assert problem_code(response.json()) == "unsupported_media_type"


def test_page_meta_charset_naming_a_transform_is_ignored_with_a_warning(
    client: TestClient[NormalizerApp],
) -> None:
    page = (
        '<html><head><meta charset="base64"><title>Council approves transport budget</title>'
        f"</head><body><h1>Council approves transport budget</h1><p>{STORY}</p><p>{STORY}</p>"
        "</body></html>"
    )
    response = post_body(client, page.encode(), "text/html")
    assert response.status_code == 200, response.text
    article = response.json()
    assert "transport budget" in article["body"]
    assert "unsupported_meta_charset" in article["warnings"]
