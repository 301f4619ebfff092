import json

import jsonschema
import pytest

import scrapekit
from scrapekit.errors import ERROR_KINDS, HTTPStatusError, Timeout
from scrapekit.record import RECORD_KEYS, Article, Author, FetchInfo, Image, Link, error_record

from conftest import SEED_HTML, SEED_URL

SCHEMA_ORDER = [
    "schemaVersion", "url", "canonicalUrl", "headline", "byline", "authors", "datePublished",
    "datePublishedRaw", "dateModified", "dateModifiedRaw", "articleBody", "relatedLinks",
    "description", "mainImage", "inLanguage", "publisher", "keywords", "wordCount",
    "isAccessibleForFree", "pageType", "fetch", "extraction", "error",
]


def test_keys_are_the_schema_table_in_order():
    assert list(RECORD_KEYS) == SCHEMA_ORDER
    assert list(Article(url="x").to_dict()) == SCHEMA_ORDER


def test_full_record_round_trips_and_validates():
    art = Article(
        url="https://a.example/x", headline="H", byline="By A and B",
        authors=(Author("A", "A", "https://a.example/a"), Author("B")),
        date_published="2023-03-07", date_published_raw="March 07, 2023",
        article_body="p1\n\np2", related_links=(Link("https://a.example/y", "Y", "inBody"),),
        main_image=Image("https://a.example/i.jpg", "cap"), keywords=("k",), word_count=2,
        is_accessible_for_free=False, page_type="liveblog",
        fetch=FetchInfo(final_url="https://a.example/x", status=200, attempts=1, elapsed_ms=3),
    )
    d = art.to_dict()
    assert Article.from_dict(d) == art
    assert Article.from_dict(json.loads(json.dumps(d))) == art
    jsonschema.validate(d, scrapekit.json_schema())


def test_extracted_seed_record_validates_against_schema():
    d = scrapekit.extract(SEED_HTML, url=SEED_URL).to_dict()
    jsonschema.validate(d, scrapekit.json_schema())
    assert Article.from_dict(d).to_dict() == d


@pytest.mark.parametrize("exc", [Timeout("slow"), HTTPStatusError("HTTP 404", status=404),
                                 ValueError("boom")])
def test_error_records_keep_every_key_and_validate(exc):
    d = error_record("not a url", exc).to_dict()
    assert list(d) == SCHEMA_ORDER
    assert d["headline"] is None and d["authors"] == [] and d["relatedLinks"] == []
    assert d["error"]["kind"] in ERROR_KINDS
    jsonschema.validate(d, scrapekit.json_schema())


def test_empty_strings_become_null():
    d = Article(url="u", headline="", article_body="").to_dict()
    assert d["headline"] is None and d["articleBody"] is None


def test_records_written_before_keys_were_added_to_version_1_still_validate():
    schema = scrapekit.json_schema()
    d = Article(url="u", fetch=scrapekit.record.FetchInfo(status=200)).to_dict()
    assert d["fetch"]["rendered"] is False and "pageType" in d  # written today: every key
    old = {k: v for k, v in d.items() if k not in ("isAccessibleForFree", "pageType")}
    old["fetch"] = {k: v for k, v in d["fetch"].items() if k != "rendered"}
    jsonschema.validate(old, schema)
    for missing in ("headline", "error"):  # keys of the first records stay required
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({k: v for k, v in d.items() if k != missing}, schema)


def test_schema_rejects_a_wrong_record():
    d = Article(url="u").to_dict()
    d["authors"] = "AFP"  # a joined string where the schema wants a list
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(d, scrapekit.json_schema())


def test_new_keys_are_typed_in_the_schema_and_schema_version_stays_1():
    from scrapekit.record import PAGE_TYPES, SCHEMA_VERSION

    schema = scrapekit.json_schema()
    assert SCHEMA_VERSION == 1
    base = Article(url="u", extraction=scrapekit.record.ExtractionInfo(
        field_sources={"pageType": "jsonld", "headline": "rule"})).to_dict()
    for kind in PAGE_TYPES:
        jsonschema.validate(dict(base, pageType=kind, isAccessibleForFree=True), schema)
    for bad in ({"pageType": "podcast"}, {"isAccessibleForFree": "no"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(dict(base, **bad), schema)
    assert "render" in ERROR_KINDS
    jsonschema.validate(error_record("u", scrapekit.errors.RenderError("crashed")).to_dict(), schema)
