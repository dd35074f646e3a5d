#!/usr/bin/python3
"""The PyTorch side of `pixelscope bench`: the same PixelCNN(h, L) (DESIGN.md section 2) in
PyTorch 1.13, one thread, batch 16, Adam lr 1e-3, Bernoulli logits + BCE on 28x28 binary images.

    /usr/bin/python3 python/bench_torch_pixelcnn.py   (Debian python3-torch)
    [--threads 1] [--seconds 5] [--h 16] [--layers 5] [--json]

Masked convolutions multiply the weight by a fixed 0/1 mask in every forward (the usual PyTorch
way), so PyTorch computes every tap of the 7x7 and 3x3 kernels; the engine skips masked taps.
Prints train and forward images/s, measured exactly like the engine's bench (2 warm-up steps,
then steps until half of --seconds has passed, for each of the two).
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def causal_mask(out_ch, in_ch, k, mask_type):
    # C = 1: every feature in group 0; keep rows above the centre and taps left of it, the centre
    # only for mask B
    m = torch.zeros(out_ch, in_ch, k, k)
    c = k // 2
    m[:, :, :c, :] = 1
    m[:, :, c, :c] = 1
    if mask_type == "B":
        m[:, :, c, c] = 1
    return m


class MaskedConv2d(nn.Conv2d):
    def __init__(self, in_ch, out_ch, k, mask_type):
        super().__init__(in_ch, out_ch, k, padding=k // 2)
        self.register_buffer("mask", causal_mask(out_ch, in_ch, k, mask_type))
        with torch.no_grad():
            self.weight.mul_(self.mask)

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


class Block(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.reduce = nn.Conv2d(2 * h, h, 1)
        self.conv = MaskedConv2d(h, h, 3, "B")
        self.expand = nn.Conv2d(h, 2 * h, 1)

    def forward(self, z):
        r = self.reduce(F.relu(z))
        r = self.conv(F.relu(r))
        return z + self.expand(F.relu(r))


class PixelCNN(nn.Module):
    def __init__(self, h=16, layers=5, channels=1):
        super().__init__()
        self.input = MaskedConv2d(channels, 2 * h, 7, "A")
        self.blocks = nn.ModuleList([Block(h) for _ in range(layers)])
        self.head = nn.ModuleList([nn.Conv2d(2 * h, 2 * h, 1), nn.Conv2d(2 * h, channels, 1)])

    def forward(self, x):
        z = self.input(x)
        for b in self.blocks:
            z = b(z)
        z = self.head[0](F.relu(z))
        return self.head[1](F.relu(z))


def nll_per_image(logits, x):
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=(1, 2, 3))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--h", type=int, default=16)
    ap.add_argument("--layers", type=int, default=5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = PixelCNN(args.h, args.layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    x = (torch.rand(args.batch, 1, 28, 28) < 0.2).float()

    def train_step():
        opt.zero_grad()
        loss = nll_per_image(model(x), x).mean()
        loss.backward()
        opt.step()
        with torch.no_grad():  # keep masked weights exact zeros, as the engine does
            for m in model.modules():
                if isinstance(m, MaskedConv2d):
                    m.weight.mul_(m.mask)

    def forward_step():
        with torch.no_grad():
            nll_per_image(model(x), x).sum()

    def measure(work):
        # wall-clock rate, and the rate per CPU-second of this process (meaningful when other
        # work shares the cores), as the engine's bench reports them
        for _ in range(2):
            work()
        t0, c0 = time.perf_counter(), time.process_time()
        n = 0
        while True:
            work()
            n += 1
            s = time.perf_counter() - t0
            if s >= args.seconds * 0.5:
                c = max(1e-9, time.process_time() - c0)
                return n * args.batch / s, n * args.batch / c

    train, train_cpu = measure(train_step)
    fwd, fwd_cpu = measure(forward_step)
    if args.json:
        print(json.dumps({"arch": "pixelcnn", "impl": "pytorch " + torch.__version__,
                          "h": args.h, "layers": args.layers, "batch": args.batch,
                          "threads": args.threads, "train_images_per_second": round(train, 1),
                          "forward_images_per_second": round(fwd, 1),
                          "train_images_per_cpu_second": round(train_cpu, 1),
                          "forward_images_per_cpu_second": round(fwd_cpu, 1)}))
    else:
        print(f"pytorch {torch.__version__} pixelcnn h={args.h} L={args.layers} batch {args.batch} "
              f"28x28 binarised, {args.threads} thread(s): train {train:.1f} images/s, "
              f"forward {fwd:.1f} images/s (per CPU-second: train {train_cpu:.1f}, "
              f"forward {fwd_cpu:.1f})")


if __name__ == "__main__":
    main()
