"""BERT-whitening (Su et al. 2021, "Whitening Sentence Representations for Better Semantics and
Faster Retrieval"; code: bojone/BERT-whitening ``compute_kernel_bias``).

Fit on rows ``X`` ``(n, d)``::

    μ = mean(X),  Σ = cov(X) = U Λ Uᵀ,  W = U Λ^{-1/2}  (first k columns)
    x̃ = (x − μ) W,  then L2-normalise

so the whitened vectors have mean 0 and covariance I: no direction dominates the cosine, and the
"cone" of raw BERT vectors opens up. Keeping only the top-k columns also reduces the dimension.

Directions whose variance is numerically zero (λ < 1e-10 λ_max) are dropped rather than blown up by
1/√λ: a LayerNorm output obeys a fixed linear constraint, so e.g. MiniLM's CLS vectors span only
381 of 384 dimensions, and scaling that null space would turn round-off into unit-variance noise.
"""

from __future__ import annotations

import numpy as np

from stsdemo import cancel
from stsdemo.errors import UserError
from stsdemo.similarity import normalize

#: Eigenvalues below this fraction of the largest are treated as exact zeros.
RTOL = 1e-10


def check_fit_rows(x: np.ndarray, k: int | None, method: str) -> np.ndarray:
    """``x`` as float64 ``(n, d)``, or a :class:`UserError` saying how many sentences are needed."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise UserError(f"{method} needs a 2-D array of vectors, got shape {x.shape}.")
    if not np.isfinite(x).all():
        raise UserError(f"{method}: the vectors contain NaN or infinite values.")
    n, d = x.shape
    need = (k or d) + 1
    if n < need:
        dims = f"{k} whitened dimensions" if k else f"{d}-dimensional vectors"
        raise UserError(
            f"{method} of {dims} needs at least {need} distinct sentences to estimate the covariance, "
            f"got {n} (about {2 * need} give a stable estimate). Add sentences, fit on STS-B train "
            f"(--fit-on stsb:train, 10k sentences){f', or use whitening-K with K < {n}' if n > 2 else ''}."
        )
    return x


class Whitening:
    """Sklearn-style ``fit(X) -> self`` / ``transform(X) -> (n, k)``; ``k=None`` keeps every direction."""

    def __init__(self, k: int | None = None) -> None:
        if k is not None and k < 1:
            raise UserError(f"whitening-K needs K >= 1, got {k}.")
        self.k = k
        self.mu: np.ndarray | None = None  # (d,)
        self.kernel: np.ndarray | None = None  # (d, k)

    @property
    def name(self) -> str:
        return "whitening" if self.k is None else f"whitening-{self.k}"

    @property
    def dim(self) -> int:
        return int(self.kernel.shape[1])

    def fit(self, x: np.ndarray) -> Whitening:
        x = check_fit_rows(x, self.k, "Whitening")
        cancel.check()
        covariance = np.cov(x, rowvar=False)
        cancel.check()  # an 8,192-dim TF-IDF covariance takes a while; so does its SVD
        u, s, _ = np.linalg.svd(covariance)
        cancel.check()  # nothing is kept from a cancelled fit
        self.mu = x.mean(axis=0)
        rank = int((s > RTOL * s[0]).sum())
        if self.k is not None and self.k > rank:
            raise UserError(
                f"whitening-{self.k}: these vectors span only {rank} independent directions; "
                f"use K <= {rank} or fit on more varied sentences."
            )
        k = self.k or rank
        self.kernel = u[:, :k] / np.sqrt(s[:k])
        return self

    def transform(self, x: np.ndarray, normalize_rows: bool = True) -> np.ndarray:
        """``(x − μ) W`` as float32 ``(n, k)``, unit-length rows unless ``normalize_rows=False``."""
        if self.kernel is None:
            raise RuntimeError("fit() first")
        y = ((np.asarray(x, np.float64) - self.mu) @ self.kernel).astype(np.float32)
        return normalize(y) if normalize_rows else y

    @property
    def config(self) -> dict:
        """What the constructor takes: ``Whitening(**config)`` is this post-processor unfitted."""
        return {"k": self.k}

    def save(self, folder):
        """Write to ``folder`` (:func:`stsdemo.postprocess.save_post`); :meth:`load` reads it back."""
        from stsdemo.postprocess import save_post

        return save_post(self, folder)

    @classmethod
    def load(cls, folder) -> Whitening:
        from stsdemo.postprocess import load_post

        post = load_post(folder)
        if not isinstance(post, cls):
            raise UserError(f"{folder} holds a {post.name}, not a whitening.")
        return post

    def state(self) -> dict[str, np.ndarray]:
        return {"mu": self.mu, "kernel": self.kernel}

    @classmethod
    def from_state(cls, state: dict[str, np.ndarray], k: int | None) -> Whitening:
        post = cls(k)
        post.mu, post.kernel = np.asarray(state["mu"]), np.asarray(state["kernel"])
        return post
