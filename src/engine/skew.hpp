// Skew and unskew (PixelRNN, Diagonal BiLSTM): row r of an H x W map is shifted right by r, so
// every diagonal of the image becomes one column of an H x S map (S = H + W - 1), and a column
// walk left to right visits the image one anti-diagonal at a time.
//
//   image (H=3, W=4)          skewed (H=3, S=6)
//     a b c d                   a b c d . .
//     e f g h         ->        . e f g h .
//     i j k l                   . . i j k l
//
//   (1)  skew:    out[f, r, r + c] = inp[f, r, c]      (every other cell of out is 0)
//   (2)  unskew:  out[f, r, c]     = inp[f, r, r + c]  (the cells off the image are dropped)
//
// Both are linear and each is the other's transpose on the image cells, so
//   skew_backward:   dinp[f, r, c]     += dout[f, r, r + c]   (unskew of the gradient)
//   unskew_backward: dinp[f, r, r + c] += dout[f, r, c]       (skew of the gradient)
// Buffers are (F, H, W) and (F, H, S) row-major, F feature planes (any leading batch folds in).
#pragma once

#include <cstddef>

namespace ps::engine {

inline int skewed_width(int H, int W) { return H + W - 1; }  // S

template <typename T>
void skew_forward(T* out, const T* inp, int F, int H, int W);     // out (F, H, S), inp (F, H, W)
template <typename T>
void skew_backward(T* dinp, const T* dout, int F, int H, int W);  // dinp (F,H,W) += unskew(dout)
template <typename T>
void unskew_forward(T* out, const T* inp, int F, int H, int W);   // out (F, H, W), inp (F, H, S)
template <typename T>
void unskew_backward(T* dinp, const T* dout, int F, int H, int W);  // dinp (F,H,S) += skew(dout)

}  // namespace ps::engine
