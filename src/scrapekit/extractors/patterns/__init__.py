"""Selector, key and regex tables used by the field extractors: rules as data.

Adding a rule is adding a row. One module per field family; everything is re-exported here so
extractors read ``patterns.NAME``.
"""

from .body import *  # noqa: F401,F403
from .links import *  # noqa: F401,F403
from .metadata import *  # noqa: F401,F403
