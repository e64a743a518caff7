"""Naming non-body lines: lexicon matches in many languages, shapes, and context from neighbours.

Fixtures are written here in the style of the seed pages; the seeds themselves are read from
../shared at test time only.
"""

from __future__ import annotations

import gzip
import json
import re

import pytest

from article_normalizer.normalize.language import detect_language
from article_normalizer.normalize.lines.blocks import Block, split_blocks
from article_normalizer.normalize.lines.kinds import (
    BodyContext,
    line_evidence,
    name_kind,
    strong_clutter,
)
from article_normalizer.normalize.page import BODY, Decision
from article_normalizer.rules import LanguageProfile, profile
from article_normalizer.rules.clutter import parse_clutter
from tests.conftest import CORPUS

CERTAIN = [
    # (language of the page, line, kind)
    ("en", "Subscribe to our newsletter", "newsletter"),
    ("en", "Sign up for our daily briefing", "newsletter"),
    ("en", "Subscribe Acme Newsletter to keep up with everything!", "newsletter"),
    ("en", "Leave a Reply", "comment_box"),
    ("en", "Please enter your comment!", "comment_box"),
    ("en", "Please enter your name here", "comment_box"),
    ("en", "Your email address will not be published. Required fields are marked *", "comment_box"),
    ("en", "Related Articles", "related"),
    ("en", "Latest News", "related"),
    ("en", "Must Read", "related"),
    ("en", "READ ALSO: Minister tags a singer instead of his counterpart – DAILYSITE", "related"),
    ("en", "Share this article", "share"),
    ("en", "ACME.COM – Share the news with your friends!", "share"),
    ("en", "Facebook Twitter WhatsApp Email", "share"),
    ("en", "PHOTO: The minister at the summit | Flickr", "caption"),
    ("en", "Contact Us", "footer"),
    ("en", "© 2023 Example Media. All rights reserved.", "legal"),
    ("en", "Back to top button", "navigation"),
    ("de", "Nach oben", "navigation"),
    ("fr", "Retour en haut de page", "navigation"),
    ("en", "We use cookies to improve your experience on our site.", "cookie"),
    ("en", "Advertisement", "advert"),
    ("en", "Story continues below advertisement", "advert"),
    ("en", "Skip to content", "navigation"),
    ("en", "Search Trends", "navigation"),
    ("en", "World", "section_label"),
    ("en", "Opinion", "section_label"),
    ("en", "* Opinion:", "section_label"),
    ("pt", "Assine a newsletter", "newsletter"),
    ("pt", "Deixe um comentário", "comment_box"),
    ("pt", "Leia também: Governo anuncia novo pacote de medidas", "related"),
    ("pt", "Compartilhe", "share"),
    ("pt", "Foto: Reuters", "caption"),
    ("pt", "Fale conosco", "footer"),
    ("pt", "Nós usamos cookies para melhorar sua experiência", "cookie"),
    ("pt", "Publicidade", "advert"),
    ("pt", "Opinião", "section_label"),
    ("es", "Suscríbete a nuestro boletín", "newsletter"),
    ("es", "Deja un comentario", "comment_box"),
    ("es", "Lee también: El Gobierno aprueba la reforma", "related"),
    ("es", "Compartir en Facebook", "share"),
    ("es", "Aviso legal", "legal"),
    ("es", "Publicidad", "advert"),
    ("es", "Mundo", "section_label"),
    ("fr", "Abonnez-vous à notre newsletter", "newsletter"),
    ("fr", "Laisser un commentaire", "comment_box"),
    ("fr", "À lire aussi : Le gouvernement présente son budget", "related"),
    ("fr", "Partager", "share"),
    ("fr", "Mentions légales", "legal"),
    ("fr", "Monde", "section_label"),
    ("de", "Newsletter abonnieren", "newsletter"),
    ("de", "Kommentar schreiben", "comment_box"),
    ("de", "Lesen Sie auch: Regierung beschließt neues Gesetz", "related"),
    ("de", "Teilen", "share"),
    ("de", "Impressum", "legal"),
    ("de", "Datenschutz", "legal"),
    ("de", "Anzeige", "advert"),
    ("de", "Welt", "section_label"),
    ("it", "Iscriviti alla newsletter", "newsletter"),
    ("it", "Lascia un commento", "comment_box"),
    ("it", "Leggi anche: Il governo approva la manovra", "related"),
    ("it", "Condividi", "share"),
    ("it", "Pubblicità", "advert"),
    ("it", "Esteri", "section_label"),
    ("nl", "Lees ook: Kabinet presenteert nieuwe plannen", "related"),
    ("nl", "Alle rechten voorbehouden", "legal"),
    ("ru", "Читайте также: Правительство утвердило бюджет", "related"),
    ("ru", "Поделиться", "share"),
    ("pl", "Czytaj także: Rząd przyjął projekt ustawy", "related"),
    ("pl", "Dodaj komentarz", "comment_box"),
    ("id", "Baca juga: Pemerintah umumkan kebijakan baru", "related"),
    ("ms", "Kongsi di Facebook", "share"),
    ("tr", "İlgili Haberler", "related"),
    ("nl", "Schrijf je in voor onze nieuwsbrief", "newsletter"),
    ("nl", "Laat een reactie achter", "comment_box"),
    ("nl", "Wij gebruiken cookies om je ervaring te verbeteren", "cookie"),
    ("ru", "Подпишитесь на нашу рассылку", "newsletter"),
    ("ru", "Оставить комментарий", "comment_box"),
    ("ru", "Все права защищены", "legal"),
    ("ru", "Главная » Новости » Политика", "breadcrumb"),
    ("pl", "Zapisz się do newslettera", "newsletter"),
    ("pl", "Wszelkie prawa zastrzeżone", "legal"),
    ("pl", "Strona główna > Wiadomości > Świat", "breadcrumb"),
    ("id", "Tinggalkan Balasan", "comment_box"),
    ("id", "Bagikan artikel ini", "share"),
    ("id", "Beranda » Berita » Nasional", "breadcrumb"),
    ("ms", "Tinggalkan Komen", "comment_box"),
    ("ms", "Hak Cipta Terpelihara", "legal"),
    ("tr", "Bir yorum yazın", "comment_box"),
    ("tr", "Bültenimize abone olun", "newsletter"),
    ("tr", "Anasayfa > Gündem > Siyaset", "breadcrumb"),
    ("fr", "Nous utilisons des cookies pour améliorer votre expérience", "cookie"),
    ("es", "Utilizamos cookies propias y de terceros para mejorar nuestros servicios", "cookie"),
    ("de", "Wir verwenden Cookies, um Ihnen ein optimales Webseiten-Erlebnis zu bieten.", "cookie"),
    ("it", "Questo sito utilizza cookie tecnici e di profilazione", "cookie"),
    ("tr", "İLETİŞİM", "footer"),
    ("de", "Box aufklappen Box zuklappen", "navigation"),
    (
        "de",
        "Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden. Damit können "
        "personenbezogene Daten an Drittplattformen übermittelt werden.",
        "cookie",
    ),
    ("de", "Empfohlener redaktioneller Inhalt", "cookie"),
    ("de", "Personen-Box aufklappen Personen-Box zuklappen", "navigation"),
    # A page's UI is often English whatever its language.
    ("pt", "Leave a Reply", "comment_box"),
    ("de", "Related Articles", "related"),
    # Scripts without spaces: whole-line labels and anchored patterns.
    ("ja", "あわせて読みたい", "related"),
    ("ja", "この記事は会員限定です。", "paywall"),
    ("ja", "ログインして続きを読む", "paywall"),
    ("ja", "港の新しい岸壁で作業する人たち（横浜市で、３日）＝ロイター", "caption"),
    ("ja", "開通式でテープを切る市長ら＝１２日午前（代表撮影）", "caption"),
    ("zh", "【相关阅读】", "related"),
    ("zh", "分享到：", "share"),
    ("zh", "责任编辑：王小明", "footer"),
    ("zh", "上一篇：新大桥通车 下一篇：返回列表", "navigation"),
    ("zh", "向右滑动：上一篇 向左滑动：下一篇 我知道了", "navigation"),
    ("zh", "晚报官方新闻客户端", "share"),
    ("zh", "晚报官方微信公众号", "share"),
    ("ko", "관련기사", "related"),
    ("el", "ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ", "related"),
    ("el", "Διαβάστε επίσης: Νέα μέτρα για τη στέγαση", "related"),
    ("sv", "Läs också:", "related"),
    ("uk", "Читайте також: Уряд ухвалив бюджет", "related"),
    ("ar", "اقرأ أيضا: الحكومة تعلن الميزانية", "related"),
    # Shapes, in any language.
    ("en", "Home » World » Asia", "breadcrumb"),
    ("en", "Início » Ministers of two countries underscore cooperation", "breadcrumb"),
    ("en", 'HomeNEWSChina - Russia: "Our cooperation contributes to world peace"', "breadcrumb"),
    ("de", "Startseite > Politik > Ausland > Europa", "breadcrumb"),
    ("en", "washingtonpost.com > Nation > Science", "breadcrumb"),
    (
        "de",
        "Mac & i > News > 2015 > KW 15 > Passwortmanager erzeugt Einmal-Passwörter",
        "breadcrumb",
    ),
    ("de", "« Vorige | Nächste »", "navigation"),
    ("en", "date 2023-08-07 ACME 41.78 Decreased By ▼ -0.11 (-0.26%)", "ticker"),
    ("en", "NIKKEI 32,254.56 ▼ 1.1%", "ticker"),
    # Comment-thread headings as blog templates print them, title and all.
    ("en", "14 thoughts on “How we rebuilt the harbour wall”", "comment"),
    ("en", "One Response to “Council votes on the bridge”", "comment"),
    ("en", "3 Comments on Five easy dinners for a busy week", "comment"),
    ("en", "7 comments on this story", "comment"),
    ("en", "124 Reader Comments", "comment"),
    ("en", "5 readers’ comments", "comment"),
    ("de", "5 Gedanken zu „Der neue Radweg am Fluss“", "comment"),
    ("de", "23 Kommentare", "comment"),
    ("fr", "Une réflexion sur « Le marché du samedi »", "comment"),
    ("es", "4 comentarios en «La feria del libro»", "comment"),
    ("it", "2 pensieri su “La sagra d'autunno”", "comment"),
    ("pt", "6 comentários em “A festa da vila”", "comment"),
    ("nl", "Eén reactie op “De nieuwe brug”", "comment"),
    ("pl", "8 komentarzy do „Nowy most na rzece”", "comment"),
    ("ru", "12 комментариев", "comment"),
    ("sv", "3 svar på ”Den nya bron”", "comment"),
    ("ja", "「新しい橋」への2件のフィードバック", "comment"),
    ("zh", "《新大桥通车》有5条评论", "comment"),
    ("ko", "“새 다리”에 대한 3개의 생각", "comment"),
    ("el", "12 σχόλια", "comment"),
    # Arabic-script vowel marks and the tatweel are optional: every spelling is one entry.
    ("ar", "اقرأ أيضًا", "related"),
    ("ar", "اقرأ أيضاً", "related"),
    ("ar", "اقـرأ أيضا", "related"),
    ("ur", "یہ بھی پڑھیں", "related"),
    ("hi", "यह भी पढ़ें", "related"),
    ("bn", "আরও পড়ুন", "related"),
    # An icon before the words is neither the label nor the prefix.
    ("en", "🚀 Sign up for The Harbour Weekly newsletter", "newsletter"),
    ("en", "📧 Subscribe to our newsletter for weekly ferry updates", "newsletter"),
    ("en", "▶ Skip to main content", "navigation"),
    # Subscribe-to-read and register-to-read prompts, in the languages paywalls speak most.
    ("en", "THIS CONTENT IS RESERVED FOR SUBSCRIBERS", "paywall"),
    ("en", "REGISTER / SIGN IN TO UNLOCK MORE ARTICLES", "paywall"),
    ("en", "Create an account or sign in to continue with your reading experience.", "paywall"),
    ("en", "To keep reading, subscribe for $1 a week.", "paywall"),
    ("en", "You have 3 free articles left this month", "paywall"),
    ("de", "Um weiterzulesen, schließen Sie ein Abo ab.", "paywall"),
    ("fr", "La suite est réservée aux abonnés.", "paywall"),
    ("es", "Este contenido es exclusivo para suscriptores", "paywall"),
    ("it", "Per continuare a leggere abbonati", "paywall"),
    ("pt", "Este conteúdo é exclusivo para assinantes", "paywall"),
    ("pl", "Aby czytać dalej, wykup subskrypcję", "paywall"),
    ("ru", "Этот материал доступен только подписчикам", "paywall"),
    ("el", "Μόνο για συνδρομητές", "paywall"),
    (
        "en",
        "Workers repair the quay in the harbour on Tuesday, May 2, 2023. (AP Photo/Jane Doe)",
        "caption",
    ),
    ("en", "Ferry passengers queue at the terminal (Picture: Harbour Herald)", "caption"),
    ("ja", "有料会員になると会員限定の有料記事もお読みいただけます。", "paywall"),
    ("ja", "ハーバープラスに登録すると 会員向け記事が読み放題になります", "paywall"),
    ("ja", "今すぐ登録 ログインする", "paywall"),
    ("en", "You may like to read:", "related"),
    ("de", "Lest auch", "related"),
    ("de", "Das könnte dich auch interessieren:", "related"),
    ("de", "Privatsphäre-Einstellungen ändern", "cookie"),
    ("de", "YouTube-Inhalte erlauben", "cookie"),
    ("de", "Link zum YouTube-Inhalt", "cookie"),
    ("de", "An dieser Stelle findest du einen externen Inhalt von YouTube.", "cookie"),
    ("en", "This advertisement has not loaded yet, but your article continues below.", "advert"),
    # A consent dialog's purpose list (IAB TCF), in the dialog's wording and the translations'.
    (
        "en",
        "* Store and/or access information on a device 91 partners can use this purpose",
        "cookie",
    ),
    ("en", "Create profiles for personalised advertising", "cookie"),
    ("en", "Object to Legitimate Interests", "cookie"),
    ("de", "Informationen auf einem Gerät speichern und/oder abrufen", "cookie"),
    ("fr", "Stocker et/ou accéder à des informations sur un appareil", "cookie"),
    ("pl", "Przechowywanie informacji na urządzeniu lub dostęp do nich", "cookie"),
    # WordPress's and Jetpack's defaults, in their official translations
    ("de", "Teilen mit:", "share"),
    ("de", "Gefällt mir Wird geladen …", "share"),
    ("de", "%d Bloggern gefällt das:", "share"),
    ("en", "12 bloggers like this:", "share"),
    ("de", "Benachrichtige mich über nachfolgende Kommentare via E-Mail.", "comment_box"),
    (
        "de",
        "Diese Website verwendet Akismet, um Spam zu reduzieren. Erfahre mehr darüber, wie deine"
        " Kommentardaten verarbeitet werden.",
        "comment_box",
    ),
    ("pl", "Ta witryna wykorzystuje Akismet, aby ograniczyć spam.", "comment_box"),
    ("de", "Gib deine E-Mail-Adresse ein, um neue Beiträge zu erhalten.", "newsletter"),
    ("en", "This entry was posted in Travel and tagged Lisbon.", "navigation"),
]


def test_a_dialog_counting_its_vendors_mentions_consent() -> None:
    # Prose of a dialog's own: no certain clutter, but it carries the dialog beside its buttons.
    line = "We and our 644 partners store and access personal data on your device."
    assert strong_clutter(line, profile("en")) is None
    assert "cookie" in line_evidence(line, profile("en"))


@pytest.mark.parametrize(("lang", "text", "kind"), CERTAIN)
def test_certain_clutter_is_named(lang: str, text: str, kind: str) -> None:
    found = strong_clutter(text, profile(lang))
    assert found is not None, text
    assert found[0] == kind
    assert found[1] in {f"lexicon:{kind}", f"shape:{kind}"}


PROSE = [
    ("en", "Shares of the company fell 4% after the results were published on Monday."),
    ("en", "Share prices rose sharply in early trading."),
    ("en", "The ministers stayed in close contact throughout the crisis, officials said."),
    ("en", "Contact between the two sides has been limited since March."),
    ("en", "Readers who subscribe to the print edition will also get access to the archive."),
    ("en", "The home minister said the photo was taken in 2019."),
    ("en", "Home prices in the region rose for a third month."),
    ("en", "World leaders gathered in Jakarta for the summit on Friday."),
    ("en", "Opinion polls show the governing party trailing by ten points."),
    ("en", "The company said it uses cookies to track users across websites, the complaint says."),
    ("en", "Related coverage of the trial has been restricted by the court."),
    ("en", "Latest news from the front suggests the fighting has intensified."),
    ("en", "Leave a reply to the ministry's letter by Friday, the union told members."),
    ("en", "Back to top scorers: Kane leads the league with 20 goals."),
    ("en", "Advertisement revenue fell 12% in the quarter."),
    ("en", "Follow the money, the prosecutor told the jury."),
    ("en", "Designed by Frank Gehry, the museum opened in 1997."),
    ("en", "HomePod sales rose sharply this quarter."),
    ("en", "COVID 19 cases rose 300 in a week"),
    ("en", "Income > expenses > savings"),
    ("en", "Features / 1 day ago / By Jane Doe"),
    ("en", "2023-08-07"),
    ("fr", "Capture d'écran : «Vape Wave», «6 Days», «Alphonse Président»…"),
    ("pt", "O ministro disse que vai compartilhar as informações com os parceiros europeus."),
    ("pt", "Mais de 300 pessoas morreram no terremoto, segundo as autoridades."),
    ("pt", "A publicidade institucional do governo custou 20 milhões de reais."),
    ("es", "La publicidad del partido fue retirada por orden judicial."),
    ("fr", "La publicité pour le tabac est interdite depuis 1991."),
    ("de", "Werbung für Zigaretten ist seit Jahren verboten."),
    ("de", "Startseite der Behörde war stundenlang nicht erreichbar."),
    ("it", "Il governo vuole condividere i costi con le regioni."),
    ("ru", "Со ссылкой на источники агентство сообщило о переговорах."),
    ("ru", "Главная задача правительства — снизить инфляцию."),
    ("tr", "Bakan, yorum yapmaktan kaçındı."),
    ("en", "One response to the crisis was a sharp rise in interest rates, officials said."),
    ("en", "2 comments on the plan came from the mayor's office."),
    ("de", "Drei Gedanken zu dem Plan hat der Bürgermeister schon vorgestellt."),
    ("ja", "政府は関連記事の削除を求めたが、同社は応じなかった。"),
    ("ja", "【横浜＝田中一郎】市は３日、港の岸壁を広げる計画を承認した＝共同。"),
    ("zh", "记者在现场看到，分享经验的志愿者越来越多，大家都很关心这件事。"),
    ("zh", "他在官方微博上发表声明，称公司将继续经营。"),
    ("en", "The paper said that only subscribers can read the report, which angered critics."),
    ("en", "To continue reading the report, the judge adjourned the hearing until Monday."),
    ("en", "🚀 Sign up for the trip was open to every pupil, the head teacher said on Monday."),
    ("de", "Der Verlag will die Zahl der Abonnenten bis 2026 verdoppeln, sagte die Chefin."),
    ("fr", "Le journal compte désormais plus de 500 000 abonnés numériques, selon la direction."),
    ("el", "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για τη στέγαση των νέων."),
    ("ja", "同社は会員向けに雑誌が読み放題になる新しいサービスを始めると発表した。"),
    ("en", "The mayor (pictured) said the photo (taken in 2019) showed the old quay."),
    ("ja", "同紙は「会員は全ての記事をお読みいただけます」と案内しているが、批判も出ている。"),
]


@pytest.mark.parametrize(("lang", "text"), PROSE)
def test_article_sentences_with_clutter_words_are_not_certain_clutter(lang: str, text: str) -> None:
    assert strong_clutter(text, profile(lang)) is None


def test_a_new_language_is_a_data_change() -> None:
    lexicon = parse_clutter(
        {
            "version": 1,
            "newsletter": {"prefixes": ["jiandikishe kwa"]},
            "breadcrumb": {"roots": ["mwanzo"]},
        },
        "clutter/sw.toml",
    )
    swahili = LanguageProfile(code="sw", clutter=(lexicon, *profile("sw").clutter))
    assert strong_clutter("Jiandikishe kwa jarida letu", swahili) == (
        "newsletter",
        "lexicon:newsletter",
    )
    assert strong_clutter("Mwanzo » Habari za Dunia", swahili) == (
        "breadcrumb",
        "shape:breadcrumb",
    )
    assert strong_clutter("Jiandikishe kwa jarida letu", profile("sw")) is None


# --- name_kind: lines the classifier removed, named from their own shape and their neighbours ---

B = True  # body
R = False  # removed by the classifier


def _named(lines: list[tuple[str, bool]], lang: str = "en") -> list[tuple[str, str, str]]:
    """Run the naming the way the classifier does: certain clutter first, then in order."""
    blocks, _ = split_blocks("\n".join(text for text, _ in lines))
    prof = profile(lang)
    decisions: list[Decision] = []
    for block, (_, body) in zip(blocks, lines, strict=True):
        hit = strong_clutter(block.text, prof)
        if hit is not None:
            decisions.append(Decision(kind=hit[0], reason=hit[1]))
        else:
            decisions.append(Decision(kind=BODY if body else "", reason="test"))
    for i, decision in enumerate(decisions):
        if decision.kind == "":
            decision.kind, decision.reason = name_kind(blocks, decisions, i, prof)
    return [(b.text, d.kind, d.reason) for b, d in zip(blocks, decisions, strict=True)]


def _kind(named: list[tuple[str, str, str]], start: str) -> tuple[str, str]:
    for text, kind, reason in named:
        if text.startswith(start):
            return kind, reason
    raise AssertionError(f"{start!r} not found")


PARAGRAPHS = [
    (
        "The finance ministers of both countries met in Lisbon on Tuesday to discuss a joint "
        "plan for the regional power grid, officials said.",
        B,
    ),
    (
        "The plan, which still needs the approval of both parliaments, would link the two "
        "networks by 2027 and cut prices for consumers, according to a statement.",
        B,
    ),
    (
        "Critics said the timetable was unrealistic and that the cost had been underestimated "
        "by at least a third.",
        B,
    ),
]


def test_teasers_under_a_latest_heading_are_related() -> None:
    named = _named(
        [
            ("Latest News", R),
            ("Floods force thousands from their homes in the north", R),
            ("Heavy rain that has fallen for a week has caused rivers to burst...", R),
            ("Parliament approves new budget after marathon session", R),
            ("Lawmakers voted late on Thursday after a debate that lasted...", R),
            *PARAGRAPHS,
        ]
    )
    assert _kind(named, "Latest News") == ("related", "lexicon:related")
    assert _kind(named, "Floods force") == ("related", "context:after_related_heading")
    assert _kind(named, "Heavy rain")[0] == "related"
    assert _kind(named, "Parliament approves")[0] == "related"


def test_a_comments_heading_closes_the_related_list_above_it() -> None:
    named = _named(
        [
            *PARAGRAPHS,
            ("Related stories", R),
            ("Floods force thousands from their homes in the north", R),
            ("Comments (2)", R),
            ("Great to see the two countries working together on this", R),
        ]
    )
    assert _kind(named, "Floods force") == ("related", "context:after_related_heading")
    assert _kind(named, "Comments (2)")[0] == "comment"
    assert _kind(named, "Great to see")[1] != "context:after_related_heading"


def test_a_headline_right_above_a_related_heading_is_not_a_teaser() -> None:
    named = _named(
        [
            ("Ministers agree on a joint plan for the regional power grid", R),
            ("Latest News", R),
            ("Floods force thousands from their homes in the north", R),
            *PARAGRAPHS,
        ]
    )
    assert _kind(named, "Ministers agree")[0] != "related"
    assert _kind(named, "Floods force")[0] == "related"


def test_a_teaser_cut_with_an_ellipsis_is_related() -> None:
    named = _named([*PARAGRAPHS, ("In an escalating border conflict that has resulted in...", R)])
    assert _kind(named, "In an escalating") == ("related", "shape:teaser_ellipsis")


def test_a_headline_inside_the_body_run_is_a_related_teaser() -> None:
    named = _named(
        [
            PARAGRAPHS[0],
            ("Neighbouring country to attend talks on the grid that exclude the regulator", R),
            PARAGRAPHS[1],
        ]
    )
    assert _kind(named, "Neighbouring country") == ("related", "context:inline_headline")


def test_outlet_name_and_self_description_after_the_body_are_footer() -> None:
    named = _named(
        [
            *PARAGRAPHS,
            ("Contact Us", R),
            ("Generalist media, focusing on the relationship between the two regions.", R),
            ("Acme Studio", R),
            ("Subscribe Acme Newsletter to keep up with everything!", R),
        ]
    )
    assert _kind(named, "Contact Us") == ("footer", "lexicon:footer")
    assert _kind(named, "Generalist media") == ("footer", "context:self_description")
    assert _kind(named, "Acme Studio") == ("footer", "context:footer_region")
    assert _kind(named, "Subscribe Acme")[0] == "newsletter"


def test_outlet_name_before_its_description_is_footer_even_if_the_description_was_kept() -> None:
    named = _named(
        [
            *PARAGRAPHS,
            ("DailyWire", R),
            (
                "This is a global news portal for general news, views and information. Special "
                "focus on regional issues and international relations.",
                B,
            ),
            ("Related Articles", R),
            ("Leave a Reply", R),
        ]
    )
    assert _kind(named, "DailyWire") == ("footer", "context:footer_region")


def test_a_self_description_inside_the_page_is_not_footer() -> None:
    named = _named(
        [
            PARAGRAPHS[0],
            ("The agency is a leading news portal in the region", R),
            PARAGRAPHS[1],
        ]
    )
    assert _kind(named, "The agency")[0] != "footer"


def test_a_run_of_short_links_is_navigation() -> None:
    named = _named(
        [
            ("Acme Times", R),
            ("Local", R),
            ("Markets Today", R),
            ("Weekend Guide", R),
            *PARAGRAPHS,
        ]
    )
    assert _kind(named, "Markets Today") == ("navigation", "shape:link_list")
    assert _kind(named, "Weekend Guide") == ("navigation", "shape:link_list")


def test_a_paragraph_without_spaces_is_not_a_link_in_a_run_of_short_links() -> None:
    # A Chinese paragraph is one space-free run: counted as a reader counts it, it is prose
    # among the page's short links, not one more of them.
    story = (
        "市政府周二宣布，明年起将在全市新增三十条公交线路，并延长地铁末班车的运营时间，"
        "以方便夜间出行的市民。"
    )
    named = _named(
        [
            ("城市指南", R),
            ("周末去哪儿", R),
            ("美食推荐", R),
            (story, R),
            ("亲子活动", R),
            ("家居装修", R),
            ("二手车市场", R),
        ],
        lang="zh",
    )
    assert _kind(named, "周末去哪儿") == ("navigation", "shape:link_list")
    assert _kind(named, story[:10]) != ("navigation", "shape:link_list")


@pytest.mark.parametrize(
    ("line", "kind", "reason"),
    [
        ("News | Sport | Weather | Travel", "navigation", "shape:menu"),
        ("Home News Weather Business Sports Entertainment", "navigation", "shape:menu_words"),
        ("Game of ThronesDaniel KaluuyaChadwick Boseman", "navigation", "shape:glued_links"),
        ("* The house that the mayor built on the river", "related", "shape:listed_headline"),
        ("3. Ten promising jobs for the class of 2024", "related", "shape:listed_headline"),
        ("The minister at the summit in Jakarta (Getty Images)", "caption", "lexicon:caption"),
        ("The minister at the summit in Jakarta on Tuesday. AFP", "caption", "lexicon:caption"),
        ("Copyright 2009 Example Holdings, Inc. All rights reserved.", "legal", "lexicon:legal"),
        ("Thank you.", "other", "kind:unnamed"),
    ],
)
def test_a_lone_removed_line_is_named_by_its_shape(line: str, kind: str, reason: str) -> None:
    named = _named([PARAGRAPHS[0], (line, R), ("Acme", R), PARAGRAPHS[1]])
    assert _kind(named, line) == (kind, reason)


def test_rank_numbers_beside_most_read_teasers_are_related() -> None:
    named = _named(
        [
            *PARAGRAPHS,
            ("Las más leídas", R),
            ("1", R),
            ("Por qué la ciudad está dividida en dos y por qué importa ahora", R),
            ("2", R),
            ("Qué son los nuevos tokens y por qué pueden ser un problema", R),
        ],
        lang="es",
    )
    assert _kind(named, "Las más leídas") == ("related", "lexicon:related")
    assert _kind(named, "1") == ("related", "context:rank_number")
    assert _kind(named, "2") == ("related", "context:rank_number")


def test_capitalised_words_glued_together_are_a_menu_not_a_trail() -> None:
    line = "HoróscopoPronósticoLoteríasFeriadosFúnebres"
    assert strong_clutter(line, profile("es")) is None
    named = _named([*PARAGRAPHS, (line, R)], lang="es")
    assert _kind(named, line) == ("navigation", "shape:glued_links")


def test_name_kind_is_looser_than_strong_clutter() -> None:
    line = "Sign up now and get our best stories, analysis and offers every single morning"
    assert strong_clutter(line, profile("en")) is None
    named = _named([*PARAGRAPHS, (line, R)])
    assert _kind(named, "Sign up now") == ("newsletter", "lexicon:newsletter")


# --- the seed pages (read from ../shared at test time) ---

SEED_CLUTTER = [
    ("000", "Início »", {"breadcrumb"}),
    ("000", "Contact Us", {"footer"}),
    ("000", "Generalist media, focusing", {"footer"}),
    ("000", "Plataforma Studio", {"footer"}),
    ("000", "Subscribe Plataforma Newsletter", {"newsletter"}),
    ("001", "date 2023-08-07 BAFL", {"ticker"}),
    ("001", "World", {"section_label"}),
    ("001", "China to attend talks on Ukraine", {"related"}),
    ("002", "HomeNEWS", {"breadcrumb"}),
    ("002", "Latest News", {"related"}),
    ("002", "Kyrgyzstan and Tajikistan border", {"related"}),
    ("002", "In an escalating border conflict", {"related"}),
    ("002", "Chinese ballistic missiles", {"related"}),
    ("002", "We had confirmation a few hours", {"related"}),
    ("002", "BREAKING: New fierce clashes", {"related"}),
    ("002", "The conflict between Armenia", {"related"}),
    ("002", "READ ALSO", {"related"}),
    ("002", "GEOPOLITIKI.COM – Share", {"share"}),
    ("002", "PHOTO:", {"caption"}),
    ("002", "Must Read", {"related"}),
    ("002", "Please enter your comment!", {"comment_box"}),
    ("002", "Please enter your name here", {"comment_box"}),
    ("003", "Search Trends", {"navigation"}),
    ("004", "Opinion", {"section_label"}),
    ("004", "TodayPress", {"footer"}),
    ("004", "This is a global news portal", {"footer"}),
    ("004", "Related Articles", {"related"}),
    ("004", "Leave a Reply", {"comment_box"}),
    ("004", "Your email address will not be published", {"comment_box"}),
    ("004", "Back to top button", {"footer", "navigation"}),
]
# Lines that other stages own (headline, stamps, byline): removed, but not named here.
SEED_FIELDS = [
    "MFA of China and Russia",
    "China, Russia foreign ministers hail",
    "AFP Published",
    "China – Russia: “Our cooperation",
    "Wang Yi: China, Russia are each other",
    "Updated 23:04",
    "China’s top diplomat says Beijing",
]


def _seed_lines(text: str) -> list[tuple[str, bool]]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    starts = [start for _, start, _ in SEED_CLUTTER] + SEED_FIELDS
    return [(line, not any(line.startswith(s) for s in starts)) for line in lines]


def test_seed_clutter_gets_a_fitting_kind(seeds: dict[str, str]) -> None:
    named = {name[:3]: _named(_seed_lines(text)) for name, text in seeds.items()}
    wrong = []
    for seed, start, kinds in SEED_CLUTTER:
        kind, reason = _kind(named[seed], start)
        if kind not in kinds:
            wrong.append((seed, start, kind, reason))
    assert not wrong


def test_seed_story_paragraphs_are_never_certain_clutter(seeds: dict[str, str]) -> None:
    for name, text in seeds.items():
        for line, body in _seed_lines(text):
            if body:
                assert strong_clutter(line, profile("en")) is None, (name, line)


def _block(text: str) -> Block:
    return Block(index=0, line_no=0, text=text, indent=0, blank_before=True)


def test_name_kind_reads_a_single_line_page() -> None:
    assert name_kind([_block("Leave a Reply")], [Decision(kind="", reason="")], 0, profile("en"))
    assert name_kind([_block("zzz")], [Decision(kind="", reason="")], 0, profile(None)) == (
        "other",
        "kind:unnamed",
    )


# --- the dev corpus (read from ../shared at test time) ---

_TOKEN = re.compile(r"\w+")


def _shingles(text: str) -> list[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < 4:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]


def _in_gt_body(line: str, gt_lines: set[str], gt_shingles: set[tuple[str, ...]]) -> bool:
    """A line is body when it is a line of gt.body or most of its 4-shingles are in it."""
    folded = " ".join(line.split()).casefold()
    if folded in gt_lines:
        return True
    shingles = _shingles(line)
    if len(_TOKEN.findall(line)) >= 4 and shingles:
        return sum(s in gt_shingles for s in shingles) / len(shingles) >= 0.5
    return any(folded in g and len(folded) >= 0.5 * len(g) for g in gt_lines if len(folded) >= 3)


@pytest.mark.corpus
def test_certain_clutter_almost_never_fires_on_article_body_lines() -> None:
    path = CORPUS / "dev.jsonl.gz"
    if not path.is_file():
        pytest.skip("../shared/corpus is not present")
    fired = in_body = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for n, raw in enumerate(handle):
            if n % 10:  # every tenth page: ~145 pages, every source
                continue
            doc = json.loads(raw)
            gt = doc["gt"]["body"] or ""
            gt_lines = {" ".join(g.split()).casefold() for g in gt.split("\n") if g.strip()}
            gt_shingles = set(_shingles(gt))
            blocks, _ = split_blocks(doc["text_inscriptis"] or "")
            prof = profile(detect_language(blocks))
            for block in blocks:
                if strong_clutter(block.text, prof) is not None:
                    fired += 1
                    in_body += _in_gt_body(block.text, gt_lines, gt_shingles)
    assert fired > 1000, "the lexicons name clutter on real pages"
    assert in_body / fired < 0.005


def _page_with_body(texts: list[str], body: tuple[int, ...]) -> tuple[list[Block], list[Decision]]:
    """The page's lines, numbered, and decisions that put the lines ``body`` in the body."""
    blocks = [_block(t) for t in texts]
    for i, block in enumerate(blocks):
        block.index = i
    decisions = [Decision(kind=BODY if i in body else "", reason="test") for i in range(len(texts))]
    return blocks, decisions


def test_body_context_counts_body_above_and_ignores_a_self_description_below() -> None:
    texts = [
        "Menu",
        "The council voted on Tuesday to rebuild the harbour pier before the storm season.",
        "Contact us",
        "Harbour Weekly is an independent news website covering the coast.",
        "Privacy",
    ]
    blocks, decisions = _page_with_body(texts, body=(1, 3))
    context = BodyContext.of(blocks, decisions, profile("en"))
    assert context.body_before == [0, 0, 1, 1, 2, 2]
    # The self-description kept as body is where the footer starts: no body follows line 2.
    assert context.next_body == [1, None, None, None, None]


def test_a_shared_body_context_names_a_link_run_as_fresh_contexts_do() -> None:
    texts = [
        "Harbour ferries",
        "Pier works",
        "The council voted on Tuesday to rebuild the harbour pier before the storm season.",
        "Tide tables",
        "Boat club",
        "Quay market",
        "Contact the newsroom.",
        "The harbour master said the work would start in the spring and last two years.",
    ]
    blocks, decisions = _page_with_body(texts, body=(2, 7))
    prof = profile("en")
    shared = BodyContext.of(blocks, decisions, prof)
    named = [name_kind(blocks, decisions, i, prof, shared) for i in (0, 1, 3, 4, 5, 6)]
    alone = [name_kind(blocks, decisions, i, prof) for i in (0, 1, 3, 4, 5, 6)]
    assert named == alone
    # Two short lines above the body are no run; three below it are a menu.
    assert [kind for kind, _ in named] == ["other", "other", *["navigation"] * 3, "other"]
    # Each judged line is kept for the next asking; a body line is never a short removed one.
    assert shared.short == {0: True, 1: True, 2: False, 3: True, 4: True, 5: True, 6: False}
