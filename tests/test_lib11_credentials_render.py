"""A page a feed listed on another origin than the feed's is fetched without the user's
credentials, and rendered without them too: its scripts' requests to its own origin carry none.
Loopback sites, a real Chromium (skipped when absent locally), real worker processes."""

from __future__ import annotations

from loopsite import LoopSite, QuietHandler
from test_render import needs_browser

from scrapekit import Settings, scrape_many
from scrapekit.sources import feed_urls

WORDS = " ".join(f"word{i % 23}" for i in range(200))


class Handler(QuietHandler):
    server: Site

    def do_GET(self) -> None:
        self.server.seen.append((self.path, dict(self.headers.items())))
        if self.path == "/robots.txt":
            return self.answer(404, b"", "text/plain")
        if self.path == "/feed.xml":
            return self.answer(200, self.server.feed, "application/rss+xml")
        if self.path == "/app.js":
            return self.answer(200, b"document.title = 'Scripted';", "application/javascript")
        body = (f'<html><head><title>P</title><script src="/app.js"></script></head><body>'
                f"<article><h1>Page</h1><p>{WORDS}.</p></article></body></html>").encode()
        return self.answer(200, body, "text/html; charset=utf-8")


class Site(LoopSite):
    def __init__(self) -> None:
        super().__init__(Handler)
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.feed = b""

    def carried(self, path: str) -> list[bool]:
        return [bool({"Authorization", "X-Api-Key", "Cookie"} & set(h)) for p, h in self.seen
                if p == path]


@needs_browser
def test_a_listed_page_on_another_origin_is_rendered_without_credentials():
    own, other = Site().start(), Site().start()
    try:
        own.feed = (f'<rss version="2.0"><channel><title>t</title>'
                    f"<item><link>{own.base}/mine</link></item>"
                    f"<item><link>{other.base}/theirs</link></item></channel></rss>").encode()
        s = Settings(delay=0, workers=1, retries=0, timeout=10, render="always",
                     render_timeout=20, headers=(("Authorization", "Bearer USER-TOKEN"),
                                                 ("X-Api-Key", "USER-KEY")),
                     cookies=(("sid", "USER-COOKIE"),))
        records = list(scrape_many(feed_urls(f"{own.base}/feed.xml", s), s))
        assert len(records) == 2 and not any(r.error for r in records), records
        assert own.carried("/feed.xml") == [True]
        assert own.carried("/mine") == [True] and own.carried("/app.js") == [True]
        assert other.carried("/theirs") == [False]
        assert other.carried("/app.js") == [False]  # the script its render asked for
    finally:
        own.stop()
        other.stop()
