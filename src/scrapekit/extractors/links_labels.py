"""Plain related labels: a related block's heading set in an element that neither a heading
tag, a text-block tag, a heading / title class nor bold type marks as one
(``<div class="x1">Related Articles</div>``, ``<label><i class="icon"></i>More stories like
this one</label>`` before a list of stories).

Why: the related-links step finds a block's heading among the text blocks (h1-h5, p, li, ...),
the elements classed as a heading or title, and bold labels; a site that sets its "Related"
label in a bare ``div`` or ``label`` (hashed or generic class names) gives no heading,
and its related list, named by no class either, is no candidate at all. Such a label is a
text-only div or a <label> (no link, no box around it) whose text passes the same
related-heading test (patterns.RELATED_HEADING), outside links, buttons and text blocks (a
"Read more" in an anchor is the link's own words) and outside the article text (a label set
between the paragraphs heads an inline teaser, which the text's own rules judge); its block is
then found and judged as any heading's (links._heading_blocks, the block model and its vetoes
decide). The elements come from the scan's walk for classed labels (PLAIN_LABELS joins its
selector list: lexbor's cost grows with the selectors, ~45 us a page for these two, not with
the calls, so a call of its own would add only its selector parse, ~3 us: measured in the 34th
round); only those whose text is a related heading are asked here. Pure.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from . import patterns

# text-only div elements (no child element, some text) and every <label> (rare outside forms;
# a label may hold its icon). Not span: a page holds dozens of text-only spans ("Read more" in
# its links, buttons' words), none of which headed a related list on the tuning material
# (their one hit there, a "Related:" span, headed a betting site's promo links)
PLAIN_LABELS = "div:not(:has(*)):not(:empty), label"
# a label inside one of these is a link's own words ("Read more" in an anchor) or part of a
# text block the scan judged whole (a heading, a paragraph, a list item)
NOT_UNDER = frozenset({"a", "button", "p", "li", "dd", "dt", "blockquote",
                       "h1", "h2", "h3", "h4", "h5", "h6"})
LABEL_CLIMB = 4  # enclosing elements looked at for NOT_UNDER


def plain_label(node: LexborNode) -> bool:
    """Is the element (one whose text is a related heading, not classed as a label) a plain
    label: a text-only div or a <label> holding no link, not inside a link, a button or a text
    block, no control (an expander's role / tabindex / onclick / aria-expanded ...) and not a
    call to action ("Read more", "Leer más": patterns.PLAIN_LABEL_CTA; review 26: a bare
    "Read more" expander after the text made the site's latest stories related)?"""
    if node.tag == "label":
        if node.css_first("a[href]") is not None:
            return False
    elif node.tag != "div" or next(node.iter(include_text=False), None) is not None:
        return False  # (an element found by its class only: a box with children)
    attrs = node.attributes
    if any(name in attrs for name in patterns.PLAIN_LABEL_CONTROL_ATTRS):
        return False
    if patterns.PLAIN_LABEL_CTA.match(node.text(deep=True, separator=" ")) is not None:
        return False
    up = node.parent
    for _ in range(LABEL_CLIMB):
        if up is None:
            return True
        if up.tag in NOT_UNDER:
            return False
        up = up.parent
    return True
