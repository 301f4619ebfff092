"""Parquet output (``--format parquet``; ``pip install -e '.[parquet]'``): the one module that
talks to pyarrow.

The Arrow schema is derived from the record's JSON Schema (:func:`arrow_schema`), so every
column is typed even when all its values are null: strings, int64, lists of structs
(``authors``, ``relatedLinks``), structs (``mainImage``, ``fetch``, ``error``), a list of
``{key, value}`` for ``extraction.fieldSources``. Records are written in row groups as they
arrive (every :data:`ROW_GROUP_RECORDS` records or :data:`ROW_GROUP_BYTES` of text, whichever
comes first);
the file footer is written at close, so a run stopped with Ctrl-C or SIGTERM leaves a valid
file, a ``kill -9`` does not (use JSON Lines for runs that may be killed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, Any

from .errors import ScrapekitError
from .fields import field_schemas, unwrap
from .jsonbytes import dumps, sanitize
from .record import RECORD_KEYS

PYARROW_MIN = (14, 0)
ROW_GROUP_RECORDS = 1000
ROW_GROUP_BYTES = 64 * 1024 * 1024


def require_pyarrow() -> Any:
    try:
        import pyarrow  # type: ignore[import-untyped]
        import pyarrow.parquet  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise ScrapekitError("--format parquet needs pyarrow: pip install 'scrapekit[parquet]'"
                             ) from None
    version = tuple(int(p) for p in pyarrow.__version__.split(".")[:2] if p.isdigit())
    if version < PYARROW_MIN:
        raise ScrapekitError(f"--format parquet needs pyarrow >= {PYARROW_MIN[0]}, found "
                             f"{pyarrow.__version__}")
    return pyarrow


def arrow_type(schema: dict[str, Any]) -> Any:
    """The Arrow type of one JSON Schema node (null branches dropped: every column is
    nullable). An object with free-form keys (``fieldSources``) becomes a list of
    ``{key, value}`` structs: a map in all but name, which Hugging Face ``datasets`` cannot
    load. Anything else this does not know becomes a string (the value as JSON)."""
    pa = require_pyarrow()
    inner = _inner(schema)
    kind = inner.get("type")
    simple = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
              "boolean": pa.bool_()}
    if kind in simple:
        return simple[kind]
    if kind == "array" and isinstance(inner.get("items"), dict):
        return pa.list_(arrow_type(inner["items"]))
    if kind == "object" and inner.get("properties"):
        return pa.struct([pa.field(k, arrow_type(v)) for k, v in inner["properties"].items()])
    if kind == "object" and isinstance(inner.get("additionalProperties"), dict):
        return pa.list_(pa.struct([pa.field("key", pa.string()),
                                   pa.field("value", arrow_type(inner["additionalProperties"]))]))
    return pa.string()


def _inner(schema: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch, with ``const`` and ``enum`` read as their value's type."""
    inner, _ = unwrap(schema)
    if "const" in inner:
        return {"type": {bool: "boolean", int: "integer", float: "number"}.get(
            type(inner["const"]), "string")}
    if "enum" in inner:
        return {"type": "string"}
    return inner


Convert = Callable[[Any], Any]


def converter(schema: dict[str, Any]) -> Convert | None:
    """How a JSON value becomes the Python value of its :func:`arrow_type` (None: as is)."""
    inner = _inner(schema)
    kind = inner.get("type")
    if kind in ("string", "integer", "number", "boolean"):
        return None
    if kind == "array" and isinstance(inner.get("items"), dict):
        item = converter(inner["items"])
        return None if item is None else (
            lambda v: [item(x) for x in v] if isinstance(v, list) else v)
    if kind == "object" and inner.get("properties"):
        subs = {k: converter(v) for k, v in inner["properties"].items()}
        if not any(subs.values()):
            return None
        return lambda v: {k: (c(v.get(k)) if c else v.get(k)) for k, c in subs.items()
                          } if isinstance(v, dict) else v
    if kind == "object" and isinstance(inner.get("additionalProperties"), dict):
        value = converter(inner["additionalProperties"]) or (lambda x: x)
        return lambda v: [{"key": k, "value": value(x)} for k, x in v.items()
                          ] if isinstance(v, dict) else v
    return lambda v: dumps(v).decode("utf-8") if isinstance(v, (dict, list)) else v


def arrow_schema(fields: Sequence[str] | None = None) -> Any:
    """The Arrow schema of records restricted to ``fields`` (default: all keys)."""
    pa = require_pyarrow()
    schemas = field_schemas()
    return pa.schema([pa.field(f, arrow_type(schemas.get(f, {})))
                      for f in (fields or RECORD_KEYS)])


def _text_size(record: dict[str, Any]) -> int:
    body = record.get("articleBody")
    return 2048 + (len(body) if isinstance(body, str) else 0)


class ParquetWriter:
    """Writes record dicts (already restricted to the schema's fields) to a binary stream."""

    def __init__(self, stream: IO[bytes], fields: Sequence[str] | None = None) -> None:
        pa = require_pyarrow()
        self.stream = stream
        self.schema = arrow_schema(fields)
        schemas = field_schemas()
        self._convert = [(name, c) for name in self.schema.names
                         if (c := converter(schemas.get(name, {}))) is not None]
        self._writer = pa.parquet.ParquetWriter(stream, self.schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []
        self._bytes = 0

    def write(self, record: dict[str, Any]) -> None:
        self._rows.append(record)
        self._bytes += _text_size(record)
        if len(self._rows) >= ROW_GROUP_RECORDS or self._bytes >= ROW_GROUP_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write the buffered records as one row group."""
        if not self._rows:
            return
        pa = require_pyarrow()
        rows, self._rows, self._bytes = self._rows, [], 0
        if self._convert:
            rows = [{**row, **{name: c(row.get(name)) for name, c in self._convert}}
                    for row in rows]
        try:
            batch = self._batch(rows)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            self._write_fitting(rows)  # (raises, naming the records that do not fit)
            return
        self._writer.write_batch(batch)
        self.stream.flush()

    def _batch(self, rows: list[dict[str, Any]]) -> Any:
        pa = require_pyarrow()
        try:
            return pa.RecordBatch.from_pylist(rows, schema=self.schema)
        except UnicodeEncodeError:  # a lone surrogate: never let one record stop the run
            return pa.RecordBatch.from_pylist([sanitize(r) for r in rows], schema=self.schema)

    def _write_fitting(self, rows: list[dict[str, Any]]) -> None:
        """A batch with a record that does not fit the schema (a caller's own dict, a
        ``wordCount`` given as text): the others are written, one by one, then the misfits
        are named (ScrapekitError); none of the good ones is lost with them."""
        pa = require_pyarrow()
        good, bad = [], []
        for row in rows:
            try:
                self._batch([row])
            except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
                bad.append((row.get("url"), exc))
            else:
                good.append(row)
        if not bad:  # each fits alone, not all together (never seen): one by one
            for row in good:
                self._writer.write_batch(self._batch([row]))
            self.stream.flush()
            return
        if good:
            self._writer.write_batch(self._batch(good))
            self.stream.flush()
        url, error = bad[0]
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise ScrapekitError(f"a record does not fit the Parquet schema, not written{more}: "
                             f"url {url!r}: {str(error).splitlines()[0][:200]}")

    def close(self) -> None:
        """Write what is buffered and the file footer."""
        try:
            self.flush()
        finally:
            self._writer.close()


__all__ = ["ParquetWriter", "arrow_schema", "arrow_type", "converter", "require_pyarrow"]
