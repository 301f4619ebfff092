"""Credentials in URLs never reach a log line, a warning or fetch.finalUrl (issue 17 row 10);
the record's url keeps the input as given."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

from scrapekit import Settings
from scrapekit.redact import RedactingFilter, redact_text, redact_url, strip_credentials

from rawserver import page, response


def test_redact_url_and_text():
    assert redact_url("http://user:pass@h.example:8080/a?b=1") == "http://***@h.example:8080/a?b=1"
    assert redact_url("https://h.example/a@b") == "https://h.example/a@b"  # '@' in the path
    assert strip_credentials("http://user:pass@h.example/a") == "http://h.example/a"
    assert redact_text("GET http://u:p@a.example/x then https://v@b.example/") == (
        "GET http://***@a.example/x then https://***@b.example/")
    assert redact_text("mail me@example.com") == "mail me@example.com"
    assert redact_url("http://u:p@[oops/") == "http://***@[oops/"  # unparsable: as text


def test_filter_redacts_any_logger_through_a_handler():
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("trafilatura.core")  # a third-party logger, as trafilatura logs
    logger.addHandler(handler)
    try:
        logger.warning("discarding %s", "http://user:secret@h.example/a")
        try:
            raise ValueError("bad URL http://user:secret@h.example/b")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    text = out.getvalue()
    assert "secret" not in text and "http://***@h.example/a" in text and "ValueError" in text


def test_fetch_final_url_has_no_credentials(raw_server):
    import asyncio

    from scrapekit.fetch import Fetcher

    srv = raw_server(["127.0.0.2"])
    srv.route("/p", response(200, page("Secret")))
    url = srv.base().replace("http://", "http://user:secret@") + "/p"

    async def go():
        async with Fetcher(Settings(retries=0, delay=0, robots=False, workers=1)) as f:
            return await f.fetch(url)
    r = asyncio.run(go())
    assert r.ok and r.final_url == srv.base() + "/p"
    assert r.url == url  # the input as given
    (req,) = srv.requests("/p")
    assert req.header_values("Authorization") == ["Basic dXNlcjpzZWNyZXQ="]  # still used


def test_cli_never_prints_credentials(raw_server, tmp_path):
    srv = raw_server(["127.0.0.2"])
    srv.route("/ok", response(200, page("Fine")))
    srv.route("/gone", response(404, b"<html>gone</html>"))
    srv.route("/bad", response(200, b"x", headers=[("Content-Encoding", "zstd-nope")]))
    creds = srv.base().replace("http://", "http://user:s3cr3t@")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapekit.cli", "scrape", "-vv", "--delay", "0", "--retries", "0",
         "--workers", "1", "-o", str(out), creds + "/ok", creds + "/gone", creds + "/bad",
         "http://user:s3cr3t@[oops/"],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "s3cr3t" not in proc.stderr and "1 ok, 3 failed" in proc.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 4
    for rec in records:
        assert "s3cr3t" in rec["url"]  # the input as given
        assert "s3cr3t" not in json.dumps({k: v for k, v in rec.items() if k != "url"})


NOISY_EXTRACTION = """
import logging, os, warnings
import scrapekit.extractors as ex
real = ex.extract_article
def noisy(html, url=None, rules=None):
    # what trafilatura does on some pages: log the URL it was given, at ERROR
    target = os.environ["NOISY_URL"]
    logging.getLogger("trafilatura.core").error("empty HTML tree: %s", target)
    logging.getLogger("scrapekit.workers").warning("extraction of %s exceeded 1.0s", target)
    warnings.warn(f"odd markup at {target}")
    return real(html, url, rules)
ex.extract_article = noisy
"""


def test_third_party_log_lines_are_redacted_even_with_quiet(raw_server, tmp_path):
    """Extraction runs in worker processes (fresh interpreters): a sitecustomize module on
    their path makes every worker's extraction log the URL with its password, as a noisy
    library would; neither the CLI's process nor a worker lets the password reach stderr."""
    srv = raw_server(["127.0.0.2"])
    srv.route("/ok", response(200, page("Fine")))
    url = srv.base().replace("http://", "http://user:s3cr3t@") + "/ok"
    (tmp_path / "sitecustomize.py").write_text(NOISY_EXTRACTION)
    env = dict(os.environ, NOISY_URL=url,
               PYTHONPATH=os.pathsep.join(filter(None, [str(tmp_path),
                                                        os.environ.get("PYTHONPATH")])))
    proc = subprocess.run(
        [sys.executable, "-m", "scrapekit", "scrape", "-q", "--delay", "0", "--workers", "1",
         "-o", str(tmp_path / "o.jsonl"), url],
        capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "empty HTML tree: http://***@127.0.0.2" in proc.stderr
    assert "extraction of http://***@127.0.0.2" in proc.stderr
    assert "odd markup at http://***@127.0.0.2" in proc.stderr
    assert "s3cr3t" not in proc.stderr
