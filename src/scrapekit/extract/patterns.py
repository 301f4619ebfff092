"""Selector, key and regex tables used by the field extractors: rules as data.

Adding a rule is adding a row. Each candidate table lists (key or selector, source, weight);
the extractor takes the best-weighted candidate that survives validation.
"""

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
    "[class*=byline i] time[datetime]", "time[datetime]",
    "[class*=publish i][class*=date i]", "[class*=date i]",
)
MODIFIED_DOM_SELECTORS = ("[itemprop=dateModified]", "time[class*=updated i]",
                          "time[class*=modified i]")
DATE_IN_URL = re.compile(r"/(20\d{2}|19\d{2})[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?:/|[^\d]|$)")

# -- body -------------------------------------------------------------------------------------
# A body paragraph matching one of these is boilerplate, not article text.
BODY_DROP_LINES = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"^(?:related(?: article| story| stories| content)?|read (?:more|also|next)|see also|"
    r"also read|more on this(?: story)?|recommended|lire aussi|à lire aussi|lesen sie auch|"
    r"mehr zum thema|leer más|lee también|leia também|leggi anche|читайте также)\s*[:\-\u2013\u2014>»]",
    r"^(?:share|share this(?: article| story)?|tweet|email|print|copy link)$",
    r"^(?:sign up|subscribe)\b.{0,80}(?:newsletter|inbox|updates)",
    r"^advertisement$",
    r"^(?:photo|image|picture|foto|bild)\s*(?:credit)?\s*:\s*\S.{0,60}$",
))

# -- links ------------------------------------------------------------------------------------
# Ancestors whose tag or class/id/role marks site chrome: links inside are never related links.
CHROME_TAGS = frozenset({"nav", "header", "footer", "form", "button", "select", "noscript"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar",
                          "complementary"})
CHROME_CLASS = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|navigation|menu|breadcrumbs?|header|masthead|footer|share|"
    r"sharing|social|socials|comments?|disqus|sidebar|widget-area|ad|ads|advert|advertisement|"
    r"sponsor(?:ed)?|promo|promoted|outbrain|taboola|newsletter|subscribe|subscription|login|"
    r"signin|paywall|cookie|consent|tags?|tag-list|keywords|topics|author|authors|byline|bio|"
    r"most-?read|popular|trending)(?:$|[\s_\-])",
    re.IGNORECASE,
)
RELATED_CLASS = re.compile(
    r"related|read-?more|readmore|more-?on|see-?also|also-?read|read-?also|further-?reading|"
    r"recommend|more-?stories|more-?articles|lesetipp|weiterlesen|voir-?aussi|lire-?aussi",
    re.IGNORECASE,
)
RELATED_HEADING = re.compile(
    r"^\s*(?:related|read more|more on (?:this|the topic)|see also|also read|read also|"
    r"further reading|recommended|more stories|you (?:may|might) also like|"
    r"lire aussi|à lire aussi|sur le même sujet|mehr zum thema|lesen sie auch|auch interessant|"
    r"leer más|lee también|te puede interesar|leia também|leggi anche|читайте также|"
    r"по теме|zobacz też|czytaj też|lees ook|läs också|les også|læs også)",
    re.IGNORECASE,
)
INLINE_RELATED_PREFIX = re.compile(
    r"^\s*(?:related(?: article| story)?|read (?:more|also)|see also|also read|more on this|"
    r"lire aussi|à lire aussi|lesen sie auch|mehr zum thema|lee también|leer más|leia também|"
    r"leggi anche|читайте также)\s*[:\-\u2013\u2014>»]?\s*",
    re.IGNORECASE,
)
SKIP_SCHEMES = frozenset({"javascript", "mailto", "tel", "sms", "data", "about", "file", "ftp",
                          "whatsapp", "fb-messenger", "viber", "skype"})
FILE_EXTENSIONS = re.compile(
    r"\.(?:pdf|jpe?g|png|gif|webp|svg|avif|bmp|ico|mp[34]|m4a|wav|ogg|webm|mov|avi|zip|gz|rar|"
    r"7z|docx?|xlsx?|pptx?|csv|exe|dmg|apk|rss|xml|json)$",
    re.IGNORECASE,
)
INDEX_PATHS = re.compile(
    r"/(?:tags?|topics?|category|categories|author|authors|autor|autoren|auteur|people|"
    r"profile|profiles|contributors?|journalists?|section|search|login|signin|signup|"
    r"register|subscribe|newsletters?|account|feed|rss|page)(?:/|$)",
    re.IGNORECASE,
)
SHARE_URLS = re.compile(
    r"(?:facebook\.com/(?:sharer|share|dialog)|twitter\.com/(?:intent|share|home\?status)|"
    r"x\.com/intent|linkedin\.com/(?:share|shareArticle|cws/share)|pinterest\.[a-z.]+/pin/create|"
    r"reddit\.com/submit|wa\.me/|api\.whatsapp\.com/send|t\.me/share|telegram\.me/share|"
    r"vk\.com/share|getpocket\.com/save|news\.ycombinator\.com/submitlink|"
    r"addtoany\.com|sharethis\.com|flipboard\.com/bookmarklet)",
    re.IGNORECASE,
)
TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|"
    r"ref_src|ref_url|ocid|cmpid|ito|icid|ncid|sr_share|share|smid|smtyp|__twitter_impression|"
    r"at_medium|at_campaign|at_custom\d|ns_mchannel|ns_source|ns_campaign|ns_linkname|"
    r"ns_fee|wt_mc|wt\.mc_id|s_cid|cid|mkt_tok|spm|soc_src|soc_trk|cmp|xtor)$",
    re.IGNORECASE,
)
MAX_LINK_TEXT = 300

# -- metadata -----------------------------------------------------------------------------------
DESCRIPTION_META_KEYS = ("og:description", "description", "twitter:description", "dc.description")
IMAGE_META_KEYS = ("og:image:secure_url", "og:image", "og:image:url", "twitter:image",
                   "twitter:image:src")
PUBLISHER_META_KEYS = ("og:site_name", "application-name", "publisher", "twitter:site",
                       "dc.publisher")
KEYWORD_META_KEYS = ("news_keywords", "article:tag", "keywords", "parsely-tags", "sailthru.tags")
LANGUAGE_META_KEYS = ("og:locale", "content-language", "language", "dc.language", "inlanguage")
CANONICAL_META_KEYS = ("og:url", "twitter:url")
