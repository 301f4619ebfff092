"""Schema version 1 grows by adding keys (the README's rule): so a copy of the v1 schema taken
before a key was added must accept the newer v1 records that carry it, at the top level and in
every nested object (``additionalProperties: false`` made an older copy reject them), while a
wrong value of a known key is still refused. The Parquet schema derived from the record schema
does not change."""

from __future__ import annotations

import copy

import jsonschema
import pytest

import scrapekit
from scrapekit.record import ADDED_IN_V1, Article, Author, FetchInfo, Image, Link

NESTED = ("fetch", "extraction", "error", "mainImage")


def _full_record() -> dict:
    return Article(
        url="https://example.com/a", headline="H",
        authors=(Author(name="A"),), related_links=(Link("https://example.com/b", "B", "related"),),
        main_image=Image("https://example.com/i.jpg"), fetch=FetchInfo(status=200),
        error=scrapekit.ErrorInfo(kind="http_status", message="404", status=404),
    ).to_dict()


def _nodes(node: object) -> list[dict]:
    """Every dict in a JSON Schema, the root first."""
    if isinstance(node, dict):
        return [node] + [n for value in node.values() for n in _nodes(value)]
    if isinstance(node, list):
        return [n for value in node for n in _nodes(value)]
    return []


def _older_copy(schema: dict) -> dict:
    """The v1 schema as published before the ADDED_IN_V1 keys existed."""
    old = copy.deepcopy(schema)
    for node in _nodes(old):
        if isinstance(node.get("properties"), dict):
            for key in ADDED_IN_V1:
                node["properties"].pop(key, None)
    return old


def _objects(schema: dict) -> list[dict]:
    return [n for n in _nodes(schema) if n.get("type") == "object" and "properties" in n]


def test_an_older_copy_of_v1_accepts_todays_v1_records():
    schema = scrapekit.json_schema()
    old = _older_copy(schema)
    assert "pageType" not in old["properties"]  # the copy really is the older one
    record = _full_record()
    assert "pageType" in record and "rendered" in record["fetch"]
    jsonschema.validate(record, old)
    assert schema["$id"].endswith("article-v1.json") and record["schemaVersion"] == 1


def test_keys_added_later_to_v1_are_accepted_at_every_level():
    schema = scrapekit.json_schema()
    record = _full_record()
    record["someNewKey"] = {"x": 1}
    for key in NESTED:
        record[key] = dict(record[key] or {}, someNewKey=True) if key != "extraction" else \
            dict(record[key], someNewKey=[1])
    record["authors"][0]["someNewKey"] = "x"
    record["relatedLinks"][0]["someNewKey"] = None
    jsonschema.validate(record, schema)
    assert all(node.get("additionalProperties") is not False for node in _objects(schema))


@pytest.mark.parametrize("key, value", [("headline", 3), ("fetch", {"status": "200"}),
                                        ("authors", [{"name": None}]), ("pageType", "podcast")])
def test_a_wrong_value_of_a_known_key_is_still_refused(key, value):
    record = _full_record()
    if key == "fetch":
        value = dict(record["fetch"], **value)
    record[key] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, scrapekit.json_schema())


def test_the_parquet_schema_keeps_its_typed_columns():
    pa = pytest.importorskip("pyarrow")
    from scrapekit.parquet import arrow_schema

    schema = arrow_schema()
    assert list(schema.names) == list(_full_record())
    fetch = schema.field("fetch").type
    assert pa.types.is_struct(fetch) and fetch.get_field_index("rendered") >= 0
    assert fetch.field("status").type == pa.int64()
    sources = schema.field("extraction").type.field("fieldSources").type
    assert pa.types.is_list(sources)
    assert [f.name for f in sources.value_type] == ["key", "value"]
    authors = schema.field("authors").type
    assert pa.types.is_list(authors) and pa.types.is_struct(authors.value_type)
    for name in ("mainImage", "error"):
        assert pa.types.is_struct(schema.field(name).type)
