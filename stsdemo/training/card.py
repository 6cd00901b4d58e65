"""The model card (``README.md``) written beside every trained model.

It records what a reader needs to trust or reproduce the model: recipe, data, hyper-parameters,
dev score before and after, test score of the dev-selected checkpoint, wall time, and the command.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from stsdemo.paths import REPO_ROOT


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f}"


def command(config: dict) -> str:
    """The CLI line that reproduces the run, built from its whole resolved config.

    Every field of :class:`~stsdemo.training.run.TrainConfig` that is set becomes its flag (the
    hyper-parameters are pinned, not left to defaults that may change), so parsing the line with
    ``python -m stsdemo train``'s own parser gives the same config back (``tests/test_card.py``).
    An ``--out`` inside the repo is written relative to it.

    Example:
        >>> command({"recipe": "cosent", "data": "stsb-zh:train", "out": "models/x", "base": "mlm-mini-zh:mean",
        ...          "eval": None, "lr": 0.0001, "lora": False})
        'python -m stsdemo train cosent --data stsb-zh:train --out models/x --base mlm-mini-zh:mean --lr 0.0001'
    """
    out = Path(config["out"])
    if out.is_absolute() and REPO_ROOT in out.parents:
        out = out.relative_to(REPO_ROOT)
    parts = ["python -m stsdemo train", config["recipe"], "--data", shlex.quote(config["data"])]
    parts += ["--out", shlex.quote(str(out))]
    for name, value in config.items():
        if name in ("recipe", "data", "out") or value is None or value is False:
            continue
        flag = "--" + name.replace("_", "-")
        parts += (
            [flag] if value is True else [flag, shlex.quote(repr(value) if isinstance(value, float) else str(value))]
        )
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
{command(m["config"])}
```

`metrics.json` holds every figure above plus the loss curve and dev curve.
"""


def write_card(out: Path, metrics: dict) -> None:
    (out / "README.md").write_text(render(metrics, out), encoding="utf-8")
