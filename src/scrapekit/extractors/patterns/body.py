"""Tables for the article body."""

from __future__ import annotations

import re

from .links import CHROME_WORDS as _LINK_CHROME_WORDS

# -- body -------------------------------------------------------------------------------------
# A body paragraph matching one of these is boilerplate, not article text. These rules are
# anchored at the start of the line (body.py matches them, combined, against the lower-cased
# line); the BODY_DROP_SHORT_LINES below may match anywhere but only in short lines.
BODY_DROP_LINES = tuple(re.compile(p, re.IGNORECASE) for p in (
    # "Related: ...", "Read more: ...", "SEE MORE: ...": links to other stories
    r"^(?:related(?: article| story| stories| content| coverage| reading)?|read (?:more|also|next)|"
    r"see (?:also|more)|also read|more on this(?: story)?|more from [\w .]{1,40}|recommended|"
    r"watch|listen|lire aussi|à lire aussi|lesen sie auch|mehr zum thema|leer más|lee también|"
    r"leia também|leia mais|veja também|leggi anche|читайте также)\s*[:\-\u2013\u2014>»|]",
    r"^also on [\w.-]+\.\w{2,}\b",
    # a whole line that is a section label or a prompt
    r"^(?:share|share this(?: article| story| post)?|tweet|email|print|copy link|advertisement|"
    r"sponsored|don'?t miss|explore further|you may also like|trending(?: now)?|"
    r"most (?:read|popular|viewed|shared)(?: [\w ]{1,30})?|popular on [\w .]{1,30}|"
    r"related (?:articles|stories|coverage|content|posts|links)|more stories|more news|"
    r"thanks? (?:you )?for (?:signing up|subscribing|reading)|sorry|thank you|tags?|"
    r"comments?|\d+ comments?|leave a (?:comment|reply)|tell us what you think|"
    r"anzeige|werbung|publicidad|publicité|pubblicità|реклама)\W{0,5}$",
    r"^(?:sign up|subscribe)\b.{0,120}$",
    r"^[\w'’ .&-]{0,40}\bnewsletters?\W{0,3}$",  # a newsletter's name as a sign-up box title
    r"^(?:additional )?(?:reporting|writing|editing) by\b.{0,300}$",
    r"^(?:copyright|©|\(c\))\s*(?:©\s*)?\d{4}\b.{0,200}$",
    r"^(?:there was an error|an error has occurred)\b.{0,80}$",
    # paywall and registration notices
    r"^(?:to (?:read|continue reading|access|view) (?:this|the (?:full|rest|whole))|"
    r"(?:please )?(?:(?:create|open) an account (?:or|and) )?(?:subscribe|register|sign in|"
    r"log ?in) (?:now )?to (?:read|continue|access|view)|"
    r"already (?:a subscriber|have an account)|you have reached your (?:free )?(?:article|story) "
    r"limit|this (?:article|story|content) is (?:only )?(?:available|reserved|exclusive) "
    r"(?:to|for) (?:subscribers|members|premium))\b.{0,300}$",
    r"^copyright\b.{0,300}\ball rights reserved\b.{0,300}$",
    # pagination: page numbers and next/previous links only
    r"^(?:(?:page|seite|página|pagina)\s+\d+(?:\s+(?:of|von|de|di)\s+\d+)?|\d{1,3}|next|previous|"
    r"prev|first|last|older|newer|more|[»«›‹|•…]|\.{3})(?:[\s|,:]+(?:(?:page|seite|página|"
    r"pagina)\s+\d+(?:\s+(?:of|von|de|di)\s+\d+)?|\d{1,3}|next|previous|prev|first|last|older|"
    r"newer|more|posts?|entries|page|[»«›‹|•…]|\.{3}))*\W{0,3}$",
    # licence, donation and membership boxes
    r"^(?:this (?:work|article|story|post|content) is licensed under|licensed under (?:a |the )?"
    r"creative commons|(?:please )?(?:support|donate to|contribute to) (?:us|our|independent)\b|"
    r"become a (?:member|patron|supporter|subscriber)\b|(?:make a )?donat(?:e|ion)\b).{0,200}$",
    # site footer lines
    r"^.{0,60}\bis not responsible for the content of (?:external|third[- ]party|linked)\b.{0,200}$",
    r"^(?:(?:this )?(?:site|website|page) (?:designed|developed|powered|hosted|built)"
    r"(?: and (?:maintained|hosted))?|powered) by\b.{0,100}$",
    r"^(?:sponsored links|(?:get |create your own |subscribe to )?rss(?: feeds?)?|"
    r"back to top|top of page|(?:text|font) size:?)\W{0,3}$",
    # poll widgets
    r"^(?:view (?:poll )?results|vote now|total votes|\d+ votes?|poll)\b.{0,40}$",
    # notices at a line's start (see BODY_NOTICE_LINE): "printed from" lines, trackback
    # lists, disclaimers, links to the blog's other posts
    r"^this (?:article|story|page|item) (?:was|is) (?:printed|e-?mailed|sent) from\b.{0,600}$",
    r"^listed below are links to (?:weblogs|blogs|sites|posts) that reference\b.{0,600}$",
    r"^(?:the )?(?:views|opinions) expressed (?:here|in this|on this|herein)\b.{0,600}$",
    r"^(?:previous|next|older|newer) (?:post|article|story|entry)\s*:.{0,600}$",
    # photo credits
    r"^\(?(?:photo|image|picture|foto|bild)s?\s*(?:credit|by)?\s*[:©].{0,80}$",
    r"^(?:credit|source|getty images|reuters|ap photo)\s*[:/].{0,80}$",
))
# Checked only on lines of at most BODY_SHORT_LINE characters (~40 words), so that article prose
# that merely mentions a newsletter or Twitter survives: share prompts, subscriptions,
# newsletters, follow-us and contact lines, credits.
BODY_SHORT_LINE = 260
BODY_DROP_SHORT_LINES = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\bshare (?:it|this(?: story| article| post)?) with\b",
    r"\b(?:sign(?:ing)? up|subscrib\w*|inbox)\b.*\bnewsletters?\b",
    r"\bnewsletters?\b.*\b(?:sign(?:ing)? up|subscrib\w*|inbox)\b",
    r"\b(?:click|tap)(?:ing)? here\b",
    r"\bfollow (?:us|him|her|them|@\w+|[\w.’'-]+(?: [\w.’'-]+){0,5}) on "
    r"(?:twitter|facebook|instagram|linkedin|youtube|tiktok)\b",
    r"^(?:write to|e-?mail|contact|reach) [\w .’'-]{1,60}\b(?:at|:) ?\S+@\S+",
    r"\bmay be reached at \S+@\S+",
    r"\b(?:delivered to|in|into|on|to|hit) your inbox\b",
    r"\bcontributed to this (?:report|article|story)\.?$",
    r"\ball rights reserved\b",
))
# A site footer's copyright notice anywhere in a line of at most BODY_COPYRIGHT_MAX_WORDS words
# ("Home | Archives ... (c) 2008 Example.org, All Rights Reserved", "All content © Copyright
# 2003-2007 ..."): a sign or the word, then a year (searched in the lower-cased line).
BODY_COPYRIGHT_LINE = re.compile(r"(?:copyright|©|\(c\))\s*(?:©\s*)?(?:19|20)\d\d\b")
BODY_COPYRIGHT_MAX_WORDS = 60
BODY_COPYRIGHT_HEAD_WORDS = 3  # words before the notice in its line or segment, at most
BODY_COPYRIGHT_TAIL_WORDS = 5  # or words after the notice's year, at most
BODY_COPYRIGHT_SEGMENT_MARKS = ("|", "•", "·", ". ", " - ")  # a footer line's segments
# The site's footer under the article (body.site_footer): a copyright notice (as above) after the
# body's last long prose paragraph (BODY_FOOTER_PROSE_WORDS+ words ending a sentence,
# BODY_FOOTER_PROSE_END, CJK full stops too) opens it; the kept lines after the notice, and the
# lines right before it that end no sentence (menus, contact and address lines, "Corporate
# links:"), are the footer.
BODY_FOOTER_PROSE_WORDS = 20
# ... but a picture's credit is no footer ("Photo: © 2024 Example Agency" under a last image,
# with a list after it): a credit word before the notice's sign in its line
BODY_FOOTER_CREDIT = re.compile(
    r"\b(?:photos?|fotos?|images?|imagen|bild(?:er)?|pictures?|credits?|crédits?|illustrations?"
    r"|graphics?|video)\b[^©]*(?:©|\(c\)|copyright)")
BODY_FOOTER_PROSE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*$")
# Notices a site prints with its articles, searched anywhere in a line of at most
# BODY_NOTICE_MAX_WORDS words: affiliate disclosures, delayed-quotes notes, new-visitor
# welcomes, reprint bans (a wire service's "may not be published, broadcast, rewritten or
# redistributed"), blog software's lines (trackbacks, "You can follow any responses to this
# entry", comment forms, "Tags:" lines); the ones anchored at the line's start are in
# BODY_DROP_LINES. Each needs one of BODY_NOTICE_KEYWORDS (a cheap test first).
BODY_NOTICE_LINE = re.compile(
    r"\b(?:we|i|us)(?: \w+)? (?:may|might|will|could) (?:earn|get|receive|collect|make) "
    r"(?:a |an )?(?:small )?(?:affiliate )?commissions?\b|"
    r"\b(?:may|might|will|could) (?:earn|get|receive|collect|make) (?:a |an )?(?:small )?"
    r"(?:share|portion) of (?:the |any )?(?:sales?|revenue|purchases?)\b|"
    r"\b(?:post|article|page|site|story|video) (?:contains?|uses?|includes?|may contain) "
    r"(?:our |these |some )?affiliate links?\b|"
    r"\bmay contain (?:affiliate )?links to\b|"
    r"\bquotes (?:are )?delayed (?:by )?(?:at least )?\d+ minutes\b|"
    r"\bif (?:this is your first time (?:visiting|here)(?:\W*$|[,.!]\s*(?:please|welcome|"
    r"check|subscribe|you))|you'?re new here,? (?:you|please|welcome|subscribe|sign|consider|"
    r"why))\b|"
    r"\bmay not be (?:re)?(?:published|broadcast|rewritten|redistributed|reproduced),? "
    r"(?:or |and )?(?:re)?(?:published|broadcast|rewritten|redistributed|reproduced)\b|"
    r"\b(?:reproduction|redistribution|republication|reprinting)\b[^.]{0,80}\bwithout "
    r"(?:\w+ ){0,4}(?:permission|consent|authori[sz]ation)\b[^.]{0,40}\b(?:is |are )?"
    r"(?:strictly )?(?:prohibited|forbidden|not permitted)\b|"
    r"^(?:any )?(?:reproduction|redistribution|republication|reprinting)(?: (?:or|and) \w+)? "
    r"(?:is |are )?(?:strictly )?(?:prohibited|forbidden|not permitted)\W*$|"
    r"\bunauthori[sz]ed (?:reproduction|redistribution|republication|reprinting)\b[^.]{0,60}"
    r"\b(?:prohibited|forbidden|not permitted)\b|"
    r"\byou can follow any responses to this entry\b|"
    r"\byou can (?:leave a response|skip to the end and leave a response)\b|"
    r"\bboth comments and pings are (?:currently )?closed\b|\(will not be published\)|"
    r"(?:^|[|•]\s*)(?:tags|tagged(?: with)?|filed under|categories|posted in)\s*:")
BODY_NOTICE_KEYWORDS = ("commission", "share of", "portion of", "affiliate", "links to",
                        "delayed", "first time", "new here", "may not be", "prohibited",
                        "forbidden", "not permitted", "response", "pings",
                        "will not be published", "tags", "tagged", "filed under",
                        "categories", "posted in")
BODY_NOTICE_MAX_WORDS = 80
# Every rule above needs one of these (lower-case) substrings: a cheap test before the regexes.
BODY_SHORT_LINE_KEYWORDS = ("share", "newsletter", "here", "follow", "@", "contributed",
                            "rights reserved", "inbox")

# A line this short that is only a date/time (with words like "Updated", "Published") is a
# dateline, not text. BODY_DATE_WORDS are removed; if no more than BODY_DATE_LINE_LEFTOVER
# words remain and the line had a date or a time, it is dropped.
BODY_DATE_LINE_MAX = 90
BODY_DATE_LINE_LEFTOVER = 1
BODY_DATE_LINE = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
    r"\b\d{1,2}\.? (?:de )?(?:jan|feb|fév|mär|mar|apr|avr|may|mai|maj|jun|juin|jul|juil|aug|aoû|"
    r"sep|oct|okt|nov|dec|dez|déc|ene|abr|ago|dic|gen|giu|lug|set|ott|janeiro|fevereiro|março|"
    r"maio|junho|julho|agosto|setembro|outubro|novembro|dezembro)[a-zçéû]*\.?\b",
    re.IGNORECASE)
BODY_DATE_WORDS = re.compile(
    r"\b(?:updated?|published|posted|modified|last|on|at|am|pm|a\.m|p\.m|et|est|edt|gmt|utc|"
    r"bst|cet|cest|pst|pdt|ist|hours?|minutes?|days?|ago|de|às|um|le|à|el|il|alle|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"segunda|terça|quarta|quinta|sexta|sábado|domingo|feira|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"\w*(?:janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|"
    r"dezembro)|\d+\w{0,2})\b", re.IGNORECASE)

# A block with at least this share of its characters inside links is a link (related stories,
# "READ MORE" headlines, tag lists), not article text.
BODY_LINK_BLOCK_RATIO = 0.9
BODY_LINK_BLOCK_MIN_WORDS = 5  # shorter link lines are names (products, places), kept
BODY_LINK_BLOCK_MAX_CHARS = 300  # a link longer than this is rare; a paragraph is not checked
BODY_URL_LINE = re.compile(r"^(?:- )?(?:https?://|www\.)\S+$", re.IGNORECASE)
# Link share of a block (body_dom.link_shares): a link's text counts for its nearest
# BODY_LINK_SHARE_LEVELS ancestors among these tags; blocks of at most BODY_LINK_SHARE_MAX_WORDS
# words are looked up (a longer block is prose, whatever its links).
BODY_LINK_SHARE_TAGS = frozenset({"p", "li", "dd", "dt", "tr", "td", "th", "h1", "h2", "h3", "h4",
                                  "h5", "h6", "div", "span", "blockquote", "font", "center"})
BODY_LINK_SHARE_INLINE = frozenset({"span", "font", "center"})
BODY_LINK_SHARE_LEVELS = 2
BODY_LINK_SHARE_SLACK = 40  # characters a block's text may have beyond its key (bars, dashes)
BODY_LINK_SHARE_MAX_WORDS = 30
# A block of at most BODY_LINK_DENSE_MAX_WORDS words with at least this share of link text is
# navigation or a story list, not text.
BODY_LINK_DENSE_RATIO = 0.5
BODY_LINK_DENSE_MAX_WORDS = 15
# A line of at most this many words between two dropped lines goes with them (jusText's context).
BODY_CONTEXT_MAX_WORDS = 6
# ... and up to BODY_LINK_SHARE_MAX_WORDS words with at least this share (a menu bar in one row).
BODY_LINK_MENU_RATIO = 0.8
# Reader comments under the article (body.comment_tail): from the first short line that opens a
# comment section (these rules, matched on the lower-cased line), or the second comment
# signature ("Posted by: NAME | DATE TIME"; the first may sign the post itself), the rest of the
# body is dropped, if at least BODY_COMMENTS_MIN_SHARE of the body's words come before it.
BODY_COMMENTS_MIN_SHARE = 0.3
BODY_COMMENTS_MAX_WORDS = 10
BODY_COMMENTS_START = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|reader comments|trackbacks?|discussion|"
    r"reactions?|thoughts? on .{1,80}|kommentare?|commentaires?|comentarios?|commenti)"
    r"(?:\s*\(\d+\))?(?:\s+(?:to|on|for|so far)\b.{0,80})?\W*$|"
    r"^(?:leave|post|add|write|submit|view|show|read|see) (?:a |an |your |all |the )?"
    r"(?:\d+ )?(?:comments?|reply|response|replies)\b|"
    r"^(?:join|start) the (?:discussion|conversation)\b|"
    r"^(?:comments? (?:are )?closed|no comments? yet|be the first to comment|"
    r"you must be logged in to post a comment|comments rss|what do you think\??)\W*$")
BODY_COMMENT_SIGNATURE = re.compile(
    r"^(?:posted|written|submitted|comment) by:? .{1,80}?(?:\||\bat\b|\bon\b|—|-).{0,60}"
    r"\d{1,2}:\d{2}", re.IGNORECASE)

# Last resort (body_dom.densest_paragraphs): <p> of at least BODY_DENSE_P_MIN_WORDS words,
# grouped by parent; the best group needs BODY_DENSE_MIN_WORDS words in all.
BODY_DENSE_P_MIN_WORDS = 8
BODY_DENSE_MIN_WORDS = 40

# Second opinion (body._second_opinion): a body with fewer words than this share of the page's
# words outside links, scripts and styles is checked against trafilatura's full cascade, whose
# result wins if it has more than BODY_RESCUE_RATIO times the words.
BODY_RESCUE_PAGE_SHARE = 0.15
BODY_RESCUE_RATIO = 2.0
BODY_RESCUE_MAX_WORDS = 500  # a body this long is an article: the page is not measured
# ... unless the cascade's result holds at least this share of the body's word 4-grams: then it
# is the same text with more of the page around it (an author box, a side column, other posts),
# and the body stands.
BODY_RESCUE_SUPERSET = 0.7
# ... unless the body is this short and the cascade's extra text follows its last paragraph as
# that paragraph's siblings (the article goes on after an ad break the fast extractor stopped at).
BODY_IN_PLACE_MAX_WORDS = 150
# Siblings of an article's last paragraph whose text never continues it.
BODY_IN_PLACE_SKIP = frozenset({"script", "style", "noscript", "template", "iframe"})
BODY_NOT_TEXT_SELECTOR = "script, style, noscript, template"  # (never nested in each other)
# A body of fewer words than this that is all text of these elements (a footer line, a menu) is
# no article: the page's body is null (body._page_furniture_only).
BODY_FURNITURE_MAX_WORDS = 30
BODY_FURNITURE_SELECTOR = ("footer, nav, aside, [role=contentinfo], [role=navigation], "
                           "[class*=footer], [id*=footer]")
# ... but not a wrapper around the article (<div id="footer-push-wrapper">, a theme's
# "has-sticky-footer" page class): an element holding the headline or the main content
BODY_FURNITURE_NOT_AROUND = "h1, main, article, [role=main]"
# A heading or short label line of at most this many words that introduces such link blocks
# ("DON'T MISS", "Related coverage:") is dropped with them.
BODY_INTRO_MAX_WORDS = 8

# Blocks at the top of the body that may be the headline again or the standfirst (a heading
# repeating og:description); a heading opening the body that shares this share of its words
# with the headline / og:title / <title> is the headline.
BODY_TOP_BLOCKS = 2
BODY_TITLE_OVERLAP = 0.6

# Continuation chunks (body_dom.continuation): the last extracted paragraphs (of at least 40
# characters) locate the chunk; look at it and up to BODY_CONT_LEVELS-1 ancestors; take the
# following same-class siblings' paragraphs when they hold at least BODY_CONT_MIN_WORDS words
# (a later chunk of an article holds a good part of it; a short same-class box after the text is
# a notice, a footer, a "did you like this" box or the first comments).
BODY_CONT_MATCH_LAST = 3
BODY_CONT_LEVELS = 3
BODY_CONT_MIN_WORDS = 150

# Article HTML inside scripts (Next.js flight data: self.__next_f.push([1, "<p>...</p>"])),
# used only when the DOM and JSON-LD give no body; at least this many words.
BODY_SCRIPT_PUSH = re.compile(r"^\s*self\.__next_f\.push\((\[.*\])\)\s*;?\s*$", re.DOTALL)
BODY_SCRIPT_MIN_WORDS = 20

# A menu line: at least BODY_MENU_MIN_ITEMS items between separators (bars, bullets; a table
# cell's escaped bar "\|" too) of at most BODY_MENU_MAX_AVG_WORDS words on average ("Home | News
# | Archives | Contact"): site navigation or a footer, whatever its link share says (a table
# row's text is looked up in the DOM only when short; an escaped bar never matches it).
BODY_MENU_SEPARATOR = re.compile(r"(?:\\\||\||¦|(?<!\S)(?:•|·|»|::)(?!\S))")
BODY_MENU_SEPARATOR_CHARS = ("|", "•", "·", "¦", "»", "::")  # a cheap test before the regex
BODY_MENU_MIN_ITEMS = 4
BODY_MENU_MAX_AVG_WORDS = 4

# A box of links to other pages under the article: a short line naming it (matched on the
# whole lower-cased line), once BODY_BOX_AFTER_SHARE of the body's words came before it, and
# the run of list items and short lines (at most BODY_BOX_ITEM_MAX_WORDS words) that follows
# it, up to the next heading or longer paragraph. Labels in the languages most pages are in;
# never a site's name.
BODY_BOX_LABEL = re.compile(
    r"^(?:related(?: \w+)?|(?:external|internal|useful|more|other|related|recommended) "
    r"(?:links|stories|articles|news|headlines|coverage|content|reading|posts|videos)|"
    r"more (?:from|on|in|about) .{1,40}|most (?:read|popular|viewed|shared|commented|emailed)"
    r"(?: \w+){0,3}|(?:you|we think you) (?:may|might) (?:also )?like|also on .{1,40}|"
    r"top stories|latest (?:news|stories|headlines)|trending(?: now| stories)?|"
    r"people who read this also read|related to this (?:story|article)|see also|also read|"
    r"read (?:more|also|next)|recommended(?: for you)?|popular (?:stories|articles|now|posts)|"
    r"lire aussi|à lire aussi|sur le même sujet|mehr zum thema|weitere artikel|"
    r"das könnte sie auch interessieren|noticias relacionadas|te puede interesar|leia também|"
    r"notícias relacionadas|leggi anche|articoli correlati|читайте также)\W{0,5}$")
BODY_BOX_LABEL_MAX_WORDS = 8
BODY_BOX_LABEL_MAX_CHARS = 100
BODY_BOX_AFTER_SHARE = 0.3
BODY_BOX_ITEM_MAX_WORDS = 15
BODY_BOX_ITEM_LINK_RATIO = 0.3  # a box's line is largely link text (a linked title with its
# date and section after it: "Oil prices slip - 9 May 2024, Markets" is 0.45)

# An old table layout's cell holds the page's head and the article in one row ("| Site name
# Breadcrumb Story headline Associated Press - January 10, 2008 3:23 PM ET CALGARY (AP) - Six
# people ..."): in one of the first BODY_ROW_HEAD_BLOCKS kept blocks that is a table row, the
# headline (or the <title>/og:title, or a segment of it between separators; at least
# BODY_ROW_HEAD_MIN_WORDS words) found within its first BODY_ROW_HEAD_WITHIN words, and a date
# (BODY_DATE_LINE, then a year, a time, am/pm and a time zone) at most BODY_ROW_HEAD_DATE_WORDS
# words after it (a byline or source between them), are cut with what precedes them, if
# BODY_ROW_HEAD_MIN_REST words remain.
BODY_ROW_HEAD_BLOCKS = 3
BODY_ROW_HEAD_MIN_WORDS = 4
BODY_ROW_HEAD_WITHIN = 50
BODY_ROW_HEAD_DATE_WORDS = 8
# ... the words between the title and that date name the author or the source: no lower-case
# word but these (a sentence that opens with a date's words keeps them: "The storm hit on ...")
BODY_ROW_HEAD_BYLINE_WORDS = frozenset({"by", "and", "from", "for", "of", "on", "at", "posted",
                                        "updated", "published", "von", "par", "por", "de", "di"})
BODY_ROW_HEAD_MIN_REST = 10
# ... and never a title found mid-sentence (body._mid_sentence): the text before it back to one
# of these (a sentence's or a cell's end) holds no lower-case prose word.
BODY_ROW_HEAD_SENTENCE_END = re.compile(r"[.!?|\n]")
BODY_ROW_HEAD_DATE_TAIL = re.compile(
    r"(?:[,\s]*(?:19|20)\d\d\b)?"
    r"(?:[,\s]*\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?i:[ap]\.?m\b\.?))?(?:\s*[A-Z]{2,4}\b)?)?")
BODY_ROW_HEAD_TRIM = " -|:–—,"
# ... and a long row (at least BODY_ROW_TAIL_MIN_WORDS words) holding the article and the site's
# footer is cut before the footer's copyright notice (a sign or the word and a year, or "all
# rights reserved") when at least BODY_ROW_TAIL_AFTER of its words come before it and at most
# BODY_ROW_TAIL_MAX_WORDS words from it on.
# "All rights reserved" alone counts at a line's or segment's start only (after a notice: "(c)
# The Courier. All rights reserved"), not inside a sentence ("the rights reserved to ..."); the
# original text is searched, case-insensitively (lower() can change its length: "İ").
BODY_ROW_TAIL = re.compile(BODY_COPYRIGHT_LINE.pattern
                           + r"|(?:^|(?<=[|•·\n])|(?<=\. ))\s*all rights reserved\b",
                           re.IGNORECASE)
BODY_ROW_TAIL_MIN_WORDS = 40
BODY_ROW_TAIL_AFTER = 0.5
BODY_ROW_TAIL_MAX_WORDS = 60  # words from the notice to the row's end, at most (the footer)

# A lead the fast extractor left out (body_dom.lead_paragraphs): prose right before the body's
# first paragraph in the DOM (its previous siblings, or those of its first BODY_LEAD_LEVELS
# ancestors when it has none with text): a <p>, a <div>/<blockquote> of no blocks, or a run of
# text and inline elements up to a <br> or a block ("<b>Lead.</b><p>First paragraph ..."), of at
# least BODY_LEAD_MIN_WORDS words ending a sentence, under BODY_LEAD_MAX_LINK_SHARE link text.
# Text the body already holds (BODY_LEAD_SEEN of its word 4-grams) is passed over; anything
# else, and a repeat of the page's description (a deck: the gold sets disagree on decks), ends
# the walk.
BODY_LEAD_MIN_WORDS = 15
BODY_LEAD_LEVELS = 2
BODY_LEAD_MAX_LINK_SHARE = 0.3
BODY_LEAD_SEEN = 0.5
BODY_LEAD_DECK = 0.7
BODY_LEAD_FIRST_MIN_CHARS = 40  # the body's first paragraph, to be found in the DOM
BODY_LEAD_TEXT_MIN_CHARS = 30  # ... by the text node it starts with, when it is no <p>
BODY_LEAD_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
BODY_LEAD_INLINE = frozenset({"b", "strong", "i", "em", "span", "font", "a", "u", "small", "big",
                              "sup", "sub", "abbr", "cite", "q", "mark", "time"})
BODY_LEAD_PASS = frozenset({"figure", "figcaption", "script", "style", "noscript", "ins", "iframe",
                            "img", "aside", "picture", "br", "hr"})
BODY_LEAD_BLOCKS = ("p, div, ul, ol, table, h1, h2, h3, h4, h5, h6, blockquote, section, "
                    "article")
BODY_LEAD_TOP = frozenset({"body", "html", "article", "main"})  # the walk never goes above these
# Units passed over like BODY_LEAD_PASS: an element whose class or id holds one of these words
# (links' chrome words, split the same way: CLASS_WORD_SPLIT; and caption, credit, byline, bio,
# share ones), and text that reads as a site notice (cookies, newsletter, paywall, browser).
BODY_LEAD_CHROME_WORDS = _LINK_CHROME_WORDS | frozenset({
    "caption", "credit", "credits", "attribution", "byline", "author", "bio", "share", "sharing",
    "social", "disclaimer", "notice", "alert", "banner", "toolbar", "related"})
BODY_LEAD_NOTICE = re.compile(
    r"\b(?:we use cookies|(?:use|accept) (?:of )?(?:our )?cookies|by continuing to (?:browse|use)"
    r"|sign up (?:for|to)|subscribe (?:now|today|to our)|newsletter|your inbox|your browser"
    r"|enable javascript|free articles?)\b", re.IGNORECASE)
# a line opening with a label (a caption, a pointer to another story) is no lead: the walk ends
BODY_LEAD_LABEL = re.compile(
    r"^\W*(?:read (?:more|also)|also read|related|see also|more|photos?|pictures?|pictured|images?"
    r"|caption|credit|video|watch)\s*:", re.IGNORECASE)
