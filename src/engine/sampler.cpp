#include "engine/sampler.hpp"

#include <algorithm>
#include <cmath>

namespace ps::engine {

Sampler::Sampler(const Model<float>& model, int count, std::uint64_t seed, double temperature)
    : m_model(&model), m_cache(model.make_cache()), m_seed(seed),
      m_temperature(temperature > 1e-6 ? temperature : 1e-6) {
    const ModelConfig& c = model.config();
    if (count < 1) throw EngineError("Sampler: count must be >= 1, got " + std::to_string(count));
    m_images = xt::zeros<float>({std::size_t(count), std::size_t(c.channels),
                                 std::size_t(c.height), std::size_t(c.width)});
    m_total = (long long)c.height * c.width * c.channels;
    reset();
}

void Sampler::reset(const Tensor4<float>* prefix, int keep_rows) {
    const ModelConfig& c = m_model->config();
    std::fill(m_images.begin(), m_images.end(), 0.0f);
    keep_rows = std::clamp(keep_rows, 0, c.height);
    if (prefix && keep_rows > 0) {
        if (prefix->shape() != m_images.shape())
            throw EngineError("Sampler::reset: prefix " + shape_string(prefix->shape()) +
                              " is not " + shape_string(m_images.shape()));
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
    m_position = (long long)keep_rows * c.width * c.channels;
}

int Sampler::row() const {
    const ModelConfig& c = m_model->config();
    return int(m_position / ((long long)c.width * c.channels));
}
int Sampler::col() const {
    const ModelConfig& c = m_model->config();
    return int((m_position / c.channels) % c.width);
}
int Sampler::channel() const { return int(m_position % m_model->config().channels); }

void Sampler::step() {
    if (done()) return;
    const ModelConfig& c = m_model->config();
    const std::size_t y = std::size_t(row()), x = std::size_t(col()), ch = std::size_t(channel());
    m_model->forward(m_logits, *m_cache, m_images);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const double inv_t = 1.0 / m_temperature;
    for (std::size_t b = 0; b < m_images.shape(0); ++b) {
        if (c.output == OutputKind::bernoulli) {
            const double p = 1.0 / (1.0 + std::exp(-double(m_logits(b, ch, y, x)) * inv_t));
            if (b == 0) m_last_distribution.assign(1, float(p));
            m_images(b, ch, y, x) = u(m_rng) < p ? 1.0f : 0.0f;
        } else {
            std::vector<double> prob(256);
            double m = -1e300, s = 0;
            for (std::size_t v = 0; v < 256; ++v)
                m = std::max(m, double(m_logits(b, 256 * ch + v, y, x)) * inv_t);
            for (std::size_t v = 0; v < 256; ++v)
                s += prob[v] = std::exp(double(m_logits(b, 256 * ch + v, y, x)) * inv_t - m);
            if (b == 0) {
                m_last_distribution.resize(256);
                for (std::size_t v = 0; v < 256; ++v) m_last_distribution[v] = float(prob[v] / s);
            }
            double r = u(m_rng) * s;
            std::size_t v = 0;
            for (; v < 255 && r >= prob[v]; ++v) r -= prob[v];
            m_images(b, ch, y, x) = float(v);
        }
    }
    ++m_position;
}

void Sampler::run() {
    while (!done()) step();
}

}  // namespace ps::engine
