"""Runnable benchmarks (``python -m benchmarks.<name>``), each against a peer in the same run.

Never asserted inside the test suite. Shared gold data lives in ../shared/bench (SHARED_BENCH).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_BENCH = Path(os.environ.get("SCRAPEKIT_SHARED_BENCH", ROOT.parent / "shared" / "bench"))


def import_shared(name: str):  # type: ignore[no-untyped-def]
    """Import one of the shared evaluators (eval_body, eval_meta, paired_bootstrap)."""
    if str(SHARED_BENCH) not in sys.path:
        sys.path.insert(0, str(SHARED_BENCH))
    return __import__(name)
