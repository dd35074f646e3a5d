"""The engine's datasets (src/data, DESIGN.md section 4): the same IDX files, the same splits.

  mnist    assets/data/mnist-images-idx3-ubyte.gz (10,000 digits); image i is test iff i % 5 == 4
  fashion  /usr/share/datasets/fashion-mnist: train-* (60,000 train), t10k-* (10,000 test)
  a path   an images IDX file (raw or .gz), split as mnist

Binarisation for every reported NLL: threshold (pixel >= 128 -> 1); softmax256 models read the
raw 0..255 values.
"""
import gzip
import os
import struct

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FASHION_DIR = "/usr/share/datasets/fashion-mnist"


def read_idx_images(path):
    """(N, 1, H, W) uint8 from an idx3-ubyte file, raw or gzip."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic, n, rows, cols = struct.unpack(">IIII", raw[:16])
    if magic != 0x00000803:
        raise ValueError(f"{path}: magic {magic:#x} is not an idx3-ubyte images file")
    if len(raw) != 16 + n * rows * cols:
        raise ValueError(f"{path}: {len(raw)} bytes, expected {16 + n * rows * cols}")
    return np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, 1, rows, cols)


def mnist_dir():
    d = os.environ.get("PIXELSCOPE_DATA_DIR") or os.path.join(ROOT, "assets", "data")
    return d


def load_split(name, split):
    """(N, C, H, W) uint8 images of `split` ("train" | "test") of dataset `name`."""
    if name == "fashion":
        prefix = "train" if split == "train" else "t10k"
        return read_idx_images(os.path.join(FASHION_DIR, f"{prefix}-images-idx3-ubyte.gz"))
    path = os.path.join(mnist_dir(), "mnist-images-idx3-ubyte.gz") if name == "mnist" else name
    if name != "mnist" and not os.path.exists(path):
        raise ValueError(f"{name}: unknown dataset (mnist, fashion or an IDX images path)")
    images = read_idx_images(path)
    idx = np.arange(images.shape[0])
    keep = (idx % 5 == 4) if split == "test" else (idx % 5 != 4)
    return images[keep]


def load_all(name):
    """All images in the engine's index order (fashion: train then t10k)."""
    if name == "fashion":
        return np.concatenate([load_split("fashion", "train"), load_split("fashion", "test")])
    path = os.path.join(mnist_dir(), "mnist-images-idx3-ubyte.gz") if name == "mnist" else name
    return read_idx_images(path)


def to_tensor(images, output):
    """uint8 (N, C, H, W) -> float: threshold-binarised (bernoulli) or 0..255 (softmax256)."""
    t = torch.from_numpy(np.array(images, dtype=np.float32))
    return (t >= 128).float() if output == "bernoulli" else t
