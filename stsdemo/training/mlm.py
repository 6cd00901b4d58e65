"""Pretrain a small *raw* BERT with masked language modelling (MLM), the way BERT itself was made.

Why: the geometry lessons (narrow cone, weak CLS, whitening / flow / SimCSE as fixes) are about
MLM-pretrained BERT, and no such checkpoint can be downloaded here. This recipe builds one that
anyone can rebuild: fixed seed, a corpus file with named evaluation sets' sentences removed, a
vocabulary pruned to the tokens the corpus uses (so the model stays small), and a model card.

Objective (Devlin et al. 2019): pick 15% of the tokens; of those, 80% become ``[MASK]``, 10% a random
token, 10% stay; minimise the cross-entropy of the original token at the picked positions only::

    L = -1/|M| * sum_{i in M} log softmax(W h_i + b)[x_i]       h_i: (hidden,), W: (vocab, hidden)

Only ~15% of positions carry a loss, so the vocabulary projection is applied to those rows alone
(``(n_masked, hidden) @ (hidden, vocab)`` instead of ``(batch*seq, hidden) @ (hidden, vocab)``),
which made a training step ~4x cheaper on CPU here.

The output folder is a plain transformers folder (``config.json``, ``model.safetensors`` in fp16,
tokenizer files) loadable by ``AutoModel`` / sentence-transformers' ``Transformer``, plus
``README.md`` (model card) and ``metrics.json``.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from stsdemo.errors import UserError

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


@dataclass
class MLMConfig:
    """Model size and optimisation settings (defaults: the 4-layer, 256-wide recipe measured here)."""

    layers: int = 4
    hidden: int = 256
    heads: int = 0  # 0 -> hidden // 64
    max_length: int = 64
    batch_size: int = 128
    lr: float = 5e-4
    warmup_steps: int = 100  # at most a tenth of the steps when their number is known
    weight_decay: float = 0.01
    mask_prob: float = 0.15
    epochs: float | None = None
    time_budget: float | None = None  # seconds; used when epochs is None
    max_steps: int | None = None
    min_count: int = 1  # keep vocabulary tokens seen at least this often in the corpus
    vocab_size: int = 8000  # size of a WordPiece vocabulary trained on the corpus when none is given
    lowercase: bool = True
    seed: int = 0

    def num_heads(self) -> int:
        heads = self.heads or max(1, self.hidden // 64)
        if self.hidden % heads:
            raise UserError(f"--hidden {self.hidden} is not divisible by {heads} attention heads.")
        return heads


# ---------------------------------------------------------------- corpus


def evaluation_sentences(specs: Iterable[str], data_dir: str | Path | None = None) -> set[str]:
    """All sentences of the named evaluation sets (``stsb-zh:test`` ...), stripped."""
    from stsdemo.data.catalog import load_dataset

    found: set[str] = set()
    for spec in specs:
        found.update(s.strip() for s in load_dataset(spec, data_dir).sentences())
    return found


def exclude(sentences: Sequence[str], banned: set[str]) -> list[str]:
    """``sentences`` without any member of ``banned`` (exact match after stripping)."""
    return [s for s in sentences if s.strip() not in banned]


def gather_corpus(lang: str, data_dir: str | Path) -> list[str]:
    """Every distinct sentence of the shared data folder's ``zh/`` or ``en/`` files.

    What counts as a sentence is :func:`stsdemo.data.folder_sentences.folder_sentences`'s rule
    (English STS-B: train and dev splits only). Exclusion of evaluation sets is a separate step.
    """
    from stsdemo.data.folder_sentences import folder_sentences

    if lang not in ("zh", "en") or not (Path(data_dir) / lang).is_dir():
        raise UserError(f"No {lang!r} folder in {data_dir}.")
    return list(dict.fromkeys(s for s, _ in folder_sentences(lang, data_dir) if s))


# ---------------------------------------------------------------- vocabulary


def _tokenizer(vocab_file: Path, lowercase: bool, max_length: int):
    # transformers 5: BertTokenizer(vocab_file=...) silently builds a 5-token vocabulary; the fast
    # tokenizer reads the file.
    from transformers import BertTokenizerFast

    tok = BertTokenizerFast(vocab=str(vocab_file), do_lower_case=lowercase, model_max_length=max_length)
    if len(tok) < 10:
        raise UserError(f"{vocab_file} gave a {len(tok)}-token vocabulary: not a WordPiece vocab.txt?")
    return tok


def read_vocab(path: str | Path) -> list[str]:
    """Tokens of a ``vocab.txt`` (one per line, line number = id)."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Vocabulary file {str(path)!r} not found.")
    return [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines()]


def train_wordpiece(sentences: Sequence[str], vocab_size: int, lowercase: bool = True) -> list[str]:
    """A WordPiece vocabulary learned from ``sentences`` with Hugging Face ``tokenizers``."""
    from tokenizers import BertWordPieceTokenizer

    wp = BertWordPieceTokenizer(lowercase=lowercase)
    wp.train_from_iterator(sentences, vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIAL_TOKENS)
    vocab = wp.get_vocab()
    return sorted(vocab, key=vocab.__getitem__)


def prune_vocab(vocab: list[str], sentences: Sequence[str], min_count: int = 1, lowercase: bool = True) -> list[str]:
    """Keep the special tokens and the tokens that tokenising ``sentences`` produces >= ``min_count`` times.

    Greedy longest-match WordPiece never picks a token the corpus did not produce, so with
    ``min_count=1`` the corpus tokenises exactly as before; original order is kept.
    """
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "vocab.txt"
        file.write_text("\n".join(vocab) + "\n", encoding="utf-8")
        tok = _tokenizer(file, lowercase, 10_000)
        counts: Counter[int] = Counter()
        for start in range(0, len(sentences), 10_000):
            for ids in tok(list(sentences[start : start + 10_000]), add_special_tokens=False)["input_ids"]:
                counts.update(ids)
    keep = {tok.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS if t in vocab}
    keep |= {i for i, c in counts.items() if c >= min_count}
    return [t for i, t in enumerate(vocab) if i in keep]


# ---------------------------------------------------------------- training


def _sha256(sentences: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for s in sentences:
        digest.update(s.encode("utf-8") + b"\n")
    return digest.hexdigest()


def build_model(config: MLMConfig, vocab_size: int):
    """A freshly initialised ``BertForMaskedLM`` of the configured size (seeded)."""
    import torch
    from transformers import BertConfig, BertForMaskedLM

    torch.manual_seed(config.seed)
    bert_config = BertConfig(
        vocab_size=vocab_size,
        hidden_size=config.hidden,
        num_hidden_layers=config.layers,
        num_attention_heads=config.num_heads(),
        intermediate_size=4 * config.hidden,
        max_position_embeddings=config.max_length,
        type_vocab_size=2,
    )
    return BertForMaskedLM(bert_config)


def masked_lm_loss(model, input_ids, attention_mask, labels):
    """MLM cross-entropy with the vocabulary projection applied to masked positions only.

    ``input_ids``/``attention_mask``/``labels``: ``(batch, seq)``; ``labels`` is ``-100`` where no
    loss is taken. Same value as ``BertForMaskedLM(...).loss``, ~4x cheaper on CPU.
    """
    import torch.nn.functional as F

    hidden = model.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
    picked = labels != -100
    logits = model.cls(hidden[picked])  # (n_masked, vocab)
    return F.cross_entropy(logits, labels[picked])


def _lr_factor(progress: float, step: int, warmup: int) -> float:
    """Linear warm-up over ``warmup`` steps, then linear decay to 0 as ``progress`` goes 0 -> 1."""
    return min(1.0, (step + 1) / max(1, warmup)) * max(0.0, 1.0 - progress)


def train_mlm(
    sentences: Sequence[str],
    out: str | Path,
    config: MLMConfig,
    vocab: list[str] | None = None,
    *,
    provenance: dict | None = None,
    show_progress: bool = True,
) -> dict:
    """Pretrain a BERT on ``sentences`` and save it to ``out``; returns the training summary.

    ``vocab``: a WordPiece vocabulary (e.g. bert-base-chinese's); ``None`` trains one of
    ``config.vocab_size`` tokens on the corpus. Either way it is pruned to the tokens the corpus uses.
    ``provenance``: what the model card should say about the corpus and the command.
    Stops after ``config.epochs`` epochs, or when ``config.time_budget`` seconds have passed
    (or ``config.max_steps``), whichever is set.
    """
    import torch
    from tqdm.auto import tqdm
    from transformers import DataCollatorForLanguageModeling

    if config.epochs is None and config.time_budget is None and config.max_steps is None:
        raise UserError("Give --epochs N or --time-budget SECONDS.")
    sentences = list(sentences)
    if len(sentences) < 2:
        raise UserError("The corpus needs at least 2 sentences.")
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)

    started = time.monotonic()
    vocab_source = "given" if vocab is not None else f"WordPiece {config.vocab_size} trained on the corpus"
    full_vocab = vocab if vocab is not None else train_wordpiece(sentences, config.vocab_size, config.lowercase)
    pruned = prune_vocab(full_vocab, sentences, config.min_count, config.lowercase)

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "vocab.txt").write_text("\n".join(pruned) + "\n", encoding="utf-8")
    tokenizer = _tokenizer(out / "vocab.txt", config.lowercase, config.max_length)
    encoded = tokenizer(sentences, truncation=True, max_length=config.max_length)["input_ids"]

    model = build_model(config, len(pruned))
    model.train()
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=config.mask_prob, seed=config.seed)
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.ndim < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": config.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=config.lr,
    )

    steps_per_epoch = math.ceil(len(encoded) / config.batch_size)
    total_steps = config.max_steps
    if config.epochs is not None:
        total_steps = max(1, round(config.epochs * steps_per_epoch))
    warmup = min(config.warmup_steps, total_steps // 10) if total_steps else config.warmup_steps
    rng = np.random.default_rng(config.seed)
    order: list[int] = []
    losses: list[float] = []
    step = 0
    train_start = time.monotonic()
    bar = tqdm(total=total_steps, desc="MLM pretraining", unit="step", disable=not show_progress)
    while True:
        elapsed = time.monotonic() - train_start
        progress = max(
            step / total_steps if total_steps else 0.0,
            elapsed / config.time_budget if config.time_budget else 0.0,
        )
        if progress >= 1.0:
            break
        if not order:
            order = rng.permutation(len(encoded)).tolist()
        batch_ids, order = order[: config.batch_size], order[config.batch_size :]
        batch = collator([{"input_ids": encoded[i]} for i in batch_ids])
        if not (batch["labels"] != -100).any():
            continue
        for group in optimizer.param_groups:
            group["lr"] = config.lr * _lr_factor(progress, step, warmup)
        loss = masked_lm_loss(model, batch["input_ids"], batch["attention_mask"], batch["labels"])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(loss.item())
        step += 1
        bar.update(1)
        bar.set_postfix(loss=f"{np.mean(losses[-50:]):.3f}", refresh=False)
    bar.close()
    train_seconds = time.monotonic() - train_start

    model.eval()
    model.half().save_pretrained(out)  # fp16 halves the folder; the embedding table dominates it
    tokenizer.save_pretrained(out)
    # Loaders that honour config.dtype would otherwise run fp16 on CPU (slow, less accurate).
    config_file = out / "config.json"
    config_json = json.loads(config_file.read_text(encoding="utf-8"))
    config_file.write_text(json.dumps({**config_json, "dtype": "float32"}, indent=2) + "\n", encoding="utf-8")
    summary = {
        "sentences": len(sentences),
        "corpus_sha256": _sha256(sentences),
        "vocab_full": len(full_vocab),
        "vocab_pruned": len(pruned),
        "vocab_source": vocab_source,
        "parameters": int(sum(p.numel() for p in model.parameters())),
        "steps": step,
        "epochs_seen": round(step * config.batch_size / len(encoded), 3),
        "loss_first": round(float(np.mean(losses[:20])), 4) if losses else None,
        "loss_last": round(float(np.mean(losses[-50:])), 4) if losses else None,
        "train_seconds": round(train_seconds, 1),
        "total_seconds": round(time.monotonic() - started, 1),
        "torch_threads": torch.get_num_threads(),
        "config": asdict(config),
        **(provenance or {}),
    }
    summary["summary"] = (
        f"raw BERT {config.layers}L/{config.hidden}H, MLM-pretrained here for {summary['epochs_seen']} epochs "
        f"on {len(sentences):,} sentences (teaching model: pick a pooling)"
    )
    (out / "metrics.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "README.md").write_text(model_card(out.name, summary), encoding="utf-8")
    return summary


def model_card(name: str, s: dict) -> str:
    """The model card: what the model is, what it was trained on, and the command that rebuilds it."""
    c = s["config"]
    excluded = ", ".join(s.get("excluded", [])) or "none"
    command = s.get("command", "(not recorded)")
    return f"""# {name}

A small **raw** BERT, MLM-pretrained by STS Lab's recipe (`stsdemo/training/mlm.py`). It is a teaching
model: its sentence vectors show the anisotropy ("narrow cone") of raw MLM encoders, which whitening,
flows and contrastive fine-tuning repair. It has not been trained for sentence similarity.

## Rebuild

```bash
{command}
```

Training stops at a wall-time budget when one is given, so a rebuild on another machine sees a
different number of steps; everything else (corpus, vocabulary, initialisation, masking, batch order)
is fixed by the seed.

## Training data
- corpus: {s.get("corpus", "(given file)")}
- {s["sentences"]:,} distinct sentences (sha256 of the newline-joined corpus `{s["corpus_sha256"][:16]}...`)
- sentences of these evaluation sets were removed before training: {excluded}
  ({s.get("excluded_count", 0):,} corpus sentences removed)

## Model
- BERT, {c["layers"]} layers, hidden {c["hidden"]}, {c["heads"] or c["hidden"] // 64} heads, intermediate
  {4 * c["hidden"]}, max {c["max_length"]} tokens; {s["parameters"]:,} parameters, stored in fp16
- vocabulary: {s["vocab_source"]} ({s["vocab_full"]:,} tokens), pruned to the {s["vocab_pruned"]:,} tokens
  the corpus uses (min count {c["min_count"]})
- objective: masked language modelling ({c["mask_prob"]:.0%} of tokens; 80/10/10 mask/random/keep), logits
  computed at masked positions only

## Training
- AdamW lr {c["lr"]}, weight decay {c["weight_decay"]}, {c["warmup_steps"]} warm-up steps then linear
  decay, batch {c["batch_size"]}, seed {c["seed"]}
- {s["steps"]:,} steps = {s["epochs_seen"]} epochs in {s["train_seconds"]:.0f} s with {s["torch_threads"]} torch
  threads; MLM loss {s["loss_first"]} -> {s["loss_last"]}

## Use

```python
import stsdemo
enc = stsdemo.load("{name}", pooling="cls")   # or mean, first-last-avg, layer-1, static
```
"""
