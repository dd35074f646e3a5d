"""Causal masks of DESIGN.md section 2, exactly as src/engine/mask.cpp builds them.

A kh x kw kernel with centre (kh//2, kw//2) keeps every tap above the centre row and left of the
centre in the centre row; at the centre, output feature o sees input feature i iff
g_in(i) < g_out(o) (mask A) or g_in(i) <= g_out(o) (mask B). Mask "none" keeps every tap.
"""
import torch


def contiguous_groups(features, groups):
    """group of feature j = floor(j * groups / features) (2h = 32, 3 groups -> 11, 11, 10)."""
    return [(j * groups) // features for j in range(features)]


def gated_groups(features, groups):
    """2h features as [a | b] halves: feature j gets the group of unit j mod h."""
    h = features // 2
    half = contiguous_groups(h, groups)
    return [half[j % h] for j in range(features)]


def lstm_gate_groups(h, groups):
    """4h gates o|f|i|g: gate feature j gets the group of hidden unit j mod h."""
    half = contiguous_groups(h, groups)
    return [half[j % h] for j in range(4 * h)]


def build_mask(out, inp, kh, kw, mask_type, out_groups, in_groups):
    """(out, in, kh, kw) 0/1 float mask."""
    if kh % 2 == 0 or kw % 2 == 0:
        raise ValueError(f"build_mask: kernel must be odd, got {kh}x{kw}")
    if len(out_groups) != out or len(in_groups) != inp:
        raise ValueError(f"build_mask: group lists {len(out_groups)}, {len(in_groups)} "
                         f"for a ({out}, {inp}) kernel")
    m = torch.ones(out, inp, kh, kw)
    if mask_type == "none":
        return m
    cy, cx = kh // 2, kw // 2
    m[:, :, cy + 1:, :] = 0
    m[:, :, cy, cx + 1:] = 0
    go = torch.tensor(out_groups).view(-1, 1)
    gi = torch.tensor(in_groups).view(1, -1)
    centre = (gi < go) if mask_type == "A" else (gi <= go)
    m[:, :, cy, cx] = centre.float()
    return m


def vertical_mask(out, inp, k, last_row):
    """Gated PixelCNN's vertical stack: kernel rows 0..last_row kept (every column)."""
    m = torch.zeros(out, inp, k, k)
    m[:, :, :last_row + 1, :] = 1
    return m
