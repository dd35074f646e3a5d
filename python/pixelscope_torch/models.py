"""The four architectures of DESIGN.md section 2 in PyTorch, twins of src/engine.

Every module's parameter names are the checkpoint's tensor names (DESIGN.md section 3), so
`model.state_dict()` minus the mask buffers is exactly what a checkpoint holds. Masked weights are
multiplied by their fixed 0/1 mask in every forward (and zeroed after init, load and each
optimiser step, as the engine keeps them: exact zeros).

Sections: 1. config and helpers   2. PixelCNN   3. Row LSTM   4. Diagonal BiLSTM
          5. Gated PixelCNN   6. losses and make_model
"""
import json
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .masks import (build_mask, contiguous_groups, gated_groups, lstm_gate_groups,
                    vertical_mask)

# 1. config and helpers ---------------------------------------------------------------------------

ARCHS = ("pixelcnn", "rowlstm", "diagbilstm", "gated")
CANONICAL_LAYERS = {"pixelcnn": 5, "rowlstm": 2, "diagbilstm": 2, "gated": 5}


class ModelConfig:
    """The engine's ModelConfig; JSON keys arch, h, layers, channels, height, width, output."""

    def __init__(self, arch="pixelcnn", h=16, layers=None, channels=1, height=28, width=28,
                 output="bernoulli"):
        if arch not in ARCHS:
            raise ValueError(f"model config: unknown arch '{arch}'")
        if output not in ("bernoulli", "softmax256"):
            raise ValueError(f"model config: unknown output '{output}'")
        self.arch, self.h = arch, int(h)
        self.layers = CANONICAL_LAYERS[arch] if layers is None else int(layers)
        self.channels, self.height, self.width = int(channels), int(height), int(width)
        self.output = output

    @property
    def logits(self):  # K
        return self.channels if self.output == "bernoulli" else 256 * self.channels

    def to_json(self):
        return json.dumps({"arch": self.arch, "h": self.h, "layers": self.layers,
                           "channels": self.channels, "height": self.height,
                           "width": self.width, "output": self.output}, separators=(",", ":"))

    @staticmethod
    def from_json(text):
        j = json.loads(text)
        return ModelConfig(j["arch"], j["h"], j["layers"], j["channels"], j["height"], j["width"],
                           j["output"])


class MaskedConv2d(nn.Module):
    """conv with `weight` (out, in, kh, kw) * mask and `bias` (out); 'same' zero padding."""

    def __init__(self, inp, out, kh, kw, mask):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(out, inp, kh, kw))
        self.bias = nn.Parameter(torch.zeros(out))
        self.register_buffer("mask", mask, persistent=False)
        self.padding = (kh // 2, kw // 2)

    def forward(self, x):
        return F.conv2d(x, self.weight * self.mask, self.bias, padding=self.padding)


def causal_conv(inp, out, kh, kw, mask_type, out_groups, in_groups):
    return MaskedConv2d(inp, out, kh, kw,
                        build_mask(out, inp, kh, kw, mask_type, out_groups, in_groups))


class StateConv1d(nn.Module):
    """An unmasked state-to-state conv: `weight` (4h, h, k), `bias` (4h)."""

    def __init__(self, h, k):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(4 * h, h, k))
        self.bias = nn.Parameter(torch.zeros(4 * h))


def scale_input(x, output):
    """The engine feeds u = x (bernoulli, 0/1) or x / 255 (softmax256, 0..255)."""
    return x if output == "bernoulli" else x * (1.0 / 255.0)


def lstm_cell(pre, c_prev, h):
    """pre (B, 4h, ...) in the gate order o, f, i, g; returns (h_new, c_new)."""
    o = torch.sigmoid(pre[:, :h])
    f = torch.sigmoid(pre[:, h:2 * h])
    i = torch.sigmoid(pre[:, 2 * h:3 * h])
    g = torch.tanh(pre[:, 3 * h:])
    c = f * c_prev + i * g
    return o * torch.tanh(c), c


class Head(nn.Module):
    """ReLU, 1x1 mask B `inp` -> 2h (head.0), ReLU, 1x1 mask B 2h -> K (head.1)."""

    def __init__(self, inp, h, K, C):
        super().__init__()
        self.layers = nn.ModuleList([
            causal_conv(inp, 2 * h, 1, 1, "B", contiguous_groups(2 * h, C),
                        contiguous_groups(inp, C)),
            causal_conv(2 * h, K, 1, 1, "B", contiguous_groups(K, C),
                        contiguous_groups(2 * h, C))])

    def forward(self, z):
        return self.layers[1](F.relu(self.layers[0](F.relu(z))))


class TwinModel(nn.Module):
    """Common parts: config, the head (named head.0 / head.1), masked-weight housekeeping."""

    def __init__(self, config):
        super().__init__()
        self.config = config

    def named_tensors(self):
        """(name, parameter) in the checkpoint's names: head.layers.k -> head.k."""
        for name, p in self.named_parameters():
            yield name.replace("head.layers.", "head."), p

    @torch.no_grad()
    def apply_masks(self):
        for m in self.modules():
            if isinstance(m, MaskedConv2d):
                m.weight.mul_(m.mask)

    @torch.no_grad()
    def init_params(self, seed=1):
        """He-uniform over the kept taps (the engine's rule, not its random stream): weight
        U(-sqrt(6/n), sqrt(6/n)) with n the mean kept inputs per output feature; bias
        U(-1/sqrt(f), 1/sqrt(f)), f = in * kh * kw."""
        gen = torch.Generator().manual_seed(seed)
        for m in self.modules():
            if isinstance(m, (MaskedConv2d, StateConv1d)):
                w = m.weight
                mask = m.mask if isinstance(m, MaskedConv2d) else torch.ones_like(w)
                n = max(1.0, float(mask.sum()) / w.shape[0])
                bound = math.sqrt(6.0 / n)
                w.copy_((torch.rand(w.shape, generator=gen) * 2 - 1) * bound * mask)
                f = w[0].numel()
                m.bias.copy_((torch.rand(m.bias.shape, generator=gen) * 2 - 1) / math.sqrt(f))

    @torch.no_grad()
    def init_output_bias(self, images):
        """The engine's data-dependent init of head.1.bias: log-odds (bernoulli) or
        log-frequencies (softmax256) of the pixels, one pseudo-count per value."""
        cfg = self.config
        bias = self.head.layers[1].bias
        x = images.float()
        for c in range(cfg.channels):
            v = x[:, c].reshape(-1)
            if cfg.output == "bernoulli":
                p = (v.sum() + 1) / (v.numel() + 2)
                bias[c] = torch.log(p / (1 - p))
            else:
                counts = torch.bincount(v.long().clamp(0, 255), minlength=256).double() + 1
                bias[256 * c:256 * c + 256] = torch.log(counts / counts.sum()).float()


# 2. PixelCNN -------------------------------------------------------------------------------------

class Block(nn.Module):
    def __init__(self, h, C):
        super().__init__()
        g2h, gh = contiguous_groups(2 * h, C), contiguous_groups(h, C)
        self.reduce = causal_conv(2 * h, h, 1, 1, "B", gh, g2h)
        self.conv = causal_conv(h, h, 3, 3, "B", gh, gh)
        self.expand = causal_conv(h, 2 * h, 1, 1, "B", g2h, gh)

    def forward(self, z):
        r = F.relu(self.reduce(F.relu(z)))
        return z + self.expand(F.relu(self.conv(r)))


class PixelCNN(TwinModel):
    def __init__(self, config):
        super().__init__(config)
        h, C, K = config.h, config.channels, config.logits
        self.input = causal_conv(C, 2 * h, 7, 7, "A", contiguous_groups(2 * h, C),
                                 contiguous_groups(C, C))
        self.blocks = nn.ModuleList([Block(h, C) for _ in range(config.layers)])
        self.head = Head(2 * h, h, K, C)

    def forward(self, x):
        z = self.input(scale_input(x, self.config.output))
        for blk in self.blocks:
            z = blk(z)
        return self.head(z)


# 3. Row LSTM -------------------------------------------------------------------------------------

class RowLayer(nn.Module):
    def __init__(self, h, C):
        super().__init__()
        self.h = h
        gG, g2h, gh = lstm_gate_groups(h, C), contiguous_groups(2 * h, C), contiguous_groups(h, C)
        self.input_to_state = causal_conv(2 * h, 4 * h, 1, 3, "B", gG, g2h)
        self.state_to_state = StateConv1d(h, 3)
        self.output = causal_conv(h, 2 * h, 1, 1, "B", g2h, gh)

    def forward(self, z):
        B, _, H, W = z.shape
        h = self.h
        a = self.input_to_state(z)  # (B, 4h, H, W)
        hs, cs = z.new_zeros(B, h, W), z.new_zeros(B, h, W)
        rows = []
        # unbind: one backward for all rows (slicing a[:, :, r] would zero-fill a whole
        # (B, 4h, H, W) gradient per row)
        for r, a_r in enumerate(torch.unbind(a, dim=2)):
            # pre_r = a[:, :, r] + b + conv1d over row r-1's states (taps c-1, c, c+1)
            pre = a_r + F.conv1d(hs, self.state_to_state.weight,
                                        self.state_to_state.bias, padding=1)
            hs, cs = lstm_cell(pre, cs, h)
            rows.append(hs)
        return z + self.output(torch.stack(rows, dim=2))  # (B, h, H, W) -> residual


class RowLSTM(TwinModel):
    def __init__(self, config):
        super().__init__(config)
        h, C, K = config.h, config.channels, config.logits
        self.input = causal_conv(C, 2 * h, 7, 7, "A", contiguous_groups(2 * h, C),
                                 contiguous_groups(C, C))
        self.rows = nn.ModuleList([RowLayer(h, C) for _ in range(config.layers)])
        self.head = Head(2 * h, h, K, C)

    def forward(self, x):
        z = self.input(scale_input(x, self.config.output))
        for layer in self.rows:
            z = layer(z)
        return self.head(z)


# 4. Diagonal BiLSTM ------------------------------------------------------------------------------

def skew(a):
    """(B, F, H, W) -> (B, F, H, S), S = H+W-1: row r shifted right by r (zeros elsewhere).
    Without a loop: pad each row to W+H, flatten, cut H*S values, view as rows of S; the value
    at (r, c) sits at flat index r(W+H) + c = r*S + (r + c), i.e. row r, column r + c."""
    B, Fe, H, W = a.shape
    S = H + W - 1
    return F.pad(a, (0, H)).flatten(2)[:, :, :H * S].reshape(B, Fe, H, S)


def unskew(s, W):
    """(B, F, H, S) -> (B, F, H, W): out[..., r, c] = s[..., r, r + c] (skew's inverse: flat
    index r*S + r + c = r(S+1) + c, so rows of S+1 start at the diagonal)."""
    B, Fe, H, S = s.shape
    return F.pad(s.flatten(2), (0, H)).reshape(B, Fe, H, S + 1)[:, :, :, :W]


class DiagDirection(nn.Module):
    def __init__(self, h, C):
        super().__init__()
        self.h = h
        self.input_to_state = causal_conv(2 * h, 4 * h, 1, 1, "B", lstm_gate_groups(h, C),
                                          contiguous_groups(2 * h, C))
        self.state_to_state = StateConv1d(h, 2)

    def forward(self, z):
        """z (B, 2h, H, W) -> states (B, h, H, W) of the left-to-right diagonal walk."""
        B, _, H, W = z.shape
        h, S = self.h, H + W - 1
        A = skew(self.input_to_state(z))  # (B, 4h, H, S)
        k0 = self.state_to_state.weight[:, :, 0]  # reads (r-1, j-1): the pixel above
        k1 = self.state_to_state.weight[:, :, 1]  # reads (r, j-1): the pixel to the left
        bias = self.state_to_state.bias.view(1, -1, 1)
        rows = torch.arange(H)
        hs, cs = z.new_zeros(B, h, H), z.new_zeros(B, h, H)
        cols = []
        for j, A_j in enumerate(torch.unbind(A, dim=3)):  # unbind: see RowLayer
            above = F.pad(hs, (1, 0))[:, :, :H]  # hs[:, :, r-1], zero for r = 0
            pre = (A_j + bias + torch.einsum("gk,bkr->bgr", k0, above)
                   + torch.einsum("gk,bkr->bgr", k1, hs))
            hn, cn = lstm_cell(pre, cs, h)
            on = ((j - rows >= 0) & (j - rows < W)).to(z.dtype).view(1, 1, H)  # off-image: 0
            hs, cs = hn * on, cn * on
            cols.append(hs)
        return unskew(torch.stack(cols, dim=3), W)


class DiagLayer(nn.Module):
    def __init__(self, h, C):
        super().__init__()
        self.forward_dir = DiagDirection(h, C)
        self.backward_dir = DiagDirection(h, C)
        self.output = causal_conv(h, 2 * h, 1, 1, "B", contiguous_groups(2 * h, C),
                                  contiguous_groups(h, C))

    def forward(self, z):
        hf = self.forward_dir(z)
        hb = torch.flip(self.backward_dir(torch.flip(z, dims=[3])), dims=[3])
        hb = F.pad(hb, (0, 0, 1, 0))[:, :, :-1]  # shifted down one row: row 0 gets zeros
        return z + self.output(hf + hb)


class DiagBiLSTM(TwinModel):
    def __init__(self, config):
        super().__init__(config)
        h, C, K = config.h, config.channels, config.logits
        self.input = causal_conv(C, 2 * h, 7, 7, "A", contiguous_groups(2 * h, C),
                                 contiguous_groups(C, C))
        self.diags = nn.ModuleList([DiagLayer(h, C) for _ in range(config.layers)])
        self.head = Head(2 * h, h, K, C)

    def named_tensors(self):  # forward_dir -> forward, backward_dir -> backward
        for name, p in super().named_tensors():
            yield name.replace(".forward_dir.", ".forward.").replace(".backward_dir.",
                                                                      ".backward."), p

    def forward(self, x):
        z = self.input(scale_input(x, self.config.output))
        for layer in self.diags:
            z = layer(z)
        return self.head(z)


# 5. Gated PixelCNN (docs/gated-pixelcnn.md) --------------------------------------------------------

def gate(a, h):
    return torch.tanh(a[:, :h]) * torch.sigmoid(a[:, h:])


class GatedStage(nn.Module):
    """Stage 0 (`input`: 7x7 vertical strictly above, 1x7 mask A) or a layer (3x3 vertical
    inclusive, 1x3 mask B, 1x1 residual)."""

    def __init__(self, h, C, first):
        super().__init__()
        self.h, self.first = h, first
        inp = C if first else h
        k = 7 if first else 3
        self.vertical = MaskedConv2d(inp, 2 * h, k, k,
                                     vertical_mask(2 * h, inp, k, k // 2 - 1 if first else k // 2))
        in_groups = contiguous_groups(C, C) if first else contiguous_groups(h, C)
        self.horizontal = causal_conv(inp, 2 * h, 1, k, "A" if first else "B",
                                      gated_groups(2 * h, C), in_groups)
        self.link = causal_conv(2 * h, 2 * h, 1, 1, "none", [0] * (2 * h), [0] * (2 * h))
        if not first:
            gh = contiguous_groups(h, C)
            self.residual = causal_conv(h, h, 1, 1, "B", gh, gh)

    def forward(self, v, g):
        a_v = self.vertical(v)
        a_h = self.horizontal(g) + self.link(a_v)
        if self.first:
            return gate(a_v, self.h), gate(a_h, self.h)
        return gate(a_v, self.h), g + self.residual(gate(a_h, self.h))


class GatedPixelCNN(TwinModel):
    def __init__(self, config):
        super().__init__(config)
        h, C, K = config.h, config.channels, config.logits
        self.input = GatedStage(h, C, True)
        self.layers = nn.ModuleList([GatedStage(h, C, False) for _ in range(config.layers)])
        self.head = Head(h, h, K, C)

    def forward(self, x):
        u = scale_input(x, self.config.output)
        v, g = self.input(u, u)
        for stage in self.layers:
            v, g = stage(v, g)
        return self.head(g)


# 6. losses and make_model ------------------------------------------------------------------------

def nll_per_image(logits, x, output):
    """NLL in nats per image (B,): Bernoulli logits + BCE summed over pixels, or a 256-way
    softmax per channel (channel c's logits are features [256c, 256c + 256))."""
    if output == "bernoulli":
        return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=(1, 2, 3))
    B, K, H, W = logits.shape
    C = K // 256
    target = x.long().clamp(0, 255)  # (B, C, H, W)
    l = logits.view(B, C, 256, H, W).transpose(1, 2)  # (B, 256, C, H, W)
    return F.cross_entropy(l, target, reduction="none").sum(dim=(1, 2, 3))


def make_model(config):
    return {"pixelcnn": PixelCNN, "rowlstm": RowLSTM, "diagbilstm": DiagBiLSTM,
            "gated": GatedPixelCNN}[config.arch](config)
