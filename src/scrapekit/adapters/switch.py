"""Per-thread replacement of a library's internals, for the adapters' own calls only.

An adapter that makes a library use its own version of an internal function (faster, same
result) installs, once, a dispatcher in the library's module: a function (or, for a module-level
list of expressions, a list) that runs the replacement only while the calling thread is inside
:meth:`Switch.on`, and the library's own object for everybody else. Nothing is swapped back and
forth, so threads never see each other's replacement, no lock serialises the calls, and a
timeout's exception at any point leaves the library as published for every other caller.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class Switch:
    """A per-thread on/off flag that dispatchers consult."""

    def __init__(self) -> None:
        self._local = threading.local()

    @property
    def active(self) -> bool:
        return bool(getattr(self._local, "depth", 0))

    @contextmanager
    def on(self) -> Iterator[None]:
        self._local.depth = getattr(self._local, "depth", 0) + 1
        try:
            yield
        finally:
            self._local.depth -= 1


class _Dispatch:
    """Calls ``ours`` while the switch is on in this thread, else ``original``."""

    __slots__ = ("switch", "ours", "original", "__wrapped__")

    def __init__(self, switch: Switch, ours: Callable[..., Any], original: Callable[..., Any]):
        self.switch, self.ours, self.original = switch, ours, original
        self.__wrapped__ = original

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return (self.ours if self.switch.active else self.original)(*args, **kwargs)


class _DispatchList(list):  # type: ignore[type-arg]
    """A module-level list of expressions: ``ours`` when iterated with the switch on."""

    def __init__(self, switch: Switch, ours: list[Any], original: list[Any]) -> None:
        super().__init__(original)
        self.switch, self.ours, self.original = switch, ours, original

    def __iter__(self) -> Iterator[Any]:
        return iter(self.ours) if self.switch.active else super().__iter__()


_INSTALL_LOCK = threading.Lock()


def install(module: Any, name: str, switch: Switch, ours: Any) -> bool:
    """Put a dispatcher for ``module.name`` in place (once; a dispatcher already there is kept).
    ``ours``: the replacement function, or for a list a function of the original list giving
    the replacement list. False when the attribute is missing or of another kind."""
    with _INSTALL_LOCK:
        current = getattr(module, name, None)
        if isinstance(current, (_Dispatch, _DispatchList)):
            return True
        if isinstance(current, list):
            setattr(module, name, _DispatchList(switch, ours(current), current))
            return True
        if callable(current):
            setattr(module, name, _Dispatch(switch, ours, current))
            return True
        return False


def original(module: Any, name: str) -> Any:
    """The library's own object behind a dispatcher (the object itself when none)."""
    current = getattr(module, name, None)
    return current.original if isinstance(current, (_Dispatch, _DispatchList)) else current


def source_matches(function: Any, expected: str) -> bool:
    """Is ``function``'s source the one a replacement was written against (the first 16 hex
    digits of its SHA-1)? False when the source cannot be read: the library's code then runs."""
    import hashlib
    import inspect

    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16] == expected


__all__ = ["Switch", "install", "original", "source_matches"]
