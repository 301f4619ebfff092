"""Record fields by name, including dotted paths into objects (``error.kind``, ``fetch.status``,
``mainImage.url``), all derived from the record's JSON Schema so a new field needs no change here.

Used by ``--fields`` (any format) and by the flat formats: CSV gets one column per leaf of an
object (``error.kind``, ``error.message``, ...), Parquet one typed column per field. Lists stay
whole (JSON in CSV, Arrow lists in Parquet): a dotted path never goes into a list.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from .record import RECORD_KEYS, json_schema


def unwrap(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """``(schema, nullable)``: the non-null branch of an ``anyOf [X, null]``."""
    options = schema.get("anyOf")
    if not options:
        return schema, False
    rest = [o for o in options if o.get("type") != "null"]
    return (rest[0] if len(rest) == 1 else {}), len(rest) < len(options)


def properties(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The named properties of an object schema (``None`` for anything else, including
    objects with free-form keys such as ``extraction.fieldSources``)."""
    inner, _ = unwrap(schema)
    props = inner.get("properties")
    return props if inner.get("type") == "object" and props else None


@lru_cache(maxsize=1)
def field_schemas() -> dict[str, dict[str, Any]]:
    """Every selectable field, top-level keys in record order then dotted paths: name -> schema.
    A top-level key the JSON Schema does not describe maps to ``{}`` (any value)."""
    top = json_schema()["properties"]
    out: dict[str, dict[str, Any]] = {}

    def walk(prefix: str, schema: dict[str, Any]) -> None:
        out[prefix] = schema
        for name, sub in (properties(schema) or {}).items():
            walk(f"{prefix}.{name}", sub)

    for key in RECORD_KEYS:
        walk(key, top.get(key, {}))
    return out


def check_fields(fields: Sequence[str]) -> list[str]:
    """The fields as given, or ValueError naming the unknown ones, or one given twice (two
    columns of one name: a Parquet file no reader opens, a CSV header of two ``url``)."""
    known = field_schemas()
    twice = sorted({f for f in fields if list(fields).count(f) > 1})
    if twice:
        raise ValueError(f"field(s) given more than once: {', '.join(twice)}")
    unknown = [f for f in fields if f not in known]
    if unknown:
        dotted = sorted({k.split(".", 1)[0] + ".*" for k in known if "." in k})
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(RECORD_KEYS)} "
                         f"and dotted paths into objects ({', '.join(dotted)}), e.g. error.kind")
    return list(fields)


def get_path(record: dict[str, Any], field: str) -> Any:
    """The value at a field name or dotted path; None when a parent object is null."""
    if field in record:
        return record[field]
    value: Any = record
    for part in field.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def select_fields(record: dict[str, Any], fields: Sequence[str] | None) -> dict[str, Any]:
    """The record restricted to ``fields``; a dotted field keeps its dotted name as the key
    (``{"url": ..., "error.kind": "timeout"}``), the same in every format."""
    if not fields:
        return record
    return {f: get_path(record, f) for f in fields}


def leaf_columns(fields: Sequence[str] | None = None) -> list[str]:
    """Flat columns for ``fields`` (default: every record key): each object with named
    properties is replaced by its leaves, recursively (``error`` -> ``error.kind``,
    ``error.message``, ``error.status``)."""
    schemas = field_schemas()

    def leaves(name: str) -> Iterator[str]:
        props = properties(schemas.get(name, {}))
        if props is None:
            yield name
            return
        for sub in props:
            yield from leaves(f"{name}.{sub}")

    return [col for f in (fields or RECORD_KEYS) for col in leaves(f)]


__all__ = ["check_fields", "field_schemas", "get_path", "leaf_columns", "properties",
           "select_fields", "unwrap"]
