// Gated PixelCNN(h, L), the project's fixed definition (docs/gated-pixelcnn.md; after van den Oord
// et al. 2016, "Conditional Image Generation with PixelCNN Decoders").
//
//   x (B, C, H, W)  --scale-->  u = x * s              s = 1 (bernoulli) or 1/255 (softmax256)
//   gate(a) = tanh(a[:h]) * sigmoid(a[h:])             a (2h, H, W) -> (h, H, W)
//   input (stage 0):
//   (1)  a_v0 = input.vertical(u)            7x7, rows strictly above (dr = -3..-1), C -> 2h
//   (2)  v_0  = gate(a_v0)                                                          (B, h, H, W)
//   (3)  a_h0 = input.horizontal(u) + input.link(a_v0)   1x7 mask A (dc = -3..0), 1x1 2h -> 2h
//   (4)  g_0  = gate(a_h0)                                                          (B, h, H, W)
//   layer i = 1..L (layers.{i-1}):
//   (5)  a_v = vertical(v_{i-1})             3x3, rows dr = -1, 0 (vertical-inclusive), h -> 2h
//   (6)  v_i = gate(a_v)
//   (7)  a_h = horizontal(g_{i-1}) + link(a_v)           1x3 mask B (dc = -1, 0), 1x1 2h -> 2h
//   (8)  t_i = gate(a_h)
//   (9)  g_i = g_{i-1} + residual(t_i)       1x1 mask B, h -> h
//   head on g_L:
//   (10) logits = head.1(relu(head.0(relu(g_L))))     1x1 mask B h -> 2h, 1x1 mask B 2h -> K
//
//          vertical stack                    horizontal stack
//     v_{i-1} ──[3x3 rows r-1, r]──> a_v ──gate──> v_i
//                                     │
//                                  [1x1 link]
//                                     v
//     g_{i-1} ──[1x3 mask B: c-1, c]──(+)──> a_h ──gate──> t ──[1x1]──(+)──> g_i
//        └──────────────────────────────────────────────────────────────┘ (residual)
//
//   vertical taps (input 7x7)     vertical taps (3x3)     horizontal (1x7 A / 1x3 B)
//   1 1 1 1 1 1 1                 1 1 1                   1 1 1 c . . .   /   1 c .
//   1 1 1 1 1 1 1                 1 1 1  <- row r         (c: centre, channel groups)
//   1 1 1 1 1 1 1                 0 0 0
//   0 0 0 0 0 0 0  <- row r
//   0 0 0 0 0 0 0 ...
//
// Why it is causal: v_0(r, c) sees only rows < r, and a vertical-inclusive layer reads v at rows
// r-1 and r, which see only rows < r; so a_v(r, c) may feed the horizontal stack at the same
// (r, c). The horizontal stack sees row r left of c (and c itself through earlier channels).
// There is no blind-spot wedge: the vertical stack at (r, c) covers columns c-3-i .. c+3+i of
// the rows above, and the links hand it to the horizontal stack at every step.
//
// Channel groups (C = 3): a 2h pre-activation gives feature j the group of j mod h
// (gated_groups), so both halves of a unit share its group. The vertical convs and the links need
// no channel mask (nothing on them has seen row r); horizontal, residual and head use the groups.
#pragma once

#include "engine/model_parts.hpp"

namespace ps::engine {

template <typename T>
class GatedPixelCnn final : public Model<T> {
public:
    explicit GatedPixelCnn(const ModelConfig& config);

    std::unique_ptr<ModelCache> make_cache() const override;
    void forward(Tensor4<T>& logits, ModelCache& cache, const Tensor4<T>& x) const override;
    void backward(Gradients<T>& dparams, Tensor4<T>* dx, const Tensor4<T>& dlogits,
                  ModelCache& cache, const Tensor4<T>& x) const override;
    // cached_gated_pixelcnn.cpp: the vertical stack a row at a time (it never reads row r), the
    // horizontal stack and head at one pixel
    std::unique_ptr<PixelState> make_pixel_state(int B) const override;
    void forward_pixel(T* logits, PixelState& state, const Tensor4<T>& x, int r,
                       int c) const override;

private:
    struct Stage {  // stage 0 is `input` (no residual), stage i the layer layers.{i-1}
        MaskedConv<T> vertical, horizontal, link, residual;
    };
    std::vector<Stage> m_stages;  // L + 1
    Head<T> m_head;  // model_parts.hpp
};

// (gate)  out (h, N) = tanh(a[:h]) * sigmoid(a[h:]); act (2h, N) keeps [tanh | sigmoid]
template <typename T>
void gate_forward(T* out, T* act, const T* a, int h, std::size_t N);
// da (2h, N) += d gate / d a applied to dout
template <typename T>
void gate_backward(T* da, const T* dout, const T* act, int h, std::size_t N);

}  // namespace ps::engine
