// Autoregressive sampling (DESIGN.md §6), the naive mode: one full forward pass per
// (row, col, channel) position, H*W*C passes for a batch of images. Positions go in raster order
// and, within a pixel, channel R then G then B, so each draw conditions on everything before it.
//
//   bernoulli:   x = [u < sigmoid(l / temperature)]                     u ~ U(0, 1)
//   softmax256:  x = v with probability softmax(l_c / temperature)_v
//
// A state machine: step() draws one position for every image, run() draws the rest; reset()
// starts again, optionally keeping the first `keep_rows` rows of a prefix (completion). Draws come
// from std::mt19937_64(seed) in order (position, image), so a seed fixes the samples.
#pragma once

#include <cstdint>
#include <memory>
#include <random>

#include "engine/model.hpp"

namespace ps::engine {

class Sampler {
public:
    Sampler(const Model<float>& model, int count, std::uint64_t seed, double temperature = 1.0);

    // Back to the first position; rows < keep_rows are copied from prefix (count, C, H, W).
    void reset(const Tensor4<float>* prefix = nullptr, int keep_rows = 0);
    bool done() const { return m_position >= m_total; }
    void step();  // one (row, col, channel) for every image
    void run();   // until done()

    int row() const;
    int col() const;
    int channel() const;
    const Tensor4<float>& images() const { return m_images; }  // (count, C, H, W)
    // The last step's distribution for image 0: p(x=1) for bernoulli, 256 probabilities else.
    const std::vector<float>& last_distribution() const { return m_last_distribution; }

private:
    const Model<float>* m_model;
    std::unique_ptr<ModelCache> m_cache;
    std::uint64_t m_seed;
    double m_temperature;
    std::mt19937_64 m_rng;
    Tensor4<float> m_images, m_logits;
    long long m_position = 0, m_total = 0;  // position = (row * W + col) * C + channel
    std::vector<float> m_last_distribution;
};

}  // namespace ps::engine
