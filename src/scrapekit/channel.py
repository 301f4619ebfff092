"""Pickled frames over a pipe, between the main process and its worker processes.

A frame is a 4-byte length and a pickle. :class:`Outbox` writes the frames of one event-loop
turn in one system call (on a VM a pipe write costs about as much as pickling the frame).
"""

from __future__ import annotations

import asyncio
import os
import pickle
import struct
from typing import Any

_FRAME = struct.Struct("!I")
LIMIT = 1 << 30
"""Largest frame accepted (a page body travels in one frame: Settings.max_bytes is far below)."""
READ_ERRORS = (asyncio.IncompleteReadError, ConnectionError, ValueError, EOFError,
               pickle.UnpicklingError)
"""What reading from a channel whose other end died can raise."""


async def read_frame(reader: asyncio.StreamReader) -> Any:
    (size,) = _FRAME.unpack(await reader.readexactly(_FRAME.size))
    if size > LIMIT:
        raise ValueError(f"frame of {size} bytes")
    return pickle.loads(await reader.readexactly(size))


def frame(obj: Any) -> bytes:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _FRAME.pack(len(data)) + data


FLUSH_EVERY = 0.01
"""Seconds frames wait to go out together (a page's fetch takes far longer than that)."""


class Outbox:
    """Frames written to a pipe together, in one system call every ``delay`` seconds (or per
    event-loop turn with ``delay=0``), not one per frame: each write wakes the process at the
    other end, and on a VM that costs more than pickling the frame."""

    def __init__(self, writer: asyncio.StreamWriter, delay: float = FLUSH_EVERY) -> None:
        self.writer = writer
        self.delay = delay
        self._frames: list[bytes] = []

    def send(self, obj: Any) -> None:
        if not self._frames:
            loop = asyncio.get_running_loop()
            if self.delay:
                loop.call_later(self.delay, self._flush)
            else:
                loop.call_soon(self._flush)
        self._frames.append(frame(obj))

    def _flush(self) -> None:
        frames, self._frames = self._frames, []
        if not self.writer.is_closing():
            self.writer.write(b"".join(frames))

    def flush(self) -> None:
        """Write what is waiting now (before closing)."""
        if self._frames:
            self._flush()


async def open_pipes(fd_in: int, fd_out: int) -> tuple[asyncio.StreamReader, Outbox]:
    """The child's end: frames in on ``fd_in``, out on ``fd_out``."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader),
                                 os.fdopen(fd_in, "rb", buffering=0))
    transport, protocol = await loop.connect_write_pipe(
        asyncio.streams.FlowControlMixin, os.fdopen(fd_out, "wb", buffering=0))
    return reader, Outbox(asyncio.StreamWriter(transport, protocol, None, loop))


__all__ = ["LIMIT", "Outbox", "frame", "open_pipes", "read_frame"]
