"""Related links on old table / font layouts (issue 16, ninth round), on pages written for the
test: menu lines inside the text's wrapper, related blocks headed by a bold label."""

from __future__ import annotations

from pagekit import page
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links

URL = "https://n.example/sport/low/football/7165572.stm"
S1 = "The manager says he will look to make new signings when the transfer window opens. " * 3
S2 = "The club's owners have agreed to release further funds for players this winter. " * 3
S3 = "Other managers are expected to act as the African Cup of Nations call-ups bite. " * 3
SRC = "<a href='https://source.example/2024/05/report'>the league's report</a>"


def found(html: str, paragraphs: list[str]) -> list[tuple[str, str]]:
    doc = parse(page("", html), URL)
    return [(link.kind, link.url) for link in extract_related_links(doc, paragraphs)]


def menu(sections: list[str], sep: str = "|") -> str:
    return f" {sep} ".join(f"<a href='/sport/low/{s}/default.stm'>{s.title()}</a>" for s in sections)


def test_a_menu_line_inside_the_texts_unclosed_font_gives_no_in_body_links():
    # the old markup never closes the <font> around the text: the page's section menu after
    # the text lands inside the container; its links are separated by "|" only
    sections = ["football", "cricket", "tennis", "golf", "boxing"]
    html = (f"<font size='2'><b>{menu(sections[:1])}</b> | {menu(sections[1:])}</font><hr>"
            f"<font size='3'><h2>The headline</h2><p>{S1} As {SRC} shows.<p>{S2}<p>{S3}<p><hr>"
            f"<b>{menu(sections[:2])}</b> | {menu(sections[2:], '&bull;')}<br>"
            f"<font size='3'><b><a href='#top'>Back to top</a> | "
            f"<a href='https://n.example/news/low/default.stm'>News Home</a> | "
            f"<a href='https://n.example/help.stm'>Help</a></b></font>")
    paragraphs = [f"{S1} As the league's report shows.", S2, S3]
    assert found(html, paragraphs) == [("inBody", "https://source.example/2024/05/report")]


def test_links_in_a_sentence_with_a_bar_in_its_text_stay():
    html = (f"<div><p>{S1} The scores: <a href='https://n.example/results/1'>first leg</a> | "
            f"second leg to come.</p><p>{S2} Read <a href='https://n.example/2024/05/first-story'>one</a> and "
            f"<a href='https://n.example/2024/05/second-story'>two</a>.</p><p>{S3}</p></div>")
    paragraphs = [f"{S1} The scores: first leg | second leg to come.",
                  f"{S2} Read one and two.", S3]
    assert found(html, paragraphs) == [("inBody", "https://n.example/results/1"),
                                       ("inBody", "https://n.example/2024/05/first-story"),
                                       ("inBody", "https://n.example/2024/05/second-story")]


TEXT = f"<p>{S1}</p><p>{S2}</p><p>{S3}</p>"
PARAGRAPHS = [S1, S2, S3]
STORIES = [("/english/2007-11/23/content_7131940.htm", "Transfer window opens with managers looking for players"),
           ("/english/2007-11/22/content_7126349.htm", "Club owners agree to release funds for new signings"),
           ("/english/2007-11/21/content_7120011.htm", "African Cup of Nations call-ups leave managers short")]


def test_a_related_list_in_the_table_after_a_bold_label_in_its_own_table_is_related():
    rows = "".join(f"<tr><td><img src='/dot.gif'></td><td><a href='{u}'>{t}</a></td></tr>"
                   for u, t in STORIES)
    html = (f"<table><tr><td>{TEXT}</td></tr></table>"
            "<table><tr><td></td></tr><tr><td></td><td><b>Related Stories</b> </td></tr></table>"
            "<table><tr><td height='8'></td></tr></table>"
            f"<table><tr><td><table>{rows}</table></td></tr></table>"
            "<table><tr><td><a href='https://other.example/index.htm'>Home</a></td>"
            "<td><a href='https://other.example/world/index.htm'>World</a></td></tr></table>")
    assert found(html, PARAGRAPHS) == [("related", "https://n.example" + u) for u, _ in STORIES]


def test_a_line_of_links_after_a_bold_label_in_the_texts_wrapper_is_related():
    # <div><b>Related to this story:</b></div> then links, each with its date, and <br>s
    lines = "".join(f"<a href='/sport/low/football/eng_prem/{7165540 + i}.stm'>{t}</a>"
                    f"<span class='date'>(31 Dec 07 | Premier League)</span><br>"
                    for i, (_, t) in enumerate(STORIES))
    html = f"<font size='3'>{TEXT}<hr><div class='box'><b>Related to this story:</b></div><br>{lines}<hr></font>"
    assert found(html, PARAGRAPHS) == [
        ("related", f"https://n.example/sport/low/football/eng_prem/{7165540 + i}.stm")
        for i in range(len(STORIES))]


def test_a_bold_lead_in_inside_a_paragraph_is_not_a_block_heading():
    html = (f"<div>{TEXT}<p><strong>READ MORE:</strong><br>"
            f"<a href='https://source.example/2024/05/report'>Source: the league report on signings</a><br>"
            f"<a href='https://other.example/2024/05/study'>Other: a study of the transfer market</a></p>"
            f"<p>{S3} And more.</p></div>")
    got = found(html, [*PARAGRAPHS, f"{S3} And more."])
    assert ("inBody", "https://source.example/2024/05/report") in got
    assert all(kind == "inBody" for kind, _ in got)


def test_a_video_playlist_in_the_text_whose_first_clip_the_body_took_gives_no_links():
    clips = "".join(f"<article class='story'><a href='/video/news/clip-{i}-2017032{i}-4sacy.html'>"
                    f"<h3>{t}</h3></a><p>{t}, the clip's blurb runs on for a line or two here.</p>"
                    "</article>" for i, (_, t) in enumerate(STORIES))
    html = (f"<div class='article__body'><p>{S1} As {SRC} shows.</p>"
            f"<div class='module module--inline-player'><div class='panel panel--video-playlist'>"
            f"<h3>More News Videos</h3><div class='carousel'>{clips}</div></div></div>"
            f"<p>{S2}</p><p>{S3}</p></div>")
    # the body extractor took the first clip's title and blurb for text
    first = STORIES[0][1]
    paragraphs = [f"{S1} As the league's report shows.", "More News Videos", first,
                  f"{first}, the clip's blurb runs on for a line or two here.", S2, S3]
    assert found(html, paragraphs) == [("inBody", "https://source.example/2024/05/report")]


def test_a_related_heading_over_story_cards_with_blurbs_gives_the_cards():
    cards = "".join(f"<div class='row'><div class='img'><a href='{u}'><img src='/{i}.jpg'></a></div>"
                    f"<div class='hd'><a href='{u}'>{t}</a></div><div class='date'>Aug 04, 2016</div>"
                    f"<div class='brief'><p>{t}: the brief repeats the story's opening lines, long "
                    f"enough to outweigh the headline's link text in the box.</p></div></div>"
                    for i, (u, t) in enumerate(STORIES))
    html = (f"<div class='node'><div class='news-body'>{TEXT}</div>"
            f"<div class='block'><h2>Related Articles</h2><div class='content'>{cards}</div></div></div>")
    assert found(html, PARAGRAPHS) == [("related", "https://n.example" + u) for u, _ in STORIES]


def test_the_authors_twitter_line_in_the_texts_wrapper_is_not_in_body():
    html = (f"<div class='article-body'>{TEXT}<p>Source: {SRC}</p>"
            "<section class='article-info-bottom'><div class='twitter-wrapper'><div class='info'>"
            "<span>BY: <a href='/author/sandy/'>Sandy</a></span> <span class='icon twitter'>"
            "<a href='http://twitter.com/feynmanguy'>@feynmanguy</a></span></div></div></section></div>")
    assert found(html, [*PARAGRAPHS, "Source: the league's report"]) == [
        ("inBody", "https://source.example/2024/05/report")]


def test_a_repeat_without_the_first_links_click_value_is_the_same_link_but_script_queries_differ():
    html = (f"<div><p>{S1} See <a href='https://n.example/4707986/repeal-vote/?xid=homepage'>the "
            f"vote</a> and <a href='https://n.example/story.php?id=5'>one</a>.</p><p>{S2} As "
            f"<a href='https://n.example/4707986/repeal-vote/'>said before</a>, and "
            f"<a href='https://n.example/story.php?id=5&amp;page=1'>another</a>.</p><p>{S3}</p></div>")
    paragraphs = [f"{S1} See the vote and one.", f"{S2} As said before, and another.", S3]
    assert found(html, paragraphs) == [
        ("inBody", "https://n.example/4707986/repeal-vote/?xid=homepage"),
        ("inBody", "https://n.example/story.php?id=5"),
        ("inBody", "https://n.example/story.php?id=5&page=1")]


def test_a_teasers_blurb_taken_for_text_gives_no_link():
    teasers = "".join(f"<div class='teasers'><div class='clearfix'><h2><a href='{u}'>{t}</a></h2>"
                      f"<p>{t}: the blurb, which the body extractor took for text, goes on. "
                      f"<a href='{u}' class='readlink'>Read</a></p></div></div>"
                      for u, t in STORIES[:2])
    html = f"<div class='story'>{TEXT}</div><div class='side'><h4>Latest Sport News</h4>{teasers}</div>"
    blurbs = [f"{t}: the blurb, which the body extractor took for text, goes on. Read"
              for _, t in STORIES[:2]]
    assert found(html, [*PARAGRAPHS, *blurbs]) == []


def test_a_one_story_box_in_the_text_on_another_subject_gives_no_link():
    def box(url: str, title: str) -> str:
        return (f"<aside class='read-more-links'><h5>Read More</h5><ul><li><a href='{url}'>{title}"
                "</a></li></ul></aside>")
    on = ("https://n.example/2024/05/transfer-window-live", "Transfer window live: managers chase new signings")
    off = ("https://n.example/2024/05/lorry-crash-live", "Lorry crash: three feared dead in shopping street")
    html = (f"<article><h1>Manager plans new signings as the transfer window opens</h1>"
            f"<div class='body'><p>{S1}</p>{box(*on)}<p>{S2}</p>{box(*off)}<p>{S3}</p></div></article>")
    assert found(html, PARAGRAPHS) == [("inBody", on[0])]
