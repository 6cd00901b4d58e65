"""Why does this pair get this score? Token alignment and per-token attributions.

Two views, both computed with the encoder's own modules (the sentence-transformers pipeline the
app scores with, so nothing is re-implemented):

* **Alignment** (BERTScore-style): the cosine between every contextual token vector of sentence 1
  and every one of sentence 2 (the token vectors the pooling layer sees). Each row's maximum is
  that token's greedy best match. Identical sentences align on the diagonal.
* **Attribution**, bi-encoders: integrated gradients over the input (word) embeddings of *both*
  sentences at once, from a baseline where every non-special token is ``[PAD]`` to the real input
  (Sundararajan et al. 2017; the pair-wise form is the "integrated Jacobians" of Moeller et al.'s
  ``xsbert``). Completeness makes it readable: the attributions sum to ``cosine - baseline_cosine``,
  where ``baseline_cosine`` is the cosine of the two all-``[PAD]`` inputs. The midpoint rule is
  used and the number of steps doubled until the sum is within 1% of that difference (the tests
  require 5%). Special tokens keep their embedding in the baseline, so they get no attribution
  and are not listed.
* **Attribution**, cross-encoders: leave-one-token-out occlusion (score with all tokens minus
  score without token *i*); ``baseline_cosine`` is then the score of two empty texts and
  ``attribution_sum`` carries no completeness guarantee.

Hand-written rather than Captum because the integrand is a two-input cosine through an ST
pipeline, a dozen lines of ``torch.autograd.grad``; Captum is not a dependency of this project.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import torch

from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.errors import UserError

#: Steps of the first integrated-gradients pass; doubled until completeness holds to 1%.
START_STEPS = 32
MAX_STEPS = 512
COMPLETENESS = 0.01


@dataclass
class Explanation:
    """What ``explain --json`` prints (keys are a contract)."""

    model: str
    method: str
    tokens1: list[str]
    tokens2: list[str]
    alignment: list[list[float]]
    attribution1: list[float]
    attribution2: list[float]
    cosine: float
    baseline_cosine: float
    attribution_sum: float
    steps: int

    def to_dict(self) -> dict:
        return asdict(self)


def greedy_matches(alignment: np.ndarray) -> list[int]:
    """For each row (token of sentence 1), the column of its best-matching token of sentence 2.

    >>> greedy_matches(np.array([[0.1, 0.9], [0.8, 0.2]]))
    [1, 0]
    """
    return [int(i) for i in np.asarray(alignment).argmax(axis=1)] if np.size(alignment) else []


def explain_pair(model: Encoder | PairScorer, sentence1: str, sentence2: str) -> Explanation:
    """Alignment and attributions for one pair (see the module doc); raises :class:`UserError` for
    models without token vectors (TF-IDF, post-processed encoders)."""
    if isinstance(model, PairScorer):
        return _explain_cross(model, sentence1, sentence2)
    st = _sentence_transformer(model)
    return _explain_bi(st, model.id, sentence1, sentence2)


def _sentence_transformer(model: Encoder):
    from sentence_transformers.base.modules.transformer import Transformer

    st = getattr(model, "model", None)
    if st is None or not len(st) or not isinstance(st[0], Transformer) or model.id.count("+"):
        raise UserError(
            f"{model.id} has no token vectors to explain (lexical or post-processed encoders); "
            "pick a transformer encoder such as minilm or minilm:cls."
        )
    return st


def _tokenize(tokenizer, texts: list[str], max_length: int, pair: bool = False) -> dict:
    if pair:
        return tokenizer(
            [texts[0]], [texts[1]], return_tensors="pt", truncation=True, max_length=max_length,
            return_special_tokens_mask=True,
        )  # fmt: skip
    return tokenizer(
        texts, return_tensors="pt", truncation=True, max_length=max_length, return_special_tokens_mask=True
    )


def _content_tokens(tokenizer, features: dict) -> tuple[list[str], torch.Tensor]:
    """The tokens a user reads (special tokens dropped) and a mask of their positions."""
    keep = features["special_tokens_mask"][0] == 0
    ids = features["input_ids"][0][keep].tolist()
    return tokenizer.convert_ids_to_tokens(ids), keep


def _features(tr, embeds: torch.Tensor, encoded: dict) -> dict:
    n = embeds.shape[0]
    feats = {"inputs_embeds": embeds, "attention_mask": encoded["attention_mask"].expand(n, -1)}
    if "token_type_ids" in encoded:
        feats["token_type_ids"] = encoded["token_type_ids"].expand(n, -1)
    return feats


def _explain_bi(st, model_id: str, sentence1: str, sentence2: str) -> Explanation:
    tr = st[0]
    tokenizer = tr.tokenizer
    max_length = int(st.max_seq_length or 512)
    encoded = [_tokenize(tokenizer, [s], max_length) for s in (sentence1, sentence2)]
    words = tr.model.get_input_embeddings()
    st.eval()
    inputs, baselines, keeps, tokens = [], [], [], []
    for enc in encoded:
        toks, keep = _content_tokens(tokenizer, enc)
        with torch.no_grad():
            x = words(enc["input_ids"])
            base_ids = torch.where(keep, torch.tensor(tokenizer.pad_token_id), enc["input_ids"][0])[None]
            x0 = words(base_ids)
        inputs.append(x)
        baselines.append(x0)
        keeps.append(keep)
        tokens.append(toks)

    def pooled(embeds: torch.Tensor, enc: dict) -> dict:
        return st(_features(tr, embeds, enc))

    with torch.no_grad():
        out = [pooled(x, enc) for x, enc in zip(inputs, encoded, strict=True)]
        base = [pooled(x0, enc) for x0, enc in zip(baselines, encoded, strict=True)]
        cosine = float(torch.cosine_similarity(out[0]["sentence_embedding"], out[1]["sentence_embedding"])[0])
        baseline_cosine = float(
            torch.cosine_similarity(base[0]["sentence_embedding"], base[1]["sentence_embedding"])[0]
        )
        alignment = _token_cosines(out[0]["token_embeddings"][0][keeps[0]], out[1]["token_embeddings"][0][keeps[1]])

    target = cosine - baseline_cosine
    steps = START_STEPS
    while True:
        attributions = _integrated_gradients(st, tr, inputs, baselines, encoded, steps)
        total = float(sum(a.sum() for a in attributions))
        if abs(total - target) <= max(COMPLETENESS * abs(target), 1e-4) or steps >= MAX_STEPS:
            break
        steps *= 2
    return Explanation(
        model=model_id,
        method="integrated-gradients",
        tokens1=tokens[0],
        tokens2=tokens[1],
        alignment=alignment,
        attribution1=[float(v) for v in attributions[0][keeps[0]]],
        attribution2=[float(v) for v in attributions[1][keeps[1]]],
        cosine=cosine,
        baseline_cosine=baseline_cosine,
        attribution_sum=total,
        steps=steps,
    )


def _token_cosines(a: torch.Tensor, b: torch.Tensor) -> list[list[float]]:
    a = torch.nn.functional.normalize(a.float(), dim=-1)
    b = torch.nn.functional.normalize(b.float(), dim=-1)
    return [[round(float(v), 6) for v in row] for row in a @ b.T]


def _integrated_gradients(st, tr, inputs, baselines, encoded, steps: int, chunk: int = 32) -> list[np.ndarray]:
    """Per-position attributions ``(x - x0) . mean_alpha grad f(x0 + alpha (x - x0))`` for both
    sentences, ``f`` = cosine of the pair, alphas at the midpoints of ``steps`` equal intervals."""
    alphas = (torch.arange(steps, dtype=torch.float32) + 0.5) / steps
    grads = [torch.zeros_like(x[0]) for x in inputs]
    for start in range(0, steps, chunk):
        a = alphas[start : start + chunk].view(-1, 1, 1)
        path = [(x0 + a * (x - x0)).requires_grad_(True) for x, x0 in zip(inputs, baselines, strict=True)]
        vecs = [st(_features(tr, p, enc))["sentence_embedding"] for p, enc in zip(path, encoded, strict=True)]
        cos = torch.cosine_similarity(vecs[0], vecs[1]).sum()
        for total, g in zip(grads, torch.autograd.grad(cos, path), strict=True):
            total += g.sum(dim=0)
    return [
        ((x[0] - x0[0]) * g / steps).sum(dim=-1).detach().numpy()
        for x, x0, g in zip(inputs, baselines, grads, strict=True)
    ]


def _explain_cross(model: PairScorer, sentence1: str, sentence2: str) -> Explanation:
    ce = model.model
    tokenizer = ce.tokenizer
    tokens = [tokenizer.tokenize(s) for s in (sentence1, sentence2)]

    def text(toks: list[str]) -> str:
        return tokenizer.convert_tokens_to_string(toks)

    variants = [(sentence1, sentence2), ("", "")]
    variants += [(text(tokens[0][:i] + tokens[0][i + 1 :]), sentence2) for i in range(len(tokens[0]))]
    variants += [(sentence1, text(tokens[1][:i] + tokens[1][i + 1 :])) for i in range(len(tokens[1]))]
    scores = model.score(variants)
    full, empty = float(scores[0]), float(scores[1])
    drops = full - scores[2:]
    attribution1 = [float(v) for v in drops[: len(tokens[0])]]
    attribution2 = [float(v) for v in drops[len(tokens[0]) :]]
    return Explanation(
        model=model.id,
        method="occlusion",
        tokens1=tokens[0],
        tokens2=tokens[1],
        alignment=_cross_alignment(ce, sentence1, sentence2),
        attribution1=attribution1,
        attribution2=attribution2,
        cosine=full,
        baseline_cosine=empty,
        attribution_sum=float(sum(attribution1) + sum(attribution2)),
        steps=len(variants),
    )


def _cross_alignment(ce, sentence1: str, sentence2: str) -> list[list[float]]:
    """Token cosines between the two segments of the cross-encoder's joint last hidden layer."""
    tr = ce[0]
    enc = _tokenize(tr.tokenizer, [sentence1, sentence2], int(ce.max_seq_length or 512), pair=True)
    with torch.no_grad():
        hidden = tr.model(
            **{k: v for k, v in enc.items() if k != "special_tokens_mask"}, output_hidden_states=True
        ).hidden_states[-1][0]
    content = enc["special_tokens_mask"][0] == 0
    segment = enc.sequence_ids(0)
    first = torch.tensor([s == 0 for s in segment]) & content
    second = torch.tensor([s == 1 for s in segment]) & content
    return _token_cosines(hidden[first], hidden[second])
