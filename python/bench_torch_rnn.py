#!/usr/bin/python3
"""The PyTorch side of `pixelscope bench --arch rowlstm|diagbilstm`: the same Row LSTM(h, L) and
Diagonal BiLSTM(h, L) (DESIGN.md section 2) in PyTorch 1.13, one thread, batch 16, Adam lr 1e-3,
Bernoulli logits + BCE on 28x28 binary images. A straightforward implementation: the input-to-
state conv over the whole map at once, then a Python loop over rows (Row LSTM) or over the
skewed columns (Diagonal BiLSTM), autograd through time.

    /usr/bin/python3 python/bench_torch_rnn.py --arch rowlstm|diagbilstm
    [--threads 1] [--seconds 5] [--h 16] [--layers 2] [--json]

Measured like the engine's bench (2 warm-up steps, then steps until half of --seconds has
passed, for train and for forward), wall-clock and per CPU-second.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def causal_mask(out_ch, in_ch, kh, kw, mask_type):
    # C = 1: rows above the centre, taps left of it, the centre only for mask B
    m = torch.zeros(out_ch, in_ch, kh, kw)
    cy, cx = kh // 2, kw // 2
    m[:, :, :cy, :] = 1
    m[:, :, cy, :cx] = 1
    if mask_type == "B":
        m[:, :, cy, cx] = 1
    return m


class MaskedConv2d(nn.Conv2d):
    def __init__(self, in_ch, out_ch, kh, kw, mask_type):
        super().__init__(in_ch, out_ch, (kh, kw), padding=(kh // 2, kw // 2))
        self.register_buffer("mask", causal_mask(out_ch, in_ch, kh, kw, mask_type))
        with torch.no_grad():
            self.weight.mul_(self.mask)

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


def lstm_gates(pre, c_prev, h):
    # order o, f, i, g
    o = torch.sigmoid(pre[:, :h])
    f = torch.sigmoid(pre[:, h:2 * h])
    i = torch.sigmoid(pre[:, 2 * h:3 * h])
    g = torch.tanh(pre[:, 3 * h:])
    c = f * c_prev + i * g
    return o * torch.tanh(c), c


class RowLayer(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.h = h
        self.input_to_state = MaskedConv2d(2 * h, 4 * h, 1, 3, "B")
        self.state_to_state = nn.Conv1d(h, 4 * h, 3, padding=1)
        self.output = nn.Conv2d(h, 2 * h, 1)

    def forward(self, z):
        B, _, H, W = z.shape
        a = self.input_to_state(z)
        hp = z.new_zeros(B, self.h, W)
        cp = z.new_zeros(B, self.h, W)
        rows = []
        for r in range(H):
            hp, cp = lstm_gates(a[:, :, r] + self.state_to_state(hp), cp, self.h)
            rows.append(hp)
        return z + self.output(torch.stack(rows, dim=2))


def skew(a):  # (B, F, H, W) -> (B, F, H, H+W-1), row r shifted right by r
    B, Fe, H, W = a.shape
    out = a.new_zeros(B, Fe, H, H + W - 1)
    for r in range(H):
        out[:, :, r, r:r + W] = a[:, :, r]
    return out


def unskew(s, W):
    H = s.shape[2]
    return torch.stack([s[:, :, r, r:r + W] for r in range(H)], dim=2)


class DiagDirection(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.h = h
        self.input_to_state = MaskedConv2d(2 * h, 4 * h, 1, 1, "B")
        self.state_to_state = nn.Conv1d(h, 4 * h, 2)  # tap 0: row r-1, tap 1: row r

    def forward(self, z):
        B, _, H, W = z.shape
        a = skew(self.input_to_state(z))  # (B, 4h, H, S)
        S = H + W - 1
        rows = torch.arange(H).view(1, 1, H)
        hp = z.new_zeros(B, self.h, H)
        cp = z.new_zeros(B, self.h, H)
        cols = []
        for j in range(S):
            pre = a[:, :, :, j] + self.state_to_state(F.pad(hp, (1, 0)))
            hn, cn = lstm_gates(pre, cp, self.h)
            valid = ((j - rows >= 0) & (j - rows < W)).to(z.dtype)  # states off the image are 0
            hp, cp = hn * valid, cn * valid
            cols.append(hp)
        return unskew(torch.stack(cols, dim=3), W)


class DiagLayer(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.fwd = DiagDirection(h)
        self.bwd = DiagDirection(h)
        self.output = nn.Conv2d(h, 2 * h, 1)

    def forward(self, z):
        hf = self.fwd(z)
        hb = self.bwd(z.flip(3)).flip(3)
        hb = F.pad(hb[:, :, :-1], (0, 0, 1, 0))  # shifted down one row, row 0 zeros
        return z + self.output(hf + hb)


class Net(nn.Module):
    def __init__(self, arch, h=16, layers=2, channels=1):
        super().__init__()
        self.input = MaskedConv2d(channels, 2 * h, 7, 7, "A")
        layer = RowLayer if arch == "rowlstm" else DiagLayer
        self.layers = nn.ModuleList([layer(h) for _ in range(layers)])
        self.head = nn.ModuleList([nn.Conv2d(2 * h, 2 * h, 1), nn.Conv2d(2 * h, channels, 1)])

    def forward(self, x):
        z = self.input(x)
        for l in self.layers:
            z = l(z)
        z = self.head[0](F.relu(z))
        return self.head[1](F.relu(z))


def nll_per_image(logits, x):
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=(1, 2, 3))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", choices=["rowlstm", "diagbilstm"], required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--h", type=int, default=16)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    model = Net(args.arch, args.h, args.layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    x = (torch.rand(args.batch, 1, 28, 28) < 0.2).float()

    def train_step():
        opt.zero_grad()
        loss = nll_per_image(model(x), x).mean()
        loss.backward()
        opt.step()
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, MaskedConv2d):
                    m.weight.mul_(m.mask)

    def forward_step():
        with torch.no_grad():
            nll_per_image(model(x), x).sum()

    def measure(work):
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
        print(json.dumps({"arch": args.arch, "impl": "pytorch " + torch.__version__,
                          "h": args.h, "layers": args.layers, "batch": args.batch,
                          "threads": args.threads, "train_images_per_second": round(train, 1),
                          "forward_images_per_second": round(fwd, 1),
                          "train_images_per_cpu_second": round(train_cpu, 1),
                          "forward_images_per_cpu_second": round(fwd_cpu, 1)}))
    else:
        print(f"pytorch {torch.__version__} {args.arch} h={args.h} L={args.layers} batch "
              f"{args.batch} 28x28 binarised, {args.threads} thread(s): train {train:.1f} "
              f"images/s, forward {fwd:.1f} images/s (per CPU-second: train {train_cpu:.1f}, "
              f"forward {fwd_cpu:.1f})")


if __name__ == "__main__":
    main()
