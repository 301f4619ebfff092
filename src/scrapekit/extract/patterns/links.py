"""Tables for related links."""

from __future__ import annotations

import re

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

