"""Tables for the article body."""

from __future__ import annotations

import re

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

