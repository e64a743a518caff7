"""Story openers: split when the shape is certain, never invented from an ordinary sentence."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from article_normalizer.normalize.fields.dateline import split_dateline
from article_normalizer.normalize.lines.blocks import split_blocks

ANCHOR = date(2023, 8, 8)

POSITIVE = [
    # language, paragraph, text, location, agency, date, date_raw, rest starts with
    ("en", "BEIJING: The foreign ministers met.", "BEIJING:", "BEIJING", None, None, None, "The"),
    (
        "en",
        "WASHINGTON (Reuters) - The U.S. Senate voted.",
        "WASHINGTON (Reuters) -",
        "WASHINGTON",
        "Reuters",
        None,
        None,
        "The U.S.",
    ),
    (
        "en",
        "SALVADOR, Feb 26 - Showers continued throughout the week.",
        "SALVADOR, Feb 26 -",
        "SALVADOR",
        None,
        "2023-02-26",
        "Feb 26",
        "Showers",
    ),
    ("fr", "PARIS (AFP) — Le président a dit.", "PARIS (AFP) —", "PARIS", "AFP", None, None, "Le"),
    # The source where a region would go: a site's domain, or a known agency.
    (
        "id",
        "JAKARTA, KOMPAS.com - Harga beras mulai turun.",
        "JAKARTA, KOMPAS.com -",
        "JAKARTA",
        None,
        None,
        None,
        "Harga",
    ),
    (
        "id",
        "Jakarta, Antara - Harga beras turun.",
        "Jakarta, Antara -",
        "Jakarta",
        "Antara",
        None,
        None,
        "Harga",
    ),
    (
        "en",
        "PORTLAND, Ore. (AP) — A man was arrested.",
        "PORTLAND, Ore. (AP) —",
        "PORTLAND, Ore.",
        "AP",
        None,
        None,
        "A man",
    ),
    (
        "en",
        "LAS VEGAS --(Business Wire)-- Acme Corp today announced.",
        "LAS VEGAS --(Business Wire)--",
        "LAS VEGAS",
        "Business Wire",
        None,
        None,
        "Acme",
    ),
    (
        "en",
        "NEW YORK, March 27 - Honeywell Bull said.",
        "NEW YORK, March 27 -",
        "NEW YORK",
        None,
        "2023-03-27",
        "March 27",
        "Honeywell",
    ),
    (
        "en",
        "BAGHDAD, Iraq -- Gunmen attacked a convoy.",
        "BAGHDAD, Iraq --",
        "BAGHDAD, Iraq",
        None,
        None,
        None,
        "Gunmen",
    ),
    (
        "pt",
        "Lisboa, 7 ago (Lusa) - O Presidente da República disse.",
        "Lisboa, 7 ago (Lusa) -",
        "Lisboa",
        "Lusa",
        "2023-08-07",
        "7 ago",
        "O Presidente",
    ),
    (
        "es",
        "MADRID, 7 Ago. (EFE).- El Gobierno aprobó.",
        "MADRID, 7 Ago. (EFE).-",
        "MADRID",
        "EFE",
        "2023-08-07",
        "7 Ago.",
        "El Gobierno",
    ),
    (
        "de",
        "BERLIN (dpa) - Die Regierung hat.",
        "BERLIN (dpa) -",
        "BERLIN",
        "dpa",
        None,
        None,
        "Die",
    ),
    (
        "en",
        "BOCA RATON, Fla., March 19 - Sensormatic said.",
        "BOCA RATON, Fla., March 19 -",
        "BOCA RATON, Fla.",
        None,
        "2023-03-19",
        "March 19",
        "Sensormatic",
    ),
    (
        "en",
        "Toronto, March 17 - Stelco Inc said.",
        "Toronto, March 17 -",
        "Toronto",
        None,
        "2023-03-17",
        "March 17",
        "Stelco",
    ),
    (
        "en",
        "New Delhi, Jan 13 (IANS): Check the scribbles.",
        "New Delhi, Jan 13 (IANS):",
        "New Delhi",
        "IANS",
        "2023-01-13",
        "Jan 13",
        "Check",
    ),
    (
        "en",
        "WASHINGTON, Aug. 7, 2021 (UPI) -- The Senate passed the bill.",
        "WASHINGTON, Aug. 7, 2021 (UPI) --",
        "WASHINGTON",
        "UPI",
        "2021-08-07",
        "Aug. 7, 2021",
        "The Senate",
    ),
    (
        "es",
        "BOGOTÁ, 7 de agosto de 2023 (EFE).- El presidente habló.",
        "BOGOTÁ, 7 de agosto de 2023 (EFE).-",
        "BOGOTÁ",
        "EFE",
        "2023-08-07",
        "7 de agosto de 2023",
        "El presidente",
    ),
    (
        "en",
        "WASHINGTON—The president signed the bill.",
        "WASHINGTON—",
        "WASHINGTON",
        None,
        None,
        None,
        "The president",
    ),
]


@pytest.mark.parametrize(
    ("language", "paragraph", "text", "location", "agency", "iso", "raw", "rest"), POSITIVE
)
def test_dateline_is_split_off_the_first_paragraph(
    language: str,
    paragraph: str,
    text: str,
    location: str,
    agency: str | None,
    iso: str | None,
    raw: str | None,
    rest: str,
) -> None:
    dateline, remainder = split_dateline(paragraph, language=language, anchor=ANCHOR)
    assert dateline is not None
    assert (dateline.text, dateline.location, dateline.agency) == (text, location, agency)
    assert (dateline.date, dateline.date_raw) == (iso, raw)
    assert remainder.startswith(rest)
    assert paragraph.startswith(dateline.text)


NEGATIVE = [
    ("en", "Chinese Foreign Minister Wang Yi held a phone conversation with Sergei Lavrov."),
    ("en", "On Monday, China reaffirmed, at least verbally, its strong ties with Russia."),
    ("en", "“Our cooperation contributes to world peace,” he said - and left."),
    ("en", "BREAKING: New fierce clashes between Armenia and Azerbaijan."),
    ("en", "UPDATE - The story has been corrected."),
    ("en", "U.S.-China trade talks stalled on Monday, sources said."),
    ("en", "HONEYWELL BULL SEES REVENUE GROWTH - COMPANY SAYS MORE TO COME"),
    ("en", "The company - which makes chips - said profits rose."),
    ("en", "Washington - The United States is considering more troops."),
    ("en", "She explained: the plan was never approved."),
    ("en", "By Tom Ashby ABUJA, Jan 10 (Reuters) - A militant group said."),
    ("en", "Apple (AAPL) reported results on Tuesday."),
    ("pt", "O ministro disse em Lisboa - segundo a Lusa - que o acordo avança."),
    ("es", "El Gobierno aprobó hoy, 7 de agosto, la reforma."),
    ("de", "Die Regierung in Berlin hat am Montag beschlossen."),
    ("en", "AP: Why did you write the book?"),
    ("en", "GPU: Polaris-derived GPU with 40 compute units"),
    ("en", "UK: 27 confirmed cases"),
    ("en", "GBA SP – 3.59hrs"),
    ("en", "One June 24, 1947 — a pilot saw nine objects."),
]


@pytest.mark.parametrize(("language", "paragraph"), NEGATIVE)
def test_ordinary_opening_has_no_dateline(language: str, paragraph: str) -> None:
    dateline, remainder = split_dateline(paragraph, language=language, anchor=ANCHOR)
    assert dateline is None
    assert remainder == paragraph


def test_december_dateline_published_in_january_takes_the_previous_year() -> None:
    dateline, _ = split_dateline(
        "LONDON, Dec 30 - Markets closed.", language="en", anchor=date(2024, 1, 2)
    )
    assert dateline is not None and dateline.date == "2023-12-30"


def test_datetime_anchor_is_accepted() -> None:
    anchor = datetime(1987, 3, 27, 12, tzinfo=UTC)
    dateline, _ = split_dateline("OTTAWA, March 2 - Spending rose.", language="en", anchor=anchor)
    assert dateline is not None and dateline.date == "1987-03-02"


def test_dateline_alone_leaves_an_empty_rest() -> None:
    dateline, rest = split_dateline("RENO, Nev. --", language="en", anchor=ANCHOR)
    assert dateline is not None and dateline.location == "RENO, Nev."
    assert rest == ""


def _first_story_paragraph(text: str) -> str:
    """The first long line: where the story starts in the seeds (one paragraph per line)."""
    blocks, _ = split_blocks(text)
    return next(b.text for b in blocks if len(b.text.split()) >= 20)


def test_seed_datelines(seeds: dict[str, str]) -> None:
    for name, text in seeds.items():
        paragraph = _first_story_paragraph(text)
        dateline, rest = split_dateline(paragraph, language="en", anchor=ANCHOR)
        if name.startswith("001"):
            assert dateline is not None
            assert (dateline.text, dateline.location) == ("BEIJING:", "BEIJING")
            assert rest.startswith("The foreign ministers")
        else:
            assert dateline is None, name


def test_agency_data_file_is_well_formed() -> None:
    from article_normalizer.rules import load_toml

    data = load_toml("agencies.toml")
    names = [entry["name"] for entry in data["agency"]]
    assert len(names) == len(set(names))
    spellings = [s.casefold() for e in data["agency"] for s in (e["name"], *e.get("aliases", []))]
    assert len(spellings) == len(set(spellings)), "one spelling, one agency"
    assert all(label == label.casefold() for label in data["labels"]["not_places"])
