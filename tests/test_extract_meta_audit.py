"""Metadata rules from the audit of pages nobody tuned on (body sets, one page per site): each
test pins a general cause of a confident wrong value, on a page written here."""

from datetime import date

import pytest

import scrapekit
from scrapekit.extractors import dates
from scrapekit.extractors.authors import clean_name
from scrapekit.extractors.document import parse

from pagekit import BODY, page


def bare(head: str = "", body: str = "") -> str:
    """A page that declares no language (old news pages): numeric dates are read month first."""
    return f"<html><head>{head}</head><body>{body}</body></html>"


# -- dates ------------------------------------------------------------------------------------

def test_numeric_date_after_a_label_in_a_date_element():
    html = bare("<title>Coyotes end home streak</title>",
                "<h1>Coyotes end home streak</h1><div class='articleDate'>Article Launched: "
                "01/11/2008 11:25:11 PM PST</div>" + BODY)
    art = scrapekit.extract(html, "http://news.example.com/sports/ci_7950739")
    assert (art.date_published or "")[:10] == "2008-01-11"


def test_date_in_an_html_comment_is_not_stated():
    html = bare("<title>Musical comes to Broadway</title>",
                "<!-- Job 13094 Developer: J. Doe Modified: 24th August 2007 -->"
                "<h2>Musical comes to Broadway</h2>" + BODY)
    art = scrapekit.extract(html, "http://news.example.com.au/default.aspx?ContentID=54309")
    assert art.date_published is None


def test_date_in_url_with_month_name():
    html = page("<title>What is the value of it?</title>",
                "<p>\u201c$53 million a week.\u201d \u2014 Someone on Sunday, October 13th, 2019 in "
                "a local paper</p><h1>What is the value of it?</h1>" + BODY)
    art = scrapekit.extract(html, "https://facts.example.org/statements/2019/nov/18/someone/"
                                  "what-value/")
    assert art.date_published == "2019-11-18"


def test_dotted_date_with_a_us_clock_zone_is_month_first():
    html = bare("<title>Buffett loses rating</title>",
                "<h1>Buffett loses rating</h1><div class='storyDate'>10.06.08, 6:20 PM ET</div>" + BODY)
    assert (scrapekit.extract(html, None).date_published or "")[:10] == "2008-10-06"


def test_upcoming_event_date_is_not_the_article_date():
    html = page("<title>Startup raises money</title>",
                "<h1>Startup raises money</h1>" + BODY + "<div id='list-upcoming-events'><div "
                "class='upcoming-event-date'><a href='/events/awards/'>01/31/13</a></div></div>")
    assert scrapekit.extract(html, None).date_published is None


def test_ambiguous_numeric_date_is_printed_only_in_the_page_order():
    us = parse(page("", "<p>Launched 01/11/2008, a story.</p>", lang="en-US"), None)
    assert dates.printed(us, date(2008, 1, 11))
    assert not dates.printed(us, date(2008, 11, 1))
    uk = parse(page("", "<p>Launched 01/11/2008, a story.</p>", lang="en-GB"), None)
    assert dates.printed(uk, date(2008, 11, 1))
    assert not dates.printed(uk, date(2008, 1, 11))
    # one reading only: 25 is no month
    assert dates.printed(us, date(2008, 1, 25)) is False
    assert dates.printed(parse(page("", "<p>On 25/01/2008.</p>", lang="en-US"), None),
                         date(2008, 1, 25))


# -- authors -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,name", [
    ("From ASSOCIATED PRESS", "ASSOCIATED PRESS"),
    ("\u0422\u0435\u043a\u0441\u0442: \u041b\u0438\u0434\u0430 \u0411\u0443\u0441\u043b\u0430\u0435\u0432\u0430",
     "\u041b\u0438\u0434\u0430 \u0411\u0443\u0441\u043b\u0430\u0435\u0432\u0430"),
    ("Posted by Jane Doe", "Jane Doe"),
    ("| By Jane Doe", "Jane Doe"),
    ("Associated Press \u2013 Fri Apr 3, 5:28 pm ET", "Associated Press"),
    ("Hans Pennink Hans Pennink", "Hans Pennink"),
])
def test_byline_lead_words_are_not_names(raw, name):
    assert clean_name(raw) == name


@pytest.mark.parametrize("byline", [
    "5 days ago",                                   # a relative time
    "Friday, January 11, 2008 1:14 PM CST",         # a weekday before the date
    "<a href='/feeds/jane.xml'>RSS</a>",            # the author's feed link
])
def test_byline_block_without_a_name_is_no_author(byline):
    html = page("<title>Coach unlikely to return</title>",
                f"<h1>Coach unlikely to return</h1><p class='byline'>{byline}</p>" + BODY)
    assert scrapekit.extract(html, "https://wire.example/a").authors == ()


@pytest.mark.parametrize("byline,names", [
    # the same writer printed again with the agency
    ("By AMY LORENTZEN, Associated Press Amy Lorentzen", ["AMY LORENTZEN"]),
    # the first name's role
    ("By Karen Kaplan, Times Staff Writer", ["Karen Kaplan"]),
])
def test_no_second_author_after_the_name(byline, names):
    html = page("<title>Bloom is off</title>",
                f"<h1>Bloom is off</h1><div class='byline'>{byline}</div>" + BODY)
    art = scrapekit.extract(html, "https://news.example/2005/story")
    assert [a.name for a in art.authors] == names


@pytest.mark.parametrize("byline,names", [
    # the section printed before "By"
    ("<div class='date-cat-author'><a href='/category/technology/'>TECHNOLOGY</a> | 8 Hours Ago "
     "By <a href='https://jane.example/'>Jane Doe</a></div>", ["Jane Doe"]),
    # the kind of post, in brackets after the name
    ("<span class='byline'>By: <a href='/users/unionwatcher/'>UnionWatcher</a> (<a "
     "href='/unionwatcher/'>Diary</a>) | November 12th, 2012</span>", ["UnionWatcher"]),
])
def test_byline_links_that_name_no_author(byline, names):
    html = page("<title>Supplies sit idle</title>", "<h1>Supplies sit idle</h1>" + byline + BODY)
    art = scrapekit.extract(html, "https://state.example/2012/11/12/idle/")
    assert [a.name for a in art.authors] == names


@pytest.mark.parametrize("head,block", [
    # a photo's byline next to the picture
    ("", "<div class='image'><img src='a.jpg'></div><div class='imageByline'>Andrea Painter</div>"
         "<div class='imageCaption'>A courtroom drawing.</div>"),
    # the web agency that built the site, in <meta name=author>
    ("<meta name='author' content='Vivid Interactive and Design'>", ""),
    # a photograph's credit marked as the author
    ("", "<figure><img src='a.jpg'><figcaption><span itemprop='author'>Photograph by Jane "
         "Painter, Agency Creative</span></figcaption></figure>"),
])
def test_credits_that_name_no_author(head, block):
    html = page("<title>Musical comes to Broadway</title>" + head,
                "<h1>Musical comes to Broadway</h1>" + block + BODY)
    assert scrapekit.extract(html, "https://west.example/2015/08/story/").authors == ()


# -- headline ----------------------------------------------------------------------------------

def test_post_heading_after_a_sidebar_of_headings_is_the_headline():
    sidebar = "".join(f"<h2>Network site {i}</h2><p>Link list {i}</p>" for i in range(10))
    html = bare("<title>xbox360: Soul Calibur IV turns into geek fest with Darth and Yoda</title>",
                "<div id='sidebar'>" + sidebar + "</div><div class='entry'><h2>Soul Calibur IV "
                "turns into geek fest with Darth and Yoda</h2>" + BODY + "</div>")
    art = scrapekit.extract(html, None)
    assert art.headline == "Soul Calibur IV turns into geek fest with Darth and Yoda"
