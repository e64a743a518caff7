"""Language identification: hints win, output is ISO 639-1, junk gives None."""

from __future__ import annotations

import pytest

from article_normalizer.normalize.language import (
    _SAMPLE_CHARS,
    _is_prose,
    _sample,
    detect_language,
    iso639_1,
)
from article_normalizer.normalize.lines.blocks import Block, split_blocks


def _detect(text: str, hint: str | None = None) -> str | None:
    return detect_language(split_blocks(text)[0], hint)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The council voted on Tuesday to extend the night bus network to the suburbs.", "en"),
        (
            "O parlamento aprovou nesta terça-feira a proposta de orçamento do próximo ano.",
            "pt",
        ),
        (
            "El gobierno aprobó este martes el presupuesto para el año que viene.",
            "es",
        ),
        (
            "Le conseil municipal a voté mardi l'extension du réseau de bus de nuit.",
            "fr",
        ),
        (
            "Der Stadtrat hat am Dienstag beschlossen, das Nachtbusnetz auszubauen.",
            "de",
        ),
        (
            "Il consiglio comunale ha approvato martedì la nuova rete di autobus notturni.",
            "it",
        ),
        ("Городской совет во вторник проголосовал за расширение сети ночных автобусов.", "ru"),
        ("市议会周二投票决定将夜间公交网络延伸到郊区，该计划预计每年花费约四百万欧元。", "zh"),
    ],
)
def test_prose_language_is_detected(text: str, lang: str) -> None:
    assert _detect(text) == lang


def test_prose_outvotes_long_lists_and_markup() -> None:
    countries = " ".join(["Afghanistan Albania Algeria Andorra Angola Argentina Armenia"] * 4)
    markup = '<div style="position:absolute;"><img width=1 height=1 alt="" src="x.gif"></div>'
    story = (
        "The council voted on Tuesday to extend the night bus network to the outer suburbs, "
        "a plan that has been debated for two years and will cost four million a year."
    )
    assert _detect("\n".join([countries, markup, story])) == "en"


def test_long_lines_outvote_an_english_menu() -> None:
    menu = "\n".join(["Home", "News", "Sport", "Contact us", "Log in", "Subscribe"])
    story = (
        "O parlamento aprovou nesta terça-feira a proposta de orçamento para o próximo ano, "
        "com o apoio de três partidos e a abstenção de outros dois, depois de um longo debate."
    )
    assert _detect(menu + "\n" + story) == "pt"


@pytest.mark.parametrize(
    ("hint", "lang"),
    [("pt", "pt"), ("PT-br", "pt"), ("en_US", "en"), ("fra", "fr"), ("de-DE", "de")],
)
def test_a_usable_hint_wins_over_detection(hint: str, lang: str) -> None:
    assert _detect("The council voted on Tuesday to extend the night bus network.", hint) == lang


def test_an_unusable_hint_falls_back_to_detection() -> None:
    assert _detect("The council voted on Tuesday to extend the night bus network.", "x!") == "en"


@pytest.mark.parametrize("text", ["", "12 34 56 78 90 2023-01-01 12:00", "||| --- *** ###", "ok"])
def test_junk_has_no_language(text: str) -> None:
    assert _detect(text) is None


@pytest.mark.parametrize(
    ("code", "iso"),
    [
        ("en", "en"),
        ("EN-gb", "en"),
        ("arz", "ar"),
        ("yue", "zh"),
        ("ell", "el"),
        ("ger", "de"),
        ("swe", "sv"),
        ("zho-Hant", "zh"),
        ("tgl", "tl"),
        ("nob", "no"),
        ("zxx", None),
        ("xyz", None),
        ("und", None),
        ("", None),
    ],
)
def test_codes_fold_to_iso_639_1(code: str, iso: str | None) -> None:
    assert iso639_1(code) == iso


def test_seeds_are_english(seeds: dict[str, str]) -> None:
    for name, text in seeds.items():
        assert _detect(text) == "en", name


_SAMPLES = [
    "The council voted on Tuesday to extend the night bus network to the suburbs.",
    "O parlamento aprovou nesta terça-feira a proposta de orçamento do próximo ano.",
    "Le conseil municipal a voté mardi l'extension du réseau de bus de nuit.",
    "Der Stadtrat hat am Dienstag beschlossen, das Nachtbusnetz auszubauen.",
    "Городской совет во вторник проголосовал за расширение сети ночных автобусов.",
    "市议会周二投票决定将夜间公交网络延伸到郊区。",
    "مجلس المدينة صوت يوم الثلاثاء على توسيع شبكة الحافلات الليلية",
    "Η δημοτική επιτροπή ψήφισε την Τρίτη την επέκταση του δικτύου",
    "市議会は火曜日、夜行バス網を郊外に延長することを決めた。",
    "Share | Tweet | Email | Print",
]


def _strings(count: int) -> list[str]:
    """Whole samples, and random mixes of their words, cut at random places (seeded)."""
    import random

    rng = random.Random(1445)
    words = " ".join(_SAMPLES).split()
    out = list(_SAMPLES)
    while len(out) < count:
        text = " ".join(rng.choices(words, k=rng.randint(1, 30)))
        out.append(text[: rng.randint(1, len(text))])
    return out


def test_the_in_memory_model_identifies_exactly_as_the_librarys_loader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from article_normalizer.normalize.language import _identifier

    library = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    def no_temporary_files(*args: object, **kwargs: object) -> object:
        raise AssertionError("the model was copied to a temporary file")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_temporary_files)
    _identifier.cache_clear()
    ours = _identifier()
    assert ours.nb_classes == library.nb_classes
    assert (ours.nb_ptc == library.nb_ptc).all()
    assert (ours.nb_pc == library.nb_pc).all()
    assert ours.tk_nextmove == library.tk_nextmove
    assert ours.tk_row == library.tk_row
    assert ours.tk_output == library.tk_output
    for text in _strings(400):
        assert ours.classify(text) == library.classify(text), text


def test_the_compiled_walk_ranks_every_language_to_the_last_bit_as_the_library() -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from article_normalizer.normalize.language import COMPILED, _identifier

    assert COMPILED, "the package's build compiles the automaton walk"
    library = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ours = _identifier()
    assert type(ours) is not LanguageIdentifier
    texts = [*_strings(400), "", "1234 5678", "日本語の文章です。", "\x00\x01\x02"]
    for text in texts:
        assert ours.rank(text) == library.rank(text), text


def _sample_by_sorting(blocks: list[Block]) -> list[str]:
    """The sample as first defined: every line sorted by (prose, length), longest first."""
    ordered = sorted(blocks, key=lambda b: (_is_prose(b.text), len(b.text)), reverse=True)
    sample: list[str] = []
    size = 0
    for block in ordered:
        sample.append(block.text)
        size += len(block.text)
        if size >= _SAMPLE_CHARS:
            break
    return sample


PROSE = "The council voted on Tuesday to extend the night bus network to the suburbs. "


@pytest.mark.parametrize(
    "text",
    [
        # Prose fills the sample: the menu and the country list are never read.
        "Home | News | Sport\n" + "\n".join(PROSE * k for k in (3, 5, 2, 5, 4, 6)),
        # Too little prose: the longest other lines follow it, ties in page order.
        "France, Germany, Italy, Spain, Portugal, Belgium, Austria\n"
        + PROSE
        + "\nAustria, Belgium, France, Germany, Italy, Portugal, Spain\nShort\nLines",
        # No prose at all, and an empty page.
        "Home\nNews\nSport",
        "",
    ],
)
def test_sample_is_the_longest_prose_then_the_longest_other_lines(text: str) -> None:
    blocks = split_blocks(text)[0]
    assert _sample(blocks) == _sample_by_sorting(blocks)
