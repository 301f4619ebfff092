"""The output record (schema v1): dataclasses, dict conversion and the JSON Schema.

Python attributes are snake_case; JSON keys are the camelCase names of the schema, in the
schema's order, every key always present. ``null`` for unknown, never ``""``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

SCHEMA_VERSION = 1
LINK_KINDS = ("inBody", "related")
PAGE_TYPES = ("article", "liveblog", "video", "gallery", "list", "other")
"""Values of ``pageType``: what kind of page the record comes from."""


def _none_if_blank(value: Any) -> Any:
    return None if value == "" else value


@dataclass(frozen=True)
class Author:
    name: str
    name_raw: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "nameRaw": self.name_raw, "url": self.url}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Author:
        return cls(name=d["name"], name_raw=d.get("nameRaw"), url=d.get("url"))


@dataclass(frozen=True)
class Link:
    url: str
    text: str | None
    kind: str  # "inBody" or "related"

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "text": _none_if_blank(self.text), "kind": self.kind}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Link:
        return cls(url=d["url"], text=d.get("text"), kind=d["kind"])


@dataclass(frozen=True)
class Image:
    url: str | None
    caption: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "caption": _none_if_blank(self.caption)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Image:
        return cls(url=d.get("url"), caption=d.get("caption"))


@dataclass(frozen=True)
class FetchInfo:
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    encoding: str | None = None
    fetched_at: str | None = None
    attempts: int = 0
    elapsed_ms: int | None = None
    rendered: bool = False
    """The record was extracted from the page as a browser rendered it (``--render``)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "finalUrl": self.final_url, "status": self.status,
            "contentType": _none_if_blank(self.content_type),
            "encoding": self.encoding, "fetchedAt": self.fetched_at,
            "attempts": self.attempts, "elapsedMs": self.elapsed_ms,
            "rendered": self.rendered,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FetchInfo:
        return cls(final_url=d.get("finalUrl"), status=d.get("status"),
                   content_type=d.get("contentType"), encoding=d.get("encoding"),
                   fetched_at=d.get("fetchedAt"), attempts=d.get("attempts", 0),
                   elapsed_ms=d.get("elapsedMs"), rendered=bool(d.get("rendered", False)))


@dataclass(frozen=True)
class ExtractionInfo:
    field_sources: dict[str, str] = field(default_factory=dict)
    elapsed_ms: int | None = None
    decode_errors: int | None = None
    """Bytes of the page that did not decode in the encoding it was read in (each shown as
    U+FFFD in the text); None when the input was text already (nothing decoded)."""

    def to_dict(self) -> dict[str, Any]:
        return {"fieldSources": dict(self.field_sources), "elapsedMs": self.elapsed_ms,
                "decodeErrors": self.decode_errors}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ExtractionInfo:
        return cls(field_sources=dict(d.get("fieldSources") or {}), elapsed_ms=d.get("elapsedMs"),
                   decode_errors=d.get("decodeErrors"))


@dataclass(frozen=True)
class ErrorInfo:
    kind: str
    message: str
    status: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "status": self.status}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ErrorInfo:
        return cls(kind=d["kind"], message=d.get("message") or "", status=d.get("status"))


@dataclass(frozen=True)
class Article:
    """One record: an extracted article, or an error record (``error`` set, fields empty)."""

    url: str
    canonical_url: str | None = None
    headline: str | None = None
    byline: str | None = None
    authors: tuple[Author, ...] = ()
    date_published: str | None = None
    date_published_raw: str | None = None
    date_modified: str | None = None
    date_modified_raw: str | None = None
    article_body: str | None = None
    related_links: tuple[Link, ...] = ()
    description: str | None = None
    main_image: Image | None = None
    in_language: str | None = None
    publisher: str | None = None
    keywords: tuple[str, ...] = ()
    word_count: int = 0
    is_accessible_for_free: bool | None = None
    page_type: str | None = None
    fetch: FetchInfo | None = None
    extraction: ExtractionInfo = field(default_factory=ExtractionInfo)
    error: ErrorInfo | None = None
    schema_version: int = SCHEMA_VERSION

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data, keys in schema order."""
        return {
            "schemaVersion": self.schema_version,
            "url": self.url,
            "canonicalUrl": self.canonical_url,
            "headline": _none_if_blank(self.headline),
            "byline": _none_if_blank(self.byline),
            "authors": [a.to_dict() for a in self.authors],
            "datePublished": self.date_published,
            "datePublishedRaw": self.date_published_raw,
            "dateModified": self.date_modified,
            "dateModifiedRaw": self.date_modified_raw,
            "articleBody": _none_if_blank(self.article_body),
            "relatedLinks": [link.to_dict() for link in self.related_links],
            "description": _none_if_blank(self.description),
            "mainImage": self.main_image.to_dict() if self.main_image else None,
            "inLanguage": self.in_language,
            "publisher": _none_if_blank(self.publisher),
            "keywords": list(self.keywords),
            "wordCount": self.word_count,
            "isAccessibleForFree": self.is_accessible_for_free,
            "pageType": self.page_type,
            "fetch": self.fetch.to_dict() if self.fetch else None,
            "extraction": self.extraction.to_dict(),
            "error": self.error.to_dict() if self.error else None,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Article:
        """The Article of a record dict (``to_dict``'s output, a JSON Lines line). A record
        cut down by ``--fields`` is no whole record: its dotted keys (``error.kind``) would be
        dropped, a failed page read as a success, so it is a ValueError, as one without a url."""
        if not isinstance(d, Mapping):
            raise TypeError(f"Article.from_dict takes a record dict, got {type(d).__name__}")
        dotted = sorted(k for k in d if isinstance(k, str) and "." in k)
        if dotted:
            raise ValueError(f"Article.from_dict: {', '.join(dotted[:3])}: a record flattened by "
                             "--fields is not a whole record")
        if not isinstance(d.get("url"), str):
            raise ValueError("Article.from_dict: a record needs its url (a string)")
        image = d.get("mainImage")
        fetch = d.get("fetch")
        error = d.get("error")
        return cls(
            schema_version=d.get("schemaVersion", SCHEMA_VERSION),
            url=d["url"],
            canonical_url=d.get("canonicalUrl"),
            headline=d.get("headline"),
            byline=d.get("byline"),
            authors=tuple(Author.from_dict(a) for a in d.get("authors") or ()),
            date_published=d.get("datePublished"),
            date_published_raw=d.get("datePublishedRaw"),
            date_modified=d.get("dateModified"),
            date_modified_raw=d.get("dateModifiedRaw"),
            article_body=d.get("articleBody"),
            related_links=tuple(Link.from_dict(x) for x in d.get("relatedLinks") or ()),
            description=d.get("description"),
            main_image=Image.from_dict(image) if image else None,
            in_language=d.get("inLanguage"),
            publisher=d.get("publisher"),
            keywords=tuple(d.get("keywords") or ()),
            word_count=d.get("wordCount") or 0,
            is_accessible_for_free=d.get("isAccessibleForFree"),
            page_type=d.get("pageType"),
            fetch=FetchInfo.from_dict(fetch) if fetch else None,
            extraction=ExtractionInfo.from_dict(d.get("extraction") or {}),
            error=ErrorInfo.from_dict(error) if error else None,
        )


RECORD_KEYS: tuple[str, ...] = tuple(Article(url="").to_dict())


# -- JSON Schema ------------------------------------------------------------------------------

def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_STR = {"type": "string", "minLength": 1}
_OPT_STR = _nullable(_STR)
_OPT_INT = _nullable({"type": "integer"})


ADDED_IN_V1 = frozenset({"isAccessibleForFree", "pageType", "rendered", "decodeErrors"})
"""Keys added to schema version 1 after its first records (additions keep the version): every
record written today has them, but the schema does not require them, so that earlier records of
version 1 (a resumed output, an archive) still validate."""


def _object(props: dict[str, Any]) -> dict[str, Any]:
    """A record object: its keys typed, the first records' keys required, and other keys
    allowed (``additionalProperties: true``): a key added to version 1 keeps the version, so a
    copy of the v1 schema taken before the addition must still accept records that carry it.
    Only a change to an existing key raises the version."""
    return {"type": "object", "properties": props,
            "required": [k for k in props if k not in ADDED_IN_V1], "additionalProperties": True}


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) every record validates against."""
    from .errors import ERROR_KINDS

    props: dict[str, Any] = {
        "schemaVersion": {"const": SCHEMA_VERSION},
        "url": {"type": "string"},
        "canonicalUrl": _OPT_STR,
        "headline": _OPT_STR,
        "byline": _OPT_STR,
        "authors": {"type": "array", "items": _object(
            {"name": _STR, "nameRaw": _OPT_STR, "url": _OPT_STR})},
        "datePublished": _OPT_STR,
        "datePublishedRaw": _OPT_STR,
        "dateModified": _OPT_STR,
        "dateModifiedRaw": _OPT_STR,
        "articleBody": _OPT_STR,
        "relatedLinks": {"type": "array", "items": _object(
            {"url": _STR, "text": _OPT_STR, "kind": {"enum": list(LINK_KINDS)}})},
        "description": _OPT_STR,
        "mainImage": _nullable(_object({"url": _OPT_STR, "caption": _OPT_STR})),
        "inLanguage": _OPT_STR,
        "publisher": _OPT_STR,
        "keywords": {"type": "array", "items": _STR},
        "wordCount": {"type": "integer", "minimum": 0},
        "isAccessibleForFree": _nullable({"type": "boolean"}),
        "pageType": _nullable({"enum": list(PAGE_TYPES)}),
        "fetch": _nullable(_object({
            "finalUrl": _OPT_STR, "status": _OPT_INT, "contentType": _OPT_STR,
            "encoding": _OPT_STR, "fetchedAt": _OPT_STR,
            "attempts": {"type": "integer", "minimum": 0}, "elapsedMs": _OPT_INT,
            "rendered": {"type": "boolean"},
        })),
        "extraction": _object({
            "fieldSources": {"type": "object", "additionalProperties": {"enum": list(FIELD_SOURCES)}},
            "elapsedMs": _OPT_INT,
            "decodeErrors": _nullable({"type": "integer", "minimum": 0}),
        }),
        "error": _nullable(_object({
            "kind": {"enum": list(ERROR_KINDS)}, "message": {"type": "string"}, "status": _OPT_INT,
        })),
    }
    schema = _object(props)
    schema.update({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://scrapekit.dev/schema/article-v1.json",
        "title": "scrapekit Article record v1",
    })
    return schema


FIELD_SOURCES = ("jsonld", "meta", "microdata", "dom", "url", "body", "rule")
"""Where a field's value came from; "rule" is a per-site rule (``Settings.rules``)."""


def error_record(url: str, exc: BaseException, *, fetch: FetchInfo | None = None,
                 elapsed_ms: int | None = None) -> Article:
    """The one place an exception becomes an error record (kind from the exception class)."""
    from .errors import ScrapekitError

    if isinstance(exc, ScrapekitError):
        info = ErrorInfo(kind=exc.kind, message=exc.message or exc.__class__.__name__,
                         status=exc.status)
    else:
        message = f"{exc.__class__.__name__}: {exc}".rstrip(": ")
        info = ErrorInfo(kind="extract", message=message[:500])
    return Article(url=url, fetch=fetch, error=status_of(info, fetch),
                   extraction=ExtractionInfo(elapsed_ms=elapsed_ms))


def status_of(error: ErrorInfo | None, fetch: FetchInfo | None) -> ErrorInfo | None:
    """``error.status`` is the HTTP status the page's fetch ended with, whatever the error's
    kind (``decode``, ``not_article`` and ``render`` after a 200 too); null when no response
    came (``connect``, ``timeout``, ``robots_disallowed``...) or the input was a local file."""
    if error is None or error.status is not None or fetch is None or fetch.status is None:
        return error
    return replace(error, status=fetch.status)
