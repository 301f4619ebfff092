"""The same pipeline on a Dask cluster (``pip install 'scrapekit[dask]'``).

URLs are sharded by host: every URL of one host lands in one shard, so the per-host limits and
delays of :class:`Settings` hold across the whole cluster; shards are balanced by size. Each
shard runs the ordinary async pipeline (:func:`scrapekit.scrape_many`) inside a Dask worker.

* :func:`scrape_bag` / :func:`warc_bag`: a ``dask.bag.Bag`` of record dicts, for Dask users.
* :func:`run_sharded`: writes one JSON Lines part per shard into a directory (each part
  written to a temporary name and renamed when its shard completes, so a shard retried after
  a worker died never leaves a half part) plus ``manifest.json``.
* :func:`merge_parts`: the records of a run directory, exactly one per input occurrence.

Each shard runs with one scrapekit worker process unless the caller asked for more (see
:func:`shard_settings`): the cluster's workers are the parallelism, so default Settings (one
worker per core) do not start cores x cores processes. scrapekit's workers are started as
fresh interpreters (``python -c``, never a fork or a re-import of ``__main__``), so the real
work already runs in processes of their own: the bag computes on Dask's threads scheduler and
the ``"local"`` cluster runs its Dask workers as threads of the calling process. Neither
re-imports the caller's script, so a plain script with no ``if __name__ == "__main__":``
guard works.
"""

from __future__ import annotations

import asyncio
import heapq
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import MISSING, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import orjson

from .errors import InvalidURL
from .fetch.urls import check_url
from .jsonbytes import sanitize
from .settings import Settings
from .sources import NotAString, OwnOriginItem, RemoteItem, as_input, file_url_path

if TYPE_CHECKING:  # dask is an optional dependency: imported where used
    import dask.bag
    from distributed import Client

    from .record import Article

log = logging.getLogger("scrapekit.distributed")

SHARD_TARGET = 1000
"""Default shard size (inputs) when ``partitions`` is not given: more shards balance better
and lose less to a retry; fewer start fewer pipelines."""
MANIFEST = "manifest.json"
SHARDS_DIR = "shards"
PLAN = "plan.json"
MANIFEST_VERSION = 1


def _require_dask() -> None:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("scrapekit.distributed needs Dask: pip install 'scrapekit[dask]'"
                          ) from exc


DASK_LOGGERS = ("distributed", "dask")
WORKER_LOG_LEVEL = logging.CRITICAL
"""Log level of a local cluster's worker processes unless the CLI's ``-v`` asked for more."""
_worker_log_level = WORKER_LOG_LEVEL


def route_dask_logs(level: int) -> None:
    """Send Dask's log records through the root logger (the CLI's ``scrapekit:`` lines) and
    keep those below ``level``: on import, distributed gives its loggers their own levels
    (INFO for the scheduler and nannies) and may add its own handler, so a run would otherwise
    print dozens of INFO lines. ``logging.CRITICAL`` silences them (``--quiet``)."""
    _require_dask()
    import distributed  # noqa: F401 - its import configures the loggers this undoes

    names = [n for n in list(logging.root.manager.loggerDict)
             if n.split(".", 1)[0] in DASK_LOGGERS]
    for name in sorted(set(names) | set(DASK_LOGGERS)):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.propagate = True
        logger.setLevel(level if name in DASK_LOGGERS else logging.NOTSET)
    global _worker_log_level
    _worker_log_level = (level if logging.NOTSET < level < logging.WARNING
                         else WORKER_LOG_LEVEL)


class _BelowWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return False
        # a shard still running when we close the cluster (Ctrl-C, an error here) is cancelled
        # on purpose: distributed warns once per such shard, which says nothing to the user
        return not (record.name == "distributed.worker.state_machine"
                    and record.levelno == logging.WARNING and isinstance(record.msg, str)
                    and record.msg.startswith("Async instruction for")
                    and record.msg.endswith("ended with CancelledError"))


@contextmanager
def _quiet_teardown() -> Iterator[None]:
    """Closing our own local cluster: distributed's INFO notes of its comms closing (a
    "Batched Comm Closed" with its traceback, logged after the cluster restored the log level
    it had silenced) are dropped, and its warning for each shard cancelled by the close; other
    warnings and errors pass."""
    noisy = [logging.getLogger(name) for name in DASK_TEARDOWN_LOGGERS]
    quiet = _BelowWarning()
    for logger in noisy:
        logger.addFilter(quiet)
    try:
        yield
    finally:
        for logger in noisy:
            logger.removeFilter(quiet)


DASK_TEARDOWN_LOGGERS = ("distributed.batched", "distributed.core", "distributed.worker",
                         "distributed.worker.state_machine", "distributed.scheduler",
                         "distributed.nanny")


# -- sharding -------------------------------------------------------------------------------------

def host_key(raw: str) -> str:
    """The politeness unit an input belongs to: its host name, lower-cased (scheme and port
    ignored, so http:// and https:// of one host share a shard); "" for inputs that are never
    fetched (invalid URLs, local files)."""
    text = raw.strip()
    if file_url_path(text) is not None:
        return ""
    try:
        url = check_url(text)
    except InvalidURL:
        return ""
    return (urlsplit(url).hostname or "").lower()


def plan_shards(host_sizes: dict[str, int], partitions: int | None = None) -> dict[str, int]:
    """Assign hosts to shards: host -> shard index. At most ``partitions`` shards (default:
    one per SHARD_TARGET inputs), never more than there are hosts; largest hosts first, each to
    the currently smallest shard (LPT), so shards come out balanced unless one host dominates."""
    if not host_sizes:
        return {}
    total = sum(host_sizes.values())
    wanted = partitions if partitions is not None else -(-total // SHARD_TARGET)
    count = max(1, min(wanted, len(host_sizes)))
    heap = [(0, index) for index in range(count)]
    assignment: dict[str, int] = {}
    for host, size in sorted(host_sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        load, index = heapq.heappop(heap)
        assignment[host] = index
        heapq.heappush(heap, (load + size, index))
    return assignment


def shard_inputs(urls: Iterable[object], partitions: int | None = None
                 ) -> list[list[str | NotAString]]:
    """Split inputs into shards by host, in memory (order within a shard = input order).
    Empty shards are dropped."""
    items = [as_input(raw) for raw in urls]
    keys = [host_key(raw) if isinstance(raw, str) else "" for raw in items]
    assignment = plan_shards(dict(Counter(keys)), partitions)
    shards: list[list[str | NotAString]] = [[] for _ in range(len(set(assignment.values())))]
    for raw, key in zip(items, keys):
        shards[assignment[key]].append(raw)
    return [shard for shard in shards if shard]


def _auto_workers() -> int | None:
    """What ``Settings.workers`` is when the caller leaves it out (one per core here)."""
    spec = next(f for f in fields(Settings) if f.name == "workers")
    if spec.default_factory is not MISSING:
        value: Any = spec.default_factory()
    else:
        value = None if spec.default is MISSING else spec.default
    return value if isinstance(value, int) else None


def shard_settings(settings: Settings | None, shard_workers: int | None = None) -> Settings:
    """The settings one shard runs with: ``settings`` (default ``Settings()``) with
    ``workers`` = ``shard_workers`` when given, else 1 unless the caller set ``workers``
    (a value other than the one-per-core default): every Dask task runs its own pool of
    ``workers`` processes, so the default would start cores x cores of them."""
    s = settings if settings is not None else Settings(workers=1)
    if shard_workers is not None:
        if shard_workers < 1:
            raise ValueError(f"shard_workers must be >= 1, got {shard_workers!r}")
        workers = shard_workers
    elif settings is None or s.workers is None or s.workers == _auto_workers():
        workers = 1
    else:
        workers = s.workers
    return s.replace(workers=workers)


def _worker_settings(settings: Settings | None) -> Settings:
    """In a Dask task: the settings the driver resolved (:func:`shard_settings`); a caller
    of :func:`run_shard` who passes None gets one worker process."""
    return settings if settings is not None else Settings(workers=1)


# -- stopping the shards of a run that ended ------------------------------------------------------

class ShardStopped(Exception):
    """The run a shard belongs to has ended (Ctrl-C, or an error in the caller): the shard's
    work is dropped and its scrapekit workers end."""


STOP_POLL = 0.2
"""Seconds between two looks at whether a shard's run has ended."""
_RUN_STOPS: dict[str, threading.Event] = {}
"""Run token -> its stop event, for shards running in this process (the ``"local"`` cluster's
threads, or a caller's threads-only cluster); a remote worker finds no entry."""


_COMPUTE_STOP: ContextVar[threading.Event | None] = ContextVar("scrapekit_compute_stop",
                                                               default=None)
"""The stop event of the ``bag.compute()`` a task runs under (:func:`_threaded_get` sets it;
Dask's threads scheduler hands context variables to its pool threads)."""


def _stop_check(token: str | None) -> Callable[[], bool]:
    """Has the run ended? Its stop event was set: :func:`run_sharded` sets it on its way
    out, and :func:`_threaded_get` when ``bag.compute()`` returns or raises (Ctrl-C in a
    script: the interpreter would otherwise wait for every shard to finish before exiting)."""
    events = [e for e in (_RUN_STOPS.get(token) if token is not None else None,
                          _COMPUTE_STOP.get()) if e is not None]
    return lambda: any(e.is_set() for e in events)


async def _until_stopped(records: AsyncIterator[Article], stopped: Callable[[], bool]
                         ) -> AsyncIterator[Article]:
    """``records`` as they come, until ``stopped()``: then the stream is closed (its workers
    end) and :class:`ShardStopped` raised, so no part is written for the shard."""
    try:
        while True:
            step = asyncio.ensure_future(anext(records))
            while not step.done():
                await asyncio.wait({step}, timeout=STOP_POLL)
                if not step.done() and stopped():
                    step.cancel()
                    await asyncio.wait({step})
                    raise ShardStopped("the run this shard belongs to has ended")
            try:
                article = step.result()
            except StopAsyncIteration:
                return
            yield article
    finally:
        await records.aclose()  # type: ignore[attr-defined]


def _shard_articles(inputs: Sequence[str | NotAString], settings: Settings,
                    token: str | None = None) -> Iterator[Article]:
    """One shard's records (:func:`scrapekit.ascrape_many`, driven from this thread), stopped
    early with :class:`ShardStopped` when its run ends (:func:`_stop_check`)."""
    from .pipeline import ascrape_many, run_sync

    stopped = _stop_check(token)
    # (a NotAString among them gets its invalid_url record as any non-string input does)
    return run_sync(lambda: _until_stopped(ascrape_many(inputs, settings),  # type: ignore[arg-type]
                                           stopped))


# -- dask.bag ---------------------------------------------------------------------------------------

def _threaded_get(dsk: Any, keys: Any, **kwargs: Any) -> Any:
    """Dask's threads scheduler, with a stop event for the shards of this compute, set when
    it ends however it ends."""
    import dask.threaded

    stop = threading.Event()
    reset = _COMPUTE_STOP.set(stop)
    try:
        return dask.threaded.get(dsk, keys, **kwargs)
    finally:
        stop.set()
        _COMPUTE_STOP.reset(reset)


_THREADED_BAG: type | None = None


def _threaded_bag_class() -> type:
    """``dask.bag.Bag`` whose default scheduler is the threads one: the partitions' work runs
    in scrapekit's own worker processes, and Dask's default for bags (a process pool started
    by spawn) would re-import the caller's script, so a script without a ``__main__`` guard
    would run twice and break. A ``scheduler=`` argument, ``dask.config.set(scheduler=...)``
    or an active ``distributed.Client`` still take precedence; bags derived by ``map``,
    ``filter``, ... keep the class. Built on first use (Dask is optional) and published as
    ``scrapekit.distributed.ThreadedBag`` so pickling finds it."""
    global _THREADED_BAG
    if _THREADED_BAG is None:
        import dask.bag as db

        class ThreadedBag(db.Bag):
            __dask_scheduler__ = staticmethod(_threaded_get)

        ThreadedBag.__module__ = __name__
        ThreadedBag.__qualname__ = "ThreadedBag"
        _THREADED_BAG = ThreadedBag
    return _THREADED_BAG


def __getattr__(name: str) -> Any:
    if name == "ThreadedBag":
        return _threaded_bag_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _threaded(bag: dask.bag.Bag) -> dask.bag.Bag:
    cls: Any = _threaded_bag_class()
    return cls(bag.dask, bag.name, bag.npartitions)  # type: ignore[no-any-return]


def _scrape_shard_records(inputs: Sequence[str], settings: Settings | None) -> list[dict[str, Any]]:
    return [article.to_dict() for article in _shard_articles(inputs, _worker_settings(settings))]


def _warc_records(path: str, settings: Settings | None) -> list[dict[str, Any]]:
    from .warc import WarcStats, extract_warc

    stats = WarcStats()
    records = [a.to_dict() for a in extract_warc([path], _worker_settings(settings), stats)]
    if stats.damaged:
        log.warning("%s", stats.summary())
    return records


def scrape_bag(urls: Iterable[str], settings: Settings | None = None,
               partitions: int | None = None, *, shard_workers: int | None = None
               ) -> dask.bag.Bag:
    """A lazy ``dask.bag.Bag`` of record dicts, one per input: one partition per host shard,
    each running the async pipeline with its own scrapekit worker processes (one, unless
    ``shard_workers`` or an explicit ``settings.workers`` says more: :func:`shard_settings`).
    ``settings.limit`` is applied here, to the whole input list. ``bag.compute()`` runs on
    Dask's threads scheduler (no re-import of your script); with a ``distributed.Client``
    active, or ``scheduler=...``, it runs there instead."""
    _require_dask()
    import dask
    import dask.bag as db

    items = [as_input(raw) for raw in urls]
    if settings is not None and settings.limit is not None:
        items = items[:settings.limit]
    s = shard_settings(settings, shard_workers).replace(limit=None)  # applied above
    shards = shard_inputs(items, partitions)
    if not shards:
        return _threaded(db.from_sequence([], npartitions=1))
    parts = [dask.delayed(_scrape_shard_records, pure=False)(shard, s) for shard in shards]
    return _threaded(db.from_delayed(parts))


def warc_bag(paths: Iterable[str | os.PathLike[str]], settings: Settings | None = None, *,
             shard_workers: int | None = None) -> dask.bag.Bag:
    """A lazy ``dask.bag.Bag`` of record dicts: one partition per WARC file, one record per
    HTML response (see :func:`scrapekit.warc.aextract_warc`). Paths must be readable from
    the workers (a shared filesystem). Scheduler and worker processes as :func:`scrape_bag`."""
    _require_dask()
    import dask
    import dask.bag as db

    files = [os.fspath(p) for p in paths]
    if not files:
        return _threaded(db.from_sequence([], npartitions=1))
    s = shard_settings(settings, shard_workers)
    parts = [dask.delayed(_warc_records, pure=False)(path, s) for path in files]
    return _threaded(db.from_delayed(parts))


# -- run directory -----------------------------------------------------------------------------------

NOT_A_STRING = 3
"""A spool line's mark for an input that was no string: it holds [type name, repr]."""


def _shard_names(index: int) -> tuple[str, str]:
    return f"{SHARDS_DIR}/shard-{index:05d}.jsonl", f"part-{index:05d}.jsonl"


def _fsync_dir(path: Path) -> None:
    """Make the renames and removals in a directory durable (where the system allows it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _spool_shards(urls: Iterable[str], out: Path, partitions: int | None, n_workers: int,
                  limit: int | None, reuse_plan: bool = False) -> list[dict[str, Any]]:
    """Write each shard's inputs to out/shards/shard-NNNNN.jsonl (one JSON string per line),
    in two passes over a spool file, so the driver's memory holds hosts, not URLs.

    The number of shards asked for is kept in out/shards/plan.json; with ``reuse_plan`` (a
    resume) and no explicit ``partitions`` it is taken from there, so resuming on a cluster of
    another size plans the same shards and the finished ones are skipped."""
    shards_dir = out / SHARDS_DIR
    shards_dir.mkdir(parents=True, exist_ok=True)
    # a run killed while spooling left its copy of the inputs (the directory is locked: no
    # other run is spooling now)
    for stale in (*shards_dir.glob(".spool-*"), *shards_dir.glob(".new-*")):
        stale.unlink(missing_ok=True)
    plan_file = shards_dir / PLAN
    if partitions is None and reuse_plan and plan_file.exists():
        try:
            partitions = int(orjson.loads(plan_file.read_bytes())["partitions"])
        except (OSError, ValueError, KeyError, TypeError):  # unreadable: plan afresh
            partitions = None
    spool = shards_dir / f".spool-{uuid.uuid4().hex[:8]}"
    sizes: Counter[str] = Counter()
    total = 0
    try:
        with open(spool, "wb") as fh:
            for given in urls:
                if limit is not None and total >= limit:
                    break
                raw = as_input(given)
                if isinstance(raw, NotAString):  # (None, a number: the worker's invalid_url,
                    # saying what it was)
                    fh.write(_dumps_line(["", [raw.type_name, raw.text], NOT_A_STRING]))
                    sizes[""] += 1
                    total += 1
                    continue
                key = host_key(raw)
                sizes[key] += 1
                total += 1
                remote = (2 if isinstance(raw, OwnOriginItem) else 1
                          if isinstance(raw, RemoteItem) else 0)
                fh.write(_dumps_line([key, raw, remote]))
        if partitions is None:
            partitions = max(-(-total // SHARD_TARGET), 2 * n_workers)
        _write_atomic(plan_file, orjson.dumps({"partitions": partitions}))
        assignment = plan_shards(dict(sizes), partitions)
        used = sorted(set(assignment.values()))
        renumber = {old: new for new, old in enumerate(used)}
        tmp_names = {i: shards_dir / f".new-{i:05d}" for i in range(len(used))}
        handles = {i: open(p, "wb") for i, p in tmp_names.items()}  # noqa: SIM115
        counts: Counter[int] = Counter()
        hosts: dict[int, set[str]] = {i: set() for i in handles}
        try:
            with open(spool, "rb") as fh:
                for line in fh:
                    key, raw, remote = _loads_line(line)
                    index = renumber[assignment[key]]
                    # a URL listed by a feed or sitemap stays marked as such (as [url], or
                    # [url, true] on the origin the user asked for): it must never be read as a
                    # local file in the worker either, nor get the user's credentials off it
                    shard = (raw if not remote else [raw, True] if remote == 2 else [raw]
                             if remote == 1 else {"notAString": raw[0], "repr": raw[1]})
                    handles[index].write(_dumps_line(shard))
                    counts[index] += 1
                    hosts[index].add(key)
        finally:
            for handle in handles.values():
                handle.close()
    finally:
        spool.unlink(missing_ok=True)
    shards = []
    for index, tmp in tmp_names.items():
        inputs_name, part_name = _shard_names(index)
        final = out / inputs_name
        unchanged = final.exists() and final.read_bytes() == tmp.read_bytes()
        if unchanged:
            tmp.unlink()
        else:
            # the part of the shard's old inputs goes first: a run that dies between the two
            # steps must not leave it beside the new inputs, where a --resume would keep it
            (out / part_name).unlink(missing_ok=True)
            _fsync_dir(out)
            os.replace(tmp, final)
        shards.append({"shard": index, "inputsFile": inputs_name, "part": part_name,
                       "inputs": counts[index], "hosts": len(hosts[index]),
                       "unchanged": unchanged})
    # shard files of an earlier, larger plan would confuse merge_parts: remove them
    for stale in shards_dir.glob("shard-*.jsonl"):
        if int(stale.stem.split("-")[1]) >= len(tmp_names):
            stale.unlink()
            (out / f"part-{stale.stem.split('-')[1]}.jsonl").unlink(missing_ok=True)
    return shards


def _dumps_line(item: Any) -> bytes:
    """An input as a line of a spool or shard file. An input holding a byte that was not UTF-8
    (a lone surrogate, from the command line or a list) is written escaped by the standard
    library's json (orjson refuses it), so it reaches its worker as it was and gets its own
    ``invalid_url`` record there, as in a run without Dask."""
    try:
        return orjson.dumps(item) + b"\n"
    except TypeError:
        return json.dumps(item).encode("ascii") + b"\n"


def _loads_line(line: bytes) -> Any:
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:  # (an escaped lone surrogate: see _dumps_line)
        return json.loads(line)


def _read_inputs(path: Path) -> list[str | NotAString]:
    """A shard's inputs; those listed by a remote document come back as RemoteItem (an
    OwnOriginItem when marked so), those that were no string as NotAString."""
    with open(path, "rb") as fh:
        items = (_loads_line(line) for line in fh if line.strip())
        return [item if isinstance(item, str)
                else NotAString(str(item["notAString"]), str(item["repr"]))
                if isinstance(item, dict)
                else OwnOriginItem(item[0]) if item[1:] == [True] else RemoteItem(item[0])
                for item in items]


def run_shard(index: int, out_dir: str, settings: Settings | None, stop: str | None = None
              ) -> dict[str, Any]:
    """Runs in a Dask worker: one shard's inputs -> its JSONL part. The part is written under
    a temporary name (``part-NNNNN.jsonl.tmp-<host>-<pid>-<rand>``), fsynced and renamed when
    the shard is complete. Returns the shard's summary for the manifest. ``stop``: the run's
    token; when the run ends early (see :func:`_stop_check`) the shard raises
    :class:`ShardStopped` and leaves no part."""
    from .sinks import dumps

    started = time.monotonic()
    out = Path(out_dir)
    inputs_name, part_name = _shard_names(index)
    inputs = _read_inputs(out / inputs_name)
    s = _worker_settings(settings)
    worker = f"{socket.gethostname()}-{os.getpid()}"
    part = out / part_name
    tmp = part.with_name(f"{part.name}.tmp-{worker}-{uuid.uuid4().hex[:8]}")
    errors: Counter[str] = Counter()
    records = 0
    try:
        with open(tmp, "wb") as fh:
            for article in _shard_articles(inputs, s, stop):
                fh.write(dumps(article.to_dict()) + b"\n")
                fh.flush()
                records += 1
                if article.error is not None:
                    errors[article.error.kind] += 1
            os.fsync(fh.fileno())
        os.replace(tmp, part)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return {"shard": index, "part": part_name, "inputs": len(inputs), "records": records,
            "errors": dict(sorted(errors.items())), "worker": worker,
            "seconds": round(time.monotonic() - started, 3)}


def _utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _local_cluster(workers: int) -> Any:
    """A LocalCluster of ``workers`` Dask workers, each one thread of this process
    (``processes=False``): a shard's fetching and extraction run in scrapekit's own worker
    subprocesses, so process-based Dask workers would add nothing but a nanny per worker,
    started by spawn, which re-imports the caller's ``__main__`` (a script without a guard
    then fails: "Nanny failed to start"). Dask's log lines are kept to ``WORKER_LOG_LEVEL``
    unless :func:`route_dask_logs` asked for INFO or DEBUG (the CLI's ``-v``): at teardown a
    worker whose heartbeat meets the closing scheduler logs a traceback that means nothing.
    A shard that raised is logged and listed under ``failedShards``. No memory limit: Dask
    would measure this whole process against each thread-worker's share of the machine and
    pause them all on a many-core machine with little memory (the pages are held in the
    scrapekit worker subprocesses anyway)."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=False,
                        dashboard_address=None, silence_logs=_worker_log_level,
                        memory_limit=0)


def run_sharded(urls: Iterable[str], scheduler: str | Client = "local",
                out_dir: str | os.PathLike[str] = "out", settings: Settings | None = None, *,
                partitions: int | None = None, local_workers: int | None = None,
                resume: bool = False, shard_workers: int | None = None,
                progress: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Scrape ``urls`` on a Dask cluster into ``out_dir``: one JSONL part per shard plus
    ``manifest.json``; returns the manifest.

    ``scheduler``: ``"local"`` starts a LocalCluster of ``local_workers`` Dask workers
    (default: the machine's cores), threads of this process (each shard's work runs in its
    own scrapekit worker subprocesses, so no ``__main__`` guard is needed), closed at the end;
    otherwise a scheduler address (``tcp://host:8786``) or a ``distributed.Client``. Each
    shard runs ``shard_workers`` scrapekit worker processes (default: 1, unless
    ``settings.workers`` was set: see :func:`shard_settings`). ``out_dir`` must be visible to every
    worker under the same path (a shared filesystem; any local path for ``"local"``).

    Shards: by host (see :func:`plan_shards`); ``partitions`` defaults to one per 1000 inputs
    and at least two per worker. A worker dying mid-shard makes Dask re-run the shard
    elsewhere; its part is then written whole by the attempt that completes. A shard that
    keeps failing (raises, or kills 3 workers: Dask's ``allowed-failures``) is listed under
    ``failedShards`` and the others still complete. ``resume=True`` skips shards whose part
    exists from an earlier run over the same inputs and plan. ``progress`` is called with each
    shard's summary as it completes. The directory is locked for the run (``flock`` on
    ``.scrapekit.lock``): a second run into it raises :class:`~scrapekit.sinks.OutputInUse`.
    """
    _require_dask()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lock = _lock_run_dir(out)
    try:
        return _run_sharded(urls, scheduler, out, settings, partitions=partitions,
                            local_workers=local_workers, resume=resume,
                            shard_workers=shard_workers, progress=progress)
    finally:
        os.close(lock)


LOCK_FILE = ".scrapekit.lock"


def _lock_run_dir(out: Path) -> int:
    """An advisory lock on the run directory for the whole run (a second run into the same
    directory would rewrite its shard plan under the first): the lock's descriptor, or
    :class:`~scrapekit.sinks.OutputInUse`."""
    import fcntl

    from .sinks import OutputInUse

    fd = os.open(out / LOCK_FILE, os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputInUse(f"{out} is being written by another run (it holds the directory's "
                          "lock); wait for it to finish or choose another output") from None
    return fd


def _run_sharded(urls: Iterable[str], scheduler: str | Client, out: Path,
                 settings: Settings | None, *, partitions: int | None,
                 local_workers: int | None, resume: bool, shard_workers: int | None,
                 progress: Callable[[dict[str, Any]], None] | None) -> dict[str, Any]:
    from distributed import Client, as_completed

    started = time.monotonic()
    limit = settings.limit if settings is not None else None
    per_shard = shard_settings(settings, shard_workers).replace(limit=None)
    cluster = None
    own_client = False
    if isinstance(scheduler, Client):
        client = scheduler
        scheduler_name = str(client.scheduler.address)
    elif scheduler == "local":
        cluster = _local_cluster(local_workers or os.cpu_count() or 2)
        client = Client(cluster)
        own_client = True
        scheduler_name = "local"
    else:
        client = Client(scheduler)
        own_client = True
        scheduler_name = scheduler
    run_id = uuid.uuid4().hex[:8]
    stop = _RUN_STOPS[run_id] = threading.Event()
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        shards = _spool_shards(urls, out, partitions, n_workers, limit, reuse_plan=resume)
        futures = {}
        summaries: dict[int, dict[str, Any]] = {}
        for shard in shards:
            index = shard["shard"]
            if resume and shard.pop("unchanged") and (out / shard["part"]).exists() \
                    and _part_is_whole(out / shard["part"], out / shard["inputsFile"]):
                summaries[index] = {**shard, **_part_summary(out / shard["part"], index),
                                    "status": "skipped"}
                continue
            shard.pop("unchanged", None)
            (out / shard["part"]).unlink(missing_ok=True)
            future = client.submit(run_shard, index, str(out.resolve()), per_shard, run_id,
                                   key=f"scrapekit-shard-{run_id}-{index:05d}", pure=False,
                                   retries=2)
            futures[future] = shard
        for future in as_completed(list(futures)):
            shard = futures[future]
            try:
                summary = {**shard, **future.result(), "status": "done"}
            except Exception as exc:  # noqa: BLE001 - one failed shard must not lose the rest
                log.error("shard %d failed: %s", shard["shard"], exc)
                summary = {**shard, "records": 0, "errors": {}, "status": "failed",
                           "error": f"{exc.__class__.__name__}: {exc}"[:500]}
            summaries[shard["shard"]] = summary
            if progress is not None:
                progress(summary)
    finally:
        stop.set()  # shards still running in this process (Ctrl-C, an error here) end now
        with _quiet_teardown():
            if own_client:
                client.close()
            if cluster is not None:
                cluster.close()
        _RUN_STOPS.pop(run_id, None)
    for leftover in out.glob("part-*.jsonl.tmp-*"):  # attempts cut short by a dead worker
        leftover.unlink(missing_ok=True)
    ordered = [summaries[k] for k in sorted(summaries)]
    errors: Counter[str] = Counter()
    for summary in ordered:
        errors.update(summary.get("errors") or {})
    manifest = {
        "version": MANIFEST_VERSION,
        "createdAt": _utc_now(),
        "scheduler": scheduler_name,
        "inputs": sum(x["inputs"] for x in ordered),
        "records": sum(x.get("records", 0) for x in ordered),
        "errors": dict(sorted(errors.items())),
        "failedShards": [x["shard"] for x in ordered if x["status"] == "failed"],
        "elapsedSeconds": round(time.monotonic() - started, 3),
        "shards": ordered,
    }
    _write_atomic(out / MANIFEST, orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")
    return manifest


def _part_summary(part: Path, index: int) -> dict[str, Any]:
    errors: Counter[str] = Counter()
    records = 0
    for record in _part_records(part):
        records += 1
        if record.get("error"):
            errors[record["error"].get("kind", "extract")] += 1
    return {"shard": index, "records": records, "errors": dict(sorted(errors.items()))}


def _part_records(part: Path) -> Iterator[dict[str, Any]]:
    try:
        fh = open(part, "rb")
    except FileNotFoundError:
        return
    with fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break  # torn last line (cannot happen for renamed parts; be safe anyway)
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(record, dict) and isinstance(record.get("url"), str):
                yield record


def merge_parts(out_dir: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The records of a :func:`run_sharded` directory, shard by shard: exactly one per input
    occurrence (an input listed twice gets two records), duplicates dropped, whatever parts a
    retried or re-run shard left. Inputs of a failed shard have no record (see the manifest's
    ``failedShards``); they are logged."""
    out = Path(out_dir)
    for inputs_file in sorted((out / SHARDS_DIR).glob("shard-*.jsonl")):
        index = inputs_file.stem.split("-")[1]
        wanted = _wanted(inputs_file)
        yield from _matched(out / f"part-{index}.jsonl", wanted)
        missing = sum(wanted.values())
        if missing:
            log.warning("shard %s: %d input(s) have no record (shard failed or never ran)",
                        index, missing)


def _wanted(inputs_file: Path) -> Counter[str]:
    """A shard's inputs, counted under the text their records are written with (JSON Lines
    are valid UTF-8, so a byte of an input that was not UTF-8 is a replacement character
    there)."""
    return Counter(sanitize(item.text if isinstance(item, NotAString) else str(item))
                   for item in _read_inputs(inputs_file))


def _part_is_whole(part: Path, inputs_file: Path) -> bool:
    """Does the part hold a record for every input of its shard (as :func:`merge_parts` matches
    them)? A part cut short (a full disk, a copy) or edited by hand does not, and is run again
    on a resume instead of being trusted."""
    wanted = _wanted(inputs_file)
    for _ in _matched(part, wanted):
        pass
    return not +wanted


def _matched(part: Path, wanted: Counter[str]) -> Iterator[dict[str, Any]]:
    """The part's records that answer an input still ``wanted`` (counted down as they come):
    one per input occurrence, a retried shard's extra copies dropped."""
    for record in _part_records(part):
        if wanted[record["url"]] > 0:
            wanted[record["url"]] -= 1
            yield record


__all__ = ["ShardStopped", "host_key", "merge_parts", "plan_shards", "route_dask_logs", "run_shard",
           "run_sharded", "scrape_bag", "shard_inputs", "shard_settings", "warc_bag"]
