"""Related links, fifteenth round (issue 16): a failure is per link. An href that makes a URL
function raise (urlsplit on a malformed address, say) costs that link only, never the page's
other links; the failure is logged with its type and the page's address. On a page written for
the test."""

from __future__ import annotations

import logging

import pytest

from pagekit import page
from scrapekit.extractors import links
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links

URL = "https://n.example/2024/05/harbour-plan"
S1 = "The council voted on Monday to approve the harbour plan after a long debate on jobs. "
S2 = "The mayor said the new quay would bring ferries back to the town within two years. "
BAD = "https://bad.example/[odd"
HTML = (f"<article><h1>Council approves harbour plan</h1>"
        f"<p>{S1} The <a href='https://audit.example/2024/harbour-report'>audit</a> backs it.</p>"
        f"<p>{S2} A <a href='{BAD}'>second study</a> disagrees.</p>"
        f"<p>{S1} The <a href='https://port.example/2024/ferry-routes'>ferry routes</a> are set.</p>"
        "</article>")
PARAGRAPHS = [f"{S1} The audit backs it.", f"{S2} A second study disagrees.",
              f"{S1} The ferry routes are set."]


def test_one_bad_href_costs_only_its_link(monkeypatch: pytest.MonkeyPatch,
                                           caplog: pytest.LogCaptureFixture) -> None:
    real_split = links.urlsplit

    def split(url: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if "[odd" in url:
            raise TypeError("a URL function tripped on this href")
        return real_split(url, *args, **kwargs)

    monkeypatch.setattr(links, "urlsplit", split)
    doc = parse(page("", HTML), URL)
    with caplog.at_level(logging.WARNING, logger="scrapekit.extractors.links"):
        found = [(link.kind, link.url) for link in extract_related_links(doc, PARAGRAPHS)]
    assert found == [("inBody", "https://audit.example/2024/harbour-report"),
                     ("inBody", "https://port.example/2024/ferry-routes")]
    assert "TypeError" in caplog.text and URL in caplog.text


def test_without_a_failure_every_link_is_kept() -> None:
    doc = parse(page("", HTML.replace(BAD, "https://study.example/2024/second-study")), URL)
    assert [link.url for link in extract_related_links(doc, PARAGRAPHS)] == [
        "https://audit.example/2024/harbour-report", "https://study.example/2024/second-study",
        "https://port.example/2024/ferry-routes"]
