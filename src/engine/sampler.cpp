#include "engine/sampler.hpp"

#include <algorithm>
#include <cmath>

namespace ps::engine {

const char* to_string(SampleMode mode) {
    return mode == SampleMode::naive ? "naive" : "cached";
}

SampleMode sample_mode_from_string(const std::string& text) {
    if (text == "naive") return SampleMode::naive;
    if (text == "cached") return SampleMode::cached;
    throw EngineError("sample mode '" + text + "' is not naive or cached");
}

Sampler::Sampler(const Model<float>& model, int count, std::uint64_t seed, double temperature,
                 SampleMode mode)
    : m_model(&model),
      m_cache(model.make_cache()),
      m_seed(seed),
      m_temperature(temperature > 1e-6 ? temperature : 1e-6),
      m_mode(SampleMode::naive) {
    const ModelConfig& c = model.config();
    if (count < 1) throw EngineError("Sampler: count must be >= 1, got " + std::to_string(count));
    m_images = xt::zeros<float>(
        {std::size_t(count), std::size_t(c.channels), std::size_t(c.height), std::size_t(c.width)});
    m_total = (long long)c.height * c.width * c.channels;
    m_pixel_logits.resize(std::size_t(count) * c.logits());
    set_mode(mode);
    reset();
}

void Sampler::set_mode(SampleMode mode) {
    if (mode == SampleMode::cached && !m_pixel_state) {
        m_pixel_state = m_model->make_pixel_state(count());
        if (!m_pixel_state)
            throw EngineError("Sampler: " + m_model->config().arch +
                              " has no cached (incremental) forward");
        m_valid = 0;  // a fresh state: every pixel before the next is recomputed on demand
    }
    m_mode = mode;
}

void Sampler::reset(const Tensor4<float>* prefix, int keep_rows) {
    const ModelConfig& c = m_model->config();
    keep_rows = std::clamp(keep_rows, 0, c.height);
    if (prefix && keep_rows > 0 && prefix->shape() != m_images.shape())
        throw EngineError("Sampler::reset: prefix " + shape_string(prefix->shape()) + " is not " +
                          shape_string(m_images.shape()));
    std::fill(m_images.begin(), m_images.end(), 0.0f);
    if (prefix && keep_rows > 0) {
        for (std::size_t b = 0; b < m_images.shape(0); ++b)
            for (std::size_t ch = 0; ch < m_images.shape(1); ++ch)
                for (int y = 0; y < keep_rows; ++y)
                    for (int x = 0; x < c.width; ++x)
                        m_images(b, ch, std::size_t(y), std::size_t(x)) =
                            (*prefix)(b, ch, std::size_t(y), std::size_t(x));
    } else {
        keep_rows = 0;
    }
    m_rng.seed(m_seed);
    m_first = m_position = (long long)keep_rows * c.width * c.channels;
    m_valid = 0;  // the prefix changed the pixels every cached activation was computed from
    m_history.clear();
    m_dist.assign(std::size_t(count()), {});
}

int Sampler::row() const {
    const ModelConfig& c = m_model->config();
    return int(m_position / ((long long)c.width * c.channels));
}
int Sampler::col() const {
    const ModelConfig& c = m_model->config();
    return int((m_position / c.channels) % c.width);
}
int Sampler::channel() const {
    return int(m_position % m_model->config().channels);
}

float Sampler::last_value(int b) const {
    if (m_history.empty()) return 0.0f;
    const ModelConfig& c = m_model->config();
    const long long p = m_history.back().position;
    const long long pixel = p / c.channels;
    return m_images(std::size_t(b), std::size_t(p % c.channels), std::size_t(pixel / c.width),
                    std::size_t(pixel % c.width));
}

void Sampler::logits_at(int y, int x, int ch) {
    const ModelConfig& c = m_model->config();
    const int K = c.logits();
    if (m_mode == SampleMode::naive) {
        m_model->forward(m_logits, *m_cache, m_images);  // (count, K, H, W)
        for (int b = 0; b < count(); ++b)
            for (int k = 0; k < K; ++k)
                m_pixel_logits[std::size_t(b) * K + k] =
                    m_logits(std::size_t(b), std::size_t(k), std::size_t(y), std::size_t(x));
        return;
    }
    // cached: bring every pixel before this one up to date (after a reset or a prefix they have
    // not been computed), then this pixel; it is final once its last channel is being drawn,
    // because no layer at a pixel reads that pixel's last channel (mask A).
    const long long pixel = (long long)y * c.width + x;
    for (; m_valid < pixel; ++m_valid)
        m_model->forward_pixel(m_pixel_logits.data(), *m_pixel_state, m_images,
                               int(m_valid / c.width), int(m_valid % c.width));
    m_model->forward_pixel(m_pixel_logits.data(), *m_pixel_state, m_images, y, x);
    if (ch == c.channels - 1) m_valid = pixel + 1;
}

void Sampler::step() {
    if (done()) return;
    const ModelConfig& c = m_model->config();
    const int y = row(), x = col(), ch = channel(), K = c.logits();
    logits_at(y, x, ch);

    Undo undo{m_position, m_rng, {}, m_dist};
    undo.old_values.resize(std::size_t(count()));
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const double inv_t = 1.0 / m_temperature;
    for (int b = 0; b < count(); ++b) {
        float& value = m_images(std::size_t(b), std::size_t(ch), std::size_t(y), std::size_t(x));
        undo.old_values[std::size_t(b)] = value;
        const float* l = m_pixel_logits.data() + std::size_t(b) * K;
        std::vector<float>& dist = m_dist[std::size_t(b)];
        if (c.output == OutputKind::bernoulli) {
            const double p = 1.0 / (1.0 + std::exp(-double(l[ch]) * inv_t));
            dist.assign(1, float(p));
            value = u(m_rng) < p ? 1.0f : 0.0f;
        } else {
            std::vector<double> prob(256);
            double m = -1e300, s = 0;
            for (int v = 0; v < 256; ++v) m = std::max(m, double(l[256 * ch + v]) * inv_t);
            for (int v = 0; v < 256; ++v)
                s += prob[std::size_t(v)] = std::exp(double(l[256 * ch + v]) * inv_t - m);
            dist.resize(256);
            for (std::size_t v = 0; v < 256; ++v) dist[v] = float(prob[v] / s);
            double r = u(m_rng) * s;
            std::size_t v = 0;
            for (; v < 255 && r >= prob[v]; ++v) r -= prob[v];
            value = float(v);
        }
    }
    m_history.push_back(std::move(undo));
    ++m_position;
}

bool Sampler::step_back() {
    if (m_history.empty()) return false;
    const ModelConfig& c = m_model->config();
    Undo& undo = m_history.back();
    const long long pixel = undo.position / c.channels;
    const std::size_t ch = std::size_t(undo.position % c.channels),
                      y = std::size_t(pixel / c.width), x = std::size_t(pixel % c.width);
    for (int b = 0; b < count(); ++b)
        m_images(std::size_t(b), ch, y, x) = undo.old_values[std::size_t(b)];
    m_rng = undo.rng;
    m_dist = std::move(undo.old_dist);
    m_position = undo.position;
    // activations at earlier pixels never read this one; this pixel is recomputed when drawn
    m_valid = std::min(m_valid, pixel);
    m_history.pop_back();
    return true;
}

void Sampler::run() {
    while (!done()) step();
}

}  // namespace ps::engine
