"""The article's container in a table layout (the twenty-eighth round of related links).

On pages laid out with tables (most 2008 news pages), the element holding the article's text is
a table cell, or lies inside one, and the same cell holds the site's boxes around the text: an
"editor's choice" box of section links, a month-by-month picture index, a cross-posting list.
There, as in a container much longer than the text (``links._extract``'s sprawling container),
only anchors in the body's paragraphs or set in running text are the article's; an anchor in a
line of links the body did not locate gives no in-body link. Read once a page: one walk up from
the container.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from . import patterns
from .links_anchors import up_from


def table_layout(container: LexborNode) -> bool:
    """Is the article's container a table cell or inside one (``patterns.LAYOUT_CELL_TAGS``)
    that shares its row with another cell (columns: a layout's sidebar or boxes beside the
    text)? A one-column table (an e-mail style page, a centred layout) holds only the article,
    whose lists and tables are its own."""
    return any(node.tag in patterns.LAYOUT_CELL_TAGS and _beside_another_cell(node)
               for node in up_from(container))


def _beside_another_cell(cell: LexborNode) -> bool:
    """Does another cell share the cell's row: one in the row itself, or one of an earlier row
    reaching down into it (``rowspan``: a sidebar)? A masthead or footer row of two cells
    elsewhere in the table does not make a one-column page's story cell a column."""
    row = cell.parent
    if row is None or row.tag != "tr":
        return False
    if sum(c.tag in patterns.LAYOUT_CELL_TAGS for c in row.iter()) > 1:
        return True
    above, distance = row.prev, 1
    while above is not None:
        if above.tag == "tr":
            for c in above.iter():
                if c.tag in patterns.LAYOUT_CELL_TAGS and _span(c.attrs.get("rowspan")) > distance:
                    return True
            distance += 1
        above = above.prev
    return False


def _span(value: str | None) -> int:
    try:
        return int((value or "1").strip())
    except ValueError:
        return 1
