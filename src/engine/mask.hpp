// Causal masks for convolution kernels (DESIGN.md §2), for any odd kernel and any channel groups.
//
// Raster order: a pixel may only see pixels above it and to its left in its own row. For a
// kh x kw kernel with centre (cy, cx) = (kh/2, kw/2), tap (ky, kx) is kept iff
//
//   (1)  ky < cy                       (every row above the centre)
//   (2)  ky == cy and kx < cx          (left of the centre in the centre row)
//   (3)  ky == cy and kx == cx  and  g_in(i) <  g_out(o)   mask A
//                                    g_in(i) <= g_out(o)   mask B
//
// where g_out(o), g_in(i) are the channel groups of output feature o and input feature i. With
// C = 1 every feature is in group 0, so (3) says: A drops the centre, B keeps it.
//
//   5x5, C = 1:   mask A        mask B
//                 1 1 1 1 1     1 1 1 1 1
//                 1 1 1 1 1     1 1 1 1 1
//                 1 1 0 0 0     1 1 1 0 0
//                 0 0 0 0 0     0 0 0 0 0
//                 0 0 0 0 0     0 0 0 0 0
//
// With C = 3 the features are split into groups R=0, G=1, B=2, and the centre tap connects
//
//   mask A (input -> output)       mask B
//          in: R G B                in: R G B
//   out R      . . .         out R      x . .
//   out G      x . .         out G      x x .
//   out B      x x .         out B      x x x
//
// so the logits of channel G at pixel p see R at p (through the first layer) but never B at p.
//
// The group of each feature is an argument, not a rule baked in here: PixelCNN uses contiguous
// groups over each layer's width (contiguous_groups), and a gated layer whose 2h pre-activation is
// [tanh half | sigmoid half] must give feature j the group of feature j mod h (gated_groups), so
// that both halves of a unit share its group.
#pragma once

#include <string>
#include <vector>

#include "engine/tensor.hpp"

namespace ps::engine {

enum class MaskType { A, B, none };  // none: every tap kept (state-to-state convs)

const char* to_string(MaskType type);

// group of feature j = floor(j * groups / features): contiguous, as equal as the width allows
// (2h = 32 features, 3 groups -> 11, 11, 10). groups = 1 puts everything in group 0.
std::vector<int> contiguous_groups(int features, int groups);
// 2h features as two halves [a | b] of h each: group(j) = contiguous_groups(h, groups)[j mod h].
std::vector<int> gated_groups(int features, int groups);

// The 0/1 mask, (out, in, kh, kw) as PyTorch lays out a conv weight. Throws EngineError for an
// even kernel or group lists whose sizes are not out and in.
template <typename T>
Tensor4<T> build_mask(int out, int in, int kh, int kw, MaskType type,
                      const std::vector<int>& out_groups, const std::vector<int>& in_groups);

// One row per kernel row, '1'/'0' per tap, for output feature o and input feature i, e.g. the
// pictures above. For tests and the views.
template <typename T>
std::string mask_picture(const Tensor4<T>& mask, int o, int i);

}  // namespace ps::engine
