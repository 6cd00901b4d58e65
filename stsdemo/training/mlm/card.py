"""The MLM teaching model's card (``README.md`` in its folder): what it is, its data, how to rebuild it."""

from __future__ import annotations

#: How the card names each way of computing the loss (:data:`stsdemo.training.mlm.train.LossKind`).
LOSS_WORDS = {"masked": "logits computed at masked positions only", "full": "logits computed at every position"}


def model_card(name: str, s: dict) -> str:
    """The model card: what the model is, what it was trained on, and the command that rebuilds it."""
    c = s["config"]
    excluded = ", ".join(s.get("excluded", [])) or "none"
    command = s.get("command", "(not recorded)")
    loss = LOSS_WORDS[c.get("loss", "masked")]
    return f"""# {name}

A small **raw** BERT, MLM-pretrained by STS Lab's recipe (`stsdemo/training/mlm/`). It is a teaching
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
- objective: masked language modelling ({c["mask_prob"]:.0%} of tokens; 80/10/10 mask/random/keep), {loss}

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
