"""A forum thread posted as page text comes back with every post in the body."""

from __future__ import annotations

from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp
from tests.conftest import FIXTURES

THREAD = (FIXTURES / "text" / "forum_thread.txt").read_text(encoding="utf-8")
"""Written for this test in the shape forum software prints: four posts, each opened by the
poster's name, the date and the post number."""


def test_every_post_of_a_thread_is_body(client: TestClient[NormalizerApp]) -> None:
    response = client.post("/v1/normalize", json={"text": THREAD})
    assert response.status_code == 200, response.text
    article = response.json()
    body = article["body"]
    assert body.startswith("I am planning a week of walking in the Pyrenees")
    assert "Go for a freestanding tent." in body
    assert "pitch it at home once before you go" in body
    assert "Thanks both, that is really helpful." in body
    removed = {line["text"]: line for line in article["removed"]}
    for furniture in ("Privacy policy", "You must log in or register to reply here.", "* #2"):
        assert furniture in removed
        assert furniture not in body
