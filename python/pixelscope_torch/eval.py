"""Test NLL of a checkpoint (the twin of `pixelscope eval`).

    /usr/bin/python3 -m pixelscope_torch.eval model.safetensors [--split test|train]
        [--data NAME] [--limit N] [--threads N] [--json]

(run from python/, or with PYTHONPATH=python). Prints NLL in nats per image and bits/dim over the
split, threshold-binarised for bernoulli models, raw 0..255 for softmax256 ones.
"""
import argparse
import json
import math
import sys
import time

import torch

from .data import load_split, to_tensor
from .models import nll_per_image
from .safetensors import load_model


@torch.no_grad()
def evaluate(model, images, batch=64):
    """Mean NLL (nats per image) of uint8 images (N, C, H, W), summed in float64."""
    model.eval()
    total = 0.0
    for b in range(0, images.shape[0], batch):
        x = to_tensor(images[b:b + batch], model.config.output)
        total += float(nll_per_image(model(x), x, model.config.output).double().sum())
    return total / images.shape[0]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("checkpoint")
    ap.add_argument("--split", default="test", choices=["test", "train"])
    ap.add_argument("--data", default=None, help="dataset (default: the checkpoint's)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    try:
        model, meta = load_model(a.checkpoint)
    except (OSError, ValueError, KeyError) as e:
        print(f"eval: {e}", file=sys.stderr)
        return 2
    data = a.data or meta.get("dataset", "mnist")
    images = load_split(data, a.split)
    if a.limit > 0:
        images = images[:a.limit]
    t0 = time.time()
    nats = evaluate(model, images)
    cfg = model.config
    bpd = nats / (cfg.height * cfg.width * cfg.channels * math.log(2))
    if a.json:
        print(json.dumps({"split": a.split, "nll": nats, "bits_per_dim": bpd,
                          "images": int(images.shape[0]), "data": data}))
    else:
        print(f"{a.split} NLL {nats:.3f} nats/image, {bpd:.4f} bits/dim over {images.shape[0]} "
              f"images ({data}; {cfg.arch} h={cfg.h} L={cfg.layers}, step "
              f"{meta.get('step', '?')}, {time.time() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
