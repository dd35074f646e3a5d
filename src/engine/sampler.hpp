// Autoregressive sampling (DESIGN.md §6). Positions go in raster order and, within a pixel,
// channel R then G then B, so each draw conditions on everything before it:
//
//   bernoulli:   x = [u < sigmoid(l / temperature)]                     u ~ U(0, 1)
//   softmax256:  x = v with probability softmax(l_c / temperature)_v
//
// A state machine over position = (row * W + col) * C + channel, for a batch of `count` images at
// once: step() draws one position for every image, step_back() undoes the last step exactly (the
// drawn values, the RNG state and the shown distribution are kept in a history), run() draws the
// rest; reset() starts again; reset_with_prefix() keeps the first rows of given images bit for bit
// (completion). Draws come from std::mt19937_64(seed) in order (position, image), so a seed fixes
// the samples, whatever the mode.
//
// Two modes that draw the same samples for the same seed:
//   naive   one full forward pass of the batch per position: H*W*C passes
//   cached  Model::forward_pixel: each layer's activation at each pixel computed once (C = 1), from
//           the cached activations of the layer below; about one forward pass for the whole image
//           (C times for C = 3, where a pixel is recomputed as each of its channels is drawn).
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "engine/model.hpp"

namespace ps::engine {

enum class SampleMode { naive, cached };
const char* to_string(SampleMode mode);
// "naive" / "cached"; throws EngineError naming the text otherwise
SampleMode sample_mode_from_string(const std::string& text);

class Sampler {
public:
    // Throws EngineError for count < 1, or cached mode on a model without forward_pixel.
    Sampler(const Model<float>& model, int count, std::uint64_t seed, double temperature = 1.0,
            SampleMode mode = SampleMode::naive);

    // Back to the first position (history cleared); rows < keep_rows are copied from prefix
    // (count, C, H, W) and not drawn.
    void reset(const Tensor4<float>* prefix = nullptr, int keep_rows = 0);
    void reset_with_prefix(const Tensor4<float>& prefix, int keep_rows) {
        reset(&prefix, keep_rows);
    }
    // Take effect at the next reset (they fix the whole sequence of draws).
    void set_seed(std::uint64_t seed) { m_seed = seed; }
    void set_temperature(double t) { m_temperature = t > 1e-6 ? t : 1e-6; }
    // May change at any position: both modes give the same draws.
    void set_mode(SampleMode mode);

    bool done() const { return m_position >= m_total; }
    void step();       // one (row, col, channel) for every image
    bool step_back();  // false at the first position (or the first after a prefix)
    void run();        // until done()

    long long position() const { return m_position; }
    long long total() const { return m_total; }
    long long first_position() const { return m_first; }  // after the prefix rows
    int row() const;                                      // of the next position to draw
    int col() const;
    int channel() const;
    int count() const { return int(m_images.shape(0)); }
    SampleMode mode() const { return m_mode; }
    std::uint64_t seed() const { return m_seed; }
    double temperature() const { return m_temperature; }
    const Tensor4<float>& images() const { return m_images; }  // (count, C, H, W)

    // The last step's distribution for image b: p(x=1) for bernoulli, 256 probabilities else;
    // empty before the first step.
    const std::vector<float>& last_distribution() const { return m_dist[0]; }
    const std::vector<float>& last_distribution(int b) const { return m_dist[std::size_t(b)]; }
    // The last step's position (-1 before the first step) and the value it drew for image b.
    long long last_position() const { return m_history.empty() ? -1 : m_history.back().position; }
    float last_value(int b) const;

private:
    struct Undo {
        long long position;
        std::mt19937_64 rng;                       // before the step
        std::vector<float> old_values;             // (count)
        std::vector<std::vector<float>> old_dist;  // per image
    };
    void logits_at(int y, int x, int ch);  // fills m_pixel_logits (count, K)

    const Model<float>* m_model;
    std::unique_ptr<ModelCache> m_cache;
    std::unique_ptr<PixelState> m_pixel_state;
    long long m_valid = 0;  // cached mode: pixels whose activations in every layer are final
    std::uint64_t m_seed;
    double m_temperature;
    SampleMode m_mode;
    std::mt19937_64 m_rng;
    Tensor4<float> m_images, m_logits;
    std::vector<float> m_pixel_logits;  // (count, K)
    long long m_position = 0, m_total = 0, m_first = 0;
    std::vector<std::vector<float>> m_dist;
    std::vector<Undo> m_history;
};

}  // namespace ps::engine
