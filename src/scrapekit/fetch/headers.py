"""Request headers, built in one place: defaults, then the user's headers, case-insensitively
(``user-agent: MyBot/1.0`` replaces the default User-Agent instead of adding a second one)."""

from __future__ import annotations

from collections.abc import Iterable

from ..settings import Settings
from .decompress import accept_encoding

ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


def merge_headers(*layers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """One header per name, case-insensitively; a later layer's value (and spelling) wins,
    and within a layer the last one given. The first layer's order is kept."""
    merged: dict[str, tuple[str, str]] = {}
    for layer in layers:
        for name, value in layer:
            key = name.strip().lower()
            if key:
                merged[key] = (name.strip(), value)
    return list(merged.values())


def request_headers(settings: Settings, accept: str = ACCEPT) -> list[tuple[str, str]]:
    """The headers of every request a run sends: User-Agent, Accept, Accept-Encoding (only the
    codings we decode with bounded output), then ``settings.headers`` over them."""
    defaults = [("User-Agent", settings.user_agent), ("Accept", accept),
                ("Accept-Encoding", accept_encoding())]
    return merge_headers(defaults, settings.headers)


def user_agent(settings: Settings) -> str:
    """The User-Agent actually sent (a ``User-Agent`` header given by the user wins), which is
    also the name robots.txt rules are matched against."""
    for name, value in request_headers(settings):
        if name.lower() == "user-agent":
            return value
    return settings.user_agent


__all__ = ["ACCEPT", "merge_headers", "request_headers", "user_agent"]
