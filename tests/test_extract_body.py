"""Article body rules on small pages."""

import scrapekit

from pagekit import BODY, page


def test_body_drops_headline_and_boilerplate_lines():
    html = page("", "<article><h1>Headline here</h1><p>Headline here</p>" + BODY +
                "<p>Read more: Something else entirely</p>" + BODY + "</article>")
    body = scrapekit.extract(html).article_body
    assert "Headline here" not in body and "Read more" not in body
    assert body.count("\n\n") >= 1


def test_bytes_are_decoded_by_meta_charset():
    html = page("<meta charset='windows-1251'>", "<h1>\u041f\u0440\u0438\u0432\u0435\u0442</h1>"
                + BODY).encode("cp1251")
    assert scrapekit.extract(html).headline == "\u041f\u0440\u0438\u0432\u0435\u0442"


def test_page_without_article_text_is_not_article():
    art = scrapekit.extract(page("", "<nav><a href='/'>Home</a></nav>"))
    assert art.error.kind == "not_article"
