"""Pages in languages the dev corpora hold none or one page of: Vietnamese, Hungarian, Thai,
Hindi, Arabic and Persian, whose lexicons were written from each language's usage, not read
off any page, and a French blog post."""

from __future__ import annotations

from litestar.testing import TestClient

from article_normalizer.api.app import NormalizerApp
from tests.api.conftest import article_for
from tests.conftest import FIXTURES

PAGE = (FIXTURES / "text" / "night_buses_vi.txt").read_text(encoding="utf-8")
"""Written for this test in the shape a Vietnamese news site prints: a menu, a two-label
section trail over the headline, a stamp, five paragraphs, the author's name, share buttons,
related stories, comments, a newsletter box and a footer."""


HUNGARIAN = (FIXTURES / "text" / "night_buses_hu.txt").read_text(encoding="utf-8")
"""The same story written for this test as a Hungarian news site prints it."""

THAI = (FIXTURES / "text" / "night_trains_th.txt").read_text(encoding="utf-8")
"""A story of the same kind written for this test as a Thai news site prints it: the date in
the Buddhist era's years ("20 พฤษภาคม 2567" is 20 May 2024), a "โดย" credit, no line break
between paragraphs and no space between words."""

HINDI = (FIXTURES / "text" / "metro_station_hi.txt").read_text(encoding="utf-8")
"""A story written for this test as a Hindi news site prints it: a menu of sections, a
"लेखक:" credit, an "updated" stamp, four paragraphs, "यह भी पढ़ें" teasers, share buttons, a
newsletter box, a comments heading and a footer."""

ARABIC = (FIXTURES / "text" / "port_opening_ar.txt").read_text(encoding="utf-8")
"""A story written for this test as an Arabic news site prints it: the stamp in Arabic-Indic
digits ("٢٠ مايو ٢٠٢٤"), "اقرأ أيضًا" spelled with its vowel mark, related stories, a
newsletter box, a reader's comment and a footer."""

PERSIAN = (FIXTURES / "text" / "port_terminal_fa.txt").read_text(encoding="utf-8")
"""A story written for this test as a Persian news site prints it: dated by the Solar Hijri
calendar in Persian digits ("۳۱ اردیبهشت ۱۴۰۳" is 20 May 2024)."""

FRENCH_BLOG = (FIXTURES / "text" / "sourdough_blog_fr.txt").read_text(encoding="utf-8")
"""A blog post written for this test as a French WordPress theme prints it: the author named
after the date on the stamp's line ("Publié le 12 octobre 2023 par Claire Dubois")."""


def test_the_headline_wins_over_the_section_trail_above_it(
    client: TestClient[NormalizerApp],
) -> None:
    article = article_for(client, PAGE)
    assert article["title"] == "Hà Nội mở rộng tuyến xe buýt đêm tới ba khu đô thị ngoại thành"
    assert article["language"] == "vi"
    assert article["published"] == "2024-05-14T08:30:00+07:00"


def test_the_story_is_the_body_and_every_other_line_is_removed_in_order(
    client: TestClient[NormalizerApp],
) -> None:
    article = article_for(client, PAGE)
    body = article["body"]
    assert body.startswith("Từ tháng sau, ba tuyến xe buýt đêm")
    assert body.rstrip().endswith("trước khi mở rộng thêm.")
    removed = [line["text"] for line in article["removed"]]
    assert "Thời sự › Giao thông" in removed
    for clutter in ("Tin liên quan", "Gửi bình luận", "Đăng ký nhận bản tin"):
        assert clutter in removed
        assert clutter not in body
    lines = [line.strip() for line in PAGE.splitlines() if line.strip()]
    accounted = [line for line in lines if line in body or line in removed]
    assert accounted == lines
    assert [line for line in lines if line in removed] == removed


def test_a_hungarian_pages_furniture_is_named_by_its_lexicon(
    client: TestClient[NormalizerApp],
) -> None:
    article = article_for(client, HUNGARIAN)
    assert article["language"] == "hu"
    assert article["title"].startswith("Három külvárosi lakótelepig")
    # Year first, then the month's name: the page's year, not the one the clock suggests.
    assert article["published"] == "2024-05-14"
    assert len(article["paragraphs"]) == 5
    kinds = {line["text"]: line["kind"] for line in article["removed"]}
    assert kinds["Kapcsolódó cikkek"] == "related"
    assert kinds["Jövőre drágulhat a havi bérlet"] == "related"
    assert kinds["Megosztás"] == "share"
    assert kinds["Hozzászólások (3)"] == "comment"
    assert kinds["Hozzászólás írása"] == "comment_box"
    assert kinds["Iratkozzon fel hírlevelünkre"] == "newsletter"
    assert kinds["© 2024 Napi Hírmondó. Minden jog fenntartva."] == "legal"


def test_a_thai_pages_year_of_the_buddhist_era_credit_and_furniture(
    client: TestClient[NormalizerApp],
) -> None:
    article = article_for(client, THAI)
    assert article["language"] == "th"
    assert article["title"] == "กรุงเทพฯ ขยายเวลาเดินรถไฟฟ้าช่วงกลางคืนเริ่มเดือนหน้า"
    assert article["published"] == "2024-05-20T14:32:00"
    assert article["byline"]["authors"] == ["สมชาย ใจดี"]
    assert len(article["paragraphs"]) == 5
    kinds = {line["text"]: line["kind"] for line in article["removed"]}
    assert kinds["แชร์"] == "share"
    assert kinds["ข่าวที่เกี่ยวข้อง"] == "related"
    assert kinds["แสดงความคิดเห็น"] == "comment_box"
    assert kinds["© 2567 ข่าวเมืองหลวง สงวนลิขสิทธิ์"] == "legal"


def test_a_hindi_pages_furniture_is_named_by_its_lexicon(
    client: TestClient[NormalizerApp],
) -> None:
    article = article_for(client, HINDI)
    assert article["language"] == "hi"
    assert article["title"].startswith("पुणे में नया मेट्रो स्टेशन खुला")
    assert article["byline"]["authors"] == ["राहुल वर्मा"]
    assert len(article["paragraphs"]) == 4
    kinds = {line["text"]: line["kind"] for line in article["removed"]}
    assert kinds["यह भी पढ़ें"] == "related"
    assert kinds["शेयर करें"] == "share"
    assert kinds["हमारे न्यूज़लेटर की सदस्यता लें"] == "newsletter"
    assert kinds["अपनी टिप्पणी लिखें"] == "comment_box"
    assert kinds["गोपनीयता नीति"] == "legal"


def test_an_arabic_pages_stamp_in_its_own_digits_and_its_furniture(
    client: TestClient[NormalizerApp],
) -> None:
    article = article_for(client, ARABIC)
    assert article["language"] == "ar"
    assert article["published"] == "2024-05-20T10:30:00"
    assert article["byline"]["authors"] == ["سارة المنصوري"]
    assert len(article["paragraphs"]) == 5
    kinds = {line["text"]: line["kind"] for line in article["removed"]}
    assert kinds["نُشر في: ٢٠ مايو ٢٠٢٤ - ١٠:٣٠ صباحًا"] == "byline_stamp"
    assert kinds["اقرأ أيضًا"] == "related"
    assert kinds["شارك هذا المقال"] == "share"
    assert kinds["اشترك في نشرتنا البريدية"] == "newsletter"
    assert kinds["التعليقات (٢)"] == "comment"


def test_a_french_blogs_author_after_the_date_on_the_stamps_line(
    client: TestClient[NormalizerApp],
) -> None:
    article = article_for(client, FRENCH_BLOG)
    assert article["language"] == "fr"
    assert article["published"] == "2023-10-12"
    assert article["byline"]["authors"] == ["Claire Dubois"]
    assert article["paragraphs"][0].startswith("Il y a deux ans, j'ai raté")
    kinds = {line["text"]: line["kind"] for line in article["removed"]}
    assert kinds["Publié le 12 octobre 2023 par Claire Dubois"] == "byline_stamp"
    assert kinds["Articles similaires"] == "related"
    assert kinds["3 commentaires"] == "comment"
    assert kinds["Laisser un commentaire"] == "comment_box"


def test_a_persian_pages_solar_hijri_date(client: TestClient[NormalizerApp]) -> None:
    article = article_for(client, PERSIAN)
    assert article["language"] == "fa"
    assert article["published"] == "2024-05-20T10:30:00"
    assert article["byline"]["authors"] == ["مریم احمدی"]
    assert len(article["paragraphs"]) == 4
    kinds = {line["text"]: line["kind"] for line in article["removed"]}
    assert kinds["تاریخ انتشار: ۳۱ اردیبهشت ۱۴۰۳ - ۱۰:۳۰"] == "byline_stamp"
    assert kinds["اخبار مرتبط"] == "related"
