"""The body classifier: the shipped model, its numpy evaluator, and the rules after it."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from article_normalizer.normalize.lines import classify as classify_mod
from article_normalizer.normalize.lines import features
from article_normalizer.normalize.lines.blocks import Block, split_blocks
from article_normalizer.normalize.lines.classify import (
    Forest,
    classify,
    decide,
    is_headline_shaped,
    model,
)
from article_normalizer.normalize.lines.kinds import BodyContext
from article_normalizer.normalize.page import BODY, Decision
from article_normalizer.rules import LanguageProfile, profile

EN = profile("en")

# A page in the shape of the seeds (written for this test): breadcrumb, section label,
# headline, stamp, story with a related-story headline inside it, then the page's tail.
STORY = [
    "The city council approved a new budget for public transport on Tuesday, raising spending "
    "on buses and trams by a fifth after two years of cuts.",
    "The plan, which passed by 31 votes to 12, funds forty new electric buses and extends the "
    "night tram service to the northern suburbs, the council said in a statement.",
    "Opposition members argued that the increase would force a rise in local taxes next year, "
    "while the mayor said the money would come from parking fees.",
    "“People have waited long enough for a reliable service,” the mayor told reporters after "
    "the vote, adding that the first buses would arrive in the spring.",
    "Transport unions welcomed the decision but said staffing remained the main problem, with "
    "more than a hundred driver positions still vacant across the network.",
    "The council will review the programme in twelve months and publish ridership figures "
    "every quarter, according to the approved text.",
]
TEASER = "Rail operator warns of delays as bridge repairs begin in the east"
PAGE = "\n\n".join(
    [
        "Home » City » Transport",
        "City",
        "Council approves bigger transport budget",
        "Published 12 Mar, 2024 10:15am",
        STORY[0],
        STORY[1],
        STORY[2],
        TEASER,
        STORY[3],
        STORY[4],
        STORY[5],
        "Related Articles",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Contact Us",
        "Subscribe to our newsletter to keep up with everything!",
        "Back to top button",
    ]
)


def _blocks(text: str) -> list[Block]:
    return split_blocks(text)[0]


def _by_text(blocks: list[Block], decisions: list[Decision]) -> dict[str, Decision]:
    return {b.text: d for b, d in zip(blocks, decisions, strict=True)}


def test_story_paragraphs_are_body_and_page_furniture_is_not() -> None:
    blocks = _blocks(PAGE)
    decided = _by_text(blocks, classify(blocks, EN))
    for paragraph in STORY:
        assert decided[paragraph].is_body, paragraph
    for line in [
        "Home » City » Transport",
        "City",
        "Related Articles",
        "Leave a Reply",
        "Contact Us",
        "Subscribe to our newsletter to keep up with everything!",
        "Back to top button",
    ]:
        assert not decided[line].is_body, line


def test_teaser_headline_inside_the_story_is_removed_as_related() -> None:
    blocks = _blocks(PAGE)
    decided = _by_text(blocks, classify(blocks, EN))
    assert decided[TEASER].kind == "related"
    assert decided[TEASER].reason.startswith("context:headline_inside_body")


def test_body_reason_carries_the_model_probability() -> None:
    blocks = _blocks(PAGE)
    decision = _by_text(blocks, classify(blocks, EN))[STORY[0]]
    assert decision.kind == BODY
    assert decision.reason == f"model:{decision.score:.2f}"
    assert 0.5 < decision.score <= 1.0


def test_one_decision_per_block_and_empty_page() -> None:
    blocks = _blocks(PAGE)
    assert len(classify(blocks, EN)) == len(blocks)
    assert classify([], EN) == []


def test_other_languages_keep_their_story() -> None:
    story = [
        "O conselho municipal aprovou na terça-feira um novo orçamento para os transportes "
        "públicos, aumentando em um quinto a despesa com autocarros e elétricos.",
        "O plano, aprovado por 31 votos contra 12, financia quarenta novos autocarros elétricos "
        "e prolonga o serviço noturno até aos subúrbios do norte, disse o conselho.",
        "A oposição argumentou que o aumento obrigaria a subir os impostos locais no próximo "
        "ano, enquanto o presidente da câmara disse que o dinheiro viria do estacionamento.",
        "Os sindicatos saudaram a decisão, mas disseram que a falta de pessoal continua a ser o "
        "principal problema, com mais de cem lugares de motorista por preencher.",
    ]
    text = "\n".join(
        ["Início » Cidade", "Cidade", "Conselho aprova orçamento", *story, "Contactos"]
    )
    blocks = _blocks(text)
    decided = _by_text(blocks, classify(blocks, profile("pt")))
    assert all(decided[p].is_body for p in story)
    assert not decided["Início » Cidade"].is_body


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("China to attend talks on Ukraine in Saudi Arabia that exclude Russia", True),
        ("Rail operator warns of delays as repairs begin", True),
        ("Rail operator warns of delays", False),  # as short as an article's sub-heading
        ("The reaction", False),
        ("The minister said the talks would continue next week.", False),
        ("What happens next?", False),
        ("READ ALSO:", False),
    ],
)
def test_headline_shape(text: str, shaped: bool) -> None:
    assert is_headline_shaped(text) is shaped


def _decide(texts: list[str], proba: list[float], **kwargs: Any) -> list[Decision]:
    blocks = _blocks("\n".join(texts))
    return decide(blocks, np.asarray(proba), EN, threshold=0.5, **kwargs)


def test_headline_between_body_lines_is_related_but_not_at_the_edge() -> None:
    texts = ["Prose one.", TEASER, "Prose two.", TEASER + " again", "Tail"]
    kinds = [d.kind for d in _decide(texts, [0.9, 0.4, 0.9, 0.4, 0.1], island_rule=False)]
    assert kinds[:3] == [BODY, "related", BODY]
    assert kinds[3] == BODY  # no body below it: the end of the run, not inside it


def test_a_body_built_of_sections_keeps_its_sub_headings() -> None:
    # A guide: headline-shaped lines inside the body are its sub-headings, the one the body
    # only grew into (0.4: the model scores a short heading low) too. Judging an extractor's
    # lines (whole_page=False), every such line goes.
    first = "How to choose the right garden spade this spring"
    second = "Why the handle matters more than the blade itself"
    third = "What to look for in the shape of the blade"
    texts = ["Prose one.", first, "Prose two.", second, "Prose three.", third, "Prose four."]
    proba = [0.9, 0.9, 0.9, 0.9, 0.9, 0.4, 0.9]
    page = [d.kind for d in _decide(texts, proba, island_rule=False)]
    assert page[1] == BODY and page[3] == BODY and page[5] == BODY
    extraction = _decide(texts, proba, island_rule=False, whole_page=False)
    assert [extraction[i].kind for i in (1, 3, 5)] == ["related"] * 3


def test_one_confident_headline_inside_a_story_is_still_a_teaser() -> None:
    texts = ["Prose one.", TEASER, "Prose two."]
    assert [d.kind for d in _decide(texts, [0.9] * 3, island_rule=False)][1] == "related"


def test_a_listicles_numbered_headings_join_the_body_when_each_heads_body() -> None:
    texts = [
        "Intro prose.",
        "1. Harbour walk",
        "Prose one.",
        "2. Old lighthouse",
        "Prose two.",
        "3. Fish market",
        "Prose three.",
        "Most read",
        "1. Storms expected along the coast",
        "2. Ferry strike ends",
        "3. Rents rise again",
    ]
    proba = [0.9, 0.2, 0.9, 0.3, 0.9, 0.1, 0.9, 0.05, 0.1, 0.1, 0.1]
    decisions = _decide(texts, proba, island_rule=False)
    assert [decisions[i].kind for i in (1, 3, 5)] == [BODY] * 3
    assert decisions[1].reason.startswith("numbered_heading:")
    # The related list numbers its teasers too, but no body line follows each of them.
    assert not any(d.is_body for d in decisions[7:])


def test_two_numbered_lines_or_numbers_out_of_sequence_stay_out() -> None:
    texts = ["Intro.", "1. Harbour walk", "Prose one.", "2. Old lighthouse", "Prose two."]
    assert not _decide(texts, [0.9, 0.2, 0.9, 0.2, 0.9], island_rule=False)[1].is_body
    texts = ["Intro.", "1. Walk", "Prose.", "4. Lighthouse", "Prose.", "9. Market", "Prose."]
    decisions = _decide(texts, [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9], island_rule=False)
    assert not any(decisions[i].is_body for i in (1, 3, 5))


def test_a_numbered_list_interleaved_with_the_story_stays_out() -> None:
    # A "most read" sidebar a rendering wove between the paragraphs: its last entries run on
    # past the story, so the sequence does not head body lines throughout.
    texts = ["Intro.", "1. Walk", "Prose.", "2. Lighthouse", "Prose.", "3. Market", "Prose."]
    texts += ["4. Ferry strike ends", "Contact us"]
    decisions = _decide(texts, [0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.1, 0.0], island_rule=False)
    assert not any(decisions[i].is_body for i in (1, 3, 5, 7))


def test_teaser_rule_can_be_switched_off() -> None:
    texts = ["Prose one.", TEASER, "Prose two."]
    decisions = _decide(texts, [0.9] * 3, teaser_rule=False, island_rule=False)
    assert [d.kind for d in decisions] == [BODY] * 3


def _name_self_descriptions_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kind namer knows one sign-off ("Example Media is ..."); no lexicon names a line."""

    def fake(
        blocks: list[Block],
        decisions: list[Decision],
        index: int,
        profile: LanguageProfile,
        context: BodyContext | None = None,
    ) -> tuple[str, str]:
        if blocks[index].text.startswith("Example Media is"):
            return "footer", "context:self_description"
        return "other", "kind:unnamed"

    monkeypatch.setattr(classify_mod, "name_kind", fake)
    monkeypatch.setattr(classify_mod, "strong_clutter", lambda text, profile: None)


def test_named_island_after_the_body_is_removed_but_the_story_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _name_self_descriptions_only(monkeypatch)
    texts = ["Para one.", "Para two.", "Para three.", "Example Media", "Example Media is a portal."]
    kinds = [d.kind for d in _decide(texts, [0.9, 0.9, 0.9, 0.1, 0.9])]
    assert kinds == [BODY, BODY, BODY, "other", "footer"]
    # Not separated from the body: the same line stays.
    kinds = [d.kind for d in _decide([*texts[:3], texts[4]], [0.9] * 4)]
    assert kinds == [BODY] * 4


def test_an_island_cut_off_by_grown_lines_is_removed_with_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _name_self_descriptions_only(monkeypatch)
    texts = ["Para one.", "Para two.", "Para three.", "Example Media", "Example Media is a portal."]
    # The outlet's name scores just above the growth floor (0.5 - 0.2) and grows into the body.
    decisions = _decide(texts, [0.9, 0.9, 0.9, 0.35, 0.9])
    assert [d.kind for d in decisions] == [BODY, BODY, BODY, "other", "footer"]
    assert decisions[3].reason.startswith("grown:")
    # Not recognised: the grown line and the island stay.
    kinds = [d.kind for d in _decide([*texts[:4], "A last paragraph."], [0.9, 0.9, 0.9, 0.35, 0.9])]
    assert kinds == [BODY] * 5


def test_post_headers_leave_the_body_the_posts_join() -> None:
    texts = [
        "Forums",
        "hillwalker_77",
        "* Mar 3, 2025",
        "* #1",
        "I am planning a week of walking in the Pyrenees in June and need a tent.",
        "Two people, mostly wild camping above the tree line. Any advice?",
        "marta_k",
        "* Mar 3, 2025",
        "* #2",
        "Go for a freestanding tent, the ground up there is rocky in places.",
        "tomtom",
        "* Mar 4, 2025",
        "* #3",
        "We used a two-person tunnel tent last year and it held up well in the wind.",
        "Contact us",
    ]
    blocks = _blocks("\n".join(texts))
    scores = [0.0, 0.0, 0.1, 0.1, 0.9, 0.9, 0.02, 0.1, 0.6, 0.4, 0.02, 0.1, 0.1, 0.4, 0.0]
    decisions = [
        Decision(kind=BODY if score >= 0.5 else "", reason=f"model:{score:.2f}", score=score)
        for score in scores
    ]
    assert classify_mod._join_thread_posts(blocks, decisions)
    body = [texts[i] for i, d in enumerate(decisions) if d.is_body]
    assert body == [texts[4], texts[5], texts[9], texts[13]]
    assert decisions[8].reason.startswith("thread:post_header")


def test_strong_clutter_overrides_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(text: str, profile: LanguageProfile) -> tuple[str, str] | None:
        return ("comment_box", "lexicon:comment_box") if text == "Leave a Reply" else None

    monkeypatch.setattr(classify_mod, "strong_clutter", fake)
    decisions = _decide(["Leave a Reply", "Prose."], [0.99, 0.99])
    assert (decisions[0].kind, decisions[0].reason) == ("comment_box", "lexicon:comment_box")
    assert decisions[1].is_body


def test_non_body_lines_are_named_by_the_kind_namer(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def fake(
        blocks: list[Block],
        decisions: list[Decision],
        index: int,
        profile: LanguageProfile,
        context: BodyContext | None = None,
    ) -> tuple[str, str]:
        seen.append(index)
        assert decisions[1].is_body  # body decisions are final before naming starts
        return "navigation", "kind:test"

    monkeypatch.setattr(classify_mod, "name_kind", fake)
    monkeypatch.setattr(classify_mod, "strong_clutter", lambda text, profile: None)
    decisions = _decide(["Menu", "Prose.", "Footer"], [0.1, 0.9, 0.2])
    assert seen == [0, 2]
    assert decisions[0].kind == "navigation"
    assert decisions[0].reason == "model:0.10 kind:test"


# --- the model file and its evaluator -----------------------------------------------------


def _model_doc() -> dict[str, Any]:
    with classify_mod.MODEL_PATH.open(encoding="utf-8") as handle:
        doc: dict[str, Any] = json.load(handle)
    return doc


def test_shipped_model_matches_the_feature_code_and_stays_small() -> None:
    doc = _model_doc()
    assert doc["format"] == classify_mod.MODEL_FORMAT
    assert doc["feature_version"] == features.FEATURE_VERSION
    assert doc["version"]
    assert 0.0 < doc["threshold"] < 1.0
    for stage in doc["stages"]:
        roots = stage["roots"]
        assert len(roots) <= 300
        leaves = [1 if s is None else 0 for s in stage["split"]]
        per_tree = np.add.reduceat(leaves, roots)
        assert per_tree.max() <= 31
    assert classify_mod.MODEL_PATH.stat().st_size < 1_500_000


def test_model_refuses_a_different_feature_version() -> None:
    doc = _model_doc()
    doc["feature_version"] = -1
    with pytest.raises(classify_mod.ModelFormatError):
        classify_mod.LineModel.from_dict(doc)


def test_forest_walks_each_row_to_its_leaf() -> None:
    # One stump: feature 0 <= 0.5 -> leaf value -1, else +2; plus a constant tree of 0.5.
    inf = None
    forest = Forest.from_dict(
        {
            "roots": [0, 3],
            "feature": [0, 0, 0, 0],
            "split": [0.5, inf, inf, inf],
            "left": [1, 1, 2, 3],
            "right": [2, 1, 2, 3],
            "value": [0.0, -1.0, 2.0, 0.5],
            "max_depth": 1,
        }
    )
    x = np.array([[0.2], [0.5], [0.9]], dtype=np.float32)
    assert forest.raw_score(x).tolist() == [-0.5, -0.5, 2.5]


def test_a_long_page_walked_in_chunks_gets_the_values_of_one_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from article_normalizer.normalize.lines import forest as forest_mod

    shipped = model().stages[0]
    rng = np.random.default_rng(5)
    x = rng.normal(size=(1000, len(features.FEATURE_NAMES))).astype(np.float32)
    # The numpy walk chunks (the compiled one walks row by row).
    monkeypatch.setattr(forest_mod, "CHUNK_PAIRS", len(x) * len(shipped.roots))
    whole = shipped.leaf_values(x, compiled=False)
    # Chunks of 7 rows: many chunks, the last one short.
    monkeypatch.setattr(forest_mod, "CHUNK_PAIRS", 7 * len(shipped.roots))
    chunked = shipped.leaf_values(x, compiled=False)
    assert chunked.tobytes() == whole.tobytes()
    assert shipped.leaf_values(x[:3]).shape == (3, len(shipped.roots))


def test_numpy_inference_equals_lightgbm() -> None:
    lgb = pytest.importorskip("lightgbm")
    from bench.train_classifier import export_forest

    rng = np.random.default_rng(3)
    width = len(features.FEATURE_NAMES)
    x = rng.normal(size=(3000, width)).astype(np.float32)
    y = (x[:, 0] + 0.5 * x[:, 5] * x[:, 7] - x[:, 40] > 0).astype(int)
    params = {"objective": "binary", "num_leaves": 15, "verbose": -1, "num_threads": 1}
    dataset = lgb.Dataset(x, label=y, feature_name=list(features.FEATURE_NAMES))
    booster = lgb.train(params, dataset, num_boost_round=30)
    forest = Forest.from_dict(export_forest(booster, list(features.FEATURE_NAMES)))
    test = rng.normal(size=(500, width)).astype(np.float32)
    np.testing.assert_allclose(forest.predict(test), booster.predict(test), rtol=1e-9, atol=1e-12)


def test_shipped_model_scores_a_page_quickly_and_in_range() -> None:
    blocks = _blocks(PAGE)
    proba = model().predict_page(blocks, EN)
    assert proba.shape == (len(blocks),)
    assert ((proba >= 0) & (proba <= 1)).all()


# --- the real seeds (read at test time) ---------------------------------------------------

SEED_STORIES = {
    "000": ("The Chinese and Russian foreign ministers", "Among the participants were"),
    "001": ("BEIJING: The foreign ministers", "Since Russian tanks rolled"),
    "002": ("On Monday, China reaffirmed", "Beijing has already made efforts"),
    "003": ("Chinese Foreign Minister Wang Yi held", "Lavrov said that Russia highly"),
    "004": ("China’s top diplomat said Thursday", "Putin, in his first summit"),
}
SEED_CLUTTER = {
    "000": ["Início »", "Contact Us", "Generalist media", "Subscribe Plataforma"],
    "001": ["date 2023-08-07", "World", "China to attend talks on Ukraine"],
    "002": [
        "HomeNEWS",
        "Latest News",
        "Kyrgyzstan and Tajikistan",
        "In an escalating border",
        "READ ALSO",
        "GEOPOLITIKI.COM",
        "PHOTO:",
        "Must Read",
        "Please enter your comment",
    ],
    "003": ["Search Trends"],
    "004": ["Opinion", "This is a global news portal", "Related Articles", "Leave a Reply"],
}


def test_seed_story_paragraphs_are_body_and_clutter_is_not(seeds: dict[str, str]) -> None:
    for name, text in seeds.items():
        key = name[:3]
        blocks = _blocks(text)
        decisions = classify(blocks, EN)
        first, last = SEED_STORIES[key]
        start = next(i for i, b in enumerate(blocks) if b.text.startswith(first))
        end = next(i for i, b in enumerate(blocks) if b.text.startswith(last))
        for i in range(start, end + 1):
            if len(blocks[i].text.split()) >= 15:
                assert decisions[i].is_body, (key, blocks[i].text[:50])
        for prefix in SEED_CLUTTER[key]:
            hits = [d for b, d in zip(blocks, decisions, strict=True) if b.text.startswith(prefix)]
            assert hits, (key, prefix)
            assert not any(d.is_body for d in hits), (key, prefix)


def test_body_grows_into_adjacent_lines_near_the_threshold() -> None:
    texts = ["Menu item", "Intro paragraph.", "- first point", "- second point", "Footer"]
    # threshold 0.5, margin 0.2: the list items (0.35, 0.32) touch the body and join it; the menu
    # line (0.1) and the footer (0.2) stay below 0.3.
    kinds = [d.kind for d in _decide(texts, [0.1, 0.9, 0.35, 0.32, 0.2], island_rule=False)]
    assert kinds[1:4] == ["body", "body", "body"]
    assert kinds[0] != "body" and kinds[4] != "body"
    kept = _decide(texts, [0.1, 0.9, 0.35, 0.32, 0.2], island_rule=False, grow_margin=None)
    assert [d.kind for d in kept][2:4] != ["body", "body"]


def test_a_teaser_cut_off_by_an_ellipsis_never_grows_into_the_body() -> None:
    texts = [
        "The flood barrier held overnight, officials said...",
        "Engineers said on Tuesday that the new barrier had held through the night's storm.",
        "- the barrier closed twice",
    ]
    # Both neighbours come within the margin; only the list item joins the body.
    kinds = [d.kind for d in _decide(texts, [0.35, 0.9, 0.35], island_rule=False)]
    assert kinds[1:] == ["body", "body"]
    assert kinds[0] != "body"


def test_a_page_without_a_line_at_the_threshold_keeps_its_best_lines() -> None:
    texts = ["Menu", "A paragraph of the article.", "Another paragraph.", "Footer"]
    decisions = _decide(texts, [0.02, 0.3, 0.25, 0.05], island_rule=False, grow_margin=None)
    assert [d.kind == "body" for d in decisions] == [False, True, True, False]
    empty = _decide(
        texts, [0.02, 0.3, 0.25, 0.05], island_rule=False, grow_margin=None, fallback_ratio=None
    )
    assert not any(d.kind == "body" for d in empty)


def test_a_body_run_repeating_the_body_is_a_duplicate_and_the_first_copy_stays() -> None:
    # The article printed twice, as a print-friendly copy or a second layout puts it.
    texts = [*STORY, "Advertisement", "Menu", *STORY[:4], "Footer"]
    proba = [*([0.9] * len(STORY)), 0.1, 0.1, *([0.9] * 4), 0.1]
    decisions = _decide(texts, proba, island_rule=False, teaser_rule=False)
    kinds = [d.kind for d in decisions]
    assert kinds[: len(STORY)] == [BODY] * len(STORY)
    copy = len(STORY) + 2
    assert kinds[copy : copy + 4] == ["duplicate"] * 4
    assert decisions[copy].reason.startswith("context:repeats_body")


def test_a_preview_of_the_lead_above_the_article_leaves_the_article_whole() -> None:
    # The first copy stays, and the article below it repeats only part of it: nothing goes.
    texts = [STORY[0], STORY[1], "Menu", "Menu", *STORY]
    proba = [0.9, 0.9, 0.1, 0.1, *([0.9] * len(STORY))]
    decisions = _decide(texts, proba, island_rule=False, teaser_rule=False)
    assert all(d.kind != "duplicate" for d in decisions)


def test_a_lone_repeated_line_is_not_a_copy() -> None:
    texts = [*STORY[:3], "Menu", "Menu", STORY[1], "Menu", "Menu", STORY[4], STORY[5]]
    proba = [0.9, 0.9, 0.9, 0.1, 0.1, 0.9, 0.1, 0.1, 0.9, 0.9]
    decisions = _decide(texts, proba, island_rule=False, teaser_rule=False)
    assert all(d.kind != "duplicate" for d in decisions)


def test_repeats_are_compared_by_run_not_by_line() -> None:
    # A pull quote repeated inside the article, and a run only half made of repeats, stay body.
    quote = STORY[3]
    texts = [STORY[0], quote, STORY[1], "Menu", "Menu", STORY[2], quote]
    proba = [0.9, 0.9, 0.9, 0.1, 0.1, 0.9, 0.9]
    decisions = _decide(texts, proba, island_rule=False, teaser_rule=False)
    assert [d.is_body for d in decisions] == [True, True, True, False, False, True, True]


def test_an_extractors_selection_keeps_both_copies() -> None:
    texts = [STORY[0], STORY[1], STORY[2], "Menu", "Menu", STORY[0], STORY[1]]
    proba = [0.9, 0.9, 0.9, 0.1, 0.1, 0.9, 0.9]
    on = _decide(texts, proba, island_rule=False, teaser_rule=False)
    off = _decide(texts, proba, island_rule=False, teaser_rule=False, whole_page=False)
    assert [d.kind for d in on][5:] == ["duplicate", "duplicate"]
    assert [d.is_body for d in off] == [True, True, True, False, False, True, True]


def test_other_renderings_train_in_their_sites_folds_and_are_never_predicted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A second rendering of a page is the same site's: a fold that holds the site out must not
    # train on it, or the out-of-fold figures would be in sample.
    pytest.importorskip("lightgbm")
    import bench.train_classifier as trainer
    from bench.corpus import DevPage, fold_of

    width = len(features.FEATURE_NAMES)
    rng = np.random.default_rng(11)

    def prepared(page_id: str, url: str) -> trainer.Prepared:
        page = DevPage(id=page_id, source="test", url=url, text="", gt={})
        x = rng.normal(size=(40, width)).astype(np.float32)
        y = (x[:, 0] > 0).astype(np.int8)
        return trainer.Prepared(page, [], EN, x, y)

    urls = [f"https://site{i}.example/a" for i in range(6)]
    data = [prepared(f"p{i}", url) for i, url in enumerate(urls)]
    extra = [prepared(f"p{i}", url) for i, url in enumerate(urls)]
    seen: list[int] = []
    real_train = trainer.train

    def counting_train(matrices: Any, labels: Any, *args: Any) -> Any:
        seen.append(sum(len(m) for m in matrices))
        return real_train(matrices, labels, *args)

    monkeypatch.setattr(trainer, "train", counting_train)
    names = features.FEATURE_NAMES
    probas = trainer.cross_validate(data, [d.x for d in data], names, 3, 5, 7, extra=extra)
    assert [len(p) for p in probas] == [40] * 6
    folds = [fold_of(d.page.site, 3) for d in data]
    # Each fold trains on the other folds' pages, each twice (both renderings).
    assert seen == [2 * 40 * sum(f != fold for f in folds) for fold in range(3)]
