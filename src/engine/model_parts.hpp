// The pieces every architecture shares (DESIGN.md §2): the scaled input with its gradient, and
// the output head. Each model keeps its own cache buffers and passes them in, one image at a time.
//
//   input:  u = x * s          s = 1 (bernoulli) or 1/255 (softmax256)       (B, C, H, W)
//   head:   r4 = relu(z)                                                       (F, H, W)
//           r5 = relu(head.0(r4))          1x1 mask B, F -> 2h                 (2h, H, W)
//           logits = head.1(r5)            1x1 mask B, 2h -> K                 (K, H, W)
// F is what the last layer hands over: 2h (PixelCNN, Row LSTM, Diagonal BiLSTM) or h (Gated).
#pragma once

#include <string>
#include <vector>

#include "engine/model.hpp"

namespace ps::engine {

// s of u = x * s
template <typename T>
T input_scale(const ModelConfig& config) {
    return config.output == OutputKind::bernoulli ? T(1) : T(1) / T(255);
}

// u (B, C, H, W) = x * s
template <typename T>
void scale_input(std::vector<T>& u, const Tensor4<T>& x, const ModelConfig& config);

// Before a backward adds into dx: sizes it like x and zeroes it, unless it already has x's shape
// (then it is the caller's accumulator and keeps its values).
template <typename T>
void prepare_dx(Tensor4<T>& dx, const Tensor4<T>& x);

// forward was: u = x * s   so: dx[b] += s * du        du (C, H, W), one image
template <typename T>
void add_input_gradient(Tensor4<T>& dx, int b, const T* du, const ModelConfig& config);

// The cache a backward reads: made by this architecture (a Cache) and holding a forward of x's
// batch, which dlogits must have too. Throws EngineError naming the architecture and the shapes.
template <typename Cache, typename T>
Cache& forward_cache(ModelCache& cache, const Tensor4<T>& dlogits, const Tensor4<T>& x,
                     const std::string& arch) {
    auto* c = dynamic_cast<Cache*>(&cache);
    if (!c) throw EngineError(arch + " backward: the cache was made by another architecture");
    if (std::size_t(c->B) != x.shape(0) || dlogits.shape(0) != x.shape(0))
        throw EngineError(arch + " backward: cache holds a forward of batch " +
                          std::to_string(c->B) + ", x is " + shape_string(x.shape()) +
                          ", dlogits is " + shape_string(dlogits.shape()));
    return *c;
}

template <typename T>
struct Head {
    MaskedConv<T> head0, head1;  // params "head.0.*", "head.1.*"

    // in = F; channel groups as everywhere: F, 2h and K split into C contiguous groups
    void add(ParamList<T>& params, int in, int h, int K, int C);

    // One image. r4 (F, H, W) and r5 (2h, H, W) are written (the caller keeps them for the
    // backward); pre (2h, H, W) is scratch.
    void forward(T* logits, T* r4, T* r5, T* pre, std::vector<T>& scratch, const T* z,
                 const ParamList<T>& params, int H, int W) const;

    // One image: dz (F, H, W) += dL/dz, dparams += ..., from dlogits (K, H, W) and the forward's
    // r4, r5. dr5 (2h, H, W) and dr4 (F, H, W) are scratch, overwritten.
    void backward(T* dz, Gradients<T>& dparams, T* dr5, T* dr4, std::vector<T>& scratch,
                  const T* dlogits, const T* r4, const T* r5, const ParamList<T>& params, int H,
                  int W) const;
};

}  // namespace ps::engine
