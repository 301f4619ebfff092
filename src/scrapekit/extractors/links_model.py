"""The learned models of related links: a logistic regression over standardised features,
stored as JSON in package data (extractors/models/links_*.json), read once, lazily, and
evaluated in pure Python. benchmarks/links_train.py fits and writes them."""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

MODEL_VERSION = 1


@dataclass(frozen=True)
class LogisticModel:
    """P(yes | x) = sigmoid(intercept + sum(coef * (x - mean) / scale)); yes when >= threshold."""
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float
    version: int = MODEL_VERSION

    @classmethod
    def from_dict(cls, data: dict[str, Any], features: tuple[str, ...]) -> LogisticModel:
        """The model in ``data``; ValueError unless it is this version's logistic model over
        exactly ``features`` (the order the extractor computes them in)."""
        if data.get("version") != MODEL_VERSION or data.get("kind") != "logistic":
            raise ValueError(f"unsupported links model: {data.get('kind')} v{data.get('version')}")
        if tuple(data.get("features", ())) != features:
            raise ValueError("links model was trained on other features")
        model = cls(features, tuple(map(float, data["mean"])), tuple(map(float, data["scale"])),
                    tuple(map(float, data["coef"])), float(data["intercept"]),
                    float(data["threshold"]))
        if not len(model.mean) == len(model.scale) == len(model.coef) == len(features):
            raise ValueError("links model: vectors of different lengths")
        if any(s <= 0 for s in model.scale):
            raise ValueError("links model: a scale is not positive")
        return model

    @classmethod
    def constant(cls, features: tuple[str, ...], threshold: float = 0.0) -> LogisticModel:
        """A model that says 0.5 to everything (with threshold 0: accepts everything)."""
        n = len(features)
        return cls(features, (0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0, threshold)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "logistic", "version": self.version, "features": list(self.features),
                "mean": list(self.mean), "scale": list(self.scale), "coef": list(self.coef),
                "intercept": self.intercept, "threshold": self.threshold}

    def probability(self, x: list[float]) -> float:
        z = self.intercept
        for v, m, s, c in zip(x, self.mean, self.scale, self.coef):
            z += c * (v - m) / s
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def accepts(self, x: list[float]) -> bool:
        return self.probability(x) >= self.threshold


_LOADED: dict[str, LogisticModel | None] = {}


def load(file: str, features: tuple[str, ...]) -> LogisticModel | None:
    """The packaged model ``models/<file>``, read once; None (one warning) when the file is
    missing or unusable: the rules then decide alone, and no page loses its links."""
    if file not in _LOADED:
        try:
            text = resources.files(__package__).joinpath("models", file).read_text("utf-8")
            _LOADED[file] = LogisticModel.from_dict(json.loads(text), features)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            logging.getLogger(__name__).warning("model %s unusable (%s): rules alone decide",
                                                file, exc)
            _LOADED[file] = None
    return _LOADED[file]
