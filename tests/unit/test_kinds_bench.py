"""bench.kinds: the per-kind scores, the naming precision and the confusion listing."""

from __future__ import annotations

import io
from collections import Counter

from bench.corpus import DevPage
from bench.kinds import PageResult, Wrong, print_confusion, score_page, summarise


def _result(pairs: dict[tuple[str, str], int], wrong: list[Wrong] | None = None) -> PageResult:
    result = PageResult(site="example.org", wrong=wrong or [])
    result.pairs["html"] = Counter(pairs)
    result.removed["html"] = sum(pairs.values())
    result.accounted["html"] = 1.0
    return result


def test_naming_precision_leaves_out_lines_the_truth_keeps_in_the_body() -> None:
    summary = summarise(
        [_result({("share", "share"): 3, ("body", "share"): 2, ("footer", "share"): 1})]
    )
    share = summary["html"]["kinds"]["share"]
    assert share["precision"] == 0.5
    assert share["naming_precision"] == 0.75
    assert share["recall"] == 1.0


def test_confusion_lists_the_silver_kinds_and_reasons_of_wrong_names() -> None:
    wrong = [
        Wrong(
            "html",
            "navigation",
            "newsletter",
            "Newsletters",
            "lexicon:newsletter",
            "markup:nav",
            "p1",
        ),
        Wrong(
            "html",
            "navigation",
            "newsletter",
            "Newsletter",
            "lexicon:newsletter",
            "markup:nav",
            "p2",
        ),
        Wrong("html", "footer", "share", "RSS", "lexicon:share", "markup:footer", "p3"),
    ]
    out = io.StringIO()
    print_confusion([_result({}, wrong)], ["newsletter"], "html", 5, out)
    text = out.getvalue()
    assert "named newsletter but silver is not: 2 lines" in text
    assert "silver navigation" in text and "2" in text
    assert "'Newsletters'" in text
    assert "RSS" not in text


def test_a_page_records_the_lines_it_names_against_their_markup() -> None:
    story = (
        "The harbour council voted on Monday night to rebuild the old pier, ending months of "
        "argument about what the work would cost the town and who would pay for it."
    )
    second = (
        "Work on the new deck is due to start in the spring, and the ferry will call at the "
        "harbour wall until the pier reopens late next year, the council said."
    )
    html = (
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>Newsletters</a>"
        "</li></ul></nav>"
        f"<article><h1>Council backs pier rebuild</h1><p>{story}</p><p>{second}</p>"
        "</article><footer><p><a href='/about'>About us</a></p></footer></body></html>"
    )
    page = DevPage(
        id="fixture:pier",
        source="fixture",
        url="https://example.org/pier",
        text=f"Home\nNewsletters\n\n{story}\n\n{second}\n\nAbout us",
        gt={"body": f"{story}\n{second}"},
        html=html,
    )
    result = score_page(page)
    assert result.error is None
    assert result.pairs["html"][("navigation", "navigation")] == 2
    assert result.pairs["html"][("footer", "footer")] == 1
    assert all(w.silver != w.predicted for w in result.wrong)
