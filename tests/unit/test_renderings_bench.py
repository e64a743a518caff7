"""bench.renderings renders a page the ways scrapers do, and the Markdown ones are read as such."""

from __future__ import annotations

from bench.corpus import DevPage
from bench.renderings import RENDERERS, markdown_share, render, rendered

HTML = (
    "<html><head><title>Harbour</title><script>var x = 1;</script></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
    "<li><a href='/sport'>Sport</a></li></ul></nav>"
    "<h1>Harbour rebuild to start in spring</h1>"
    "<p>The ministers agreed on a plan to rebuild the <a href='/harbour'>harbour</a>.</p>"
    "<p>Work starts once the survey of the <b>old quay</b> is done.</p>"
    "</body></html>"
)


def _page() -> DevPage:
    return DevPage(
        id="p1",
        source="test",
        url=None,
        text="Home\nWorld\n\nHarbour rebuild to start in spring\n\nThe ministers agreed.",
        gt={"body": "The ministers agreed on a plan to rebuild the harbour."},
        html=HTML,
    )


def test_each_renderer_shows_the_page_text_and_no_script() -> None:
    for name in RENDERERS:
        page_id, text = render(("p1", name, HTML))
        assert page_id == "p1" and text is not None, name
        assert "rebuild the" in text and "old quay" in text, name
        assert "var x" not in text, name


def test_the_markdown_renderings_are_read_as_markdown_and_the_others_are_not() -> None:
    texts = {name: render(("p1", name, HTML))[1] or "" for name in RENDERERS}
    assert markdown_share({"a": texts["html2text"]}) == 1.0
    assert markdown_share({"a": texts["markdownify"]}) == 1.0
    assert markdown_share({"a": texts["soup"]}) == 0.0


def test_soup_lines_puts_every_text_node_on_its_own_line() -> None:
    text = render(("p1", "soup-lines", HTML))[1] or ""
    assert "The ministers agreed on a plan to rebuild the\nharbour\n." in text


def test_a_renderer_that_fails_leaves_the_page_out() -> None:
    assert render(("p1", "soup", None))[1] is None  # type: ignore[arg-type]


def test_the_corpus_text_and_the_region_need_no_rendering() -> None:
    page = _page()
    assert rendered([page], "inscriptis", 1) == {"p1": page.text}
    assert rendered([page], "region", 1) == {"p1": page.truth}
