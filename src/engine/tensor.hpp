// The engine's vocabulary: tensor aliases, the shape glossary, and its exception type.
//
// Shape glossary (every `// (...)` comment in src/engine uses these letters):
//   B  batch (images)            C  image channels (1 grey/binary, 3 RGB)
//   H, W  image rows, columns    h  hidden features (2h flow between PixelCNN blocks)
//   G = 4h  LSTM gates           S = H + W - 1  skewed width (Diagonal BiLSTM)
//   K  logits per pixel: C (Bernoulli) or 256*C (softmax)
//
// Layout is (B, C, H, W) row-major: feature planes of H*W values, one image after another.
//
// Layer convention (as in llm.c), for every layer of the engine:
//   layer_forward(out, caches..., inp, weights..., sizes...)
//   layer_backward(dinp, dweights..., dout, caches..., inp, weights..., sizes...)
// Backward ADDS into every d<name> (dinp[i] += ...); the caller zeroes them. That is what lets a
// residual stream and several threads' weight gradients accumulate without copies.
#pragma once

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

namespace ps::engine {

template <typename T>
using Tensor1 = xt::xtensor<T, 1>;
template <typename T>
using Tensor4 = xt::xtensor<T, 4>;

// Thrown for every misuse the engine can detect (wrong shape, unknown name, bad config); the
// message names the tensor or parameter and the shapes involved.
class EngineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// v = 0 everywhere: a d-buffer before a backward adds into it
template <typename T>
void zero(std::vector<T>& v) {
    std::fill(v.begin(), v.end(), T(0));
}

// "(2, 3, 4, 4)"
template <typename Shape>
std::string shape_string(const Shape& shape) {
    std::string s = "(";
    bool first = true;
    for (auto d : shape) {
        if (!first) s += ", ";
        s += std::to_string(d);
        first = false;
    }
    return s + ")";
}

}  // namespace ps::engine
