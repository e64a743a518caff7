"""Outlet precedence (metadata, known outlet, text clue, domain) and the url helpers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from article_normalizer.normalize import RawDocument, normalize
from article_normalizer.normalize.fields.outlet import find_outlet
from article_normalizer.normalize.lines.blocks import split_blocks
from article_normalizer.normalize.page import BODY, Decision, Page, PageMetadata
from article_normalizer.normalize.urls import host_and_domain, page_url, site_domain
from article_normalizer.rules import profile
from article_normalizer.rules.fields import outlet_rules

NOW = datetime(2023, 8, 8, 10, 0, tzinfo=UTC)
STORY = "The council voted on Tuesday to extend the night bus network to the outer suburbs.\n"


def _page(
    text: str, *, url: str | None = None, lang: str = "en", metadata: PageMetadata | None = None
) -> Page:
    blocks, _ = split_blocks(text)
    decisions = [
        Decision(kind=BODY if len(b.text.split()) >= 10 else "other", reason="test") for b in blocks
    ]
    return Page(
        blocks=blocks,
        decisions=decisions,
        language=lang,
        profile=profile(lang),
        reference_time=NOW,
        url=url,
        metadata=metadata,
    )


def test_metadata_site_name_wins() -> None:
    page = _page(
        STORY + "© 2023 Other Name",
        url="https://www.lemonde.fr/x",
        metadata=PageMetadata(site_name="Le Monde.fr"),
    )
    outlet = find_outlet(page).value
    assert outlet is not None
    assert (outlet.name, outlet.domain, outlet.source) == ("Le Monde.fr", "lemonde.fr", "metadata")


@pytest.mark.parametrize(
    ("declared", "name"),
    [
        ("Copyright (c) 2012 Harbour News Internet Ventures", "Harbour News Internet Ventures"),
        ("© 1998-2011, Гавань", "Гавань"),
        ("海港新闻网版权所有", "海港新闻网"),
        ("Coastal Courier. All rights reserved.", "Coastal Courier"),
        # casefold lengthens "ß": the phrase is cut where it starts in the name as written
        ("Straße Kurier. Alle Rechte vorbehalten.", "Straße Kurier"),
        ("© 2011 Coastal Courier, Llc", "Coastal Courier"),
        ("© 2004 Harbour News & Media", "Harbour News & Media"),
        ("Coastal Courier Media", "Coastal Courier Media"),  # no notice: kept as declared
    ],
)
def test_a_site_name_copied_from_a_copyright_notice_is_read_without_it(
    declared: str, name: str
) -> None:
    page = _page(STORY, metadata=PageMetadata(site_name=declared))
    outlet = find_outlet(page).value
    assert outlet is not None
    assert (outlet.name, outlet.source) == (name, "metadata")


@pytest.mark.parametrize("declared", ["©", "Copyright 2024", "All rights reserved"])
def test_a_bare_copyright_notice_names_no_outlet(declared: str) -> None:
    page = _page(STORY, metadata=PageMetadata(site_name=declared))
    assert find_outlet(page).value is None


@pytest.mark.parametrize(
    ("url", "name", "domain"),
    [
        ("https://www.theguardian.com/world/2023/aug/07/x", "The Guardian", "theguardian.com"),
        ("http://news.bbc.co.uk/2/hi/europe/1.stm", "BBC News", "bbc.co.uk"),
        ("https://money.cnn.com/2017/01/01/x.html", "CNN Money", "cnn.com"),
        ("https://www.spiegel.de/politik/x", "DER SPIEGEL", "spiegel.de"),
        ("https://elpais.com/internacional/x.html", "EL PAÍS", "elpais.com"),
        (
            "https://web.archive.org/web/20130203030954/http://www.foxnews.com/us/x/",
            "Fox News",
            "foxnews.com",
        ),
    ],
)
def test_known_outlets_by_domain(url: str, name: str, domain: str) -> None:
    outlet = find_outlet(_page(STORY + "© 2023 Someone Else", url=url)).value
    assert outlet is not None
    assert (outlet.name, outlet.domain, outlet.source) == (name, domain, "known_outlet")


@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("en", STORY + "© 2023 The Daily Example. All rights reserved.", "The Daily Example"),
        ("en", STORY + "Copyright 2008-2023 Example Weekly", "Example Weekly"),
        ("en", STORY + "Subscribe Example Post Newsletter to keep up!", "Example Post"),
        ("en", STORY + "EXAMPLENEWS.COM – Share the news with your friends!", "EXAMPLENEWS"),
        ("en", STORY + "READ ALSO: Another story about the buses – DAILYEX", "DAILYEX"),
        (
            "en",
            STORY + "ExamplePress\nThis is a global news portal for general news and views.",
            "ExamplePress",
        ),
        ("en", STORY + "* ©2005-2017 Example Digest, Inc.", "Example Digest"),
        (
            "en",
            STORY + "All content is copyrighted © 2017 The Example Tribune.",
            "The Example Tribune",
        ),
        ("en", STORY + "© 2017 BGX Media. All rights reserved.", "BGX"),
        ("pt", STORY + "© 2023 Jornal Exemplo. Todos os direitos reservados.", "Jornal Exemplo"),
        ("pt", STORY + "Assine a newsletter do Diário Exemplo", "Diário Exemplo"),
        ("fr", STORY + "Abonnez-vous à la newsletter du Courrier Exemple", "Courrier Exemple"),
        ("es", STORY + "Suscríbete al boletín de Diario Ejemplo", "Diario Ejemplo"),
    ],
)
def test_text_clues_name_the_outlet(lang: str, text: str, name: str) -> None:
    # The masthead prints the name too, as a publication's page does.
    outlet = find_outlet(_page(f"{name}\n{text}", lang=lang)).value
    assert outlet is not None
    assert (outlet.name, outlet.source) == (name, "text")


@pytest.mark.parametrize(
    "line",
    [
        "Sign Up For Free Newsletter",
        "© 2017 All Rights Reserved",
        "Portions are © 1998-2017 by individual example.org contributors.",
        "Follow Us On Instagram",
        "Subscribe To Newsletter",
        "Copyright Policy",
        "© Copyright 2017",
    ],
)
def test_generic_words_are_not_outlet_names(line: str) -> None:
    assert find_outlet(_page(STORY + line)).value is None


def _printed_page(masthead: str, times: int, notice: str, *, url: str | None = None) -> Page:
    """A page that prints its publication ``times`` times and ends in an owner's notice."""
    lines = [f"{masthead} Home", STORY.strip()]
    lines += [f"More on {masthead}: story {n} of the week" for n in range(times - 1)]
    return _page("\n".join([*lines, notice]), url=url)


@pytest.mark.parametrize(
    ("masthead", "notice"),
    [
        # the initials of the notice's name, written as the page prints them
        ("HNW", "© 2016 Harbour News Works, Inc. All Rights Reserved."),
        # a leading run of its words
        ("Coastal Ledger", "© 2017 Coastal Ledger Media Network"),
        # the capitals of a camel-case name
        ("БГК", "© 2012 БережнаяГазетаКомпани"),
    ],
)
def test_a_notice_naming_the_owner_yields_to_the_publication_the_page_prints(
    masthead: str, notice: str
) -> None:
    outlet = find_outlet(_printed_page(masthead, 6, notice)).value
    assert outlet is not None
    assert (outlet.name, outlet.source) == (masthead, "text")


def test_a_notice_name_the_page_prints_elsewhere_is_kept_whole() -> None:
    # "The Harbour Times" on three lines: the masthead, though "Harbour" is printed far more.
    text = "\n".join(
        ["The Harbour Times", STORY.strip(), "Harbour ferries, Harbour walks and Harbour bars"]
        + [f"Harbour story {n} from The Harbour Times" for n in range(8)]
        + ["© 2017 The Harbour Times"]
    )
    outlet = find_outlet(_page(text)).value
    assert outlet is not None
    assert outlet.name == "The Harbour Times"


def test_a_shortening_printed_too_rarely_is_not_taken() -> None:
    # Nor is the notice's own name, which the page prints nowhere else: no url, no answer.
    assert find_outlet(_printed_page("HNW", 2, "© 2016 Harbour News Works")).value is None
    page = _printed_page("HNW", 2, "© 2016 Harbour News Works", url="https://harbournews.net/a")
    outlet = find_outlet(page).value
    assert outlet is not None
    assert outlet.name == "Harbour News Works"


def test_with_a_url_the_shortening_must_fit_the_domain_as_the_notice_did() -> None:
    page = _printed_page("HNW", 6, "© 2016 Harbour News Works", url="https://harbournews.net/a")
    outlet = find_outlet(page).value
    assert outlet is not None
    assert (outlet.name, outlet.source) == ("Harbour News Works", "text")


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("© 2017 Harbour Courier L.P. All Rights Reserved", "Harbour Courier"),
        ("© 2006–2017 The Example Web B.V. Made in Amsterdam.", "The Example Web"),
        ("© 2017 Example Papers Limited Powered by WordPress.com VIP", "Example Papers"),
    ],
)
def test_a_company_form_abbreviated_with_dots_is_not_part_of_the_name(line: str, name: str) -> None:
    outlet = find_outlet(_page(f"{name}\n{STORY}{line}")).value
    assert outlet is not None
    assert outlet.name == name


def test_a_follow_line_naming_the_author_is_not_the_outlet() -> None:
    page = _page(
        STORY + "Follow Dana Whitfield on Twitter\nSubscribe to the Harbour Post newsletter"
    )
    outlet = find_outlet(page, authors=["Dana Whitfield"]).value
    assert outlet is not None
    assert outlet.name == "Harbour Post"
    assert find_outlet(_page(STORY + "Follow Dana Whitfield on Twitter")).value is not None


@pytest.mark.parametrize(
    "notice",
    [
        "© 2025 Coastway Media Network Inc. All rights reserved.",
        "Copyright © 2019 Harbourside Publications",
    ],
)
def test_without_a_url_a_notice_name_printed_nowhere_else_is_no_answer(notice: str) -> None:
    # Most often the owning company's name, which the publication's readers never see.
    assert find_outlet(_page(STORY + notice)).value is None


def test_a_well_known_publication_named_only_in_its_notice_is_the_outlet() -> None:
    outlet = find_outlet(_page(STORY + "© 1996-2024 The Washington Post")).value
    assert outlet is not None
    assert (outlet.name, outlet.source) == ("The Washington Post", "text")


@pytest.mark.parametrize(
    ("masthead", "notice"),
    [
        ("Example Sketchbook", "© Example Sketchbook 2012-2025"),
        ("Harbour Jones", "Copyright © 2024 Harbour Jones & Company, Inc. All rights reserved."),
    ],
)
def test_a_notice_name_loses_its_years_and_the_joiner_before_a_company_form(
    masthead: str, notice: str
) -> None:
    outlet = find_outlet(_page(f"{masthead}\n{STORY}{notice}")).value
    assert outlet is not None
    assert outlet.name == masthead


def test_well_known_host_printed_on_a_url_less_page() -> None:
    text = "Visit theguardian.com for more\n" + STORY + "Contact theguardian.com\n© 2017 Owner Co"
    outlet = find_outlet(_page(text)).value
    assert outlet is not None
    assert (outlet.name, outlet.source) == ("The Guardian", "text")


def test_text_name_unrelated_to_the_domain_yields_to_the_domain() -> None:
    page = _page(STORY + "© 2017 Discovery Communications", url="https://www.seekerx.net/a")
    outlet = find_outlet(page).value
    assert outlet is not None
    assert (outlet.name, outlet.source) == ("Seekerx", "domain")


def test_agency_copyright_is_not_the_outlet() -> None:
    page = _page(STORY + "Copyright 2008 The Associated Press. All rights reserved.")
    assert find_outlet(page).value is None


def test_a_notice_naming_initials_yields_to_the_name_the_page_spells_out() -> None:
    masthead = "Harbour Evening Times\n"
    page = _page(masthead * 3 + STORY + "© 2024 HET Holdings, Inc. All rights reserved.")
    outlet = find_outlet(page).value
    assert outlet is not None and outlet.name == "Harbour Evening Times"
    # Spelt out on too few lines, the initials stay, where the page prints them.
    page = _page("HET\n" + masthead + STORY + "© 2024 HET Holdings, Inc. All rights reserved.")
    outlet = find_outlet(page).value
    assert outlet is not None and outlet.name == "HET"


@pytest.mark.parametrize("credit", ["© Jane Doe/imago", "Copyright Jane Doe/Copyright 2024 The AP"])
def test_a_photo_credit_under_a_copyright_mark_is_passed_over(credit: str) -> None:
    # Read from the foot up, the credit comes first.
    page = _page(
        "Harbour Times\n" + STORY + "© 2024 Harbour Times. All rights reserved.\n" + STORY + credit
    )
    outlet = find_outlet(page).value
    assert outlet is not None and outlet.name == "Harbour Times"
    assert find_outlet(_page(STORY + credit)).value is None


def test_unknown_domain_is_named_as_the_page_spells_it() -> None:
    page = _page("TodayPress\n" + STORY, url="https://www.todaypress.net/world/x")
    outlet = find_outlet(page).value
    assert outlet is not None
    assert (outlet.name, outlet.domain, outlet.source) == (
        "TodayPress",
        "todaypress.net",
        "domain",
    )


@pytest.mark.parametrize(
    ("printed", "url", "name"),
    [
        ("Harbour Sun\nHarbour Sun\nHarboursun", "https://www.harboursun.com/x", "Harbour Sun"),
        ("Nuts & Bolts Weekly", "https://nutsbolts.net/x", "Nuts & Bolts"),
        # a label of three letters is looked for only as written
        ("A B C", "https://abc.org/x", "Abc"),
        # in lower case it is a phrase, not a name
        ("the harbour sun rose", "https://harboursun.com/x", "Harboursun"),
    ],
)
def test_a_domain_label_printed_with_spaces_is_named_as_printed(
    printed: str, url: str, name: str
) -> None:
    outlet = find_outlet(_page(printed + "\n" + STORY, url=url)).value
    assert outlet is not None
    assert (outlet.name, outlet.source) == (name, "domain")


def test_unknown_domain_not_printed_is_capitalised() -> None:
    outlet = find_outlet(_page(STORY, url="https://www.smallpaper.co.uk/news/1")).value
    assert outlet is not None
    assert (outlet.name, outlet.domain, outlet.source) == (
        "Smallpaper",
        "smallpaper.co.uk",
        "domain",
    )


@pytest.mark.parametrize(
    ("printed", "url", "name", "domain"),
    [
        # a user's site on a blog host is named after its subdomain, never the host
        (
            "Powered by WordPress.com",
            "https://harbourwalks.wordpress.com/2024/05/01/x/",
            "Harbourwalks",
            "harbourwalks.wordpress.com",
        ),
        # the public-suffix list's private section names this host
        ("Powered by Blogger", "https://harbourwalks.blogspot.com/x.html", "Harbourwalks", None),
        # a notice naming the subdomain's own publication is trusted
        (
            "© 2024 Harbour Walks",
            "https://harbourwalks.substack.com/p/x",
            "Harbour Walks",
            "harbourwalks.substack.com",
        ),
    ],
)
def test_a_site_on_a_blog_host_is_named_after_its_subdomain(
    printed: str, url: str, name: str, domain: str | None
) -> None:
    outlet = find_outlet(_page(STORY + printed, url=url)).value
    assert outlet is not None
    assert outlet.name == name
    assert outlet.domain == (domain or host_and_domain(url)[0])


@pytest.mark.parametrize(
    "credit",
    [
        "Community platform by XenForo® © 2010-2024 XenForo Ltd.",
        "Copyright © 2024 WordPress",
        "© 2000-2024 vBulletin",
    ],
)
def test_a_software_credit_names_no_outlet(credit: str) -> None:
    notice = "© 2024 Harbour Times. All rights reserved.\n"
    outlet = find_outlet(_page("Harbour Times\n" + STORY + notice + credit)).value
    assert outlet is not None and outlet.name == "Harbour Times"
    assert find_outlet(_page(STORY + credit)).value is None


def test_the_software_s_own_site_is_named_after_it() -> None:
    page = _page("WordPress\nWhy WordPress\n" + STORY + "Get WordPress\n© 2024 WordPress")
    outlet = find_outlet(page).value
    assert outlet is not None and outlet.name == "WordPress"


@pytest.mark.parametrize(
    ("host", "domain", "site"),
    [
        ("jane.wordpress.com", "wordpress.com", "jane.wordpress.com"),
        ("en.jane.wordpress.com", "wordpress.com", "jane.wordpress.com"),
        ("wordpress.com", "wordpress.com", "wordpress.com"),
        ("jane.github.io", "github.io", "jane.github.io"),
        ("news.bbc.co.uk", "bbc.co.uk", "bbc.co.uk"),
        (None, None, None),
    ],
)
def test_site_domain(host: str | None, domain: str | None, site: str | None) -> None:
    assert site_domain(host, domain, outlet_rules("en").platforms) == site


def test_no_evidence_no_outlet() -> None:
    assert find_outlet(_page(STORY)).value is None


@pytest.mark.parametrize(
    ("url", "host", "domain"),
    [
        ("https://www.nytimes.com/2023/08/07/world/x.html", "nytimes.com", "nytimes.com"),
        ("news.bbc.co.uk/x", "news.bbc.co.uk", "bbc.co.uk"),
        ("web.archive.org/web/2009id_/http://www.latimes.com/x", "latimes.com", "latimes.com"),
        ("not a url", None, None),
        (None, None, None),
    ],
)
def test_host_and_registrable_domain(url: str | None, host: str | None, domain: str | None) -> None:
    assert host_and_domain(url) == (host, domain)


def test_archive_wrapper_is_peeled() -> None:
    wrapped = "https://web.archive.org/web/20170101000000/https://www.example.com/a/b"
    assert page_url(wrapped) == "https://www.example.com/a/b"


def test_outlets_data_is_versioned_and_well_formed() -> None:
    rules = outlet_rules("en")
    assert rules.version >= 1
    assert len(rules.by_domain) >= 300
    assert all("." in d and d == d.lower() and not d.startswith("www.") for d in rules.by_domain)
    assert all(p.groupindex.get("name") for p in rules.line_clues)


@pytest.mark.parametrize(
    ("seed", "name"), [("000", "Plataforma"), ("002", "GEOPOLITIKI"), ("004", "TodayPress")]
)
def test_seed_outlets_from_text(seeds: dict[str, str], seed: str, name: str) -> None:
    text = next(t for n, t in seeds.items() if n.startswith(seed))
    outlet = normalize(RawDocument(text=text), now=NOW).outlet
    assert outlet is not None
    assert (outlet.name, outlet.source) == (name, "text")
