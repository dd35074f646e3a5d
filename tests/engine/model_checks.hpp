// Whole-model checks shared by test_model.cpp (PixelCNN) and test_recurrent_models.cpp (Row LSTM,
// Diagonal BiLSTM, Gated PixelCNN): small configs, random inputs and params, the central-difference
// gradient check in double, and the causality map (which outputs move when one input moves).
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "engine/model.hpp"

namespace ps::engine::testing {

inline ModelConfig test_config(const std::string& arch, int C, OutputKind kind, int h, int L,
                               int H, int W) {
    ModelConfig c;
    c.arch = arch;
    c.h = h;
    c.layers = L;
    c.channels = C;
    c.height = H;
    c.width = W;
    c.output = kind;
    return c;
}

// what every whole-model check runs over: C = 1 and 3, both output kinds
struct OutputVariant {
    int C;
    OutputKind kind;
};
inline const OutputVariant k_output_variants[] = {{1, OutputKind::bernoulli},
                                                  {3, OutputKind::bernoulli},
                                                  {1, OutputKind::softmax256},
                                                  {3, OutputKind::softmax256}};

// B images of the config's kind: 0/1 (bernoulli) or 0..255 (softmax256)
template <typename T>
Tensor4<T> random_images(const ModelConfig& c, int B, std::mt19937_64& rng) {
    Tensor4<T> x({std::size_t(B), std::size_t(c.channels), std::size_t(c.height),
                  std::size_t(c.width)});
    std::uniform_int_distribution<int> u(0, c.output == OutputKind::bernoulli ? 1 : 255);
    for (auto& v : x) v = T(u(rng));
    return x;
}

// Every param from U(-scale, scale), masked, so no ReLU sits at a kink by construction.
inline void randomise(ParamList<double>& p, std::mt19937_64& rng, double scale) {
    std::uniform_real_distribution<double> u(-scale, scale);
    for (auto& q : p.all())
        for (std::size_t k = 0; k < q.size(); ++k) q.value[k] = u(rng) * q.mask[k];
}

inline double total_nll(Model<double>& m, ModelCache& cache, const Tensor4<double>& x) {
    Tensor4<double> logits;
    m.forward(logits, cache, x);
    std::vector<double> nll(x.shape(0));
    nll_forward(nll.data(), logits, x, m.config().output);
    double s = 0;
    for (double v : nll) s += v;
    return s;
}

struct GradCheck {
    double eps = 1e-6;        // central-difference step
    std::size_t samples = 41;  // entries checked per param: all of a small one, a stride through
                               // a bigger one
    std::size_t dx_stride = 3;  // every dx_stride-th input value is checked (bernoulli only)
    int min_checked = 200;      // at least this many param entries must have been compared
};

// backward's dparams and dx against (L(v + eps) - L(v - eps)) / 2 eps, L the summed NLL of x;
// masked entries must have an exact zero gradient. dx is checked for bernoulli only: the loss
// also reads x as its target, and only bernoulli's part of that (-x * l) can be removed (+ l).
inline void check_gradients(Model<double>& model, const Tensor4<double>& x, const GradCheck& g) {
    const ModelConfig& cfg = model.config();
    auto cache = model.make_cache();
    Tensor4<double> logits, dlogits;
    model.forward(logits, *cache, x);
    dlogits = xt::zeros<double>(logits.shape());
    nll_backward(dlogits, logits, x, cfg.output, 1.0);
    Gradients<double> grads = model.params().zero_gradients();
    Tensor4<double> dx = xt::zeros<double>(x.shape());
    model.backward(grads, &dx, dlogits, *cache, x);

    int checked = 0;
    for (int pi = 0; pi < model.params().size(); ++pi) {
        Param<double>& p = model.params()[pi];
        CAPTURE(p.name);
        const std::size_t stride = std::max<std::size_t>(1, p.size() / g.samples);
        for (std::size_t k = 0; k < p.size(); k += stride) {
            if (p.mask[k] == 0.0) {
                CHECK(grads[std::size_t(pi)][k] == 0.0);
                continue;
            }
            const double keep = p.value[k];
            p.value[k] = keep + g.eps;
            const double lp = total_nll(model, *cache, x);
            p.value[k] = keep - g.eps;
            const double lm = total_nll(model, *cache, x);
            p.value[k] = keep;
            const double num = (lp - lm) / (2 * g.eps);
            CAPTURE(k);
            CHECK(std::abs(num - grads[std::size_t(pi)][k]) <= 1e-5 * (1 + std::abs(num)));
            ++checked;
        }
    }
    CHECK(checked > g.min_checked);
    if (cfg.output != OutputKind::bernoulli) return;
    Tensor4<double> xp = x;
    for (std::size_t k = 0; k < x.size(); k += g.dx_stride) {
        const double keep = xp.data()[k];
        xp.data()[k] = keep + g.eps;
        const double lp = total_nll(model, *cache, xp);
        xp.data()[k] = keep - g.eps;
        const double lm = total_nll(model, *cache, xp);
        xp.data()[k] = keep;
        const double num = (lp - lm) / (2 * g.eps) + logits.data()[k];
        CAPTURE(k);
        CHECK(std::abs(num - dx.data()[k]) <= 1e-5 * (1 + std::abs(num)));
    }
}

// How much the logit of channel k at pixel q moved, summed over `trials` random images, when the
// input value (p, c) was flipped (x -> 1 - x). Pixels are raster indices.
struct CausalityMap {
    int H = 0, W = 0, C = 0;
    std::vector<double> moved;
    double at(int q, int k, int p, int c) const {
        return moved[((std::size_t(q) * C + k) * H * W + p) * C + c];
    }
    // causal: nothing at or after (q, k) moves it (c < k at the same pixel is allowed)
    int violations() const {
        int n = 0;
        for (int q = 0; q < H * W; ++q)
            for (int k = 0; k < C; ++k)
                for (int p = 0; p < H * W; ++p)
                    for (int c = 0; c < C; ++c)
                        if (!(p < q || (p == q && c < k)) && at(q, k, p, c) != 0.0) ++n;
        return n;
    }
};

inline CausalityMap measure_causality(Model<double>& model, std::mt19937_64& rng, int trials) {
    const ModelConfig& cfg = model.config();
    CausalityMap m;
    m.H = cfg.height, m.W = cfg.width, m.C = cfg.channels;
    const int H = m.H, W = m.W, C = m.C;
    m.moved.assign(std::size_t(H * W * C * H * W * C), 0.0);
    auto cache = model.make_cache();
    for (int trial = 0; trial < trials; ++trial) {
        Tensor4<double> x = random_images<double>(cfg, 1, rng), base, pert;
        model.forward(base, *cache, x);
        for (int p = 0; p < H * W; ++p)
            for (int c = 0; c < C; ++c) {
                Tensor4<double> xp = x;
                xp(0, c, p / W, p % W) = 1.0 - xp(0, c, p / W, p % W);
                model.forward(pert, *cache, xp);
                for (int q = 0; q < H * W; ++q)
                    for (int k = 0; k < C; ++k)
                        m.moved[((std::size_t(q) * C + k) * H * W + p) * C + c] +=
                            std::abs(pert(0, k, q / W, q % W) - base(0, k, q / W, q % W));
            }
    }
    return m;
}

}  // namespace ps::engine::testing
