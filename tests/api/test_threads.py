"""Threads and comment sections: a forum's posts are its content, a story's comments are not."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp
from tests.api.conftest import article_for
from tests.conftest import FIXTURES


def _kinds(article: Any) -> dict[str, str]:
    """Each removed line's text -> its kind."""
    return {line["text"]: line["kind"] for line in article["removed"]}


THREAD = (FIXTURES / "text" / "forum_thread.txt").read_text(encoding="utf-8")
"""Written for this test in the shape forum software prints: four posts, each opened by the
poster's name, the date and the post number."""


def test_every_post_of_a_thread_is_body(client: TestClient[NormalizerApp]) -> None:
    article = article_for(client, THREAD)
    body = article["body"]
    assert body.startswith("I am planning a week of walking in the Pyrenees")
    assert "Go for a freestanding tent." in body
    assert "pitch it at home once before you go" in body
    assert "Thanks both, that is really helpful." in body
    removed = {line["text"]: line for line in article["removed"]}
    for furniture in ("Privacy policy", "You must log in or register to reply here.", "* #2"):
        assert furniture in removed
        assert furniture not in body


STORY = (FIXTURES / "text" / "story_with_comments.txt").read_text(encoding="utf-8")
"""Written for this test: a local news story with three readers' comments under its heading."""


def test_readers_comments_under_a_story_are_named_not_body(
    client: TestClient[NormalizerApp],
) -> None:
    article = article_for(client, STORY)
    assert article["body"].startswith("The city council approved next year's budget")
    assert "The new budget takes effect on the first of April." in article["body"]
    assert "bucket under the ceiling" not in article["body"]
    assert "potholes" not in article["body"]
    kinds = _kinds(article)
    comment = next(text for text in kinds if text.startswith("Finally some real money"))
    assert kinds[comment] == "comment"
    assert kinds["3 Comments"] == "comment"


BLOG = (FIXTURES / "text" / "blog_comments_de.txt").read_text(encoding="utf-8")
"""Written for this test: a German blog post as a WordPress theme prints it, its readers'
comments under the theme's heading "3 Gedanken zu „Title“", each with the commenter's name, a
time stamp and an "Antworten" link."""


def test_comments_under_a_blog_templates_heading_are_named_not_body(
    client: TestClient[NormalizerApp],
) -> None:
    article = article_for(client, BLOG)
    assert article["language"] == "de"
    assert article["body"].startswith("Im Frühjahr habe ich zum ersten Mal Tomaten")
    assert "spanne ein kleines Dach über die Pflanzen." in article["body"]
    for comment in ("Vlies gegen die Braunfäule", "Cocktailtomaten", "Danke euch beiden"):
        assert comment not in article["body"]
    kinds = _kinds(article)
    heading = next(text for text in kinds if text.startswith("3 Gedanken zu"))
    assert kinds[heading] == "comment"
    first = next(text for text in kinds if text.startswith("Bei mir hat ein Vlies"))
    assert kinds[first] == "comment"
