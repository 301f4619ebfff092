"""In-body links: is a link that the rules of links.py found in the article text one the
article's reader follows (a source, an earlier story), or site furniture set in the text (a
topic / person / company hub, an author or contact link, a credit, a widget, an insert on
another subject)? A small learned model decides from the link's features.

The features (``INBODY_FEATURES``) are general, read off the link and its paragraph only:

- the URL's shape: same site or not, another site's home page, path depth, words of the last
  slug, an id (a run of digits), a query, a short hub-like path;
- the anchor text: its words, whether it is a short capitalised name, how much of it the URL
  slug repeats;
- the context: the paragraph's length,
  whether the paragraph is one of the body paragraphs the body extractor found (and the first
  or last), whether it sits in a list item, a table cell or a heading, how
  many links the paragraph holds; the anchor's rel (nofollow, sponsored, author, tag), whether
  it is set in bold or italics, whether the paragraph opens with it.

The model (models/links_inbody.json, trained by ``python -m benchmarks.links_train_inbody`` on
the labelled pages of batches 1-6) is a logistic regression (links_model.py), evaluated in pure
Python; features are computed only for the few candidates the rules let through, from values
read once per page (``InBodyContext``). Tried and dropped (no gain on the cross-validation,
a cost): the anchor's subject words shared with the title / lead / text, how often its href
appears elsewhere on the page, the share of the page's hrefs in the same first path segment;
the share of the paragraph's text that is link text (no gain, a cost); a caption / a quote (no candidate of the training pages sits in one: the rules take figures and
quotes for embeds).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import SplitResult

from selectolax.lexbor import LexborNode

from .links_model import LogisticModel, load
from .patterns import SOCIAL_HOSTS

MODEL_FILE = "links_inbody.json"
_SLUG_SPLIT = re.compile(r"[^\w]+|_")
_ID = re.compile(r"\d{4,}")
_DIGIT = re.compile(r"\d")
_CAPS_WORD = re.compile(r"^[A-Z\u00c0-\u00de][\w'\u2019.&-]*$")
HUB_WORDS = 2            # a last slug of at most this many words, no digits: a hub-like path
SHORT_BLOCK = 80         # characters: a one-line paragraph
NAME_WORDS = 4           # a capitalised name has at most this many words
MIN_TEXT_LINKS = 2       # a text holding fewer links: the rules decide (too little to judge)
REL_WORDS = ("nofollow", "sponsored", "ugc", "author", "tag")
_HOST_TEXT = re.compile(r"^(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}/?$", re.I)

INBODY_FEATURES = (
    "same_site",         # the link is on the article's own site
    "external_root",     # another site's home page
    "path_depth",        # path segments (capped at 6)
    "slug_words",        # log(1 + words of the last path segment)
    "has_id",            # a run of 4+ digits in the path
    "has_query",         # a query string
    "hub_shape",         # same site, 1-2 segments, last 1-2 words, no digits (a topic page)
    "anchor_words",      # log(1 + words of the anchor text)
    "anchor_name",       # 1-4 capitalised words, no digits (a person, a company, a place)
    "anchor_in_slug",    # share of the anchor's words that the URL's last segment repeats
    "block_length",      # log(1 + characters of the paragraph)
    "block_links",       # log(1 + anchors in the paragraph)
    "in_paragraph",      # the paragraph is one of the body paragraphs
    "first_paragraph",   # ... the first one
    "last_paragraph",    # ... the last one
    "short_block",       # the paragraph is a single short line
    "in_list",           # in a list item
    "in_table",          # in a table cell
    "in_heading",        # in a heading
    "rel_marked",        # rel says nofollow / sponsored / ugc / author / tag
    "social_profile",    # a profile on a social network (one path segment)
    "anchor_is_host",    # the anchor text is a domain name ("workdaymagazine.org")
    "anchor_first",      # the paragraph opens with the link (a "Read: ..." line, a credit)
    "emphasised",        # set in bold / italics
    "page_text_links",   # log(1 + anchors of the page's text): a text made of links keeps them
    "links_per_paragraph",  # log(1 + those anchors per body paragraph)
)


@dataclass
class InBodyContext:
    """Per-page values the features compare against, read once."""
    paragraph_index: dict[str, int]       # paragraph key -> index in the body paragraphs
    n_paragraphs: int
    text_links: int                       # anchors of the article text (candidates)


def _social(host: str) -> bool:
    labels = host.split(".")
    return any(".".join(labels[i:]) in SOCIAL_HOSTS for i in range(len(labels) - 1))


def _words(text: str) -> list[str]:
    return [w for w in _SLUG_SPLIT.split(text.casefold()) if w]


def link_features(a: LexborNode, parts: SplitResult, text: str, same_site: bool,
                  block: tuple[str, str, int], paragraph: int | None,
                  ctx: InBodyContext) -> list[float]:
    """The features of one in-body candidate (INBODY_FEATURES order). ``block``: the tag,
    text and anchors of the link's block (``block_facts``); ``paragraph``:
    its index among the body paragraphs (None: not one of them)."""
    block_tag, block_text, block_links = block
    path = parts.path
    segments = [s for s in path.split("/") if s]
    slug = _words(segments[-1].rsplit(".", 1)[0]) if segments else []
    digits = _DIGIT.search(path) is not None
    anchor = text.split()
    anchor_words = _words(text)
    caps = 0 < len(anchor) <= NAME_WORDS and _DIGIT.search(text) is None \
        and all(_CAPS_WORD.match(w) for w in anchor)
    in_slug = sum(w in slug for w in anchor_words) / len(anchor_words) if anchor_words and slug \
        else 0.0
    block_len = len(block_text)
    n = ctx.n_paragraphs
    rel = a.attrs.get("rel")
    social = len(segments) == 1 and not same_site and _social(parts.hostname or "")
    parent = a.parent
    return [
        float(same_site),
        float(not same_site and not segments),
        float(min(len(segments), 6)),
        math.log1p(len(slug)),
        float(digits and _ID.search(path) is not None),
        float(bool(parts.query)),
        float(same_site and 0 < len(segments) <= 2 and 0 < len(slug) <= HUB_WORDS
              and not digits),
        math.log1p(len(anchor)),
        float(caps),
        in_slug,
        math.log1p(block_len),
        math.log1p(block_links),
        float(paragraph is not None),
        float(paragraph == 0),
        float(paragraph is not None and paragraph == n - 1),
        float(block_len < SHORT_BLOCK),
        float(block_tag in ("li", "dd", "dt")),
        float(block_tag in ("td", "th")),
        float(block_tag in ("h1", "h2", "h3", "h4", "h5", "h6")),
        float(bool(rel) and any(w in rel.lower() for w in REL_WORDS)),
        float(social),
        float(len(anchor) == 1 and bool(_HOST_TEXT.match(text))),
        float(bool(anchor) and block_text.startswith(anchor[0])),
        float(parent is not None and parent.tag in ("strong", "b", "em", "i")),
        math.log1p(ctx.text_links),
        math.log1p(ctx.text_links / max(1, n)),
    ]


def block_facts(block: LexborNode | None, anchor_text: str) -> tuple[str, str, int]:
    """The link's block: its tag, collapsed text and number of anchors."""
    if block is None:
        return "", anchor_text, 1
    text = " ".join(block.text(deep=True, separator=" ").split())
    return block.tag or "", text, len(block.css("a[href]"))


def load_model() -> LogisticModel | None:
    return load(MODEL_FILE, INBODY_FEATURES)


__all__ = ["INBODY_FEATURES", "InBodyContext", "MIN_TEXT_LINKS", "MODEL_FILE", "block_facts", "link_features",
           "load_model"]
