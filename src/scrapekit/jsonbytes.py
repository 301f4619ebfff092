"""Records as JSON bytes (orjson): always valid UTF-8, whatever a page held."""

from __future__ import annotations

from typing import Any

import orjson


def sanitize(value: Any) -> Any:
    """Strings made valid UTF-8 (lone surrogates replaced), recursively, keys too (a caller's
    own record may hold one in a key)."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {sanitize(k): sanitize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [sanitize(v) for v in value]
    return value


def dumps(record: dict[str, Any] | list[Any], *, indent: bool = False) -> bytes:
    option = orjson.OPT_INDENT_2 if indent else 0
    try:
        return orjson.dumps(record, option=option)
    except TypeError:  # orjson refuses lone surrogates: never let one record stop the run
        return orjson.dumps(sanitize(record), option=option)


__all__ = ["dumps", "sanitize"]
