#!/usr/bin/python3
"""The engine (`pixelscope bench --json`) and the PyTorch twin side by side on the canonical
configurations (DESIGN.md section 2: h = 16, batch 16, Adam lr 1e-3, 28x28 binarised, PixelCNN
L=5, Row LSTM L=2, Diagonal BiLSTM L=2, Gated PixelCNN L=5): train and forward images/s at 1 and
2 threads, and the ratio engine / PyTorch.

    /usr/bin/python3 python/bench_side_by_side.py --pixelscope build/pixelscope
        [--archs pixelcnn,rowlstm,diagbilstm,gated] [--threads 1,2] [--seconds 4]

Both sides are timed the same way: 2 warm-up steps, then steps until half of --seconds has
passed, for the train step (forward, NLL, backward, Adam) and for the forward (NLL, no grad).

On a machine other work shares, wall-clock rates swing with the load from one second to the next;
--cpu reports images per CPU-second of the process instead (all its threads), which time slicing
does not disturb, and --repeat N runs each pair N times, engine and torch alternating, and prints
the median of each column.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

# PyTorch's OpenMP workers spin while they wait; on cores shared with other work (the engine
# bench, a build) 2 spinning threads ran 15x slower than 1. Passive waiting keeps them fair.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pixelscope_torch.models import ModelConfig, make_model, nll_per_image  # noqa: E402


def torch_rates(arch, threads, seconds, batch=16):
    torch.set_num_threads(threads)
    model = make_model(ModelConfig(arch, 16))
    model.init_params(1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = (torch.rand(batch, 1, 28, 28, generator=torch.Generator().manual_seed(1)) < 0.2).float()

    def train():
        loss = nll_per_image(model(x), x, "bernoulli").mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        model.apply_masks()

    def forward():
        with torch.no_grad():
            nll_per_image(model(x), x, "bernoulli").sum()

    def measure(work):
        for _ in range(2):
            work()
        t0, c0, n = time.perf_counter(), time.process_time(), 0
        while True:
            work()
            n += 1
            s = time.perf_counter() - t0
            if s >= seconds * 0.5:
                return n * batch / s, n * batch / max(1e-9, time.process_time() - c0)

    return measure(train), measure(forward)  # each (wall, per CPU-second)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pixelscope", default="build/pixelscope")
    ap.add_argument("--archs", default="pixelcnn,rowlstm,diagbilstm,gated")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--seconds", type=float, default=4)
    ap.add_argument("--cpu", action="store_true", help="images per CPU-second, not per second")
    ap.add_argument("--repeat", type=int, default=1, help="runs per row; medians are printed")
    a = ap.parse_args()
    unit = "images/CPU-s" if a.cpu else "images/s"
    print(f"{'arch':11s} {'thr':>3s} | {'engine train':>12s} {'torch train':>11s} {'ratio':>6s} | "
          f"{'engine fwd':>10s} {'torch fwd':>9s} {'ratio':>6s}   ({unit}, batch 16, h=16)")
    for arch in a.archs.split(","):
        for t in [int(v) for v in a.threads.split(",")]:
            rows = []
            for _ in range(max(1, a.repeat)):
                out = subprocess.run([a.pixelscope, "bench", "--arch", arch, "--threads", str(t),
                                      "--seconds", str(a.seconds), "--json"],
                                     capture_output=True, text=True)
                if out.returncode != 0:
                    break
                e = json.loads(out.stdout)
                k = "per_cpu_second" if a.cpu else "per_second"
                et, ef = e["train_images_" + k], e["forward_images_" + k]
                (ttw, ttc), (tfw, tfc) = torch_rates(arch, t, a.seconds)
                tt, tf = (ttc, tfc) if a.cpu else (ttw, tfw)
                rows.append((et, tt, et / tt, ef, tf, ef / tf))
            if not rows:
                print(f"{arch:11s} {t:3d} | engine failed: {out.stderr.strip()}")
                continue
            m = [statistics.median(col) for col in zip(*rows)]
            print(f"{arch:11s} {t:3d} | {m[0]:12.1f} {m[1]:11.1f} {m[2]:6.2f} | "
                  f"{m[3]:10.1f} {m[4]:9.1f} {m[5]:6.2f}", flush=True)


if __name__ == "__main__":
    main()
