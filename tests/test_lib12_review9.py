"""Review 9 of the session-12 library changes (sitemap and feed credentials, the run's end):
a foreign child sitemap listing a URL of the user's own site first does not take its
credentials away; a redirect chain that left the origin and came back does not give a
document's entries (nor its last hop) the credentials; the end of a run whose sitemap is busy
schedules no fetch on the closed loop; a ``user:password@`` sitemap's child refused with 401
says how to pass the credentials. Loopback servers (tests/rawserver.py), no internet."""

from __future__ import annotations

import gc
import threading
import time
import warnings

from rawserver import page, response
from test_lib11_credentials_sources import SECRETS, USER, by_host_path, index, urlset, xml

from scrapekit import Settings, scrape_many
from scrapekit.sources import OwnOriginItem, RemoteItem, sitemap_urls


def test_closing_a_run_whose_sitemap_is_busy_schedules_no_fetch(raw_server):
    """Before: close() returned while the generator was still skipping 40,000 duplicates; its
    next document fetch went to the closed loop: "coroutine ... was never awaited" and
    RuntimeError('Event loop is closed') inside the caller's generator."""
    srv = raw_server(["127.0.0.2"])
    a = srv.base(0)
    srv.route("127.0.0.2/index.xml", xml(index([f"{a}/c1.xml", f"{a}/c2.xml"])))
    srv.route("127.0.0.2/c1.xml", xml(urlset([f"{a}/p1"] * 40000)))
    srv.route("127.0.0.2/c2.xml", xml(urlset([f"{a}/p2"])))
    srv.route("/p1", response(body=page("P1")))
    srv.route("/p2", response(body=page("P2")))
    s = Settings(retries=0, delay=0.0, timeout=10.0, workers=1)
    raised: list[BaseException] = []
    ended = threading.Event()

    def inputs():
        try:
            yield from sitemap_urls(f"{a}/index.xml", s)
        except BaseException as exc:
            raised.append(exc)
            raise
        finally:
            ended.set()

    thread_errors: list[BaseException | None] = []
    old_hook = threading.excepthook
    threading.excepthook = lambda args: thread_errors.append(args.exc_value)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            run = scrape_many(inputs(), s)
            assert next(run).url == f"{a}/p1"
            run.close()
            assert ended.wait(30)
            time.sleep(0.3)
            gc.collect()
    finally:
        threading.excepthook = old_hook
    assert not [str(w.message) for w in caught if "never awaited" in str(w.message)]
    assert not [e for e in raised if isinstance(e, RuntimeError)], raised
    assert not thread_errors
    assert not srv.requests("/c2.xml")  # nothing fetched after the end


def _foreign_first(srv, child_a: bytes, child_b: bytes) -> tuple[str, str]:
    """A's index lists a child on B (a CDN, or hostile) first, then its own child."""
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/index.xml", xml(index([f"{b}/child-b.xml", f"{a}/child-a.xml"])))
    srv.route("127.0.0.3/child-b.xml", xml(child_b))
    srv.route("127.0.0.2/child-a.xml", xml(child_a))
    return a, b


def test_a_page_a_foreign_child_lists_first_keeps_the_credentials(raw_server):
    """Before: A/p1 came out once, as the RemoteItem of B's child (seen first): fetched
    without the token although A's own child lists it. Now once, as an OwnOriginItem."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, _ = _foreign_first(srv, urlset([f"{srv.base(0)}/p1"]), urlset([f"{srv.base(0)}/p1"]))
    items = list(sitemap_urls(f"{a}/index.xml", USER))
    assert items == [f"{a}/p1"] and type(items[0]) is OwnOriginItem


def test_an_own_sub_sitemap_a_foreign_child_lists_first_is_read_with_them(raw_server):
    """Before: A/sub.xml was queued from B's child first, read without the token, and its
    page came out a RemoteItem."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a = srv.base(0)
    _foreign_first(srv, index([f"{a}/sub.xml"]), index([f"{a}/sub.xml"]))
    srv.route("127.0.0.2/sub.xml", xml(urlset([f"{a}/p9"])))
    errors: list[str] = []
    items = list(sitemap_urls(f"{a}/index.xml", USER, errors.append))
    assert not errors
    assert items == [f"{a}/p9"] and type(items[0]) is OwnOriginItem
    seen = by_host_path(srv)
    assert seen[("127.0.0.2", "/sub.xml")] == list(SECRETS)  # read once, with them
    assert seen[("127.0.0.3", "/child-b.xml")] == []


def test_a_page_first_listed_without_credentials_comes_again_with_them(raw_server):
    """An own child whose redirects left the origin gives its entries no credentials; the
    same page listed later by an own child comes out as an OwnOriginItem. Session 12: twice
    (a RemoteItem first, two records with credentials configured); session 13: once, the
    RemoteItem held back until the own documents were read (tests/test_lib13_sitemap_once.py)."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/index.xml", xml(index([f"{a}/moved.xml", f"{a}/child-a.xml"])))
    srv.route("127.0.0.2/moved.xml", response(302, b"", headers=[("Location", f"{b}/m.xml")]))
    srv.route("127.0.0.3/m.xml", xml(urlset([f"{a}/p1"])))
    srv.route("127.0.0.2/child-a.xml", xml(urlset([f"{a}/p1", f"{a}/p2"])))
    items = list(sitemap_urls(f"{a}/index.xml", USER))
    assert [(str(i), type(i)) for i in items] == [
        (f"{a}/p1", OwnOriginItem), (f"{a}/p2", OwnOriginItem)]
    plain = list(sitemap_urls(f"{a}/index.xml", Settings(retries=0, delay=0.0)))
    assert plain == [f"{a}/p1", f"{a}/p2"]  # no credentials: no second one


def test_a_chain_that_left_the_origin_and_came_back_gives_no_credentials(raw_server):
    """A/c.xml -> B/x -> A/admin/delete-account.xml: before, the last hop carried the token
    and its entries came out OwnOriginItems (B chose which page of A got the token)."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/index.xml", xml(index([f"{a}/c.xml"])))
    srv.route("127.0.0.2/c.xml", response(302, b"", headers=[("Location", f"{b}/x")]))
    srv.route("127.0.0.3/x", response(
        302, b"", headers=[("Location", f"{a}/admin/delete-account.xml?confirm=1")]))
    srv.route("127.0.0.2/admin/delete-account.xml", xml(urlset([f"{a}/p1"])))
    items = list(sitemap_urls(f"{a}/index.xml", USER))
    assert items == [f"{a}/p1"] and type(items[0]) is RemoteItem
    seen = by_host_path(srv)
    assert seen[("127.0.0.2", "/c.xml")] == list(SECRETS)
    assert seen[("127.0.0.3", "/x")] == []
    assert seen[("127.0.0.2", "/admin/delete-account.xml?confirm=1")] == []


def test_the_asked_sitemap_bounced_through_another_origin_gives_none(raw_server):
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/sitemap.xml", response(302, b"", headers=[("Location", f"{b}/x")]))
    srv.route("127.0.0.3/x", response(302, b"", headers=[("Location", f"{a}/real.xml")]))
    srv.route("127.0.0.2/real.xml", xml(urlset([f"{a}/p1"])))
    items = list(sitemap_urls(f"{a}/sitemap.xml", USER))
    assert items == [f"{a}/p1"] and type(items[0]) is RemoteItem
    assert by_host_path(srv)[("127.0.0.2", "/real.xml")] == []


def test_a_refused_child_of_a_user_password_sitemap_says_how_to_log_in(raw_server):
    srv = raw_server(["127.0.0.2"])
    a = srv.base(0)
    srv.route("127.0.0.2/index.xml", xml(index(["child.xml"])))
    srv.route("127.0.0.2/child.xml", response(401, b""))
    asked = a.replace("http://", "http://user:pw@") + "/index.xml"
    errors: list[str] = []
    assert list(sitemap_urls(asked, Settings(retries=0, delay=0.0), errors.append)) == []
    assert len(errors) == 1 and "401" in errors[0]
    assert '--header "Authorization: ..."' in errors[0] and "pw" not in errors[0]
    errors.clear()  # without user:password, no such hint
    list(sitemap_urls(f"{a}/index.xml", Settings(retries=0, delay=0.0), errors.append))
    assert len(errors) == 1 and "--header" not in errors[0]


def test_in_a_run_each_listed_url_is_one_record_and_the_bounce_gets_none(raw_server):
    """The run's route (documents fetched by the worker owning the host): A/p1, listed by B's
    child first and by A's own, is one record fetched with the credentials; the child that
    bounced through B gets none on its last hop, and neither does the page it lists."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/index.xml", xml(index([f"{b}/child-b.xml", f"{a}/child-a.xml",
                                                f"{a}/c.xml"])))
    srv.route("127.0.0.3/child-b.xml", xml(urlset([f"{a}/p1", f"{b}/p2"])))
    srv.route("127.0.0.2/child-a.xml", xml(urlset([f"{a}/p1"])))
    srv.route("127.0.0.2/c.xml", response(302, b"", headers=[("Location", f"{b}/x")]))
    srv.route("127.0.0.3/x", response(302, b"", headers=[("Location", f"{a}/back.xml")]))
    srv.route("127.0.0.2/back.xml", xml(urlset([f"{a}/p3"])))
    for name in ("p1", "p2", "p3"):
        srv.route(f"/{name}", response(body=page(name.upper())))
    records = list(scrape_many(sitemap_urls(f"{a}/index.xml", USER), USER))
    assert sorted(r.url for r in records) == sorted([f"{a}/p1", f"{b}/p2", f"{a}/p3"])
    assert not any(r.error for r in records), records
    seen = by_host_path(srv)
    assert seen[("127.0.0.2", "/p1")] == list(SECRETS)  # one fetch, with them
    assert seen[("127.0.0.2", "/back.xml")] == [] and seen[("127.0.0.2", "/p3")] == []
    assert seen[("127.0.0.2", "/c.xml")] == list(SECRETS)
    assert all(v == [] for k, v in seen.items() if k[0] == "127.0.0.3"), seen
