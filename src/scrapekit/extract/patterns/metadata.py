"""Tables for headline, byline/authors, dates and the other metadata fields."""

from __future__ import annotations

import re

# -- schema.org types -----------------------------------------------------------------------
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "ReportageNews", "AnalysisNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "Report",
    "ScholarlyArticle", "TechArticle", "LiveBlogPosting", "SocialMediaPosting", "Review",
    "SatiricalArticle", "AdvertiserContentArticle", "MedicalScholarlyArticle", "Blog",
})
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage", "CollectionPage"})
ORG_TYPES = frozenset({"Organization", "NewsMediaOrganization", "Corporation", "WebSite",
                       "Brand", "EducationalOrganization", "GovernmentOrganization"})

# -- headline ---------------------------------------------------------------------------------
HEADLINE_META_KEYS = ("og:title", "twitter:title", "sailthru.title", "dc.title")
HEADLINE_DOM_SELECTORS = (
    # (selector, weight): the visible headline
    ("article h1", 3),
    ("main h1", 3),
    ("[itemprop=headline]", 3),
    ("h1[class*=title i], h1[class*=headline i]", 3),
    ("h1", 2),
)
# Separators between a headline and a site name in <title>/og:title.
TITLE_SEPARATORS = re.compile(r"\s+(?:[|\u2013\u2014\-:\u00b7\u2022/\u00bb\u2039\u203a~*]|::|\|\|)\s+")

# -- byline / authors ---------------------------------------------------------------------------
AUTHOR_META_KEYS = ("author", "article:author", "dc.creator", "byl", "sailthru.author",
                    "parsely-author", "twitter:creator", "cxenseparse:author")
BYLINE_SELECTORS = (
    # (selector, weight)
    ("[rel=author]", 3),
    ("[itemprop=author]", 3),
    ("[class*=byline i]", 3),
    ("[class*=author-name i], [class*=authorname i], [class*=author__name i]", 3),
    ("[data-testid*=byline i], [id*=byline i]", 2),
    ("[class*=author i]:not([class*=authorit i])", 1),
)
BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:written|reported|words|text|story|photos?|compiled|edited)\s+by|by|von|par|por|"
    r"door|di|da|av|af|od|от|автор[ы]?|texte?|tekst|text|autor(?:in|es|a)?|author)\s*[:\-]?\s+",
    re.IGNORECASE,
)
AUTHOR_SPLIT = re.compile(
    r"\s*(?:,|;|&|\+|\s/\s|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bog\b|\boch\b|\bi\b|\bи\b)\s*",
    re.IGNORECASE,
)
AUTHOR_ROLES = re.compile(
    r"\b(?:staff|senior|chief|special|political|foreign|business|sports?|science|"
    r"technology|tech|health|deputy|associate|contributing|executive|managing)?\s*"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|"
    r"photographer|producer|analyst)s?\b",
    re.IGNORECASE,
)
NOT_A_NAME = re.compile(
    r"@|https?://|www\.|\d{3,}|\b(?:email|e-mail|follow|twitter|facebook|updated|published|"
    r"posted|min(?:ute)?s? read|read more|share|comments?|subscribe|view all|more from|"
    r"profile|bio|contact)\b",
    re.IGNORECASE,
)
AUTHOR_MAX_WORDS = 6

# -- dates ------------------------------------------------------------------------------------
PUBLISHED_META_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "publishdate",
    "pubdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "sailthru.date", "parsely-pub-date", "date",
    "article.published", "cxenseparse:recs:publishtime", "og:article:published_time",
)
MODIFIED_META_KEYS = (
    "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
    "dcterms.modified", "last-modified", "og:article:modified_time", "article.updated",
)
PUBLISHED_DOM_SELECTORS = (
    "[itemprop=datePublished]", "time[pubdate]", "article time[datetime]",
    "[class*=byline i] time[datetime]", "time[datetime]", "time",
    "[class*=publish i][class*=date i]", "[class*=date i]",
)
MODIFIED_DOM_SELECTORS = ("[itemprop=dateModified]", "time[class*=updated i]",
                          "time[class*=modified i]")
DATE_IN_URL = re.compile(r"/(20\d{2}|19\d{2})[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?:/|[^\d]|$)")

# -- metadata -----------------------------------------------------------------------------------
DESCRIPTION_META_KEYS = ("og:description", "description", "twitter:description", "dc.description")
IMAGE_META_KEYS = ("og:image:secure_url", "og:image", "og:image:url", "twitter:image",
                   "twitter:image:src")
PUBLISHER_META_KEYS = ("og:site_name", "application-name", "publisher", "twitter:site",
                       "dc.publisher")
KEYWORD_META_KEYS = ("news_keywords", "article:tag", "keywords", "parsely-tags", "sailthru.tags")
LANGUAGE_META_KEYS = ("og:locale", "content-language", "language", "dc.language", "inlanguage")
CANONICAL_META_KEYS = ("og:url", "twitter:url")
