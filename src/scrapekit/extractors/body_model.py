"""The learned block model: is a block of the extracted content article text?

A small model (logistic regression or a few shallow trees, see ``benchmarks/body_train.py``)
trained on the tuning part of the body gold sets scores each candidate block from cheap,
general features: its length, link share, punctuation and stop words, kind (paragraph, heading,
list item, table row), position in the page, which hand rule dropped it, its neighbours'
features (jusText-style context) and whether it repeats the title. The model ships as JSON in
``models/body_blocks.json`` (package data), is read once, lazily, and evaluated in pure Python.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any


MODEL_FILE = "body_blocks.json"
MODEL_FORMAT = 1
"""Version of the model file's layout (and of the feature list below): a file of another
format is not used (the hand rules alone decide)."""

N_REASONS = 12  # body.KEPT .. body.COMMENTS
KINDS = ("p", "head", "item", "row", "quote")
_SENTENCE_END = frozenset(".!?\"'”»)…:")
_PUNCT = frozenset(".,;:!?")
# Function words of the languages most pages are in (a prose signal, jusText's stop-word density).
STOPWORDS = frozenset("""
a about after all also an and are as at be been but by can could did do for from had has have he
her his how i if in into is it its more my no not of on one or our out said she so than that the
their them then there they this to up was we were what when which who will with would you your
der die das und ist im den von zu mit sich des auf für nicht ein eine als auch es an er wie
dem bei nach aus wird einer um am sind noch wenn oder aber vor zur bis mehr durch man
le la les de des du un une et est en que qui dans pour pas sur au par plus il elle ce se sont
el los las y es en que por con para una su al lo como más pero sus le ya o este fue ha
o os as e é um uma não com para se na no da do dos das ao mais
il di che è per non una sono della gli nel alla anche
de het een en van is dat op te zijn niet met voor die er
""".split())
FEATURES = (
    "log_words", "log_chars", "link_ratio", "punct_per_word", "sentence_end", "stopword_share",
    "digit_share", "upper_share", "mean_word_len",
    *(f"kind_{k}" for k in (*KINDS, "other")),
    *(f"rule_{r}" for r in range(1, N_REASONS)),
    "position", "words_before", "log_blocks", "log_total_words", "share_of_max",
    "dist_densest", "log_dist_long", "title_overlap", "desc_overlap", "repeated",
    "continuation",
    "prev_log_words", "prev_link_ratio", "prev_kept", "prev_head",
    "next_log_words", "next_link_ratio", "next_kept", "next_head",
    "win_log_words", "win_link_ratio", "win_kept",
    "page_row_share", "page_item_share", "page_dropped_share", "page_link_ratio",
)
"""The features the model reads, in this order (the model file lists them: a file with another
list is not used)."""
LONG_BLOCK_WORDS = 40


_PUNCT_RX = re.compile(r"[.,;:!?]")
_WORDS_RX = re.compile(r"\w+")
_DIGIT_RX = re.compile(r"\d")
_UPPER_RX = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯΑ-Ω]")
SAMPLE_CHARS = 240  # character statistics read a block's first characters only (cost)
SAMPLE_WORDS = 60


_KIND_ROWS = {k: [1.0 if k == other else 0.0 for other in KINDS] + [0.0] for k in KINDS}
_OTHER_KIND = [0.0] * len(KINDS) + [1.0]


def _block_own(text: str, kind: str, link_ratio: float, words: int) -> list[float]:
    """The block's own features; ``words``: its word count (``len(text.split())``)."""
    n = words or 1
    chars = len(text)
    head = text[:SAMPLE_CHARS]
    m = len(head) or 1
    sample = head.lower().split()[:SAMPLE_WORDS]
    return [
        math.log1p(words), math.log1p(chars), link_ratio,
        len(_PUNCT_RX.findall(head)) / (len(sample) or 1),
        1.0 if text[-1:] in _SENTENCE_END else 0.0,
        sum(map(STOPWORDS.__contains__, sample)) / (len(sample) or 1),
        len(_DIGIT_RX.findall(head)) / m,
        len(_UPPER_RX.findall(head)) / m,
        (chars - words + 1) / n,
        *_KIND_ROWS.get(kind, _OTHER_KIND),
    ]


def _word_set(text: str) -> set[str]:
    return set(_WORDS_RX.findall(text.lower()))


def _overlap(words: set[str], refs: list[set[str]]) -> float:
    if not words or not refs:
        return 0.0
    return max(len(words & r) / len(words) for r in refs)


def block_features(texts: Sequence[str], kinds: Sequence[str], link_ratios: Sequence[float],
                   reasons: Sequence[int], continued: int = 0,
                   titles: Iterable[str | None] = (),
                   descriptions: Iterable[str | None] = (),
                   wanted: Sequence[bool] | None = None) -> list[list[float]]:
    """One feature row (FEATURES) per block. ``reasons``: body.block_reasons codes;
    ``continued``: how many blocks at the end came from body_dom.continuation; ``wanted``:
    the blocks whose row is needed (the others get an empty row: they count only as
    neighbours and for the page figures)."""
    n = len(texts)
    if not n:
        return []
    counts = [len(t.split()) for t in texts]
    total = sum(counts) or 1
    biggest = max(counts) or 1
    densest = counts.index(biggest)
    long_at = [i for i, c in enumerate(counts) if c >= LONG_BLOCK_WORDS]
    title_words = [w for w in (_word_set(t) for t in titles if t) if w]
    desc_words = [w for w in (_word_set(d) for d in descriptions if d) if w]
    seen: dict[str, int] = {}
    for t in texts:
        seen[t] = seen.get(t, 0) + 1
    own = [_block_own(t, k, r, c) if wanted is None or wanted[i] else [math.log1p(c)]
           for i, (t, k, r, c) in enumerate(zip(texts, kinds, link_ratios, counts))]
    kept = [0.0 if r else 1.0 for r in reasons]
    heads = [1.0 if k == "head" else 0.0 for k in kinds]
    logw = [o[0] for o in own]
    page = [sum(c for c, k in zip(counts, kinds) if k == "row") / total,
            sum(c for c, k in zip(counts, kinds) if k == "item") / total,
            sum(c for c, r in zip(counts, reasons) if r) / total,
            sum(c * r for c, r in zip(counts, link_ratios)) / total]
    rows: list[list[float]] = []
    before = 0
    j = 0  # index into long_at
    for i in range(n):
        while j + 1 < len(long_at) and abs(long_at[j + 1] - i) <= abs(long_at[j] - i):
            j += 1
        if wanted is not None and not wanted[i]:
            rows.append([])
            before += counts[i]
            continue
        dist_long = abs(long_at[j] - i) if long_at else n
        short_text = counts[i] <= 30
        words = _word_set(texts[i]) if short_text and (title_words or desc_words) else set()
        rule = [0.0] * (N_REASONS - 1)
        if reasons[i]:
            rule[reasons[i] - 1] = 1.0
        lo, hi = max(0, i - 2), min(n, i + 3)
        width = hi - lo
        p, q = i - 1, i + 1
        rows.append([
            *own[i], *rule,
            i / (n - 1) if n > 1 else 0.0, before / total, math.log1p(n), math.log1p(total),
            counts[i] / biggest, abs(i - densest) / n, math.log1p(dist_long),
            _overlap(words, title_words), _overlap(words, desc_words),
            1.0 if seen[texts[i]] > 1 else 0.0, 1.0 if i >= n - continued else 0.0,
            logw[p] if p >= 0 else 0.0, link_ratios[p] if p >= 0 else 0.0,
            kept[p] if p >= 0 else 0.0, heads[p] if p >= 0 else 0.0,
            logw[q] if q < n else 0.0, link_ratios[q] if q < n else 0.0,
            kept[q] if q < n else 0.0, heads[q] if q < n else 0.0,
            sum(logw[lo:hi]) / width, sum(link_ratios[lo:hi]) / width, sum(kept[lo:hi]) / width,
            *page,
        ])
        before += counts[i]
    return rows


# -- the model ------------------------------------------------------------------------------------

class BlockModel:
    """A trained model read from its JSON form: ``kind`` "logistic" (``mean``, ``scale``,
    ``coef``, ``intercept``) or "trees" (``trees``: each [feature, threshold, left, right,
    value] lists, a leaf's feature is -1; ``base``: the starting log-odds; ``rate``: each
    tree's weight); ``drop``: the veto threshold; ``drop_by_kind``: the thresholds of some
    block kinds, where they differ (table rows: in an old table layout every block is a row,
    and the model reads their features with more confidence)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.kind = spec["kind"]
        self.features = tuple(spec["features"])
        self.drop = float(spec.get("drop", 0.0))
        """A block the rules keep is dropped when scored under this."""
        self.drop_by_kind = {str(k): float(v) for k, v in spec.get("drop_by_kind", {}).items()}
        self.log_odds: Callable[[Sequence[float]], float]
        if self.kind == "logistic":
            scale = [s or 1.0 for s in spec["scale"]]
            weights = [c / s for c, s in zip(spec["coef"], scale)]
            bias = spec["intercept"] - sum(w * m for w, m in zip(weights, spec["mean"]))
            self.log_odds = lambda row: bias + sum(w * x for w, x in zip(weights, row))
        else:
            self.log_odds = _compiled_trees(spec["trees"], float(spec["base"]),
                                            float(spec["rate"]), len(self.features))

    def threshold(self, kind: str) -> float:
        """The veto threshold of a block of this kind (p, head, item, row, ...)."""
        return self.drop_by_kind.get(kind, self.drop)

    def probabilities(self, rows: Iterable[Sequence[float]]) -> list[float]:
        out = []
        for row in rows:
            z = max(-30.0, min(30.0, self.log_odds(row)))
            out.append(1.0 / (1.0 + math.exp(-z)))
        return out


def _compiled_trees(trees: list[list[list[float]]], base: float, rate: float,
                    width: int) -> Callable[[Sequence[float]], float]:
    """The trees' sum as one Python expression of nested conditionals, compiled once (a walk
    over node arrays costs ~10x more per block), over the features as local names (x0, x1, ...:
    a fifth faster than indexing the row at each test). The source holds only numbers formatted
    here from the file's values (int and float), never text from the file."""
    def node(tree: list[list[float]], i: int) -> str:
        feature, threshold, left, right, value = tree
        f = int(feature[i])
        if f < 0:
            return repr(rate * float(value[i]))
        if not 0 <= f < width:
            raise ValueError(f"feature index {f} out of range")
        return (f"({node(tree, int(left[i]))} if x{f} <= {float(threshold[i])!r} "
                f"else {node(tree, int(right[i]))})")

    names = ", ".join(f"x{i}" for i in range(width))
    source = f"lambda {names}: " + " + ".join([repr(base), *(node(t, 0) for t in trees)])
    trees_sum = eval(compile(source, MODEL_FILE, "eval"), {"__builtins__": {}})  # noqa: S307
    return lambda row: trees_sum(*row)


@lru_cache(maxsize=1)
def load_model() -> BlockModel | None:
    """The shipped model (read once), or None when the file is missing or unusable."""
    try:
        raw = resources.files("scrapekit.extractors.models").joinpath(MODEL_FILE).read_text(
            encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        raw = ""
    model = model_from_json(raw)
    if model is None:
        logging.getLogger(__name__).warning("model %s missing or unusable: the hand rules "
                                            "decide alone", MODEL_FILE)
    return model


def model_from_json(raw: str) -> BlockModel | None:
    """A model from its JSON text; None if it is not valid, of another format or built on
    another feature list (then the hand rules decide alone)."""
    try:
        spec = json.loads(raw)
    except ValueError:
        return None
    if (not isinstance(spec, dict) or spec.get("format") != MODEL_FORMAT
            or tuple(spec.get("features", ())) != FEATURES):
        return None
    try:
        return BlockModel(spec)
    except (KeyError, TypeError, ValueError, IndexError, SyntaxError, RecursionError):
        return None
