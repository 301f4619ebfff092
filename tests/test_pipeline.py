"""The batch pipeline: one record per input, whatever the input, in the library API."""

import asyncio
from collections import Counter

import pytest

import scrapekit
from scrapekit import Settings

from conftest import SEED_PAGE

FAST = Settings(delay=0.0, retries=2, backoff=0.01, backoff_max=0.05, timeout=1.0, read_timeout=1.0,
                workers=1, concurrency=16, per_host=4)


def mixed_inputs(base, token):
    return {
        f"{base}/article/{token}": None,
        f"{base}/redirect/2/{token}": None,
        f"{base}/status/404/{token}": "http_status",
        f"{base}/flaky/{token}": None,
        f"{base}/ratelimit/{token}": None,
        f"{base}/slow/3/{token}": "timeout",
        f"{base}/pdf/{token}": "not_html",
        f"{base}/huge/{token}": "too_large",
        f"{base}/latin1/{token}": None,
        f"{base}/cp1251/{token}": None,
        f"{base}/binary/{token}": "decode",
        f"{base}/empty/{token}": "not_article",
        f"{base}/private/{token}": "robots_disallowed",
        "ftp://example.com/file": "invalid_url",
        "not a url at all": "invalid_url",
        "http://127.0.0.1:9/refused": "connect",
    }


@pytest.mark.parametrize("workers", [1, 2])
def test_mixed_list_gives_one_record_per_input_with_the_right_kind(server, token, workers):
    inputs = mixed_inputs(server.base, f"{token}")
    settings = FAST.replace(workers=workers, max_bytes=1_000_000)
    records = list(scrapekit.scrape_many(list(inputs), settings))
    assert Counter(r.url for r in records) == Counter(list(inputs))  # exactly one each, url as given
    by_url = {r.url: r for r in records}
    for url, kind in inputs.items():
        got = by_url[url].error.kind if by_url[url].error else None
        assert got == kind, (url, by_url[url].error)
    ok = by_url[f"{server.base}/article/{token}"]
    assert ok.headline.startswith("Bakhmut") and ok.fetch.status == 200
    assert ok.fetch.encoding == "utf-8" and ok.fetch.attempts == 1
    assert by_url[f"{server.base}/flaky/{token}"].fetch.attempts == 2
    assert by_url[f"{server.base}/status/404/{token}"].fetch.status == 404
    latin = by_url[f"{server.base}/latin1/{token}"]
    assert "caf\u00e9 cr\u00e8me" in latin.article_body and latin.fetch.encoding == "cp1252"
    cyr = by_url[f"{server.base}/cp1251/{token}"]
    assert "\u041c\u043e\u0441\u043a\u0432\u0435" in cyr.article_body
    assert cyr.fetch.encoding == "cp1251"
    for r in records:  # every record, good or bad, is schema-valid JSON data
        d = r.to_dict()
        assert list(d)[0] == "schemaVersion" and d["url"] == r.url


def test_duplicate_inputs_are_fetched_once_but_each_get_a_record(server, token):
    url = f"{server.base}/article/{token}"
    inputs = [url, url + "#comments", url + "?utm_source=feed", url]
    records = list(scrapekit.scrape_many(inputs, FAST))
    assert sorted(r.url for r in records) == sorted(inputs)
    assert all(r.ok and r.headline.startswith("Bakhmut") for r in records)
    assert server.hits[f"/article/{token}"] == 1


def test_async_api_streams_records(server, token):
    async def go():
        out = []
        async for art in scrapekit.ascrape_many(
                [f"{server.base}/article/{token}-{i}" for i in range(5)], FAST):
            out.append(art)
        return out
    records = asyncio.run(go())
    assert len(records) == 5 and all(r.ok for r in records)


def test_scrape_one(server, token):
    art = scrapekit.scrape(f"{server.base}/article/{token}", FAST)
    assert art.ok and art.authors[0].name == "AFP"
    # relative links resolve against the final URL the page came from
    assert art.related_links[0].url.startswith(server.base + "/2023/03/06/russias-losses")


def test_no_extract_keeps_the_fetch_block_only(server, token):
    art = scrapekit.scrape(f"{server.base}/article/{token}", FAST.replace(extract=False))
    assert art.ok and art.fetch.status == 200 and art.headline is None


def test_limit_stops_after_n_inputs(server, token):
    urls = [f"{server.base}/article/{token}-{i}" for i in range(10)]
    assert len(list(scrapekit.scrape_many(urls, FAST.replace(limit=3)))) == 3


def test_lazy_input_generator_is_consumed_once(server, token):
    def gen():
        for i in range(30):
            yield f"{server.base}/article/{token}-{i}"
    records = list(scrapekit.scrape_many(gen(), FAST))
    assert len(records) == 30 and len({r.url for r in records}) == 30


def test_file_urls_and_local_files(tmp_path):
    page = SEED_PAGE
    records = list(scrapekit.scrape_many(
        [page.as_uri(), (tmp_path / "missing.html").as_uri()], FAST))
    by_url = {r.url: r for r in records}
    assert by_url[page.as_uri()].headline.startswith("Bakhmut")
    assert by_url[page.as_uri()].fetch is None
    assert by_url[(tmp_path / "missing.html").as_uri()].error.kind == "invalid_url"


def test_extract_files_uses_the_given_url():
    page = str(SEED_PAGE)
    [art] = scrapekit.extract_files([page], FAST, url="https://example.org/news/a")
    assert art.url == "https://example.org/news/a"


def test_extraction_crash_becomes_an_error_record(monkeypatch):
    import importlib

    ex = importlib.import_module("scrapekit.extractors")  # the package, not the function

    def boom(html, url=None):
        raise RuntimeError("extractor bug")
    monkeypatch.setattr(ex, "extract_article", boom)
    art = scrapekit.extract("<html><p>x</p></html>", url="https://a.example/x")
    assert art.error.kind == "extract" and "extractor bug" in art.error.message


def test_odd_inputs_each_get_a_record_and_special_files_are_refused(tmp_path):
    import os

    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    inputs = ["", "   ", None, 42, "file:///dev/zero", fifo.as_uri(), "http://a.example:99999/"]
    records = list(scrapekit.scrape_many(inputs, FAST))
    assert len(records) == len(inputs)
    assert all(r.error and r.error.kind == "invalid_url" for r in records)


def test_urls_differing_in_query_are_different_pages(server, token):
    urls = [f"{server.base}/article/{token}?session=1", f"{server.base}/article/{token}?session=2"]
    records = list(scrapekit.scrape_many(urls, FAST))
    assert sorted(r.url for r in records) == sorted(urls)
    assert server.hits[f"/article/{token}?session=1"] == 1
    assert server.hits[f"/article/{token}?session=2"] == 1
