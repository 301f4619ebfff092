"""The user's credentials and the URLs a sitemap or feed lists: a listed URL gets them only when
its origin is the one of the document the user asked for (or its https upgrade); a listed URL
(page or child sitemap) on any other origin is fetched without them, whatever the listing says.
URLs the user gives keep the fetched-URL rule (tests/test_fetch_credentials.py).
Loopback servers (tests/rawserver.py), real worker processes, no internet."""

from __future__ import annotations

import asyncio

from rawserver import page, response

from scrapekit import Settings, scrape_many
from scrapekit.fetch import Fetcher
from scrapekit.sources import (OwnOriginItem, RemoteItem, feed_urls, remote_item, sitemap_urls,
                               with_credentials)

SECRETS = ("BEARER-SECRET", "COOKIE-SECRET", "APIKEY-SECRET")
USER = Settings(retries=0, delay=0.0, timeout=10.0, workers=1,
                headers=(("Authorization", "Bearer BEARER-SECRET"), ("X-Api-Key", "APIKEY-SECRET")),
                cookies=(("session", "COOKIE-SECRET"),))
XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def secrets_in(req) -> list[str]:
    text = repr(req.headers)
    return [s for s in SECRETS if s in text]


def urlset(urls: list[str]) -> bytes:
    return (f"<urlset {XMLNS}>" + "".join(f"<url><loc>{u}</loc></url>" for u in urls)
            + "</urlset>").encode()


def index(urls: list[str]) -> bytes:
    return (f"<sitemapindex {XMLNS}>" + "".join(f"<sitemap><loc>{u}</loc></sitemap>"
                                                for u in urls) + "</sitemapindex>").encode()


def xml(body: bytes) -> bytes:
    return response(body=body, ctype="application/xml")


def by_host_path(srv) -> dict[tuple[str, str], list[str]]:
    """(host, path) -> the secrets each of its requests carried (robots.txt left out)."""
    seen: dict[tuple[str, str], list[str]] = {}
    for req in srv.requests():
        if req.path != "/robots.txt":
            seen.setdefault((req.host, req.path), []).extend(secrets_in(req))
    return seen


def _hostile_sitemap(srv) -> tuple[str, str]:
    """Site A's index lists a child on A and a child on B; each child lists pages on A and B
    (the child on B, read without the credentials, gives none of its pages them: not p3 on A)."""
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/index.xml", xml(index([f"{a}/child-a.xml", f"{b}/child-b.xml"])))
    srv.route("127.0.0.2/child-a.xml", xml(urlset([f"{a}/p1", f"{b}/p2"])))
    srv.route("127.0.0.3/child-b.xml", xml(urlset([f"{a}/p3", f"{b}/p4"])))
    for name in ("p1", "p2", "p3", "p4"):
        srv.route(f"/{name}", response(body=page(name.upper())))
    return a, b


def test_a_sitemap_run_sends_credentials_only_to_the_asked_origin(raw_server):
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, _b = _hostile_sitemap(srv)
    records = list(scrape_many(sitemap_urls(f"{a}/index.xml", USER), USER))
    assert len(records) == 4 and not any(r.error for r in records), records
    seen = by_host_path(srv)
    mine = {k: v for k, v in seen.items() if k[0] == "127.0.0.2"}
    theirs = {k: v for k, v in seen.items() if k[0] == "127.0.0.3"}
    assert sorted(k[1] for k in mine) == ["/child-a.xml", "/index.xml", "/p1", "/p3"]
    assert mine.pop(("127.0.0.2", "/p3")) == []  # listed by the child on B
    assert all(v == list(SECRETS) for v in mine.values()), mine
    assert sorted(k[1] for k in theirs) == ["/child-b.xml", "/p2", "/p4"]
    assert all(v == [] for v in theirs.values()), theirs


def test_a_sitemap_read_alone_keeps_its_credentials_off_other_origins(raw_server):
    """Outside a run (the source's own Fetcher): the child sitemap on B gets none either."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = _hostile_sitemap(srv)
    items = list(sitemap_urls(f"{a}/index.xml", USER))
    assert items == [f"{a}/p1", f"{b}/p2", f"{a}/p3", f"{b}/p4"]
    assert [type(i) for i in items] == [OwnOriginItem, RemoteItem, RemoteItem, RemoteItem]
    seen = by_host_path(srv)
    assert seen[("127.0.0.2", "/index.xml")] == list(SECRETS)
    assert seen[("127.0.0.2", "/child-a.xml")] == list(SECRETS)
    assert seen[("127.0.0.3", "/child-b.xml")] == []


def test_the_scope_is_the_sitemap_as_given_through_its_redirects(raw_server):
    """A same-origin redirect of the asked sitemap keeps its scope; one to another origin makes
    it that origin's document: nothing it lists gets the credentials (p3 on A neither)."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/old.xml", response(301, b"", headers=[("Location", "/s.xml")]))
    srv.route("127.0.0.2/s.xml", xml(urlset([f"{a}/p1"])))
    srv.route("127.0.0.2/moved.xml", response(302, b"", headers=[("Location", f"{b}/s.xml")]))
    srv.route("127.0.0.3/s.xml", xml(urlset([f"{b}/p2", f"{a}/p3"])))
    for name in ("p1", "p2", "p3"):
        srv.route(f"/{name}", response(body=page(name.upper())))
    inputs = [*sitemap_urls(f"{a}/old.xml", USER), *sitemap_urls(f"{a}/moved.xml", USER)]
    assert [type(i) for i in inputs] == [OwnOriginItem, RemoteItem, RemoteItem]
    records = list(scrape_many(inputs, USER))
    assert len(records) == 3 and not any(r.error for r in records), records
    seen = by_host_path(srv)
    assert seen[("127.0.0.2", "/p1")] == list(SECRETS)
    assert seen[("127.0.0.3", "/s.xml")] == [] and seen[("127.0.0.3", "/p2")] == []
    assert seen[("127.0.0.2", "/p3")] == []


def test_a_feed_run_sends_credentials_only_to_the_feeds_origin(raw_server):
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    rss = (f'<rss version="2.0"><channel><title>t</title><item><link>{a}/mine</link></item>'
           f'<item><link>{b}/theirs</link></item><item><link>/relative</link></item>'
           "</channel></rss>").encode()
    srv.route("127.0.0.2/rss.xml", response(body=rss, ctype="application/rss+xml"))
    for name in ("mine", "theirs", "relative"):
        srv.route(f"/{name}", response(body=page(name.title())))
    records = list(scrape_many(feed_urls(f"{a}/rss.xml", USER), USER))
    assert len(records) == 3 and not any(r.error for r in records), records
    seen = by_host_path(srv)
    assert seen[("127.0.0.2", "/rss.xml")] == list(SECRETS)
    assert seen[("127.0.0.2", "/mine")] == list(SECRETS)
    assert seen[("127.0.0.2", "/relative")] == list(SECRETS)
    assert seen[("127.0.0.3", "/theirs")] == []


def test_a_url_the_user_gives_keeps_its_credentials_when_a_sitemap_lists_it_too(raw_server):
    """The same URL listed by a foreign sitemap (fetched without) and given by the user (with):
    two fetches, not one record shared."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/s.xml", xml(urlset([f"{b}/page"])))
    srv.route("/page", response(body=page("Page")))
    inputs = list(sitemap_urls(f"{a}/s.xml", USER)) + [f"{b}/page"]
    records = list(scrape_many(inputs, USER.replace(per_host=1)))
    assert len(records) == 2 and not any(r.error for r in records)
    assert sorted(secrets_in(r) for r in srv.requests("/page")) == [[], list(SECRETS)]


def test_fetch_without_credentials_sends_none_on_any_hop(raw_server):
    """``credentials=False``: not on the URL's origin, nor when a redirect comes back to it."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.3/x", response(302, b"", headers=[("Location", f"{a}/y")]))
    srv.route("127.0.0.2/y", response(302, b"", headers=[("Location", f"{b}/z")]))
    srv.route("/z", response(body=page("Z")))

    async def run():
        async with Fetcher(USER) as fetcher:
            return (await fetcher.fetch(f"{b}/x", credentials=False),
                    await fetcher.fetch(f"{b}/x"))
    without, with_ = asyncio.run(run())
    assert without.ok and with_.ok
    first = [secrets_in(r) for r in srv.requests() if r.path != "/robots.txt"][:3]
    assert first == [[], [], []]
    later = [secrets_in(r) for r in srv.requests() if r.path != "/robots.txt"][3:]
    # the fetched URL's origin only, and (session 13) not after the chain left it
    assert later == [list(SECRETS), [], []]


def test_the_scope_is_the_asked_origin_or_its_https_upgrade():
    scope = "http://a.test/sitemap.xml"
    assert isinstance(remote_item("http://a.test:80/p", scope), OwnOriginItem)
    assert isinstance(remote_item("https://a.test/p", scope), OwnOriginItem)
    assert type(remote_item("http://a.test:8080/p", scope)) is RemoteItem
    assert type(remote_item("http://b.test/p", scope)) is RemoteItem
    assert type(remote_item("http://[oops/", scope)) is RemoteItem
    assert type(remote_item("http://a.test/p", "https://a.test/s.xml")) is RemoteItem
    assert with_credentials("http://b.test/p")  # the user's own: the fetched-URL rule
    assert not with_credentials(RemoteItem("http://b.test/p"))
    assert with_credentials(OwnOriginItem("http://a.test/p"))
    assert type(OwnOriginItem(" http://a.test/p ").strip()) is OwnOriginItem


def test_dask_shards_keep_which_listed_urls_may_get_credentials(raw_server, tmp_path):
    from scrapekit.distributed import _read_inputs, _spool_shards, run_shard

    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    for name in ("given", "listed"):
        srv.route(f"/{name}", response(body=page(name.title())))
    inputs = [f"{a}/given", RemoteItem(f"{b}/listed"), OwnOriginItem(f"{a}/listed")]
    shards = _spool_shards(inputs, tmp_path, 1, n_workers=1, limit=None)
    back = [item for s in shards for item in _read_inputs(tmp_path / s["inputsFile"])]
    assert sorted((str(i), type(i).__name__) for i in back) == [
        (f"{a}/given", "str"), (f"{a}/listed", "OwnOriginItem"), (f"{b}/listed", "RemoteItem")]
    for shard in shards:
        run_shard(shard["shard"], str(tmp_path), USER)
    seen = by_host_path(srv)
    assert seen == {("127.0.0.2", "/given"): list(SECRETS), ("127.0.0.2", "/listed"): list(SECRETS),
                    ("127.0.0.3", "/listed"): []}


def test_the_cli_sends_header_and_cookie_credentials_only_to_the_sitemaps_origin(raw_server,
                                                                                tmp_path):
    """The reported case, end to end: ``--header "Authorization: ..."`` and ``--cookie`` with
    ``--sitemap`` on A listing pages on A and B; ``--resume`` reads the sitemap again."""
    import subprocess
    import sys

    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, _b = _hostile_sitemap(srv)
    out = tmp_path / "out.jsonl"
    for extra in ([], ["--resume"]):
        done = subprocess.run(
            [sys.executable, "-m", "scrapekit", "scrape", "--delay", "0", "--retries", "0",
             "--workers", "1", "--header", "Authorization: Bearer BEARER-SECRET",
             "--header", "X-Api-Key: APIKEY-SECRET", "--cookie", "session=COOKIE-SECRET",
             "--sitemap", f"{a}/index.xml", "-o", str(out), *extra],
            capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert len(out.read_text().splitlines()) == 4
    seen = by_host_path(srv)
    assert {k[1] for k in seen if k[0] == "127.0.0.3"} == {"/child-b.xml", "/p2", "/p4"}
    assert all(v == [] for k, v in seen.items() if k[0] == "127.0.0.3"), seen
    assert seen.pop(("127.0.0.2", "/p3")) == []  # listed by the child sitemap on B
    assert all(v and set(v) == set(SECRETS) for k, v in seen.items() if k[0] == "127.0.0.2")


def test_without_user_credentials_a_listed_url_and_the_same_given_one_are_fetched_once(
        raw_server):
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/s.xml", xml(urlset([f"{b}/page"])))
    srv.route("/page", response(body=page("Page")))
    plain = Settings(retries=0, delay=0.0, timeout=10.0, workers=1)
    inputs = list(sitemap_urls(f"{a}/s.xml", plain)) + [f"{b}/page"]
    records = list(scrape_many(inputs, plain))
    assert len(records) == 2 and not any(r.error for r in records)
    assert len(srv.requests("/page")) == 1
