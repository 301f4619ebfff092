"""Records as JSON bytes (orjson): always valid UTF-8, whatever a page held."""

from __future__ import annotations

import re
from typing import Any

import orjson


_SURROGATE = re.compile("[\ud800-\udfff]")


def sanitize(value: Any) -> Any:
    """Strings made valid UTF-8 (each lone surrogate, such as a byte of an input that was not
    UTF-8, becomes U+FFFD, the replacement character: a "?" could not be told from a real one
    in a URL), recursively, keys too (a caller's own record may hold one in a key)."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if not value.isascii() else value
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
