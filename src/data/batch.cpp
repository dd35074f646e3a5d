// Index: 1. Binarisation  2. Whole-set tensors  3. Shuffled mini-batches
#include "data/batch.hpp"

#include <array>
#include <stdexcept>

namespace ps::data {

// ---------------------------------------------------------------------------------------------
// 1. Binarisation

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// P(x = 1) = p / 255 as a threshold on a uniform 32-bit draw u: x = 1 iff u < round(p 2^32 / 255).
// p = 0 never fires, p = 255 (threshold 2^32) always does.
const std::array<std::uint64_t, 256>& bernoulli_thresholds() {
    static const std::array<std::uint64_t, 256> table = [] {
        std::array<std::uint64_t, 256> t{};
        for (std::uint64_t p = 0; p < 256; ++p) t[p] = ((p << 32) + 127) / 255;
        return t;
    }();
    return table;
}

}  // namespace

const char* to_string(Binarize mode) {
    switch (mode) {
        case Binarize::none:
            return "none";
        case Binarize::threshold:
            return "threshold";
        case Binarize::stochastic:
            return "stochastic";
    }
    return "?";
}

bool parse_binarize(const std::string& text, Binarize& out) {
    for (Binarize m : {Binarize::none, Binarize::threshold, Binarize::stochastic})
        if (text == to_string(m)) {
            out = m;
            return true;
        }
    return false;
}

std::uint64_t stochastic_key(std::uint64_t seed, std::uint64_t epoch, int image_index) {
    return splitmix64(splitmix64(seed ^ splitmix64(epoch)) ^ std::uint64_t(image_index));
}

void convert_image(const std::uint8_t* src, std::size_t n, Binarize mode, std::uint64_t draw_key,
                   float* dst) {
    switch (mode) {
        case Binarize::none:
            for (std::size_t k = 0; k < n; ++k) dst[k] = float(src[k]);
            break;
        case Binarize::threshold:
            for (std::size_t k = 0; k < n; ++k) dst[k] = float(src[k] >> 7);  // 1 iff >= 128
            break;
        case Binarize::stochastic: {
            // A splitmix64 stream keyed by draw_key; each 64-bit output gives two 32-bit uniforms.
            const auto& thr = bernoulli_thresholds();
            std::uint64_t state = draw_key;
            std::size_t k = 0;
            for (; k + 1 < n; k += 2) {
                const std::uint64_t r = splitmix64(state++);
                dst[k] = (r & 0xffffffffull) < thr[src[k]] ? 1.0f : 0.0f;
                dst[k + 1] = (r >> 32) < thr[src[k + 1]] ? 1.0f : 0.0f;
            }
            if (k < n) dst[k] = (splitmix64(state) & 0xffffffffull) < thr[src[k]] ? 1.0f : 0.0f;
            break;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Whole-set tensors

namespace {

void check_index(const Images& images, int i) {
    if (i < 0 || i >= images.count)
        throw std::out_of_range("image index " + std::to_string(i) + " out of range for " +
                                std::to_string(images.count) + " images");
}

// Writes images[indices[first..first+count)] into out (count, C, H, W).
void fill(const Images& images, const int* indices, std::size_t count, Binarize mode,
          std::uint64_t seed, std::uint64_t epoch, float* out) {
    const std::size_t n = images.image_size();
    for (std::size_t b = 0; b < count; ++b) {
        const int i = indices[b];
        check_index(images, i);
        const std::uint64_t key = mode == Binarize::stochastic ? stochastic_key(seed, epoch, i) : 0;
        convert_image(images.image(i), n, mode, key, out + b * n);
    }
}

}  // namespace

xt::xtensor<float, 4> to_tensor(const Images& images, const std::vector<int>& indices,
                                Binarize mode, std::uint64_t seed, std::uint64_t epoch) {
    xt::xtensor<float, 4> out({indices.size(), std::size_t(images.channels),
                               std::size_t(images.rows),
                               std::size_t(images.cols)});  // (N, C, H, W)
    fill(images, indices.data(), indices.size(), mode, seed, epoch, out.data());
    return out;
}

// ---------------------------------------------------------------------------------------------
// 3. Shuffled mini-batches

void shuffle_indices(std::vector<int>& v, std::mt19937_64& rng) {
    // Fisher-Yates: for i = n-1 .. 1 swap v[i] with v[j], j uniform in [0, i]. j comes from
    // Lemire's multiply-shift with rejection: exactly uniform, and unlike
    // std::uniform_int_distribution / std::shuffle the same on every standard library.
    for (std::size_t i = v.size(); i > 1; --i) {
        const std::uint64_t range = i;  // j in [0, i)
        unsigned __int128 m = (unsigned __int128)rng() * range;
        std::uint64_t low = std::uint64_t(m);
        if (low < range) {
            const std::uint64_t reject_below = (0 - range) % range;  // 2^64 mod range
            while (low < reject_below) {
                m = (unsigned __int128)rng() * range;
                low = std::uint64_t(m);
            }
        }
        std::swap(v[i - 1], v[std::size_t(m >> 64)]);
    }
}

BatchIterator::BatchIterator(const Images& images, std::vector<int> indices, int batch_size,
                             Binarize mode, std::uint64_t seed, bool drop_last)
    : m_images(&images),
      m_order(std::move(indices)),
      m_batch_size(batch_size),
      m_mode(mode),
      m_seed(seed),
      m_drop_last(drop_last),
      m_rng(seed) {
    if (batch_size < 1)
        throw std::invalid_argument("batch size must be >= 1, got " + std::to_string(batch_size));
    if (m_order.empty()) throw std::invalid_argument("no images to make batches from");
    if (drop_last && m_order.size() < std::size_t(batch_size))
        throw std::invalid_argument("drop_last with " + std::to_string(m_order.size()) +
                                    " images and batch size " + std::to_string(batch_size) +
                                    " leaves no batch");
    for (int i : m_order) check_index(images, i);
}

int BatchIterator::batches_per_epoch() const {
    const std::size_t n = m_order.size(), b = std::size_t(m_batch_size);
    return int(m_drop_last ? n / b : (n + b - 1) / b);
}

void BatchIterator::start_epoch() {
    ++m_epoch;
    shuffle_indices(m_order, m_rng);  // continues the one stream: epoch e's order depends on e
    m_cursor = 0;
    m_epoch_end =
        m_drop_last ? m_order.size() - m_order.size() % std::size_t(m_batch_size) : m_order.size();
}

const xt::xtensor<float, 4>& BatchIterator::next() {
    if (m_epoch < 0 || m_cursor >= m_epoch_end) start_epoch();
    const std::size_t count = std::min(std::size_t(m_batch_size), m_epoch_end - m_cursor);
    m_batch_indices.assign(m_order.begin() + std::ptrdiff_t(m_cursor),
                           m_order.begin() + std::ptrdiff_t(m_cursor + count));
    m_cursor += count;

    const std::array<std::size_t, 4> shape{count, std::size_t(m_images->channels),
                                           std::size_t(m_images->rows),
                                           std::size_t(m_images->cols)};  // (B, C, H, W)
    if (m_batch.shape() != shape) m_batch.resize(shape);
    fill(*m_images, m_batch_indices.data(), count, m_mode, m_seed, std::uint64_t(m_epoch),
         m_batch.data());
    return m_batch;
}

}  // namespace ps::data
