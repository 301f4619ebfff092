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
    """Is the cell in a table of columns: one of the table's own rows (not a nested table's)
    holds two cells or more (a sidebar cell spanning rows leaves the text's cell alone in its
    row, so every row is read)?"""
    table = next((node for node in up_from(cell.parent) if node.tag == "table"), None)
    if table is None:
        return False
    for child in table.iter():
        rows = child.iter() if child.tag in ROW_GROUPS else (child,)
        for row in rows:
            if row.tag == "tr" and sum(c.tag in patterns.LAYOUT_CELL_TAGS for c in row.iter()) > 1:
                return True
    return False


ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
