"""Twenty-fifth round (related links): the block model's fit takes its inverse L2 strength
from the command line (``benchmarks.links_train --c``), so that the C chosen on the
site-grouped CV can be reproduced."""

from __future__ import annotations

import math

import pytest

import benchmarks.links_train as train
from scrapekit.extractors import links_blocks


def _pages() -> list[dict]:
    """Synthetic candidate blocks: the related ones say so by heading and share words with the
    lead; a few break the pattern, so that the fit is not separable."""
    n = len(links_blocks.FEATURES)
    related = links_blocks.FEATURES.index("heading_related")
    lead = links_blocks.FEATURES.index("topical_lead")
    blocks = []
    for i in range(40):
        label = i % 2 == 0
        row = [0.0] * n
        row[related] = float(label != (i % 10 == 0))
        row[lead] = (0.8 if label else 0.1) + (i % 7) / 20
        blocks.append((row, label, 1 + i % 3))
    return [{"blocks": blocks[:20]}, {"blocks": blocks[20:]}]


def _norm(model) -> float:
    return math.sqrt(sum(c * c for c in model.coef))


def test_fit_uses_the_given_inverse_l2_strength():
    pytest.importorskip("sklearn")  # the train extra (CI installs the test extra only)
    pages = _pages()
    weak, strong = train.fit(pages, 0.5, c=10.0), train.fit(pages, 0.5, c=0.001)
    assert _norm(strong) < _norm(weak)
    assert train.fit(pages, 0.5).coef == train.fit(pages, 0.5, c=train.C).coef


def test_the_command_refuses_a_non_positive_c(capsys):
    with pytest.raises(SystemExit):
        train.main(["--cv-only", "--c", "0"])
    assert "--c must be positive" in capsys.readouterr().err
