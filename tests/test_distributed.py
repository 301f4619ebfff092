"""scrapekit.distributed on a LocalCluster of 2 worker processes, over loopback only.

The pages come from a small server of this module listening on 127.0.0.1 .. 127.0.0.4 (every
127.x address is loopback), so inputs span several hosts and shard by host. Workers reach it
over TCP from their own processes.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import orjson
import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402

from scrapekit import Settings  # noqa: E402
from scrapekit.distributed import (  # noqa: E402
    host_key, merge_parts, plan_shards, run_sharded, scrape_bag, shard_inputs, warc_bag,
)

HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
SETTINGS = Settings(workers=1, delay=0.0, per_host=2, retries=0, timeout=10.0, robots=False)


def page(host: str, path: str) -> bytes:
    words = " ".join(f"word{i}" for i in range(60))
    return (f"<html><head><title>Story {path} on {host}</title></head><body><article>"
            f"<h1>Story {path} on {host}</h1><p>The story at {path} tells of {words}.</p>"
            f"<p>A second paragraph about {path}, with more words: {words}.</p>"
            f"</article></body></html>").encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        host = self.server.server_address[0]
        if self.path.startswith("/slow/"):
            time.sleep(0.3)
        if self.path.startswith("/missing"):
            body, status = b"<html><body>gone</body></html>", 404
        else:
            body, status = page(host, self.path), 200
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture(scope="module")
def hosts():
    """host -> base URL, one server per loopback address."""
    servers = []
    for host in HOSTS:
        srv = Server((host, 0), Handler)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
    yield {srv.server_address[0]: f"http://{srv.server_address[0]}:{srv.server_address[1]}"
           for srv in servers}
    for srv in servers:
        srv.shutdown()
        srv.server_close()


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                           dashboard_address=None)
    with Client(cluster) as c:
        yield c
    cluster.close()


def urls_for(hosts: dict[str, str], per_host: int, prefix: str = "a") -> list[str]:
    return [f"{base}/{prefix}/{i}" for base in hosts.values() for i in range(per_host)]


# -- sharding (no cluster) --------------------------------------------------------------------------

def test_host_key_and_plan_keep_a_host_in_one_shard_and_balance_sizes():
    assert host_key("https://Example.COM:8443/x") == "example.com"
    assert host_key("http://example.com/y") == "example.com"
    assert host_key("not a url") == "" and host_key("/tmp/page.html") == ""
    sizes = {"a": 10, "b": 7, "c": 5, "d": 4, "e": 2, "f": 2}
    plan = plan_shards(sizes, 3)
    loads = Counter()
    for host, shard in plan.items():
        loads[shard] += sizes[host]
    assert sum(loads.values()) == 30 and max(loads.values()) - min(loads.values()) <= 2
    assert len(set(plan_shards(sizes, 50).values())) == 6  # never more shards than hosts
    urls = [f"http://h{i % 5}.test/{i}" for i in range(50)] + ["bad url", "http://h1.test/1"]
    shards = shard_inputs(urls, 3)
    assert sorted(u for s in shards for u in s) == sorted(urls)
    for shard in shards:
        for other in shards:
            if other is not shard:
                assert not {host_key(u) for u in shard} & {host_key(u) for u in other}


def test_a_resume_plans_the_same_shards_on_a_cluster_of_another_size(tmp_path):
    from scrapekit.distributed import _spool_shards

    urls = [f"http://h{i % 9}.test/{i}" for i in range(90)]
    first = _spool_shards(urls, tmp_path, None, n_workers=1, limit=None)
    assert len(first) == 2  # two shards per worker
    again = _spool_shards(urls, tmp_path, None, n_workers=3, limit=None, reuse_plan=True)
    assert [s["unchanged"] for s in again] == [True, True]  # finished parts stay valid
    fresh = _spool_shards(urls, tmp_path, None, n_workers=3, limit=None)
    assert len(fresh) == 6  # a new run plans for the cluster it has


def test_a_shard_never_reads_a_local_file_a_feed_listed(tmp_path):
    """A file:// URL that came out of a feed or sitemap (a RemoteItem) crosses the shard files
    still marked as remote: the Dask worker gives it an invalid_url record, never the file."""
    from scrapekit.distributed import _spool_shards, run_shard
    from scrapekit.sources import RemoteItem

    secret = tmp_path / "secret.html"
    secret.write_text("<html><head><title>Secret</title></head><body><article><h1>Secret</h1>"
                      + "<p>private words that must never leave this machine</p>" * 20
                      + "</article></body></html>")
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    listed = RemoteItem(secret.as_uri())
    given = secret.as_uri()  # the same URL given by the user is read, as documented
    shards = _spool_shards([listed, given], run_dir, None, n_workers=1, limit=None)
    for shard in shards:
        run_shard(shard["shard"], str(run_dir), SETTINGS)
    records = [orjson.loads(line) for part in sorted(run_dir.glob("part-*.jsonl"))
               for line in part.read_bytes().splitlines()]
    kinds = sorted((r["error"] or {}).get("kind") or "ok" for r in records)
    assert kinds == ["invalid_url", "ok"], records
    leaked = [r for r in records if r["error"] and "private words" in (r["articleBody"] or "")]
    assert not leaked


# -- on the cluster -----------------------------------------------------------------------------------

def test_scrape_bag_gives_one_record_per_input(client, hosts):
    urls = urls_for(hosts, 3) + [f"{hosts['127.0.0.2']}/a/0", "not a url",
                                 f"{hosts['127.0.0.3']}/missing"]
    bag = scrape_bag(urls, SETTINGS, partitions=3)
    assert bag.npartitions == 3
    records = bag.compute()
    assert Counter(r["url"] for r in records) == Counter(urls)
    by_url = {r["url"]: r for r in records}
    first = by_url[f"{hosts['127.0.0.1']}/a/0"]
    assert first["headline"] == "Story /a/0 on 127.0.0.1" and first["error"] is None
    assert by_url["not a url"]["error"]["kind"] == "invalid_url"
    assert by_url[f"{hosts['127.0.0.3']}/missing"]["error"]["kind"] == "http_status"


def test_warc_bag_reads_warc_files_on_the_workers(client, hosts, tmp_path):
    import asyncio

    from scrapekit.fetch import Fetcher
    from scrapekit.warc import WarcRecorder

    async def record(path: Path, urls: list[str]) -> None:
        with WarcRecorder(path, SETTINGS) as rec:
            async with Fetcher(SETTINGS) as fetcher:
                for url in urls:
                    rec.write(await fetcher.fetch(url))

    paths = []
    for n, base in enumerate(list(hosts.values())[:2]):
        path = tmp_path / f"crawl-{n}.warc.gz"
        asyncio.run(record(path, [f"{base}/a/{i}" for i in range(3)]))
        paths.append(path)
    bag = warc_bag(paths, SETTINGS)
    assert bag.npartitions == 2
    records = bag.compute()
    assert len(records) == 6 and all(r["error"] is None for r in records)
    assert {r["fetch"]["status"] for r in records} == {200}


def test_run_sharded_writes_parts_manifest_and_merges(client, hosts, tmp_path):
    urls = urls_for(hosts, 4) + [f"{hosts['127.0.0.4']}/a/1", "nope"]  # a duplicate, a bad one
    out = tmp_path / "run"
    seen = []
    manifest = run_sharded(urls, client.scheduler.address, out, SETTINGS, partitions=3,
                           progress=seen.append)
    assert manifest["inputs"] == len(urls) == manifest["records"]
    assert manifest["failedShards"] == [] and len(manifest["shards"]) == 3 == len(seen)
    assert manifest["errors"] == {"invalid_url": 1}
    on_disk = orjson.loads((out / "manifest.json").read_bytes())
    assert on_disk["shards"] == manifest["shards"]
    parts = sorted(p.name for p in out.glob("part-*"))
    assert parts == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    for shard in manifest["shards"]:
        lines = (out / shard["part"]).read_bytes().splitlines()
        assert len(lines) == shard["records"] == shard["inputs"]
        hosts_in_part = {host_key(orjson.loads(x)["url"]) for x in lines}
        assert len(hosts_in_part) == shard["hosts"]
    merged = list(merge_parts(out))
    assert Counter(r["url"] for r in merged) == Counter(urls)
    # a stray duplicate part line (say, from an old attempt) is dropped by the merge
    first = manifest["shards"][0]["part"]
    with open(out / first, "ab") as fh:
        fh.write((out / first).read_bytes().splitlines()[0] + b"\n")
    assert Counter(r["url"] for r in merge_parts(out)) == Counter(urls)
    # resume: every shard already done is skipped, the manifest still counts them
    again = run_sharded(urls, client, out, SETTINGS, partitions=3, resume=True)
    assert {s["status"] for s in again["shards"]} == {"skipped"}
    assert again["inputs"] == len(urls)


def test_a_worker_killed_mid_shard_still_gives_one_record_per_input(client, hosts, tmp_path):
    urls = urls_for(hosts, 6, prefix="slow")  # 0.3 s a page, 2 at a time per host
    out = tmp_path / "killed"
    result: dict = {}

    def run() -> None:
        try:
            result["manifest"] = run_sharded(urls, client, out, SETTINGS.replace(per_host=1),
                                             partitions=2)
        except BaseException as exc:  # surfaced below
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    killed = None
    deadline = time.monotonic() + 30
    while killed is None and time.monotonic() < deadline:
        for tmp in out.glob("part-*.jsonl.tmp-*"):
            if tmp.stat().st_size > 0:  # at least one record written: kill that worker now
                pid = int(tmp.name.split(".tmp-")[1].rsplit("-", 2)[-2])
                os.kill(pid, signal.SIGKILL)
                killed = (tmp.name, pid)
                break
        time.sleep(0.02)
    thread.join(90)
    assert killed is not None, "no shard was seen writing"
    assert "error" not in result, result.get("error")
    manifest = result["manifest"]
    assert manifest["failedShards"] == []
    assert manifest["records"] == manifest["inputs"] == len(urls)
    assert not list(out.glob("*.tmp-*"))  # the half part of the killed attempt is gone
    merged = list(merge_parts(out))
    assert Counter(r["url"] for r in merged) == Counter(urls)
    assert all(r["error"] is None for r in merged)
    # the killed shard was redone by a live worker (another pid than the one killed)
    killed_shard = int(killed[0].split("-")[1].split(".")[0])
    redo = next(s for s in manifest["shards"] if s["shard"] == killed_shard)
    assert not redo["worker"].endswith(f"-{killed[1]}")


def test_a_run_directory_in_use_is_refused_before_any_work(tmp_path):
    import fcntl

    from scrapekit.sinks import OutputInUse

    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".scrapekit.lock", "wb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as a running run_sharded holds it
        started = time.monotonic()
        with pytest.raises(OutputInUse, match="another run"):
            run_sharded(["http://127.0.0.1/a"], "local", out, SETTINGS)
        assert time.monotonic() - started < 5  # refused before a cluster starts
    assert not (out / "manifest.json").exists() and not (out / "shards").exists()


def test_local_cluster_workers_write_nothing_to_stderr():
    """A worker process writes its log lines straight to the inherited stderr, past the CLI's
    --quiet (at teardown a heartbeat meeting the closing scheduler logged a traceback): the
    cluster scrapekit starts keeps even a worker's ERROR lines to itself."""
    import subprocess
    import sys

    script = (
        "import logging\n"
        "from distributed import Client\n"
        "from scrapekit.distributed import _local_cluster\n"
        "if __name__ == '__main__':\n"
        "    cluster = _local_cluster(1)\n"
        "    client = Client(cluster)\n"
        "    def shout():\n"
        "        logging.getLogger('distributed.worker').error('worker-error-line-xyz')\n"
        "        return True\n"
        "    assert all(client.run(shout).values())\n"
        "    client.close(); cluster.close()\n"
        "    print('ran')\n")
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == b"ran", r.stderr
    assert b"worker-error-line-xyz" not in r.stderr
