"""Tables for headline, byline/authors, dates and the other metadata fields."""

from __future__ import annotations

import re

# -- page structure -----------------------------------------------------------------------
CONTENT_ROOT_TAGS = frozenset({"body", "html", "main", "article"})
"""Where an upward walk from a node stops: above these lies the whole page, not its block."""

# -- schema.org types -----------------------------------------------------------------------
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "ReportageNews", "ReportageNewsArticle",
    "AnalysisNewsArticle", "AskPublicNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle",
    "BackgroundNewsArticle", "FactCheck", "ClaimReview", "Report", "LiveBlogPosting",
    "ScholarlyArticle", "TechArticle", "LiveBlogPosting", "SocialMediaPosting", "Review",
    "SatiricalArticle", "AdvertiserContentArticle", "MedicalScholarlyArticle", "Blog",
})
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage", "CollectionPage"})
ORG_TYPES = frozenset({"Organization", "NewsMediaOrganization", "Corporation", "WebSite",
                       "Brand", "EducationalOrganization", "GovernmentOrganization"})

# -- headline ---------------------------------------------------------------------------------
HEADLINE_META_KEYS = ("og:title", "twitter:title", "sailthru.title", "dc.title", "headline")
HEADLINE_DOM_SELECTORS = (
    # (selector, weight): where the visible headline is printed; earlier rows are tried first
    ("h1", 3),
    ("[itemprop=headline]", 3),
    ("article h2[class*=title i], article h2[class*=headline i], hgroup h2, header h2, "
     "h2[class*=title i], h2[class*=headline i]", 2),
    ("h2", 1),
)
HEADLINE_MAX_NODES = 8
HEADLINE_DEEP_NODES = 60
"""Headings read when none of the first ones is inside <title> (a sidebar's h2s come first)."""
# Second-level labels of country domains ("co" in bbc.co.uk): not the site's name.
SECOND_LEVEL_SUFFIXES = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or",
                                   "gv", "gob", "go", "nic", "info", "biz"})
# A heading inside one of these is navigation (the breadcrumb's copy of the title, a logo), not
# the printed headline: matched against the tag name, or the class/id of the node and ancestors.
HEADLINE_NAV_TAGS = frozenset({"nav", "li", "footer", "aside", "button", "a"})
HEADLINE_NAV_ATTR = re.compile(r"breadcrumb|crumb|\bnav\b|navigation|menu|logo|teaser|related|"
                               r"footer|modal|popup|newsletter|sidebar", re.IGNORECASE)
# Class tokens that negate what they name ("without-sidebar", "no-breadcrumb").
CLASS_NEGATED = ("with", "no-", "no_", "has-", "has_")
# Inline elements: their text joins without a space; every other element is a word break.
INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em",
                         "font", "i", "kbd", "mark", "q", "s", "small", "span", "strong", "sub",
                         "sup", "time", "u", "var", "wbr", "-text"})
SKIP_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "select"})
# Separators between a headline and a site name in <title>/og:title.
TITLE_SEPARATORS = re.compile(
    r"\s+(?:[|\u2013\u2014\-:\u00b7\u2022/\u00bb\u2039\u203a~*\uff5c]|::|\|\|)\s+"
    r"|\s*[\uff5c\uff1a\u30fb]\s*|\s*(?:\||\u2013|\u2014|--)\s*(?=[^|\u2013\u2014]{1,40}$)")
# Text that marks the end of a headline when a longer title goes on after it: a separator
# followed by a short tail (site, section, date).
TITLE_TAIL = re.compile(r"^\s*(?:[|\u2013\u2014\-:\u00b7\u2022/\u00bb~*\uff5c\uff1a]|--|::)\s*\S.{0,60}$")
MIN_CONTAINED_HEADLINE = 15
# A host name ("Forbes.com", "FOXNews.com") at either end of a <title>, with its separator: the
# site's name, also when the page's URL is unknown (a saved page). Common TLDs only, so that
# "Node.js: ..." or "U.S. ..." stay.
_HOST_NAME = (r"(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|gov|edu|io|"
              r"co|tv|news|us|uk|de|fr|it|es|nl|ru|jp|cn|au|ca|in|br|ch|at|se|no|dk|fi|pl|cz|be|"
              r"pt|ie|nz|za|kr|mx|ar|tr|gr|hu|ro|sk|ua|il|hk|tw|sg|my|id|ph|vn|th)")
TITLE_HOST_PREFIX = re.compile(r"^\s*" + _HOST_NAME + r"\s*(?:[|\u2013\u2014\-:\u00b7\u2022/\u00bb~*]|--|::)\s*",
                               re.IGNORECASE)
TITLE_HOST_SUFFIX = re.compile(r"\s*(?:[|\u2013\u2014\-:\u00b7\u2022/\u00ab~*]|--|::)\s*" + _HOST_NAME + r"\s*$",
                               re.IGNORECASE)
# A link to a front page: a site's, a section's or a blog's ("/", "/blog", "/seths_blog/"): one
# segment of at most two words, no digits (an article's slug has more words, or a date or an id).
FRONT_PAGE_PATH = re.compile(r"^/?(?:[a-z]+(?:[-_][a-z]+)?/?)?$", re.IGNORECASE)
TITLE_HOST_EDGE = 120  # characters at each end of <title> the host patterns look at
# The separator between a name printed as a heading and the rest of a <title>
# ("Seth's Blog: The importance of going first", "Post title \u00ab Rand's Blog").
TITLE_EDGE_SEPARATOR = re.compile(r"^\s*(?:[|\u2013\u2014\-:\u00b7\u2022/\u00bb\u00ab~*\uff5c\uff1a]|--|::)\s*")
# The label of a live blog's rolling title, early in it ("UK riots LIVE: ...", "Liveblog: ...").
LIVE_LABEL = re.compile(r"^.{0,60}?\b(?:live(?:[- ]?(?:blog|ticker|updates?))?|en direct|en vivo|en directo|"
                        r"ao vivo|in diretta|na \u017cywo)\s*(?::|\s[|\-\u2013\u2014]\s)", re.IGNORECASE)
# The end of a title cut short for a card ("Storm hits coast, thousands ...").
TRUNCATED_TITLE = re.compile(r"\s*(?:\.{3}|\u2026)\s*$")
# Between a kicker (overline, topic label) and the headline proper.
KICKER_SEPARATOR = re.compile(r"(?<=\S)\s*:\s+|\s+[\-\u2013\u2014|/]\s+")

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
    ("a[href*='/author/' i], a[href*='/authors/' i], a[href*='/autor/' i], a[href*='/autoren/' i], "
     "a[href*='/auteur/' i], a[href*='/journalist/' i]", 1),
)
# Elements inside a byline that hold one author's name each: two or more of them, and the block
# holding them is the byline (co-authors), not the first name element.
BYLINE_NAME_SELECTOR = ("[class*=author-name i], [class*=authorname i], [class*=author__name i], "
                        "[class*=bylinename i], [class*=byline-name i], [class*=byline__name i], "
                        "[itemprop=name]")
# Lower-case words allowed inside a personal name ("Ursula von der Leyen", "Ana de Armas").
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "da", "di", "dos",
                            "das", "du", "la", "le", "ter", "ten", "bin", "ibn", "al", "el", "y",
                            "zu", "af", "och"})
# A byline element inside one of these (class/id of the node or an ancestor) is not the
# article's: comment authors, teasers of other articles, quote attributions.
BYLINE_EXCLUDE = re.compile(r"comment|teaser|related|recommend|quote|footer|sidebar|widget|crumb|"
                            r"(?:image|img|photo|picture)-?(?:byline|credit)|"
                            r"avatar|author-info|author-desc|author-bio|biography|"
                            r"user-?reviews?|reviews?-?(?:list|item)|recirculation|more-?stories|"
                            r"trending|most-?(?:read|popular|viewed)|outbrain|taboola", re.IGNORECASE)
# Microdata inside an item of one of these types describes that item, not the article.
MICRODATA_FOREIGN_TYPES = re.compile(r"schema\.org/(?:Comment|UserComments|Review|Answer|Question|"
                                     r"Rating|AggregateRating|Offer|Product)\b", re.IGNORECASE)
BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:written|reported|words|text|story|photos?|compiled|edited|posted)\s+by|"
    r"more\s+(?:stories|articles|posts|news)\s+(?:by|from)|by|from|von|par|por|"
    r"door|di|da|av|af|od|от|автор[ы]?|текст|texte?|tekst|text|autor(?:in|es|a)?|author|"
    r"quelle|source|fonte|fuente|bron|kilde|k\u00e4lla)\s*[:\-]?\s+",
    re.IGNORECASE,
)
AUTHOR_SPLIT = re.compile(
    # punctuation anywhere; conjunctions only as lower-case words between spaces, so a middle
    # initial ("Sarah E. Needleman") or a name part never splits; "A, B, and C": the comma and
    # the conjunction are one separator
    r"\s*,\s*(?:and|und|et|y|e|en|og|och|i|\u0438|ve|\u00e9s|dan|v\u00e0|oraz|ja|&)\s+"
    r"|\s*(?:,|;|&|\+|\s/\s|\s\|\s)\s*"
    r"|\s+(?:and|And|AND|und|Und|et|y|e|en|og|och|i|\u0438|ve|\u00e9s|dan|v\u00e0|oraz|ja|und\s+von|a)\s+",
)
# Degrees and credentials after a name ("Ilana Muhlstein, MS, RDN"): not names of their own.
AUTHOR_CREDENTIALS = re.compile(
    r"^(?:M\.?D\.?|Ph\.?D\.?|M\.?S\.?c?|M\.?A\.?|B\.?A\.?|B\.?S\.?c?|R\.?D\.?N?|R\.?N\.?|"
    r"MBA|MPH|J\.?D\.?|CPA|CFA|D\.?O\.?|DDS|LCSW|CNS|FACS|Esq\.?|Jr\.?|Sr\.?|II|III|IV)$")
AUTHOR_ROLES = re.compile(
    r"\b(?:staff|senior|chief|special|political|foreign|business|sports?|science|"
    r"technology|tech|health|deputy|associate|contributing|executive|managing)?\s*"
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|"
    r"photographer|producer|analyst)s?\b"
    r"|(?<![\w-])(?:redakteur(?:in)?|korrespondent(?:in)?|journalist(?:in)?|redaktion|reporter(?:in)?|"
    r"chefredakteur(?:in)?|volont\u00e4r(?:in)?|r\u00e9dacteur|r\u00e9dactrice|journaliste|"
    r"correspondant(?:e)?|envoy\u00e9e? sp\u00e9ciale?|redactor(?:a)?|periodista|corresponsal|"
    r"giornalista|inviat[oa])\b(?=\s*$)",
    re.IGNORECASE,
)
# Trailing titles after a name in languages without word spaces before them ("신현주 기자").
AUTHOR_SUFFIXES = re.compile(r"\s*(?:\uae30\uc790|\ud2b9\ud30c\uc6d0|\ub17c\uc124\uc704\uc6d0|"
                             r"\u8a18\u8005|\u8bb0\u8005|\u7f16\u8f91)\s*$")
NOT_A_NAME = re.compile(
    r"@|https?://|www\.|\d{3,}|\d{1,2}[.:/]\d{2}|\b(?:email|e-mail|follow|twitter|facebook|"
    r"updated|published|posted|min(?:ute)?s? read|read more|share|comments?|subscribe|view all|"
    r"more from|profile|bio|contact|ver\u00f6ffentlicht|aktualisiert|publi\u00e9|mis \u00e0 jour|"
    r"publicado|actualizado|pubblicato|aggiornato|startseite|home)\b"
    # a relative time printed where the name would be ("5 days ago", "vor 3 Stunden")
    r"|\b\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|\bvor\s+\d+\s+(?:sekunden|minuten|stunden|tagen|wochen|monaten|jahren)\b"
    r"|\bil\s+y\s+a\s+\d+|\bhace\s+\d+",
    re.IGNORECASE,
)
# Words of a company's name in a <meta> author: the web agency or software that built the
# site ("Vivid Interactive and Design"), not the article's writer.
META_AUTHOR_COMPANY = re.compile(
    r"\b(?:interactive|web\s?design|design|designs|solutions|hosting|technologies|software|"
    r"studios?|agency|inc|ltd|llc|gmbh|webmaster|cms)\b\.?", re.IGNORECASE)
_TIME_UNITS = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
# A date printed after the name in the same byline ("JERUSALEM POST STAFF NOVEMBER 20, 2019").
AUTHOR_TRAILING_DATE = re.compile(
    r"\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}\b.*$"
    r"|\s+(?:updated|published|posted|aktualisiert|ver\u00f6ffentlicht)\b.*$"
    # a whole weekday word after a comma or a spaced dash, then a date or nothing ("Associated
    # Press \u2013 Fri Apr 3"); not a name part after a hyphen ("Mary Smith-Monroe", "Park Ji-sung")
    r"|\s*(?:,|\s[\u2013\u2014-])\s*(?:monday|mon|tuesday|tues?|wednesday|wed|thursday|thu(?:rs?)?|"
    r"friday|fri|saturday|sat|sunday|sun)\b\.?,?(?=\s*$|\s*\d|\s*(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|oct|nov|dec)[a-z]*\b).*$"
    # a relative time after the name ("By ANNE GEARAN \u2013 3 days ago", "RYAN J. FOLEY 2 hours ago")
    r"|\s*[,\u2013\u2014|\u00b7-]?\s*\b(?:\d+\s*" + _TIME_UNITS + r",?\s+)+ago\b.*$", re.IGNORECASE)
# Text of an element that credits a picture, not the article ("Foto: REUTERS", "(Image: Getty)").
PHOTO_CREDIT = re.compile(r"^\W*(?:fotos?|photos?|photograph(?:s|y|ed)?|images?|bild(?:er)?|picture|credit|illustration|"
                          r"grafik|video)\b", re.IGNORECASE)
AUTHOR_MAX_WORDS = 6
# In a byline, a credit for something else than the text, up to the next separator ("Jane Doe |
# Photos by Ann Poe", "Reporting by Jane Doe; Editing by John Roe"): no authors in it.
OTHER_CREDIT = re.compile(
    r"(?<!\w)(?:photos?|photograph(?:s|y|ed)?|images?|pictures?|illustrat\w*|graphics?|videos?|"
    r"edit(?:ed|ing)|translat\w*|fotos?|bilder?)\s+(?:by|von|par|por)\b[^|;\u00b7\u2022]*",
    re.IGNORECASE)
# Where the names after a byline's "By" end: " on " before the post's date ("Posted by Jane on
# March 3, 2010"); " in " ends them only before a linked category ("in <a>News</a>"), not a
# place ("By Jane Doe in London and John Roe").
BYLINE_ON_DATE = re.compile(
    r"\s+on\s+(?=(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?[\s,]|\d)", re.IGNORECASE)
BYLINE_IN = re.compile(r"\s+in\s+", re.IGNORECASE)
# "By Jane Doe" in an unmarked element (its text, maybe inside one inline tag), in the HTML just
# after the </h1>, this many characters at most.
# Whitespace runs are possessive and the name opens with a non-space: with plain "\s*" a run of
# spaces after "By" and no "<" to end it was split every way (800 spaces: 21 s).
BY_LINE_HTML = re.compile(r">\s*+(?:By|BY|by|Von|Par|Por|Door)\s*+:?\s*+"
                          r"(?:</(?:span|strong|b|em)>\s*+)?(?:<(?:a|span|strong|b|em)\b[^>]*+>\s*+)?"
                          r"([^<>\s][^<>]{1,79}?)\s*+<")
BY_LINE_WINDOW = 6000
# The first paragraph of body text, where the search for an unmarked "By" line ends.
TEXT_PARAGRAPH_HTML = re.compile(r"<p\b[^>]*>[^<]{80,}")
# A credit that is only one of these words is a label or a placeholder, not a name ("Auteur",
# "By", "Text:", "Admin").
NOT_NAME_WORDS = frozenset({
    "by", "von", "par", "por", "door", "di", "da", "av", "af", "text", "texte", "tekst", "words",
    "author", "authors", "auteur", "auteurs", "autor", "autorin", "autoren", "autores", "autore",
    "autori", "forfatter", "f\u00f6rfattare", "kirjoittaja", "yazar", "szerz\u0151", "\u0430\u0432\u0442\u043e\u0440",
    "admin", "administrator", "administrador", "amministratore", "webmaster", "anonymous",
    "anonym", "anonyme", "anonimo", "an\u00f3nimo", "unknown", "guest", "user", "redaktion",
    "posted", "written", "published", "source", "quelle",
    # section names a CMS shows as the writer's display name
    "news", "nachrichten", "noticias", "notizie", "nieuws", "nyheter", "uutiset", "haberler",
    # a feed link or a pronoun in the byline block ("RSS", "posted by you")
    "rss", "feed", "atom", "you",
    # weekdays, printed before the date in a byline block ("Friday, January 11, 2008")
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi",
    "vendredi", "samedi", "dimanche", "lunes", "martes", "mi\u00e9rcoles", "jueves", "viernes",
    "s\u00e1bado", "domingo", "luned\u00ec", "marted\u00ec", "mercoled\u00ec", "gioved\u00ec", "venerd\u00ec",
})
# Labels printed before the author's name in a field list ("<strong>Autorin/Autor</strong>
# Jane Doe", "<dt>Author</dt><dd>Jane Doe</dd>").
AUTHOR_LABELS = frozenset({
    "author", "authors", "by", "written by", "autor", "autorin", "autoren", "autorin/autor",
    "autor/autorin", "autor/in", "autor*in", "von", "text", "texte", "auteur", "auteurs", "par",
    "autore", "autori", "di", "autor/a", "por", "door", "auteur(s)", "forfatter", "f\u00f6rfattare",
    "kirjoittaja", "yazar", "szerz\u0151", "autorius", "\u0430\u0432\u0442\u043e\u0440", "redakteur", "redakteurin",
})
# A byline element class repeated with this many different names, in separate blocks, is a list
# of other articles' bylines (teaser cards, "recommended stories"), not the article's.
BYLINE_LIST_NAMES = 3
# ... unless it shares its block with the page's headline (this many levels up, at most).
BYLINE_NEAR_H1 = 6

# -- dates ------------------------------------------------------------------------------------
PUBLISHED_META_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "publishdate",
    "pubdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "sailthru.date", "parsely-pub-date", "date",
    "article.published", "cxenseparse:recs:publishtime", "cxenseparse:publishtime",
    "og:article:published_time", "article:published", "published_time", "publication_date",
    "dc.date.created", "dcterms.created", "originalpublicationdate",
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
# Labels printed before the publication date, and where they are printed.
PUBLISHED_LABELS = frozenset({
    "datum", "date", "published", "published on", "publication date", "veröffentlicht",
    "veröffentlicht am", "erschienen", "erschienen am", "publié", "publié le", "publicado",
    "publicado el", "publicado em", "pubblicato", "pubblicato il", "fecha", "data", "gepubliceerd",
    "publicerad", "publisert", "julkaistu", "opublikowano", "yayınlanma", "yayın tarihi",
})
LABEL_SELECTOR = "strong, b, dt, th, label, span[class*=label i]"
"""Elements that print a field's label before its value (date, author)."""
LABEL_MAX_NODES = 40
"""A label element holds a few words: one with this many nodes below it (text nodes included)
is not read as a label (reading the deep text of thousands of nested elements is quadratic)."""
DATE_IN_TEXT = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\b"
    r"|\b\d{1,2}\.?\s+[A-Za-z\u00c0-\u017f]{3,}\.?\s+\d{4}\b"
    r"|\b[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}\b")
# A DOM date inside one of these (class/id of the node or an ancestor) dates another text.
DATE_EXCLUDE = re.compile(r"comment|teaser|related|recommend|sidebar|widget|footer|event|"
                          r"\bnews-?list|more-?articles|breaking", re.IGNORECASE)
# A printed date labelled as an update is the modification date, never the publication date.
UPDATED_LABEL = re.compile(r"\b(?:(?:last\s+)?updated|modified|edited|aktualisiert|ge\u00e4ndert|"
                           r"mis\s+\u00e0\s+jour|actualizado|actualizaci\u00f3n|aggiornato|atualizado|"
                           r"bijgewerkt|oppdatert|uppdaterad|opdateret|p\u00e4ivitetty|zaktualizowano|"
                           r"g\u00fcncelleme|g\u00fcncellendi|\u043e\u0431\u043d\u043e\u0432\u043b\u0435\u043d\u043e)\b",
                           re.IGNORECASE)
MODIFIED_DOM_SELECTORS = ("[itemprop=dateModified]", "time[class*=updated i]",
                          "time[class*=modified i]")
DATE_IN_URL = re.compile(r"/(20\d{2}|19\d{2})[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?:/|[^\d]|$)")
# A URL's date with the month as a word ("/2019/nov/18/"): the word must name a month.
DATE_IN_URL_NAMED = re.compile(r"/(20\d{2}|19\d{2})/([^\W\d_]{3,9})/(0?[1-9]|[12]\d|3[01])(?:/|$)")
# A label printed before a numeric date in the same element ("Article Launched: 01/11/2008"):
# the date is read without it.
DATE_LABEL_PREFIX = re.compile(r"^[^\W\d_][^\d:]{1,40}:\s*(?=\d)")

# -- metadata -----------------------------------------------------------------------------------
DESCRIPTION_META_KEYS = ("og:description", "description", "twitter:description", "dc.description")
IMAGE_META_KEYS = ("og:image:secure_url", "og:image", "og:image:url", "twitter:image",
                   "twitter:image:src")
PUBLISHER_META_KEYS = ("og:site_name", "application-name", "publisher", "twitter:site",
                       "dc.publisher")
KEYWORD_META_KEYS = ("news_keywords", "article:tag", "keywords", "parsely-tags", "sailthru.tags")
LANGUAGE_META_KEYS = ("og:locale", "content-language", "language", "dc.language", "inlanguage")
CANONICAL_META_KEYS = ("og:url", "twitter:url")

# -- dates: rules against invented or misread dates (issue 15) ----------------------------------
# Month names, full and abbreviated, by month number: read in printed dates of any of these
# languages ("3. März 2023", "28 آب/اغسطس 2013", "3 maaliskuuta 2023"). Lower-case; a trailing
# dot is dropped before the lookup.
MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen",
        "janeiro", "januari", "januar", "styczeń", "stycznia", "sty", "leden", "ledna", "ocak",
        "январь", "января", "янв", "січень", "січня", "tammikuu", "tammikuuta", "január",
        "ianuarie", "ιανουαρίου", "ιανουάριος", "كانون الثاني", "يناير", "كانون الثاني/يناير",
        "ינואר", "siječanj", "siječnja", "sausis", "sausio", "janvāris", "jaanuar"),
    2: ("february", "feb", "februar", "feber", "février", "févr", "fevr", "febrero", "febbraio",
        "fevereiro", "fev", "februari", "luty", "lutego", "únor", "února", "şubat", "subat",
        "февраль", "февраля", "фев", "лютий", "лютого", "helmikuu", "helmikuuta", "február",
        "februarie", "φεβρουαρίου", "φεβρουάριος", "شباط", "فبراير", "פברואר", "veljača",
        "veljače", "vasaris", "vasario", "februāris", "veebruar"),
    3: ("march", "mar", "märz", "mars", "marzo", "março", "marco", "maart", "mart", "marzec",
        "marca", "březen", "března", "март", "марта", "березень", "березня", "maaliskuu",
        "maaliskuuta", "március", "martie", "μαρτίου", "μάρτιος", "آذار", "مارس", "מרץ",
        "ožujak", "ožujka", "kovas", "kovo", "marts", "märts"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwiecień", "kwietnia",
        "duben", "dubna", "nisan", "апрель", "апреля", "апр", "квітень", "квітня", "huhtikuu",
        "huhtikuuta", "április", "aprilie", "απριλίου", "απρίλιος", "نيسان", "أبريل", "ابريل",
        "אפריל", "travanj", "travnja", "balandis", "balandžio", "aprīlis", "aprill"),
    5: ("may", "mai", "mayo", "maggio", "mag", "maio", "mei", "maj", "maja", "květen", "května",
        "mayıs", "mayis", "май", "мая", "травень", "травня", "toukokuu", "toukokuuta", "május",
        "μαΐου", "μάιος", "أيار", "مايو", "מאי", "svibanj", "svibnja", "gegužė", "gegužės",
        "maijs"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "czerwiec", "czerwca",
        "červen", "června", "haziran", "июнь", "июня", "червень", "червня", "kesäkuu",
        "kesäkuuta", "június", "iunie", "ιουνίου", "ιούνιος", "حزيران", "يونيو", "יוני",
        "lipanj", "lipnja", "birželis", "birželio", "jūnijs", "juuni"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipiec",
        "lipca", "červenec", "července", "temmuz", "июль", "июля", "липень", "липня",
        "heinäkuu", "heinäkuuta", "július", "iulie", "ιουλίου", "ιούλιος", "تموز", "يوليو",
        "יולי", "srpanj", "srpnja", "liepa", "liepos", "jūlijs", "juuli"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus", "sierpień", "sierpnia",
        "srpen", "srpna", "ağustos", "agustos", "август", "августа", "авг", "серпень", "серпня",
        "elokuu", "elokuuta", "augusztus", "αυγούστου", "αύγουστος", "آب", "أغسطس", "اغسطس",
        "אוגוסט", "kolovoz", "kolovoza", "rugpjūtis", "rugpjūčio", "augusts"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set",
        "setembro", "wrzesień", "września", "září", "eylül", "eylul", "сентябрь", "сентября",
        "сен", "вересень", "вересня", "syyskuu", "syyskuuta", "szeptember", "septembrie",
        "σεπτεμβρίου", "σεπτέμβριος", "أيلول", "سبتمبر", "ספטמבר", "rujan", "rujna", "rugsėjis",
        "rugsėjo", "septembris"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro",
         "out", "październik", "października", "říjen", "října", "ekim", "октябрь", "октября",
         "жовтень", "жовтня", "lokakuu", "lokakuuta", "október", "octombrie", "οκτωβρίου",
         "οκτώβριος", "تشرين الأول", "أكتوبر", "اكتوبر", "אוקטובר",
         "spalis", "spalio", "oktobris"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "listopad", "listopada",
         "kasım", "kasim", "ноябрь", "ноября", "ноя", "листопад", "листопада", "marraskuu",
         "marraskuuta", "noiembrie", "νοεμβρίου", "νοέμβριος", "تشرين الثاني", "نوفمبر",
         "נובמבר", "studeni", "studenoga", "lapkritis", "lapkričio", "novembris"),
    12: ("december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic", "dicembre",
         "dezembro", "grudzień", "grudnia", "prosinec", "prosince", "aralık", "aralik",
         "декабрь", "декабря", "дек", "грудень", "грудня", "joulukuu", "joulukuuta",
         "decembrie", "δεκεμβρίου", "δεκέμβριος", "كانون الأول", "ديسمبر", "דצמבר", "prosinac",
         "prosinca", "gruodis", "gruodžio", "decembris", "detsember"),
}
# ("listopad" is November in Polish and Czech but October in Croatian: listed as November.)
# A printed date with a month name, day first or month first, in a longer text.
# English month names: a "January 11, 2008" in English writes its numeric dates month first
# (the same form with another language's month name, and "11 January 2008", day first).
ENGLISH_MONTH_NAMES = frozenset({
    "january", "jan", "february", "feb", "march", "mar", "april", "apr", "may", "june", "jun",
    "july", "jul", "august", "aug", "september", "sept", "sep", "october", "oct", "november",
    "nov", "december", "dec"})
_MONTH_WORD = r"[^\W\d_]{2,}\.?(?:\s+[^\W\d_]{2,}\.?)?(?:/[^\W\d_]{2,})?"
DATE_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})(?:\.|er|º|°|\.?\s*de)?\s*(" + _MONTH_WORD + r")\s*,?\s*(?:de\s+|del\s+)?(\d{4})(?!\d)",
    re.IGNORECASE)
DATE_MONTH_DAY_YEAR = re.compile(
    r"(?<![^\W\d_])(" + _MONTH_WORD + r")\s+(\d{1,2})(?:st|nd|rd|th|\.)?,?\s+(\d{4})(?!\d)",
    re.IGNORECASE)
DATE_CJK = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
# Page languages that write numeric dates month first (01/11/2023 = January 11); every other
# language, and a dotted date anywhere, is day first.
# A clock time with a US zone after a numeric date ("10.06.08, 6:20 PM ET"): the date is written
# month first, also with dots.
US_CLOCK_ZONE = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*"
                           r"(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT)\b", re.IGNORECASE)
# The same anywhere on a page (no date next to it): only a colon time and an upper-case zone
# ("5:32 PM EST"), so that "9:30 et 11:00" (French "and"), "0.50 ct" (carats) and "12.50 MT"
# (tonnes) tell nothing.
US_CLOCK_ZONE_ANYWHERE = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*"
                                    r"(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT)\b")
MONTH_FIRST_LANGS = frozenset({"en", "en-US", "en-PH", "en-CA", "en-BZ", "en-FM", "en-MH"})
# Country domains whose pages write numeric dates month first (a page that declares no language,
# or only "en", is read by its domain; generic domains such as .com tell nothing).
MONTH_FIRST_TLDS = frozenset({"us", "ph", "fm", "mh", "pw", "as", "gu", "vi", "mp"})
# A date this far from the URL's date contradicts it: one of the two describes something else.
URL_DATE_TOLERANCE_DAYS = 31
DATE_IN_URL_SLASHED = re.compile(r"/(20\d{2}|19\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)")
# Site chrome: a date printed in one of these (and not in the article, main or a heading's
# header) is the visit day or the site's, never the article's.
SITE_CHROME_TAGS = frozenset({"nav"})
SITE_CHROME_ATTR = re.compile(r"masthead|top-?bar|top-?nav|navbar|site-?header|global-?header|"
                              r"header-?(?:top|bar|date)|(?<![\w-])header(?![\w-])|banner|toolbar|"
                              r"ticker|weather|copyright|footer", re.IGNORECASE)

# Where a byline's names end and the date, time or reading time printed after them on the same
# line begins ("By T.C. Sottek Nov 29, 2016", "Saibal Dasgupta / TNN / Updated: Oct 9", "Greg
# Iacurci@GregIacurci", "By Zach Hanlon 5 minute read"); the separators and a connecting word
# ("on", "am") before it go too. A bare year is not enough ("Seit 2019 bei der taz").
_BYLINE_MONTHS = "|".join(sorted({re.escape(n) for names in MONTH_NAMES.values() for n in names
                                  if n.isascii() or n.isalpha()}, key=len, reverse=True))
BYLINE_TAIL = re.compile(
    r"\s*(?:[\u00b7|\u2022,/\u2013\u2014-]\s*)*(?:\b(?:on|am|at|le|el|il|em|den|the)\s+)?"
    r"(?:(?<![^\W\d_])(?:" + _BYLINE_MONTHS + r")\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}(?:\.|st|nd|rd|th)?\s+(?:" + _BYLINE_MONTHS + r")\b"
    r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}[-/.\u5e74]\d{1,2}|\b\d{1,2}:\d{2}\b"
    r"|\b\d+\s*min(?:ute)?s?\.?\s+read\b"
    r"|\b(?:updated|published|posted|aktualisiert|ver\u00f6ffentlicht|publi\u00e9|mis \u00e0 jour)\b"
    r"|[\w.+-]+@[\w-]+\.\w[\w.]*)"  # an e-mail address
    r".*$"
    r"|\s*@\w+(?![\w.@])", re.IGNORECASE)  # a social handle printed next to the name

# Zone abbreviations printed after a time ("3:23 PM EDT"), hours east of UTC, used only when the
# text prints no numeric offset itself. ZONE_ABBREVIATIONS name one offset wherever they are
# used. US_ZONE_ABBREVIATIONS are also used elsewhere for other zones (Australian pages print
# "EST" for UTC+10), so they count only in a US-style date, the month name before the day
# ("Nov 29, 2016"). Left out everywhere: CST (US Central or China), PST (US Pacific or the
# Philippines, which write US-style dates), IST, BST: the offset is dropped, never guessed.
ZONE_ABBREVIATIONS = {"AKST": -9, "AKDT": -8, "HST": -10, "CET": 1, "CEST": 2, "EET": 2,
                      "EEST": 3, "WET": 0, "WEST": 1, "MSK": 3, "JST": 9, "KST": 9, "AEST": 10,
                      "AEDT": 11, "ACST": 9.5, "AWST": 8, "NZST": 12, "NZDT": 13}
US_ZONE_ABBREVIATIONS = {"EST": -5, "EDT": -4, "CDT": -5, "MST": -7, "MDT": -6, "PDT": -7}
# a month name (MONTH_NAMES, filled in by dates.py) right before a day number, not a time
MONTH_BEFORE_DAY = r"\b(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![.:]\d)"
