"""safetensors I/O without the `safetensors` package (Debian 12 does not ship it).

file = [u64 LE n] [n bytes of JSON header, space padded to a multiple of 8] [data]; the header
maps each tensor name to {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]} (relative
to the data section) and "__metadata__" to string -> string. Values are little-endian float32.
Writes are atomic (temporary file, fsync, rename), like the engine's.
"""
import json
import os
import struct

import numpy as np
import torch

from .models import ModelConfig, make_model


def read_safetensors(path):
    """-> (dict name -> float32 numpy array, metadata dict). Raises ValueError naming the file."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: {len(raw)} bytes, too short for a safetensors header")
    (n,) = struct.unpack("<Q", raw[:8])
    if 8 + n > len(raw):
        raise ValueError(f"{path}: header length {n} runs past the file's {len(raw)} bytes")
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = memoryview(raw)[8 + n:]
    meta = header.pop("__metadata__", {}) or {}
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}, expected F32")
        b, e = info["data_offsets"]
        shape = tuple(info["shape"])
        if e - b != 4 * int(np.prod(shape, dtype=np.int64)) or e > len(data):
            raise ValueError(f"{path}: tensor {name} offsets [{b}, {e}) do not fit shape {shape}")
        tensors[name] = np.frombuffer(data[b:e], dtype="<f4").reshape(shape).copy()
    return tensors, meta


def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, array-like) in file order; metadata: dict of strings."""
    header, blobs, off = {}, [], 0
    for name, t in tensors:
        a = np.ascontiguousarray(np.asarray(t, dtype="<f4"))
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [off, off + a.nbytes]}
        blobs.append(a.tobytes())
        off += a.nbytes
    header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def save_model(path, model, metadata):
    """The model's params under their checkpoint names, metadata arch/config plus `metadata`."""
    model.apply_masks()
    meta = {"arch": model.config.arch, "config": model.config.to_json()}
    meta.update({k: str(v) for k, v in metadata.items()})
    write_safetensors(path, [(n, p.detach().cpu().numpy()) for n, p in model.named_tensors()],
                      meta)


def load_model(path):
    """-> (model, metadata). Every param must be present with its shape, and nothing else."""
    tensors, meta = read_safetensors(path)
    if "config" not in meta:
        raise ValueError(f"{path}: __metadata__ has no 'config'")
    model = make_model(ModelConfig.from_json(meta["config"]))
    names = dict(model.named_tensors())
    missing = sorted(set(names) - set(tensors))
    extra = sorted(set(tensors) - set(names))
    if missing or extra:
        raise ValueError(f"{path}: missing tensors {missing}, unexpected tensors {extra}")
    with torch.no_grad():
        for n, p in names.items():
            if tuple(p.shape) != tensors[n].shape:
                raise ValueError(f"{path}: {n} has shape {tensors[n].shape}, "
                                 f"expected {tuple(p.shape)}")
            p.copy_(torch.from_numpy(tensors[n]))
    model.apply_masks()
    return model, meta
