// Masked 2-D convolution (same padding, stride 1) and ReLU: the layers PixelCNN is made of.
//
// Sections: 1. shapes and taps   2. plain-loop reference   3. fast path (im2col + GEMM)   4. ReLU
//
// (1)  out[b,o,y,x] = bias[o] + sum_{i,ky,kx} w[o,i,ky,kx] * inp[b,i, y+ky-cy, x+kx-cx]
//      (zero outside the image; cy = kh/2, cx = kw/2; w already holds exact zeros where the
//      mask drops a tap, see mask.hpp)
// (2)  dinp[b,i,y',x'] += sum_{o,ky,kx} w[o,i,ky,kx] * dout[b,o, y'-ky+cy, x'-kx+cx]
// (3)  dw[o,i,ky,kx]   += mask[o,i,ky,kx] * sum_{b,y,x} dout[b,o,y,x] * inp[b,i,y+ky-cy,x+kx-cx]
// (4)  dbias[o]        += sum_{b,y,x} dout[b,o,y,x]
//
// The fast path writes (1) as one GEMM per image over only the taps the mask keeps (a 7x7 mask A
// keeps 24 of 49, a 3x3 mask B keeps 5 of 9):
//
//   col[i*T + t, p] = inp[i, p + offset(t)]            (C_in*T, H*W)   im2col over kept taps
//   wp[o, i*T + t]  = w[o, i, tap t]                   (C_out, C_in*T) packed weights
//   out[:, p]       = wp @ col + bias                  (C_out, H*W)
//   dwp            += dout @ col^T,  dcol = wp^T @ dout, dinp += col2im(dcol)
//
// With C_in >= 8 the kxk backward skips im2col and col2im: one GEMM pair per kept tap on shifted
// views of the planes (conv.cpp, conv2d_backward_by_taps). A 1x1 kernel needs no im2col:
// out = w @ inp. Pointers are (B, C, H, W) row-major buffers; every backward ADDS into its
// d-buffers (pass nullptr for a dinp nobody needs, e.g. the input layer), except that
// conv2d_backward(..., overwrite_dinp = true) writes a fresh dinp without zeroing it first. GEMMs go through gemm.hpp (OpenBLAS, split to stay on its small-matrix kernels).
#pragma once

#include <vector>

#include "engine/tensor.hpp"

namespace ps::engine {

// 1. shapes and taps -----------------------------------------------------------------------------

struct ConvShape {
    int B = 0, in = 0, out = 0, H = 0, W = 0, kh = 1, kw = 1;
};

// The kernel positions the mask keeps for at least one (o, i) pair, in raster order; the fast
// path computes only these.
struct ConvTaps {
    std::vector<int> ky, kx;
    int count() const { return int(ky.size()); }
};
template <typename T>
ConvTaps kept_taps(const Tensor4<T>& mask);  // mask (out, in, kh, kw)

// 2. plain-loop reference: equations (1)-(4) as written, the mask applied explicitly -------------

template <typename T>
void conv2d_forward_ref(T* out, const T* inp, const T* w, const T* bias, const T* mask,
                        const ConvShape& s);
template <typename T>
void conv2d_backward_ref(T* dinp, T* dw, T* dbias, const T* dout, const T* inp, const T* w,
                         const T* mask, const ConvShape& s);

// 3. fast path -----------------------------------------------------------------------------------
// `scratch` is resized as needed and may be reused between calls (one per thread).

// bias may be nullptr (no bias: the GEMM then writes out instead of adding to a filled one).
// accumulate: out += conv(inp) instead of out = conv(inp) (a residual stream adds a layer's
// output in place, without a buffer and a pass of its own)
template <typename T>
void conv2d_forward(T* out, std::vector<T>& scratch, const T* inp, const T* w, const T* bias,
                    const ConvTaps& taps, const ConvShape& s, bool accumulate = false);
// overwrite_dinp: write dinp instead of adding into it (the one exception to "backward adds",
// for a caller whose dinp buffer is fresh: it saves zeroing it first). dw must hold exact zeros
// where the mask is 0 (param.hpp keeps every gradient so); it still does afterwards.
template <typename T>
void conv2d_backward(T* dinp, T* dw, T* dbias, std::vector<T>& scratch, const T* dout,
                     const T* inp, const T* w, const T* mask, const ConvTaps& taps,
                     const ConvShape& s, bool overwrite_dinp = false);

// 4. ReLU ----------------------------------------------------------------------------------------
// (5)  out = max(inp, 0)          (6)  dinp += dout * [out > 0]
// Backward reads the forward's output (out > 0 iff inp > 0), so inp need not be kept.

template <typename T>
void relu_forward(T* out, const T* inp, std::size_t n);
// (5') out = max(inp + bias[c], 0) over (B, C, n): a conv run without its bias and the ReLU after
// it, in one pass (for B*C planes of n values)
template <typename T>
void bias_relu_forward(T* out, const T* inp, const T* bias, int B, int C, std::size_t n);
template <typename T>
void relu_backward(T* dinp, const T* dout, const T* out, std::size_t n);
// (6') in place, d *= [out > 0]: turns dout into dinp when nothing else needs dout, saving a
// zeroed buffer and a pass (the one exception to "backward adds", and named so)
template <typename T>
void relu_backward_inplace(T* d, const T* out, std::size_t n);

}  // namespace ps::engine
