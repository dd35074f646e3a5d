// From u8 images to the float tensors the models take: binarisation, whole-set tensors for
// evaluation, and seeded shuffled mini-batches for training.
//
//   Binarize::threshold   x = 1 if pixel >= 128 else 0          (every reported NLL uses this)
//   Binarize::stochastic  x ~ Bernoulli(pixel / 255)            (a training option; redrawn each
//                         epoch, a pure function of (seed, epoch, image index, pixel position))
//   Binarize::none        x = pixel, 0..255 as a float integer  (for the 256-way softmax models)
//
// Tensors are (B, C, H, W), B the number of images, C channels, H x W the image.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "data/dataset.hpp"

namespace ps::data {

enum class Binarize { none, threshold, stochastic };

const char* to_string(Binarize mode);                         // "none" | "threshold" | "stochastic"
bool parse_binarize(const std::string& text, Binarize& out);  // false if not one of those

// Converts one image (n = C*H*W u8 values) into floats. `draw_key` seeds the stochastic draws
// (ignored otherwise); stochastic_key() makes it from (seed, epoch, image index).
void convert_image(const std::uint8_t* src, std::size_t n, Binarize mode, std::uint64_t draw_key,
                   float* dst);
std::uint64_t stochastic_key(std::uint64_t seed, std::uint64_t epoch, int image_index);

// The images at `indices`, in that order, as one (N, C, H, W) tensor. Stochastic draws use
// stochastic_key(seed, epoch, index), so they match what BatchIterator gives in that epoch.
// Throws std::out_of_range for an index outside the images.
xt::xtensor<float, 4> to_tensor(const Images& images, const std::vector<int>& indices,
                                Binarize mode, std::uint64_t seed = 0, std::uint64_t epoch = 0);

// Shuffled mini-batches over `indices` (e.g. Dataset::train), endlessly: each epoch visits every
// index once, in an order drawn from std::mt19937_64(seed) (a Fisher-Yates shuffle with an
// unbiased bounded draw, so the order is the same on every standard library). The last batch of
// an epoch holds the remainder (N % B images) unless drop_last. The images must outlive this.
class BatchIterator {
public:
    BatchIterator(const Images& images, std::vector<int> indices, int batch_size, Binarize mode,
                  std::uint64_t seed, bool drop_last = false);

    // The next batch (B, C, H, W); the reference stays valid until the next call. Crossing the end
    // of an epoch reshuffles and (stochastic) redraws.
    const xt::xtensor<float, 4>& next();

    const std::vector<int>& batch_indices() const { return m_batch_indices; }  // of the last batch
    int epoch() const { return m_epoch; }  // epoch of the last batch (0 before the first call)
    bool epoch_finished() const { return m_cursor >= m_epoch_end; }  // last batch ended an epoch
    int batches_per_epoch() const;
    int batch_size() const { return m_batch_size; }
    std::size_t size() const { return m_order.size(); }  // indices per epoch

private:
    void start_epoch();

    const Images* m_images;
    std::vector<int> m_order;  // this epoch's shuffled indices
    int m_batch_size;
    Binarize m_mode;
    std::uint64_t m_seed;
    bool m_drop_last;
    std::mt19937_64 m_rng;
    int m_epoch = -1;  // becomes 0 when the first batch starts epoch 0
    std::size_t m_cursor = 0, m_epoch_end = 0;
    std::vector<int> m_batch_indices;
    xt::xtensor<float, 4> m_batch;
};

// Fisher-Yates shuffle of v with rng (exposed for tests and the trainer's own draws).
void shuffle_indices(std::vector<int>& v, std::mt19937_64& rng);

}  // namespace ps::data
