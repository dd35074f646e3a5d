// The two output kinds (DESIGN.md §2) and their negative log-likelihoods, in nats.
//
// Bernoulli (binarised data, K = C logits per pixel, x in {0, 1}):
//   (1)  nll = sum_{c,y,x} softplus(l) - x * l          = -log sigmoid(l) if x=1, -log(1-sigmoid(l)) else
//   (2)  dl  = sigmoid(l) - x
// Softmax-256 (grey/colour data, K = 256*C logits, x in 0..255): channel c's 256 logits are
// features [256c, 256c + 256) of the logits map,
//   (3)  nll = sum_{c,y,x} logsumexp_v(l_{c,v}) - l_{c,x}
//   (4)  dl_{c,v} = softmax_v(l_c)_v - [v == x]
// bits/dim = nll / (H * W * C * ln 2), as the PixelRNN paper reports it.
#pragma once

#include <string>

#include "engine/tensor.hpp"

namespace ps::engine {

enum class OutputKind { bernoulli, softmax256 };

const char* to_string(OutputKind kind);                         // "bernoulli" | "softmax256"
bool parse_output_kind(const std::string& text, OutputKind& out);
int logits_per_pixel(OutputKind kind, int channels);  // K

// nll (B): nats per image, written (not added). logits (B, K, H, W), x (B, C, H, W).
template <typename T>
void nll_forward(T* nll, const Tensor4<T>& logits, const Tensor4<T>& x, OutputKind kind);
// dlogits (B, K, H, W) += scale * d(sum of nll)/dlogits   (scale = 1/B for a batch mean)
template <typename T>
void nll_backward(Tensor4<T>& dlogits, const Tensor4<T>& logits, const Tensor4<T>& x,
                  OutputKind kind, T scale);

double bits_per_dim(double nats_per_image, int channels, int height, int width);

}  // namespace ps::engine
