"""Copy a trained model folder into assets/models/NAME with fp16 weights (half the bytes, same model).

    PYTHONPATH=. python scripts/ship_fp16.py models/bench-mini-zh-nli-cosent assets/models/sts-mini-zh

Why fp16: shipped models must stay <= 10 MB; the config keeps ``dtype: float32`` so the weights load
back as float32 on CPU. Checkpoint folders and training logs are not copied.
"""

import argparse
import json
import shutil
from pathlib import Path

from safetensors.torch import load_file, save_file

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("src")
parser.add_argument("dst")
args = parser.parse_args()
src, dst = Path(args.src), Path(args.dst)
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst, ignore=shutil.ignore_patterns("checkpoint*", "README.md", "*.log"))
for weights in dst.rglob("*.safetensors"):
    tensors = load_file(weights)
    save_file({k: v.half() if v.is_floating_point() else v for k, v in tensors.items()}, weights)
for config in dst.rglob("config.json"):
    data = json.loads(config.read_text(encoding="utf-8"))
    if "dtype" in data or "torch_dtype" in data:
        data["dtype"] = "float32"
        config.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
size = sum(p.stat().st_size for p in dst.rglob("*") if p.is_file())
print(f"{dst}: {size / 1e6:.1f} MB")
