"""The model card (``README.md``) written beside every trained model.

It records what a reader needs to trust or reproduce the model: recipe, data, hyper-parameters,
dev score before and after, test score of the dev-selected checkpoint, wall time, and the command.
"""

from __future__ import annotations

from pathlib import Path


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f}"


def command(m: dict, out: Path) -> str:
    """The CLI line that reproduces the run."""
    hp = m["hyperparameters"]
    parts = ["python -m stsdemo train", m["recipe"], "--data", m["data"]]
    if m.get("eval"):
        parts += ["--eval", m["eval"]]
    parts += ["--out", f"models/{out.name}", "--epochs", f"{hp['epochs']:g}", "--batch-size", str(hp["batch_size"])]
    parts += ["--lr", f"{hp['lr']:g}", "--seed", str(hp["seed"])]
    if (hp.get("max_steps") or -1) > 0:
        parts += ["--max-steps", str(hp["max_steps"])]
    if hp.get("lora"):
        parts.append("--lora")
    return " ".join(parts)


def render(m: dict, out: Path) -> str:
    test = m.get("test") or {}
    test_rows = "\n".join(f"| test {m['test_set']} {k} | {_pct(v) if k != 'n' else int(v)} |" for k, v in test.items())
    hp = "\n".join(f"| {k} | {v} |" for k, v in m["hyperparameters"].items())
    lora = m.get("lora_trainable_share")
    lora_line = (
        f"\nLoRA: {100 * lora:.2f}% of the parameters trained (adapters merged into the saved weights).\n"
        if lora
        else ""
    )
    return f"""# {out.name}

{m["summary"]}

Trained with STS Lab (`stsdemo`), sentence-transformers trainers; the checkpoint with the best dev
score (`{m["dev_metric"]}` on `{m["eval"]}`) was kept, so the test figure is of a model selected on dev only.
{lora_line}
| what | value |
|---|---|
| recipe | {m["recipe"]} |
| base model | {m["base"]} |
| training data | {m["data"]} ({m["train_rows"]} rows) |
| dev set | {m["eval"]} |
| dev before training | {_pct(m["dev_before"])} |
| dev after training | {_pct(m["dev"])} |
{test_rows}
| steps done | {m["steps_done"]}{" (stopped early)" if m["stopped_early"] else ""} |
| wall time | {m["seconds"]} s |

## Hyper-parameters

| name | value |
|---|---|
{hp}

## Reproduce

```bash
{command(m, out)}
```

`metrics.json` holds every figure above plus the loss curve and dev curve.
"""


def write_card(out: Path, metrics: dict) -> None:
    (out / "README.md").write_text(render(metrics, out), encoding="utf-8")
