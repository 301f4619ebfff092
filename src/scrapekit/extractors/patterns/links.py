"""Tables for related links (scrapekit.extractors.links): rules as data, one row per rule.

Each table says in its comment which labelled page(s) in tests/fixtures/links/ made it
necessary, so that a rule can be dropped when the set says it no longer earns its keep.
"""

from __future__ import annotations

import re

from ... import urlkeys

# -- site chrome ------------------------------------------------------------------------------
# Site chrome, by tag, role or class / id word. *Strong* chrome (navigation, header, footer,
# comments, ads, sign-up and consent boxes) disqualifies everything under it, related blocks
# included; *weak* chrome (share bars, bylines, tag lists, sidebars, media players, site-wide
# feeds) only disqualifies in-body links: a related list may sit in a sidebar (la Repubblica's
# "Leggi anche"). An element that contains the article text is never chrome ("comments-enabled",
# "withSidebar" wrappers: Times LIVE, CBC).
CHROME_TAGS = frozenset({"nav", "header", "footer", "button", "select", "noscript", "template",
                         "menu", "dialog"})
# (figure: a picture's own links are image pages and credits, not the text's: Nikkan Gendai)
WEAK_CHROME_TAGS = frozenset({"form", "aside", "figcaption", "figure"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar",
                          "dialog", "alertdialog"})
# class / id words, matched as a whole word of a class token (words split on - and _, and on
# camelCase humps: "StandardArticleBody_trustBadgeContainer" has the words "trust", "badge").
CHROME_WORDS = frozenset({
    # navigation
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "masthead", "skip",
    "pagination", "pager",
    # comments
    "comment", "comments", "disqus", "respond", "reply", "discussion",
    # ads, promos, sponsored widgets
    "ad", "ads", "advert", "adverts", "advertisement", "advertising", "adslot", "sponsor",
    "sponsored", "promo", "promoted", "promotion", "outbrain", "taboola", "plista", "partner",
    "commercial", "marketing", "affiliate", "donation", "donate",
    # newsletters, login, paywall, consent
    "newsletter", "newsletters", "subscribe", "subscription", "signup", "login", "signin",
    "paywall", "cookie", "cookies", "consent", "gdpr", "modal", "popup",
})
WEAK_CHROME_WORDS = frozenset({
    # share / social / embeds (nj.com tweet embeds; Reuters trust badge)
    "share", "sharing", "shares", "sharebar", "social", "socials", "addthis", "sharethis",
    "tweet", "instagram", "tiktok", "embed", "badge",
    # tags, topics, authors, bylines (Guardian submeta, Newsweek filed-under)
    "tag", "tags", "keywords", "topics", "submeta", "byline", "author", "authors", "bio",
    "contributor", "profile", "meta",
    # site-wide feeds (VentureBeat most read, Zeit topicbox, CBS Sports latest news), side
    # columns inside the text's wrapper (MacRumors "side_box")
    "sidebar", "side", "popular", "trending", "mostread", "latest", "topicbox", "ticker", "breaking",
    # media players (Fox News lead video)
    "video", "player", "audio", "podcast", "gallery", "slideshow", "carousel",
    # page furniture
    "toolbar", "tools", "correction", "corrections", "disclaimer", "copyright",
    # hover cards and tooltips set inside a sentence (The Hill's "rollover-people" cards)
    "tooltip", "rollover", "popover", "hovercard",
    # photo credits and captions (BuzzFeed "subbuzz__attribution", WordPress "wp-caption-text")
    "attribution", "caption", "credit", "credits",
})
# "header" / "footer" as class words only mark the site's own header / footer, not an
# article's ("article__footer" on wday.ru holds its related list).
CHROME_LAYOUT = re.compile(
    r"^(?:(?:site|page|global|main|top|bottom|app|layout|masthead)[-_]*)?(?:header|footer)"
    r"(?:[-_]*(?:wrapper|container|inner|outer|main|top|bottom))?$", re.IGNORECASE)
# camelCase / separator split of a class token into words
CLASS_WORD_SPLIT = re.compile(r"[-_\s]+|(?<=[a-z])(?=[A-Z])")

# -- related blocks ----------------------------------------------------------------------------
# Attributes whose value names a block (class, id, aria label, data-* component names, rel).
RELATED_ATTRS = ("class", "id", "aria-label", "data-component", "data-module", "data-area",
                 "data-block", "data-type", "rel")
# (attribute, substring) pairs that pre-select candidates in C, one lexbor traversal each:
# keep this list short (RELATED_CLASS decides afterwards).
RELATED_SELECTOR_PAIRS = (
    ("class", "relat"), ("class", "similar"), ("class", "recommend"), ("id", "related"),
    ("data-area", "related"), ("data-component", "recommend"),
)
RELATED_CLASS = re.compile(
    r"related|relation(?:[-_\s]|$)|read-?more|read_more|readmore|more-?on\b|see-?also|also-?read|read-?also|"
    r"further-?reading|recommend|similar|more-?stories|more-?articles|lesetipp|weiterlesen|"
    r"voir-?aussi|lire-?aussi|relacionad|correlat|verwandt",
    re.IGNORECASE,
)
# ... but not these: tag/topic lists that call themselves related, and site-wide feeds.
NOT_RELATED_CLASS = re.compile(
    r"related[-_]?(?:tags?|topics?|terms|keywords|searches|categories|videos?-?player)|"
    r"unrelated|sponsor|outbrain|taboola|plista|\bads?\b|advert|promo|"
    # site-wide feeds that share a related-ish class (Global News "articleTrending ...
    # relatedVideos")
    r"trending|popular|most-?read|mostread|most-?viewed|latest",
    re.IGNORECASE,
)
# A short heading (or a short paragraph / label) with this text introduces a related block.
# "Most read", "Latest", "Recommended for you" feeds are not about the article and are not here.
RELATED_HEADINGS = (
    r"related(?: articles?| stories| story| content| coverage| posts| links| reading| news)?",
    r"read (?:more|also|next)", r"more\s*:?\s*$", r"more on\b", r"more about\b", r"see also", r"also read",
    r"further reading", r"recommended(?: reading| stories| articles)?",
    r"more(?: \w+){0,3} stories", r"you (?:may|might) also (?:like|enjoy|be interested)",
    r"you (?:may|might) like", r"links:", r"weblinks", r"external links", r"useful links",
    r"liens utiles", r"enlaces relacionados",
    r"lire aussi", r"à lire aussi", r"a lire aussi", r"voir aussi", r"sur le même sujet",
    r"sur le même thème", r"à lire également", r"dans le même dossier",
    r"mehr zum thema", r"mehr zu[mr]? ", r"passend zum (?:artikel|thema)", r"zum selben thema",
    r"zum thema\b", r"more on this (?:story|topic)", r"explore further", r"see more on", r"lesen sie auch", r"lesen sie mehr", r"auch interessant",
    r"verwandte (?:artikel|themen)", r"weitere artikel", r"weitere beiträge",
    r"weitere informationen",
    r"leer más", r"lee también", r"te puede interesar", r"noticias relacionadas",
    r"más información", r"leia também", r"leia mais", r"veja também", r"leggi anche",
    r"articoli correlati", r"читайте также", r"по теме", r"вам также может быть интересно",
    r"материалы по теме", r"новости по теме", r"статьи по теме", r"ещё по теме", r"еще по теме",
    r"другие (?:материалы|новости|статьи) по теме",
    r"смотрите также", r"zobacz (?:też|także)", r"czytaj (?:też|także|więcej)", r"lees ook",
    r"läs också", r"les også", r"læs også", r"benzer haberler", r"ilgili haberler", r"lue myös",
    r"lees meer", r"taip pat skaitykite", r"přečtěte si (?:také|též)", r"čtěte (?:také|též)",
    r"preberite tudi", r"pročitajte (?:i|još)", r"citește și", r"vezi și", r"olvassa el",
    r"διαβάστε (?:επίσης|ακόμη)", r"читайте також", r"прочитайте також",
    r"관련(?:기사| 기사)", r"이 기사와 관련된", r"関連記事", r"相关(?:新闻|阅读)",
)
RELATED_HEADING = re.compile(r"^\W*(?:" + "|".join(RELATED_HEADINGS) + ")", re.IGNORECASE)
# the literal start of every heading (up to three characters), lower-cased: a cheap test
# before the regex
RELATED_HEADING_PREFIXES = frozenset(re.split(r"[(\\\[?]", h, maxsplit=1)[0][:3].lower()
                                     for h in RELATED_HEADINGS)
RELATED_HEADING_MAX = 60
# A box of story cards set in the text has card parts: a picture or a headline element per story
TEASER_CARD = "img, picture, h2, h3, h4, h5, h6"
MAX_RELATED_BLOCK_LINKS = 30
MAX_HEADING_SIBLINGS = 12
LINK_DOMINANT_SHARE = 0.4

# -- text -----------------------------------------------------------------------------------
# A text block (the anchor's nearest p / li / ...) matching this is boilerplate: its links are
# contact, follow-us, app or newsletter links (NYT letters note, nj.com and Space.com bylines).
LINK_BOILERPLATE = re.compile(
    r"\bfollow (?:us|him|her|them|@\w+|the [\w ]{1,40}|[\w.’'-]+(?: [\w.’'-]+){0,4}) "
    r"(?:on|at)\b|\b(?:may|can) be reached at\b|\bwrite to [\w .’'-]{1,60}\bat\b|"
    r"\b(?:download|get) (?:the|our) [\w ]{0,30}\bapp\b|\bsign up (?:for|to|here)\b|"
    # podcast / radio subscription lines (Telegraph "How to listen", BBC "listen live",
    # WELT "Abonnieren Sie den Podcast unter Spotify, Apple Podcast, ...")
    r"\bhow to listen\b|\b(?:listen|itunes|subscribe)\s*:\s*\S|\blisten (?:live|back|again)\b|\babonnieren sie\b|\babonnez-vous\b|"
    r"\b(?:spotify|apple podcasts?|deezer|amazon music|google podcasts)\b.{0,60}"
    r"\b(?:spotify|apple podcasts?|deezer|amazon music|google podcasts|rss)\b|"
    r"\bsubscribe to (?:our|the)\b|\bnewsletters?\b.{0,80}\b(?:sign up|subscribe|anmeld\w*|"
    r"abonn\w*|inscri\w*|suscri\w*|iscri\w*)|\b(?:sign up|anmeld\w*|inscri\w*)\b.{0,60}\bnewsletters?\b|"
    r"\bis committed to publishing\b|\bwe(?:'d| would) like to hear\b|"
    r"\bhere'?s our email\b|\bletters@|\bour standards:|\btrust principles\b|"
    r"\bis the author of\b|\bcontact the author\b|\bmore articles from\b|"
    r"\babone\w*|\bprivacy policy\b.{0,80}\bterms\b|\bterms of (?:service|use)\b.{0,80}\bprivacy\b",
    re.IGNORECASE,
)
BOILERPLATE_TEXT_MAX = 400
# Text set in div / td / section rather than p (MSNBC's <br>-separated text, Refinery29's
# "section-text" divs): when fewer than TEXT_BOX_WHEN of the body paragraphs are found in text
# blocks, an element of these tags whose text is a body paragraph (the same key, a length within
# TEXT_BOX_SLACK of it) counts as one; of nested ones (TEXT_BOX_DEPTH levels) the innermost.
TEXT_BOX_TAGS = "div, td, section"
TEXT_BOX_WHEN = 0.5
TEXT_BOX_SLACK = 0.1
TEXT_BOX_DEPTH = 3
# ... unless the container they give holds this many times the body's text (a page-wide wrapper)
TEXT_BOX_SPREAD = 3.0
# An article text set in several chunks between ads (The New Yorker's body__inner-container
# repeated): elements of the container's own tag and classes holding two paragraphs or more
# are more of the text, up to this many.
MAX_TEXT_CHUNKS = 12
CHUNK_PARAGRAPHS = "p"
# Anchor text starting like this is an ad / advertiser content (Evening Standard, Dagbladet).
SPONSORED_TEXT = re.compile(
    r"^\W*(?:sponsored|advertisement|anzeige|werbung|annonsørinnhold|annonse|promoted|"
    r"paid (?:content|post)|partner content|publicidad|publicité|pubblicità|реклама)",
    re.IGNORECASE,
)

# -- URLs -----------------------------------------------------------------------------------
SKIP_SCHEMES = frozenset({"javascript", "mailto", "tel", "sms", "data", "about", "file", "ftp",
                          "whatsapp", "fb-messenger", "viber", "skype", "intent", "market"})
FILE_EXTENSIONS = re.compile(
    r"\.(?:pdf|jpe?g|png|gif|webp|svg|avif|bmp|ico|tiff?|mp[34]|m4a|wav|ogg|webm|mov|avi|zip|gz|"
    r"rar|7z|docx?|xlsx?|pptx?|odt|ods|csv|exe|dmg|apk|rss|json|epub|mobi)$|"
    # an .xml file is a feed or sitemap when named so (rss.xml, feed.xml, sitemap-news.xml) or
    # when its name is one short word; journals serve article pages as long-named .xml
    # (/view/journals/hydr/19/4/jhm-d-17-0158_1.xml)
    r"/(?:[^/]*(?:feed|rss|atom|sitemap|podcast)[^/]*|[a-z]{1,12})\.xml$",
    re.IGNORECASE,
)
# Index pages (tag, topic, category, author, section, search, account pages): a path segment
# with one of these names followed by at most three more segments and no file name
# (Spiegel /thema/usa/, CBS Sports /nfl/players/playerpage/<id>/<name>, Reuters quote pages;
# destatis.de /DE/Themen/<5 segments>.html is a content page and stays).
INDEX_PATHS = re.compile(
    r"/(?:tags?|tagg|topics?|thema|themen|tema|temas|themes?|sujets?|argomenti|schlagworte?|"
    r"stichworte?|emne|ämne|aihe|onderwerp|artists?|impressum|emails|persone|luoghi|orte|"
    r"category|categories|categoria|kategorie|rubri[ck]|section|sections|ressort|"
    r"author|authors|autor|autoren|auteur|autori|autores|av|by|people|person|personalities|"
    r"profile|profiles|contributor|contributors|journalists?|writers|staff|team|korrespondenten|"
    r"signataires|players?|playerpage|teams?|quotes?|index|archives?(?!/(?!(?:19|20)\d\d/?$)\d+/?$)|"
    r"search|suche|"
    r"login|signin|sign-in|signup|register|subscribe|subscription|newsletters?|account|"
    r"my-account|user|users|feed|rss|region|hashtag|series|auth)"
    r"(?:/(?![^/]*\.(?:s?html?|php\d?|aspx?|jsp|cfm)$)[^/]+){0,3}/?$|"
    # ... and topic / person / place pages named by a single page, up to two folders below
    # (ZDF /thema/iran-222.html, il Giornale /persone/vladimir-putin-131585.html, Al Jazeera
    # /topics/country/united-states.html)
    r"/(?:tags?|topics?|thema|themen|temas?|themes?|sujets?|argomenti|schlagworte?|stichworte?|"
    r"emne|persone|luoghi|orte|autor|autoren|authors?)/(?:[^/]+/){0,2}[^/]+\.s?html?$|"
    # ... and date archives: a path that ends in a date (/hemeroteca/2024-10-15/, /2019/11/13/)
    r"/(?:19|20)\d\d(?:[-/]\d\d?){1,2}/?$",
    re.IGNORECASE,
)
# Sign-up, subscription and login pages named by a path segment's first word
# (/suscripciones/premium/upgrade/, /abonelik-talep-formu/1001, /anmelden/?redirect_to=...,
# /service/newsletter-<name>-1.5249977): never content. Words that also open article slugs
# (register-to-vote-..., subscription-fatigue-..., login-outage-..., inscription-sur-les-listes-...)
# count only alone or with one short suffix (/abo/, /abonnement-premium/, /login_2/).
SIGNUP_PATHS = re.compile(
    r"/(?:(?:newsletters?|subscribe|suscrip\w*|abonelik|anmelden|einloggen|signin|sign-in|signup|"
    r"sign-up|registrierung|iscriviti|my-?account)(?:[-_,.][^/]*)?"
    r"|(?:subscriptions?|abonnements?|abo|anmeldung|login|register|inscription)"
    r"(?:[-_,.][^-_/]*)?)(?:/|$)",
    re.IGNORECASE)
# A host name as a path segment (/entry/mobile.nytimes.com/2016/...): a link written without
# its scheme, resolved under the page; not a page. Two labels at least before the ending, or
# www. (a one-label name such as asp.net or amazon.com is a topic folder). A full URL inside the
# path (web archives, affiliate redirects: "/https://...") is left alone.
HOST_SEGMENT = re.compile(
    r"/(?:www\d?\.[a-z0-9-]+|[a-z0-9-]+(?:\.[a-z0-9-]+)+)\.(?:com|org|net|gov|edu|info|io|de|fr|it|"
    r"es|ru|jp|cn|uk|nl|ch|at|be|se|no|dk|pl|cz|ca|au|in|br)/", re.IGNORECASE)
EMBEDDED_URL = re.compile(r"https?:/", re.IGNORECASE)
# A page number after the article's own path (/articles/view/367061/2): its next page.
PAGE_NUMBER = re.compile(r"^\d{1,2}$")
# Pagination and comment links: /page/2, ?page=2 alone is kept (entermedia's article URLs).
PAGINATION = re.compile(r"/page/\d+/?$|/comments?/?$", re.IGNORECASE)
# Share / "save" endpoints, matched against host + path (no scheme), anchored at the host so a
# miss fails fast.
SHARE_URLS = re.compile(
    r"^(?:[\w-]+\.)*(?:facebook\.com/(?:sharer|share|dialog)|twitter\.com/(?:intent|share|home)|"
    r"x\.com/intent|linkedin\.com/(?:share|cws/share)|pinterest\.[a-z.]+/pin/(?:create|find)|"
    r"reddit\.com/submit|wa\.me/|api\.whatsapp\.com/send|t\.me/share|telegram\.me/share|"
    r"vk\.com/share|getpocket\.com/save|news\.ycombinator\.com/submitlink|addtoany\.com|"
    r"sharethis\.com|flipboard\.com/bookmarklet|share\.flipboard\.com|mix\.com/add|"
    r"tumblr\.com/(?:share|widgets)|xing\.com/spi/shares|syndication\.)",
    re.IGNORECASE,
)
# Ad servers, widgets and app-install links (Heise doubleclick text ads, Fox onelink).
AD_HOSTS = frozenset({
    "doubleclick.net", "googleadservices.com", "googlesyndication.com", "outbrain.com",
    "taboola.com", "plista.com", "adform.net", "criteo.com", "onelink.me", "app.link", "adj.st",
    "smart.link", "disqus.com", "readspeaker.com", "signal.me",
    # content-recommendation ad networks (their "what is this" / report links sit in the page)
    "revcontent.com", "mgid.com", "zergnet.com", "content.ad", "adblade.com",
    # app-install trackers (Le Figaro's "follow the news in our app")
    "adjust.com",
})
# Same-site "hub" pages: a path of at most two slug segments without digits, file name or
# query is a section or topic front (Guardian /world/hong-kong, CBS Sports /nfl, Billboard
# /music/<artist>), not an article.
HUB_MAX_SEGMENTS = 2
HUB_MAX_SLUG_WORDS = 2
INDEX_FILE = re.compile(r"^(?:index|default|home|start)\.(?:s?html?|php|aspx?)$", re.IGNORECASE)
HUB_SEGMENT = re.compile(r"^[^\W\d_]+(?:[-_][^\W\d_]+)*$")
# Social networks: a related block never points there (The Intercept's "Join the conversation").
SOCIAL_HOSTS = frozenset({
    "twitter.com", "x.com", "facebook.com", "instagram.com", "linkedin.com", "youtube.com",
    "tiktok.com", "pinterest.com", "t.me", "threads.net", "bsky.app", "mastodon.social",
})
# Two-level public suffixes: the site of news.bbc.co.uk is bbc.co.uk.
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"})
TRACKING_PARAMS = urlkeys.TRACKING_PARAMS  # shared with the pipeline's duplicate check
MAX_LINK_TEXT = 300

# -- issue 16: rules that hold on unseen sites ------------------------------------------------
# Widget links are never content links: rating stars (?rate=5), vote / print / share / reply
# endpoints, and Google's "add as a preferred source" button (Global News). Query keys, matched
# whole; host + path prefixes; anchor texts.
WIDGET_PARAMS = frozenset({"rate", "rating", "vote", "print", "printable", "replytocom"})
# Index pages named by a query key on the page's own site (a script's tag / category / author
# listing: noticias.php?cat=19, ?tag=arrombamento, WordPress ?author=2; a shop's affiliate
# ?tag= on another site is no index)
INDEX_PARAMS = frozenset({"tag", "tags", "cat", "category", "categoria", "kategorie", "topic",
                          "author", "autor"})
# An entity page linked by its name: a same-site path without any digit whose last segment is
# the anchor text itself, of at most this many words (/music/the-doobie-brothers for "The Doobie
# Brothers", /wydarzenia/swiat/polityka for "Polityka"); articles carry an id, a date or a longer
# slug than their link text.
NAMED_INDEX_MAX_WORDS = 3
NAMED_INDEX_FILE = re.compile(r"\.(?:s?html?|php\d?|aspx?)$", re.IGNORECASE)
SLUG_SPLIT = re.compile(r"[\W_]+")
WIDGET_URLS = re.compile(
    r"^(?:[\w-]+\.)*google\.[a-z.]+/preferences/source|/(?:print|share|rate|vote|email)(?:/|$)",
    re.IGNORECASE)
WIDGET_TEXT = re.compile(
    r"\bpreferred source\b|\bbevorzugte quelle\b|^\W*(?:datenschutz\w*|privacy settings|"
    r"cookie settings|cookie preferences)\W*(?:anpassen|ändern)?\W*$|^\W*(?:print|drucken|imprimer|share|teilen|"
    r"partager|rate|bewerten|comment|kommentieren|commenter|reply|antworten)\b",
    re.IGNORECASE)
# A related block headed like this is a site-wide feed, the same on every page of the site
# (VOA "More US Stories", Aftonbladet "MEST LÄST", EL PAÍS "Lo más visto", Daily Maverick
# "Top Reads"): most read / popular / latest / trending / top stories, in several languages.
SITE_WIDE_HEADING = re.compile(
    r"^\W*(?:most (?:read|popular|viewed|shared|commented|watched)|popular|trending|latest|"
    r"top (?:stories|reads|news|videos)|recent|just in|breaking|editor'?s picks|"
    r"next up\b|up next\b|meistgelesen|meistgesehen|am meisten|beliebt|neueste|aktuell|"
    r"schlagzeilen|mest (?:läst|lest|læst|sett)|senaste|siste nytt|lo más (?:visto|leído)|"
    r"últimas|les plus (?:lus|partagés)|à la une|dernières|più (?:letti|visti)|ultime|"
    r"самое (?:читаемое|популярное)|популярное|последние|en çok|son dakika|많이 본|인기|"
    # "this might interest you too": a recommendation feed, not the story's own links
    r"das könnte (?:sie|dich) auch interessieren|"
    # personalised and editors' recommendation feeds (Mashable "Recommended For You", Le Figaro
    # "La rédaction vous conseille", SI "SI Recommends")
    r"recommended for you|(?:[\w.]+ )?recommends\b|(?:für (?:sie|dich) )?empfohlen\b|"
    r"die redaktion empfiehlt|la rédaction vous (?:conseille|recommande)|raccomandati per te|"
    r"recomendado para (?:ti|usted)|sélectionné pour vous)",
    re.IGNORECASE)
# A related block whose items share no word with the article is not about it (VOA's "Related"
# box of the day's top stories): at least this share of its items must share a content word
# (RELATED_STEM letters of a word of RELATED_WORD_MIN letters or more) with the article text.
RELATED_TOPICAL_SHARE = 0.34
# Common long function words (their stems) that say nothing about a subject.
STOP_WORDS = frozenset(w[:5] for w in """
about above after again against along among around because before being below between
could during every first other their there these those through under until where which
while would years people should might still another world today three against report
über unter durch gegen nicht einen einer eines diese dieser dieses wurde werden worden
haben hatte sollen schon sowie zwischen während jahre heute immer
entre sobre desde hasta porque donde cuando estos estas tiene según durante después
avant après depuis entre contre leurs cette elles aussi encore toujours selon
della delle degli sono questo questa anche dopo prima
""".split())
RELATED_WORD_MIN = 5
RELATED_STEM = 5
# runs of kanji / hanzi and katakana: their adjacent pairs stand for words (no spaces to split on)
CJK_CHARS = "\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK_CHARS}]")  # a cheap test first (one character, no run)
CJK_RUN = re.compile(f"[{CJK_CHARS}]{{2,}}")

# -- link blocks (features of the learned block model, extractors/links_blocks.py) ------------
# class / id words of a generic feed or teaser strip (a block of story cards, whatever it lists)
FEED_CLASS = re.compile(
    r"feed|teaser|widget|stream|river|grid|cards?\b|tiles?\b|list|module|recirc|rail|collection|"
    r"promo|more|next|explore|suggest",
    re.IGNORECASE)
# class / id words of a sidebar column
SIDEBAR_CLASS = re.compile(r"sidebar|side-?bar|aside|\brail|right-?col|col-?right|sidecol|"
                           r"secondary|complementary", re.IGNORECASE)
# a date or time printed on an item: 12.03.2024, 2024-03-12, March 12, 12 mars, 3 hours ago
ITEM_DATE = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b(?:19|20)\d\d[./-]\d{1,2}[./-]\d{1,2}\b|"
    r"\b\d{1,2}:\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|"
    r"mai|juin|juil|août|sept|déc|ene|abr|ago|dic|gen|mag|giu|lug|set|ott|okt|dez|märz|mär)"
    r"[a-zéû]*\.?\s+\d{1,2}\b|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
    r"dec|janv|févr|mars|avr|mai|juin|juil|août|sept|déc|ene|abr|ago|dic|gen|mag|giu|lug|set|"
    r"ott|okt|dez|märz|mär)|\b\d+\s*(?:min|minutes?|hours?|hrs?|days?|stunden?|tagen?|heures?|"
    r"jours?|horas?|días?)\s+(?:ago|her)\b|\bvor\s+\d+\s*(?:min|minuten|stunden?|tagen?)\b|"
    r"\bil y a\s+\d+|\bhace\s+\d+|\d+年\d+月\d+日",
    re.IGNORECASE)
