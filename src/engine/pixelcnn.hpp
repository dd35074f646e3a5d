// PixelCNN(h, L) of DESIGN.md §2 (van den Oord et al. 2016, "Pixel Recurrent Neural Networks").
//
//   x (B, C, H, W)  --scale-->  u = x * s          s = 1 (bernoulli) or 1/255 (softmax256)
//   (1)  z_0 = input(u)                     7x7 mask A, C -> 2h            (B, 2h, H, W)
//   block l = 0..L-1:
//   (2)  r1 = relu(z_l)                                                      (B, 2h, H, W)
//   (3)  r2 = relu(reduce(r1))              1x1 mask B, 2h -> h              (B, h, H, W)
//   (4)  r3 = relu(conv(r2))                3x3 mask B, h -> h               (B, h, H, W)
//   (5)  z_{l+1} = z_l + expand(r3)         1x1 mask B, h -> 2h  (the skip)  (B, 2h, H, W)
//   head:
//   (6)  r4 = relu(z_L)                                                      (B, 2h, H, W)
//   (7)  r5 = relu(head.0(r4))              1x1 mask B, 2h -> 2h             (B, 2h, H, W)
//   (8)  logits = head.1(r5)                1x1 mask B, 2h -> K              (B, K, H, W)
//
// Channel groups: the input's channel c is group c; every 2h- and h-wide map is split into C
// contiguous groups (contiguous_groups), and the logits too (K = C: logit c is group c; K = 256C:
// logits [256c, 256c+256) are group c). The 1x1 layers inside the blocks are mask B: with C = 1
// that is no mask at all, with C = 3 it keeps G features from reading B features of the same
// pixel, which a plain 1x1 would let through.
//
// Only the ReLU outputs are cached (r1, r2, r3 per block, r4, r5): relu'(a) = [relu(a) > 0], and
// the residual stream z itself is never needed by the backward.
#pragma once

#include "engine/model_parts.hpp"

namespace ps::engine {

template <typename T>
class PixelCnn final : public Model<T> {
public:
    explicit PixelCnn(const ModelConfig& config);

    std::unique_ptr<ModelCache> make_cache() const override;
    void forward(Tensor4<T>& logits, ModelCache& cache, const Tensor4<T>& x) const override;
    void backward(Gradients<T>& dparams, Tensor4<T>* dx, const Tensor4<T>& dlogits,
                  ModelCache& cache, const Tensor4<T>& x) const override;
    // cached_pixelcnn.cpp: equations (1)-(8) at one pixel
    std::unique_ptr<PixelState> make_pixel_state(int B) const override;
    void forward_pixel(T* logits, PixelState& state, const Tensor4<T>& x, int r,
                       int c) const override;

private:
    struct Block {
        MaskedConv<T> reduce, conv, expand;
    };
    MaskedConv<T> m_input;
    std::vector<Block> m_blocks;
    Head<T> m_head;  // model_parts.hpp
};

}  // namespace ps::engine
