"""WARC in and out: reading response records (plain, gzipped, damaged), the recorder, and a
round trip fetch -> WarcRecorder -> aextract_warc giving the records a live extraction gives."""

from __future__ import annotations

import asyncio
import gzip

import pytest

from scrapekit import Settings
from scrapekit.fetch import Fetcher
from scrapekit.record import Article
from scrapekit.warc import (
    WarcRecorder, WarcStats, aextract_warc, extract_warc, is_warc_path, iter_warc,
)
from scrapekit.workers import Pool

from conftest import FIXTURES, SEED_HTML

MIXED = FIXTURES / "warc" / "mixed.warc.gz"
FAST = Settings(retries=0, timeout=5.0, workers=1, delay=0.0, per_host=4)


def _comparable(record: dict) -> dict:
    """A record without the timings (which differ between any two extractions)."""
    out = dict(record)
    out["extraction"] = {**record["extraction"], "elapsedMs": None}
    if record["fetch"] is not None:
        out["fetch"] = {**record["fetch"], "elapsedMs": None}
    return out


async def _collect(agen) -> list[Article]:
    return [a async for a in agen]


def _fake_results(n: int, body: bytes = SEED_HTML):
    from scrapekit.errors import NotHTML, TooLarge
    from scrapekit.fetch.client import FetchResult

    results = []
    for i in range(n):
        url = f"http://127.0.0.1:8000/article/{i}"
        results.append(FetchResult(url=url, final_url=url, status=200,
                                   content_type="text/html; charset=utf-8", body=body,
                                   headers=[("content-type", "text/html; charset=utf-8"),
                                            ("content-encoding", "gzip"),
                                            ("content-length", "999")],
                                   attempts=1, fetched_at="2026-01-02T03:04:05Z"))
    pdf = "http://127.0.0.1:8000/pdf"
    results.append(FetchResult(url=pdf, final_url=pdf, status=200, content_type="application/pdf",
                               headers=[("content-type", "application/pdf")], attempts=1,
                               fetched_at="2026-01-02T03:04:06Z", error=NotHTML("pdf")))
    big = "http://127.0.0.1:8000/huge"
    results.append(FetchResult(url=big, final_url=big, status=200, content_type="text/html",
                               headers=[("content-type", "text/html")], attempts=1,
                               fetched_at="2026-01-02T03:04:07Z", error=TooLarge("big")))
    results.append(FetchResult(url="http://127.0.0.1:9/refused", attempts=1))  # no status
    return results


def _write(path, results, settings=FAST) -> int:
    with WarcRecorder(path, settings) as rec:
        return sum(rec.write(r) for r in results)


# -- reading ----------------------------------------------------------------------------------

def test_mixed_fixture_reads_html_responses_only_and_counts_the_rest():
    stats = WarcStats()
    pages = list(iter_warc(MIXED, stats))
    assert [p.url for p in pages] == ["https://news.example.org/2024/05/02/tidal-plant",
                                      "https://news.example.org/plain-served"]
    assert pages[0].body.startswith(b"<!DOCTYPE html>")  # chunked + gzip undone
    assert stats.html == 2 and stats.responses == 6 and stats.records == 10
    assert stats.skipped == {"warcinfo": 1, "request": 1, "revisit": 1, "metadata": 1,
                             "no_http": 1, "redirect": 1, "not_html": 1, "http_status": 1}
    assert not stats.damaged
    assert "2 HTML responses extracted" in stats.summary()


def test_extract_warc_record_has_target_uri_and_fetch_block_from_the_archive():
    stats = WarcStats()
    records = list(extract_warc([MIXED], Settings(workers=1), stats))
    by_url = {r.url: r for r in records}
    art = by_url["https://news.example.org/2024/05/02/tidal-plant"]
    assert art.error is None
    assert art.headline == "Tidal plant opens in harbour town"
    assert art.byline == "By Jane Doe"
    assert art.date_published == "2024-05-02T09:30:00+00:00"
    assert [link.url for link in art.related_links] == [
        "https://news.example.org/2023/11/10/harbour-vote"]
    assert art.fetch.to_dict() == {
        "finalUrl": "https://news.example.org/2024/05/02/tidal-plant", "status": 200,
        "contentType": "text/html; charset=UTF-8", "encoding": "utf-8",
        "fetchedAt": "2024-05-02T09:31:05Z", "attempts": 1, "elapsedMs": None,
        "rendered": False}
    assert by_url["https://news.example.org/plain-served"].headline.startswith("Wind farm")
    assert len(records) == 2 and stats.html == 2


def test_errors_true_gives_error_records_for_skipped_http_responses():
    records = list(extract_warc([MIXED], Settings(workers=1), errors=True))
    kinds = {r.url: (r.error.kind if r.error else None) for r in records}
    assert kinds == {
        "https://news.example.org/2024/05/02/tidal-plant": None,
        "https://news.example.org/plain-served": None,
        "http://news.example.org/old": "http_status",
        "https://news.example.org/logo.png": "not_html",
        "https://news.example.org/missing": "http_status",
    }
    missing = next(r for r in records if r.url.endswith("/missing"))
    assert missing.error.status == 404 and missing.fetch.status == 404


@pytest.mark.parametrize("name", ["plain.warc", "per-record.warc.gz"])
def test_plain_and_per_record_gzip(tmp_path, name):
    path = tmp_path / name
    assert _write(path, _fake_results(3)) == 5  # 3 pages, the pdf and the too-large (with status)
    raw = path.read_bytes()
    assert raw.startswith(b"WARC/1.1") if name.endswith(".warc") else raw[:2] == b"\x1f\x8b"
    stats = WarcStats()
    # the pages, and the HTML response archived without its body (its own too_large record);
    # not the pdf
    assert [(p.url, p.skip) for p in iter_warc(path, stats)] == [
        (f"http://127.0.0.1:8000/article/{i}", None) for i in range(3)] + [
        ("http://127.0.0.1:8000/huge", "truncated")]
    assert stats.skipped["not_html"] == 1 and stats.skipped["truncated"] == 1
    assert stats.skipped["request"] == 5 and stats.skipped["warcinfo"] == 1
    assert is_warc_path(path)


def test_whole_file_gzip_is_read_too(tmp_path):
    plain = tmp_path / "a.warc"
    _write(plain, _fake_results(3))
    whole = tmp_path / "whole.bin"  # no telling name: recognised by its content
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    assert is_warc_path(whole)
    stats = WarcStats()
    # the 3 pages and the page archived without its body (its too_large record)
    assert len(list(iter_warc(whole, stats))) == 4 and not stats.damaged


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_truncated_file_keeps_records_before_the_damage(tmp_path, name):
    full = tmp_path / ("full" + name[3:])
    _write(full, _fake_results(4))
    data = full.read_bytes()
    stats_full = WarcStats()
    offsets = [p.offset for p in iter_warc(full, stats_full)]
    cut = tmp_path / name
    cut.write_bytes(data[:offsets[2] + 300])  # inside the third page's response record
    stats = WarcStats()
    pages = list(iter_warc(cut, stats))
    assert [p.url for p in pages] == [f"http://127.0.0.1:8000/article/{i}" for i in range(2)]
    assert all(p.body == SEED_HTML for p in pages)
    assert len(stats.damaged) == 1 and stats.damaged[0].path == str(cut)
    assert "damaged" in stats.summary()


def test_garbage_in_the_middle_and_unreadable_files_are_reported_not_raised(tmp_path):
    full = tmp_path / "full.warc"
    _write(full, _fake_results(3))
    data = full.read_bytes()
    offsets = [p.offset for p in iter_warc(full)]
    bad = tmp_path / "bad.warc"
    middle = offsets[1] + 2000
    bad.write_bytes(data[:middle] + b"\x00garbage\r\n" + data[middle:])
    missing = tmp_path / "nope.warc.gz"
    not_warc = tmp_path / "page.warc.gz"
    not_warc.write_bytes(b"<html>not a warc</html>")
    stats = WarcStats()
    records = list(extract_warc([bad, missing, not_warc, full], FAST, stats))
    # first page of bad (before the damage) and all of full; nothing raised
    assert sorted(r.url for r in records) == sorted(
        ["http://127.0.0.1:8000/article/0"] + [f"http://127.0.0.1:8000/article/{i}" for i in range(3)]
        + ["http://127.0.0.1:8000/huge"])  # (its too_large record)
    assert [d.path for d in stats.damaged] == [str(bad), str(missing), str(not_warc)]
    assert stats.files == 4


def test_pages_over_max_bytes_are_skipped_or_too_large(tmp_path):
    path = tmp_path / "a.warc.gz"
    _write(path, _fake_results(2))
    settings = FAST.replace(max_bytes=1000)
    stats = WarcStats()
    # pages over the cap, or archived without their body, are pages all the same: each gets
    # its too_large record, as a live fetch would (the pdf none)
    assert [r.error.kind for r in extract_warc([path], settings, stats)] == ["too_large"] * 3
    assert stats.skipped["too_large"] == 2
    kinds = [r.error.kind for r in extract_warc([path], settings, errors=True)]
    assert kinds.count("too_large") == 3  # two over the cap, one archived without its body


def test_limit_caps_records(tmp_path):
    path = tmp_path / "a.warc.gz"
    _write(path, _fake_results(5))
    assert len(list(extract_warc([path], FAST.replace(limit=2)))) == 2


# -- writing ----------------------------------------------------------------------------------

def test_recorder_writes_conformant_request_response_pairs(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    path = tmp_path / "out.warc.gz"
    settings = FAST.replace(headers=(("X-Test", "1"), ("Authorization", "Bearer secret")),
                            cookies=(("session", "secret"),))
    _write(path, _fake_results(1), settings)
    with open(path, "rb") as fh:
        records = list((r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
                       for r in ArchiveIterator(fh, check_digests=True))
    assert [r[0] for r in records] == ["warcinfo", "response", "request", "response", "request",
                                       "response", "request"]
    assert all(h.protocol == "WARC/1.1" for _, h, _, _ in records)
    _, resp_h, resp_http, body = records[1]
    _, req_h, req_http, _ = records[2]
    assert body == SEED_HTML
    assert resp_h.get_header("WARC-Date") == "2026-01-02T03:04:05Z"
    assert resp_h.get_header("WARC-Target-URI") == "http://127.0.0.1:8000/article/0"
    assert req_h.get_header("WARC-Concurrent-To") == resp_h.get_header("WARC-Record-ID")
    assert resp_h.get_header("WARC-Payload-Digest", "").startswith("sha1:")
    assert resp_http.get_statuscode() == "200"
    assert resp_http.get_header("Content-Length") == str(len(SEED_HTML))
    assert resp_http.get_header("Content-Encoding") is None  # body is stored decoded
    assert resp_http.get_header("X-Scrapekit-Orig-Content-Encoding") == "gzip"
    assert req_http.protocol == "GET" and req_http.statusline.startswith("/article/0")
    assert req_http.get_header("User-Agent") == settings.user_agent
    assert req_http.get_header("Host") == "127.0.0.1:8000"
    assert req_http.get_header("X-Test") == "1"
    assert req_http.get_header("Authorization") is None and req_http.get_header("Cookie") is None
    pdf_h = records[3][1]
    assert pdf_h.get_header("WARC-Truncated") == "unspecified"
    assert records[5][1].get_header("WARC-Truncated") == "length"


def test_recorder_flushes_every_record(tmp_path):
    path = tmp_path / "live.warc.gz"
    rec = WarcRecorder(path, FAST)
    try:
        for i, result in enumerate(_fake_results(3)[:3], 1):
            rec.write(result)
            # readable as is, while the recorder is still open (as after a kill)
            stats = WarcStats()
            assert len(list(iter_warc(path, stats))) == i and not stats.damaged
    finally:
        rec.close()
    with WarcRecorder(path, FAST, append=True) as again:
        again.write(_fake_results(1)[0])
    assert len(list(iter_warc(path))) == 4


def test_awrite_from_the_event_loop(tmp_path):
    path = tmp_path / "a.warc.gz"

    async def main():
        with WarcRecorder(path, FAST) as rec:
            done = await asyncio.gather(*(rec.awrite(r) for r in _fake_results(4)))
        return done

    assert asyncio.run(main()) == [True] * 6 + [False]
    assert len(list(iter_warc(path))) == 5  # 4 pages and the one archived without its body


# -- round trip -------------------------------------------------------------------------------

def test_round_trip_fetch_record_extract_gives_the_same_records(server, token, tmp_path):
    paths = [f"/article/{token}", f"/latin1/{token}", f"/cp1251/{token}", f"/redirect/1/{token}",
             f"/plainhtml/{token}", f"/status/404/{token}", f"/pdf/{token}"]
    urls = [server.base + p for p in paths]
    warc = tmp_path / "raw.warc.gz"

    async def fetch_and_extract():
        pool = Pool(FAST, 1)
        live: list[Article] = []
        with WarcRecorder(warc, FAST) as recorder:
            async with Fetcher(FAST) as fetcher:
                results = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
            for result in results:
                await recorder.awrite(result)
                if result.ok:  # as the pipeline does, keyed by the URL the WARC will hold
                    record, _ = await pool.extract(result.body, result.final_url,
                                                   result.final_url, result.content_type,
                                                   result.info().to_dict())
                    live.append(Article.from_dict(record))
        await pool.aclose()
        return results, live

    results, live = asyncio.run(fetch_and_extract())
    assert len(live) == 5
    stats = WarcStats()
    offline = asyncio.run(_collect(aextract_warc([warc], FAST, stats)))
    assert stats.html == 5 and stats.skipped["http_status"] == 1
    assert stats.skipped["not_html"] == 1 and not stats.damaged
    want = {a.url: _comparable(a.to_dict()) for a in live}
    got = {a.url: _comparable(a.to_dict()) for a in offline}
    assert got == want
    seed = got[f"{server.base}/article/{token}"]
    assert seed["headline"].startswith("Bakhmut") and seed["relatedLinks"]
    assert seed["articleBody"] and seed["fetch"]["attempts"] == 1
    assert f"{server.base}/article/seed" in got  # the redirect is recorded under its final URL
    # and the failures come back as the same error kinds with errors=True
    with_errors = asyncio.run(_collect(aextract_warc([warc], FAST, errors=True)))
    kinds = {a.url: a.error.kind for a in with_errors if a.error}
    assert kinds == {f"{server.base}/status/404/{token}": "http_status",
                     f"{server.base}/pdf/{token}": "not_html"}
    assert {r.url: r.error.kind for r in results if r.error} == kinds


def test_extract_paths_mixes_html_files_and_warc_files_in_order(tmp_path):
    from scrapekit.warc import extract_paths

    html = tmp_path / "page.html"
    html.write_bytes(SEED_HTML)
    warc = tmp_path / "crawl.warc.gz"
    _write(warc, _fake_results(2))
    stats = WarcStats()
    records = list(extract_paths([str(html), str(warc), str(MIXED), str(html)], FAST, stats=stats))
    urls = [r.url for r in records]
    assert urls[0] == str(html) and urls[-1] == str(html)
    assert sorted(urls[1:-1]) == sorted(
        [f"http://127.0.0.1:8000/article/{i}" for i in range(2)] + ["http://127.0.0.1:8000/huge"]
        + ["https://news.example.org/2024/05/02/tidal-plant", "https://news.example.org/plain-served"])
    assert stats.files == 2 and stats.html == 4


def test_recorder_copes_with_non_ascii_urls_and_headers(tmp_path):
    from scrapekit.fetch.client import FetchResult

    path = tmp_path / "iri.warc.gz"
    url = "http://b\u00fccher.example/caf\u00e9?q=\u2615"
    with WarcRecorder(path, FAST) as rec:
        assert rec.write(FetchResult(url=url, final_url=url, status=200,
                                     content_type="text/html", body=SEED_HTML,
                                     headers=[("content-type", "text/html"),
                                              ("x-note", "caf\u00e9 \u2615")],
                                     fetched_at="2026-01-02T03:04:05Z"))
    (page,) = iter_warc(path)
    assert page.url == "http://xn--bcher-kva.example/caf%C3%A9?q=%E2%98%95"
    assert page.body == SEED_HTML


def _write_warc(path, responses):
    """A WARC of (url, headers, body) responses, as stored (body bytes as given)."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, headers, body in responses:
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(body), length=len(body), http_headers=http))


def test_a_record_that_cannot_be_decoded_is_a_decode_record_and_reading_goes_on(tmp_path):
    path = tmp_path / "br.warc.gz"
    html = [("Content-Type", "text/html; charset=utf-8")]
    _write_warc(path, [
        ("http://example.com/a", html, SEED_HTML),
        ("http://example.com/br", [*html, ("Content-Encoding", "br")], b"\x1b\x00 not brotli"),
        ("http://example.com/c", html, SEED_HTML),
    ])
    stats = WarcStats()
    records = list(extract_warc([path], FAST, stats, errors=True, ordered=True))
    assert [r.url for r in records] == ["http://example.com/a", "http://example.com/br",
                                        "http://example.com/c"]
    assert records[0].ok and records[2].ok
    assert records[1].error.kind == "decode" and "Content-Encoding: br" in records[1].error.message
    assert stats.skipped["decode"] == 1 and not stats.damaged


def test_brotli_and_chunked_bodies_are_decoded_and_a_bad_one_is_still_a_record(tmp_path):
    """warcio's own brotli path raises with brotli >= 1.2: archived bodies are decoded by the
    fetcher's bounded decoders instead (also under chunked framing); an undecodable HTML
    response is a `decode` record even when skipped responses are not asked for."""
    import brotli

    path = tmp_path / "mixed.warc.gz"
    html = [("Content-Type", "text/html; charset=utf-8")]
    body = brotli.compress(SEED_HTML)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part)
                       for part in (body[:100], body[100:])) + b"0\r\n\r\n"
    _write_warc(path, [
        ("http://example.com/br", [*html, ("Content-Encoding", "br")], body),
        ("http://example.com/bad", [*html, ("Content-Encoding", "gzip")], b"\x1f\x8bnot gzip"),
        ("http://example.com/chunked", [*html, ("Content-Encoding", "br"),
                                        ("Transfer-Encoding", "chunked")], chunked),
    ])
    stats = WarcStats()
    records = list(extract_warc([path], FAST, stats, ordered=True))
    assert [r.url for r in records] == ["http://example.com/br", "http://example.com/bad",
                                        "http://example.com/chunked"]
    assert records[0].ok and records[2].ok
    assert records[0].article_body == records[2].article_body and records[0].word_count > 50
    assert records[1].error.kind == "decode"
    assert stats.skipped["decode"] == 1 and not stats.damaged


def test_a_body_gzipped_without_a_header_is_read_as_the_fetcher_reads_it(tmp_path):
    """An archived page that was gzipped without a Content-Encoding header (a pre-compressed
    file, or a proxy's second layer) is inflated by content, as live fetches are; a gzipped PDF
    is still not a page."""
    path = tmp_path / "gz.warc.gz"
    html = [("Content-Type", "text/html; charset=utf-8")]
    _write_warc(path, [
        ("http://example.com/plain", html, SEED_HTML),
        ("http://example.com/nohdr", html, gzip.compress(SEED_HTML)),
        ("http://example.com/twice", [*html, ("Content-Encoding", "gzip")],
         gzip.compress(gzip.compress(SEED_HTML))),
        ("http://example.com/pdf", html, gzip.compress(b"%PDF-1.4\n" + b"x" * 3000)),
    ])
    stats = WarcStats()
    records = list(extract_warc([path], FAST, stats, errors=True, ordered=True))
    assert [r.ok for r in records] == [True, True, True, False]
    assert records[0].article_body == records[1].article_body == records[2].article_body
    assert records[3].error.kind == "not_html" and "PDF" in records[3].error.message
