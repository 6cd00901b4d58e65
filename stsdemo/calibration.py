"""What does a cosine of 0.7 mean? Two readings of a raw cosine, precomputed per shipped encoder.

A raw cosine is not comparable across encoders: ``minilm:cls`` gives "A man is playing a guitar." /
"The stock market fell sharply today." a cosine of about 0.5, *below* the 0.56 its random pairs
average, because raw CLS vectors crowd into a cone. So next to the cosine we show:

* **percentile**: where the cosine falls among the cosines of random sentence pairs of a reference
  corpus (the STS-B train sentences, or Chinese STS-B train for encoders that read Chinese), 0-100.
  A pair at the 50th percentile is as similar as two sentences picked at random.
* **expected score**: the STS gold score (0-5) that pairs with this cosine get on average, from an
  isotonic (monotone) regression of gold on cosine over STS-B train (sklearn's
  :class:`~sklearn.isotonic.IsotonicRegression`).

A calibration is a small JSON file in ``assets/calibration/`` (101 quantiles of the random-pair
cosines, the isotonic knots, and up to 400 STS-B dev points for the chart), rebuilt by
``python scripts/build_calibration.py``. Isotonic prediction is linear interpolation between its
knots, clipped at the ends, so ``numpy.interp`` on the stored knots gives exactly sklearn's answer
without pickling the model.

>>> cal = Calibration("demo", "toy", [0.0, 0.5, 1.0], [0.0, 1.0], [0.0, 5.0], [], [])
>>> cal.percentile(0.25), cal.expected_score(0.5)
(25.0, 2.5)
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np

from stsdemo.paths import ASSETS

CALIBRATIONS = ASSETS / "calibration"
#: Random pairs drawn from the reference sentences, and the points kept for the dev chart.
RANDOM_PAIRS = 20_000
DEV_POINTS = 400


@dataclass(frozen=True)
class Calibration:
    """One encoder's calibration (see the module doc)."""

    model: str
    reference: str
    quantiles: list[float]  # random-pair cosines at percentiles 0, 1, ..., 100
    knots_x: list[float]  # isotonic fit of gold on cosine: cosine knots (increasing)
    knots_y: list[float]  # ... and the fitted gold score at each knot
    dev_cosine: list[float]
    dev_gold: list[float]

    def percentile(self, cosine: float) -> float:
        """Percent of random reference pairs with a lower cosine (0-100)."""
        levels = np.linspace(0, 100, len(self.quantiles))
        return float(np.interp(cosine, self.quantiles, levels))

    def expected_score(self, cosine: float) -> float:
        """Mean STS gold score (0-5) of pairs with this cosine, by the isotonic fit."""
        return float(np.interp(cosine, self.knots_x, self.knots_y))


def fit_calibration(
    model: str,
    reference: str,
    reference_vectors: np.ndarray,
    train_cosine: Sequence[float],
    train_gold: Sequence[float],
    dev_cosine: Sequence[float],
    dev_gold: Sequence[float],
    seed: int = 0,
) -> Calibration:
    """Fit both readings from an encoder's reference vectors and its cosines on gold-scored pairs."""
    from sklearn.isotonic import IsotonicRegression

    from stsdemo.metrics.random_pairs import random_pair_cosines

    random_cos = random_pair_cosines(reference_vectors, RANDOM_PAIRS, seed)
    quantiles = np.quantile(random_cos, np.linspace(0, 1, 101))
    iso = IsotonicRegression(y_min=0.0, y_max=5.0, out_of_bounds="clip").fit(train_cosine, train_gold)
    keep = np.random.default_rng(seed).permutation(len(dev_cosine))[:DEV_POINTS]
    return Calibration(
        model=model,
        reference=reference,
        quantiles=[round(float(q), 6) for q in quantiles],
        knots_x=[round(float(x), 6) for x in iso.X_thresholds_],
        knots_y=[round(float(y), 6) for y in iso.y_thresholds_],
        dev_cosine=[round(float(dev_cosine[i]), 4) for i in sorted(keep)],
        dev_gold=[round(float(dev_gold[i]), 3) for i in sorted(keep)],
    )


def file_name(model: str) -> str:
    """``minilm:cls`` -> ``minilm_cls.json`` (one file per encoder id)."""
    return re.sub(r"[^\w.-]", "_", model) + ".json"


def save_calibration(cal: Calibration) -> None:
    CALIBRATIONS.mkdir(parents=True, exist_ok=True)
    (CALIBRATIONS / file_name(cal.model)).write_text(json.dumps(asdict(cal)) + "\n", encoding="utf-8")


@lru_cache(maxsize=64)
def calibration_for(model: str) -> Calibration | None:
    """The shipped calibration of encoder id ``model``, or ``None`` when there is none."""
    path = CALIBRATIONS / file_name(model)
    if not path.is_file():
        return None
    return Calibration(**json.loads(path.read_text(encoding="utf-8")))


def readings(model: str, cosine: float) -> dict[str, float]:
    """``{"percentile": ..., "expected_score": ...}`` for ``cosine`` under ``model``'s calibration,
    empty when the encoder has none (cross-encoders, user-trained models, hub models)."""
    cal = calibration_for(model)
    if cal is None or not np.isfinite(cosine):
        return {}
    return {"percentile": round(cal.percentile(cosine), 1), "expected_score": round(cal.expected_score(cosine), 2)}


def calibrated_models() -> list[str]:
    """Encoder ids with a shipped calibration, in file order."""
    if not CALIBRATIONS.is_dir():
        return []
    return sorted(json.loads(p.read_text(encoding="utf-8"))["model"] for p in CALIBRATIONS.glob("*.json"))
