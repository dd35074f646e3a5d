// One output pixel of a masked conv, for the cached sampler (DESIGN.md §6).
//
// A full forward computes every pixel of a layer at once (im2col + GEMM). The cached sampler
// instead computes each layer at one pixel p when p's inputs exist, reading the layer below at the
// kept taps of the masked window (all at pixels <= p in raster order, which were computed before):
//
//   out[o] = bias[o] + sum over kept taps t = (dy, dx), inputs i:  w[o, i, t] * in[i](p + (dy, dx))
//
// The weights are packed tap-major and transposed, wt[t][i][o], so the inner loop runs over o
// with unit stride (vectorised), and an input that is exactly 0 (ReLU outputs, often half of
// them) skips its row of weights. Taps outside the image read zeros (the forward's padding).
#pragma once

#include <vector>

#include "engine/gemm.hpp"
#include "engine/model.hpp"

namespace ps::engine {

template <typename T>
struct PackedConv {
    int in = 0, out = 0;
    std::vector<int> dy, dx;  // kept taps as offsets from the kernel centre, raster order
    std::vector<T> wt;        // (taps, in, out)
    std::vector<T> bias;      // (out)

    void pack(const MaskedConv<T>& conv, const ParamList<T>& params) {
        const ConvShape& s = conv.shape;
        in = s.in, out = s.out;
        dy.clear(), dx.clear();
        for (int t = 0; t < conv.taps.count(); ++t) {
            dy.push_back(conv.taps.ky[std::size_t(t)] - s.kh / 2);
            dx.push_back(conv.taps.kx[std::size_t(t)] - s.kw / 2);
        }
        const T* w = params[conv.weight].value.data();  // (out, in, kh, kw)
        wt.assign(dy.size() * std::size_t(in) * out, T(0));
        for (std::size_t t = 0; t < dy.size(); ++t)
            for (int i = 0; i < in; ++i)
                for (int o = 0; o < out; ++o)
                    wt[(t * in + i) * out + o] =
                        w[((std::size_t(o) * in + i) * s.kh + conv.taps.ky[t]) * s.kw +
                          conv.taps.kx[t]];
        const T* b = params[conv.bias].value.data();
        bias.assign(b, b + out);
    }
    int taps() const { return int(dy.size()); }

    // out (out) = bias + sum_t wt[t]^T in_at(t); in_at(t) is the (in) input vector at tap t, or
    // nullptr for a tap outside the image.
    template <typename InAt>
    void apply(T* y, InAt in_at) const {
        for (int o = 0; o < out; ++o) y[o] = bias[std::size_t(o)];
        for (int t = 0; t < taps(); ++t) {
            const T* a = in_at(t);
            if (!a) continue;
            for (int i = 0; i < in; ++i) {
                const T ai = a[i];
                if (ai == T(0)) continue;
                const T* w = wt.data() + (std::size_t(t) * in + i) * out;
                for (int o = 0; o < out; ++o) y[o] += ai * w[o];
            }
        }
    }
    // The batch at once, one GEMM: y (B, out) = col (B, taps * in) @ wt + bias, where row b of
    // col holds image b's inputs at the kept taps, tap-major (zeros outside the image).
    void apply_rows(T* y, const T* col, int B) const {
        for (int b = 0; b < B; ++b) std::copy(bias.begin(), bias.end(), y + std::size_t(b) * out);
        const int k = taps() * in;
        gemm(false, false, B, out, k, T(1), col, k, wt.data(), out, T(1), y, out);
    }
    // The same for a 1x1 conv: in (in) at the pixel itself.
    void apply_1x1(T* y, const T* a) const {
        apply(y, [a](int) { return a; });
    }
};

// A layer's activations at every pixel, pixel-major so a pixel's vectors for the whole batch are
// contiguous: (H, W, B, F).
template <typename T>
struct PixelMap {
    int H = 0, W = 0, B = 0, F = 0;
    std::vector<T> v;
    void init(int h, int w, int b, int f) {
        H = h, W = w, B = b, F = f;
        v.assign(std::size_t(H) * W * B * F, T(0));
    }
    T* at(int r, int c, int b) { return v.data() + ((std::size_t(r) * W + c) * B + b) * F; }
    // nullptr outside the image (the conv's zero padding)
    const T* at_or_null(int r, int c, int b) const {
        if (r < 0 || c < 0 || r >= H || c >= W) return nullptr;
        return v.data() + ((std::size_t(r) * W + c) * B + b) * F;
    }
};

// The first layer reads the image itself, x (B, C, H, W) scaled by s: its C inputs at a tap are
// gathered into one vector per tap first.
template <typename T>
void gather_input_taps(std::vector<T>& col, const PackedConv<T>& conv, const Tensor4<T>& x, int b,
                       int r, int c, T s) {
    const int C = int(x.shape(1)), H = int(x.shape(2)), W = int(x.shape(3));
    col.assign(std::size_t(conv.taps()) * C, T(0));
    for (int t = 0; t < conv.taps(); ++t) {
        const int rr = r + conv.dy[std::size_t(t)], cc = c + conv.dx[std::size_t(t)];
        if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
        for (int i = 0; i < C; ++i)
            col[std::size_t(t) * C + i] =
                x(std::size_t(b), std::size_t(i), std::size_t(rr), std::size_t(cc)) * s;
    }
}

// (B, taps * F) rows from a map at the conv's taps around (r, c), zeros outside the image
template <typename T>
const T* gather_map(std::vector<T>& col, const PackedConv<T>& conv, const PixelMap<T>& map, int B,
                    int r, int c) {
    const int F = map.F, k = conv.taps() * F;
    col.resize(std::size_t(B) * k);
    for (int b = 0; b < B; ++b)
        for (int t = 0; t < conv.taps(); ++t) {
            const T* src =
                map.at_or_null(r + conv.dy[std::size_t(t)], c + conv.dx[std::size_t(t)], b);
            T* dst = col.data() + std::size_t(b) * k + std::size_t(t) * F;
            if (src)
                std::copy(src, src + F, dst);
            else
                std::fill(dst, dst + F, T(0));
        }
    return col.data();
}

}  // namespace ps::engine
