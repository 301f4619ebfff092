"""Fetching spread over several processes, for runs where fetching is the whole job.

One process's event loop tops out near one core of HTTP work (a few hundred pages per second
with httpx). With ``--no-extract`` the extraction workers sit idle, so the fetches go to
``fetch_processes`` child processes instead, each running an ordinary :class:`Fetcher`:

- every host belongs to one child for the whole run (assigned on first sight to the child with
  the fewest hosts), so per-host concurrency, delays, Retry-After pauses and robots.txt stay
  exactly as in one process;
- the parent sends ``(id, url)`` and gets back ``(id, FetchResult)``, pickled, framed by
  length, over the child's stdin/stdout; the body travels only when the parent needs it
  (extraction, a WARC recorder);
- a child that dies fails its in-flight fetches with a ``connect`` error (every URL still gets
  its record) and is started again for the next fetch to its hosts;
- children ignore Ctrl-C and exit when their stdin closes, so they never outlive the parent.

:class:`ShardedFetcher` has the one method of :class:`Fetcher` the pipeline uses: ``fetch``.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import struct
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from ..errors import FetchError
from ..settings import Settings
from .client import Fetcher, FetchResult
from .politeness import drop_idle
from .robots import MAX_CRAWL_DELAY
from .urls import origin_of

_FRAME = struct.Struct("!I")
_LIMIT = 64 * 1024 * 1024  # a frame is one URL or one result: far below this


async def _read_frame(reader: asyncio.StreamReader) -> Any:
    (size,) = _FRAME.unpack(await reader.readexactly(_FRAME.size))
    if size > _LIMIT:
        raise ValueError(f"frame of {size} bytes")
    return pickle.loads(await reader.readexactly(size))


def _frame(obj: Any) -> bytes:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _FRAME.pack(len(data)) + data


class _Outbox:
    """Frames written to a pipe in one system call per event-loop turn, not one per frame
    (on a VM a pipe write costs about as much as pickling the frame)."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer
        self._frames: list[bytes] = []

    def send(self, obj: Any) -> None:
        if not self._frames:
            asyncio.get_running_loop().call_soon(self._flush)
        self._frames.append(_frame(obj))

    def _flush(self) -> None:
        frames, self._frames = self._frames, []
        if not self.writer.is_closing():
            self.writer.write(b"".join(frames))

    async def drain(self) -> None:
        await self.writer.drain()


class _Shard:
    """One child process and the fetches waiting on it."""

    def __init__(self, index: int, settings: Settings, want_body: bool) -> None:
        self.index = index
        self.settings = settings
        self.want_body = want_body
        self.hosts = 0
        self.proc: asyncio.subprocess.Process | None = None
        self.pending: dict[int, asyncio.Future[FetchResult]] = {}
        self.next_id = 0
        self._starting: asyncio.Lock = asyncio.Lock()
        self._reader_task: asyncio.Task[None] | None = None
        self._outbox: _Outbox | None = None

    async def _ensure_started(self) -> asyncio.subprocess.Process:
        async with self._starting:
            if self.proc is None or self.proc.returncode is not None:
                self.proc = await asyncio.create_subprocess_exec(
                    sys.executable, "-c", "from scrapekit.fetch.shards import main; main()",
                    stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                    limit=_LIMIT)
                assert self.proc.stdin is not None
                self._outbox = _Outbox(self.proc.stdin)
                self._outbox.send((self.settings, self.want_body))
                self._reader_task = asyncio.ensure_future(self._read_results(self.proc))
            return self.proc

    async def _read_results(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        try:
            while True:
                ident, result = await _read_frame(proc.stdout)
                waiter = self.pending.pop(ident, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(result)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError, EOFError,
                pickle.UnpicklingError):
            pass
        code = await proc.wait()
        self._fail_pending(f"the fetch process exited (code {code}) with this request "
                           "in flight")

    def _fail_pending(self, message: str) -> None:
        pending, self.pending = self.pending, {}
        for waiter in pending.values():
            if not waiter.done():
                waiter.set_exception(FetchError(message))

    async def fetch(self, url: str) -> FetchResult:
        proc = await self._ensure_started()
        outbox = self._outbox
        assert outbox is not None
        ident = self.next_id
        self.next_id += 1
        waiter: asyncio.Future[FetchResult] = asyncio.get_running_loop().create_future()
        self.pending[ident] = waiter
        try:
            outbox.send((ident, url))
            await outbox.drain()
        except (ConnectionError, RuntimeError) as exc:  # the child is gone
            self.pending.pop(ident, None)
            raise FetchError(f"the fetch process is gone: {exc}") from None
        try:
            return await waiter
        finally:
            self.pending.pop(ident, None)

    async def aclose(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.stdin is not None and not proc.stdin.is_closing():
            proc.stdin.close()  # the child finishes: it cancels what is in flight and exits
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except asyncio.TimeoutError:
            proc.kill()
            await proc.wait()
        if self._reader_task is not None:
            await asyncio.gather(self._reader_task, return_exceptions=True)
        self._fail_pending("the run was closed with this request in flight")


MAX_HOSTS = 10_000
"""Hosts remembered beyond those in use: an older host quiet for longer than any delay it may
owe is forgotten (it may then land on another process, where nothing is owed either)."""


@dataclass
class _HostEntry:
    shard: _Shard
    in_flight: int = 0
    last_done: float = 0.0


class ShardedFetcher:
    """``async with ShardedFetcher(settings, processes) as f: result = await f.fetch(url)``"""

    def __init__(self, settings: Settings, processes: int, want_body: bool = True) -> None:
        self.settings = settings
        self._shards = [_Shard(i, settings, want_body) for i in range(processes)]
        self._hosts: OrderedDict[str, _HostEntry] = OrderedDict()
        # the longest a host may be owed: its delay or Crawl-delay, after a Retry-After pause
        self._quiet = max(settings.delay, MAX_CRAWL_DELAY) + settings.retry_after_max

    async def __aenter__(self) -> ShardedFetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await asyncio.gather(*(shard.aclose() for shard in self._shards))

    def _host(self, url: str) -> _HostEntry:
        try:
            host = origin_of(url)
        except ValueError:
            host = ""
        entry = self._hosts.get(host)
        if entry is not None:
            self._hosts.move_to_end(host)
            return entry
        entry = self._hosts[host] = _HostEntry(min(self._shards, key=lambda s: s.hosts))
        entry.shard.hosts += 1
        if len(self._hosts) > MAX_HOSTS:
            now = time.monotonic()
            for gone in drop_idle(self._hosts, lambda e: e.in_flight == 0
                                  and now - e.last_done > self._quiet):
                gone.shard.hosts -= 1
        return entry

    async def fetch(self, url: str) -> FetchResult:
        """As :meth:`Fetcher.fetch`: never raises for a failed page."""
        entry = self._host(url)
        entry.in_flight += 1
        try:
            return await entry.shard.fetch(url)
        except FetchError as exc:
            return FetchResult(url=url, error=exc)
        finally:
            entry.in_flight -= 1
            entry.last_done = time.monotonic()


# -- the child side --------------------------------------------------------------------------

async def _serve(channel_in: int, channel_out: int) -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=_LIMIT)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader),
                                 os.fdopen(channel_in, "rb", buffering=0))
    transport, protocol = await loop.connect_write_pipe(
        asyncio.streams.FlowControlMixin, os.fdopen(channel_out, "wb", buffering=0))
    outbox = _Outbox(asyncio.StreamWriter(transport, protocol, None, loop))
    try:
        settings, want_body = await _read_frame(reader)
    except asyncio.IncompleteReadError:
        return
    tasks: set[asyncio.Task[None]] = set()

    async def one(fetcher: Fetcher, ident: int, url: str) -> None:
        result = await fetcher.fetch(url)
        if not want_body and result.body is not None:
            result.body = b""  # fetched and checked; the parent only records that it was
        outbox.send((ident, result))
        await outbox.drain()

    async with Fetcher(settings) as fetcher:
        try:
            while True:
                try:
                    ident, url = await _read_frame(reader)
                except asyncio.IncompleteReadError:  # stdin closed: the parent is done
                    break
                task = asyncio.ensure_future(one(fetcher, ident, url))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(0)  # the last results' flush
    outbox.writer.close()


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and closes stdin
    channel_out = os.dup(1)
    os.dup2(2, 1)  # a stray print in a dependency goes to stderr, not into the channel
    try:
        asyncio.run(_serve(0, channel_out))
    except (BrokenPipeError, ConnectionError):  # the parent went away
        pass


if __name__ == "__main__":
    main()


__all__ = ["ShardedFetcher"]
