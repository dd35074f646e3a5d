// PixelCNN as a whole: losses by hand, central-difference gradient checks of the whole model in
// double (both output kinds, C = 1 and 3), and causality over every input pixel and channel.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "engine/model.hpp"

using namespace ps::engine;

namespace {

ModelConfig small_config(int C, OutputKind kind, int h = 4, int L = 2, int H = 6, int W = 6) {
    ModelConfig c;
    c.arch = "pixelcnn";
    c.h = h;
    c.layers = L;
    c.channels = C;
    c.height = H;
    c.width = W;
    c.output = kind;
    return c;
}

template <typename T>
Tensor4<T> make_data(const ModelConfig& c, int B, std::mt19937_64& rng) {
    Tensor4<T> x({std::size_t(B), std::size_t(c.channels), std::size_t(c.height),
                  std::size_t(c.width)});
    std::uniform_int_distribution<int> u(0, c.output == OutputKind::bernoulli ? 1 : 255);
    for (auto& v : x) v = T(u(rng));
    return x;
}

// Perturbs every param's biases/weights so no ReLU sits at a kink by construction.
void randomise(ParamList<double>& p, std::mt19937_64& rng, double scale) {
    std::uniform_real_distribution<double> u(-scale, scale);
    for (auto& q : p.all())
        for (std::size_t k = 0; k < q.size(); ++k) q.value[k] = u(rng) * q.mask[k];
}

double total_nll(Model<double>& m, ModelCache& cache, const Tensor4<double>& x) {
    Tensor4<double> logits;
    m.forward(logits, cache, x);
    std::vector<double> nll(x.shape(0));
    nll_forward(nll.data(), logits, x, m.config().output);
    double s = 0;
    for (double v : nll) s += v;
    return s;
}

}  // namespace

TEST_CASE("losses by hand") {
    // bernoulli: l = 0 -> log 2 per pixel whatever x is; l = 2, x = 1 -> log(1 + e^-2)
    Tensor4<double> l = xt::zeros<double>({1, 1, 1, 2}), x = xt::zeros<double>({1, 1, 1, 2});
    l(0, 0, 0, 1) = 2;
    x(0, 0, 0, 1) = 1;
    double nll = 0;
    nll_forward(&nll, l, x, OutputKind::bernoulli);
    CHECK(nll == doctest::Approx(std::log(2.0) + std::log1p(std::exp(-2.0))));
    Tensor4<double> dl = xt::zeros<double>({1, 1, 1, 2});
    nll_backward(dl, l, x, OutputKind::bernoulli, 1.0);
    CHECK(dl(0, 0, 0, 0) == doctest::Approx(0.5));
    CHECK(dl(0, 0, 0, 1) == doctest::Approx(1.0 / (1.0 + std::exp(-2.0)) - 1.0));
    // softmax256: uniform logits -> log 256 per channel value
    Tensor4<double> l2 = xt::zeros<double>({1, 768, 1, 1}), x2 = xt::zeros<double>({1, 3, 1, 1});
    x2(0, 1, 0, 0) = 200;
    l2(0, 256 + 200, 0, 0) = 1;  // channel G, value 200
    nll_forward(&nll, l2, x2, OutputKind::softmax256);
    const double z = 255 + std::exp(1.0);
    CHECK(nll == doctest::Approx(2 * std::log(256.0) + std::log(z) - 1.0));
    CHECK(bits_per_dim(784 * std::log(2.0), 1, 28, 28) == doctest::Approx(1.0));
    CHECK_THROWS_AS(nll_forward(&nll, l2, x, OutputKind::softmax256), EngineError);
}

TEST_CASE("whole-model gradients match central differences (double)") {
    struct Variant {
        int C;
        OutputKind kind;
    };
    const Variant variants[] = {{1, OutputKind::bernoulli},
                                {3, OutputKind::bernoulli},
                                {1, OutputKind::softmax256},
                                {3, OutputKind::softmax256}};
    for (const Variant& v : variants) {
        CAPTURE(v.C);
        CAPTURE(to_string(v.kind));
        const ModelConfig cfg = small_config(v.C, v.kind);
        auto model = make_model<double>(cfg, 3);
        std::mt19937_64 rng(5);
        randomise(model->params(), rng, 0.4);
        const Tensor4<double> x = make_data<double>(cfg, 2, rng);
        auto cache = model->make_cache();
        Tensor4<double> logits, dlogits;
        model->forward(logits, *cache, x);
        dlogits = xt::zeros<double>(logits.shape());
        nll_backward(dlogits, logits, x, cfg.output, 1.0);
        Gradients<double> grads = model->params().zero_gradients();
        Tensor4<double> dx = xt::zeros<double>(x.shape());
        model->backward(grads, &dx, dlogits, *cache, x);

        // small steps: a ReLU input within eps of 0 would make the difference quotient jump
        const double eps = 1e-7;
        int checked = 0;
        for (int pi = 0; pi < model->params().size(); ++pi) {
            Param<double>& p = model->params()[pi];
            CAPTURE(p.name);
            // every entry of small params, a stride through big ones (head.1 of softmax256)
            const std::size_t stride = std::max<std::size_t>(1, p.size() / 97);
            for (std::size_t k = 0; k < p.size(); k += stride) {
                if (p.mask[k] == 0.0) {
                    CHECK(grads[std::size_t(pi)][k] == 0.0);
                    continue;
                }
                const double keep = p.value[k];
                p.value[k] = keep + eps;
                const double lp = total_nll(*model, *cache, x);
                p.value[k] = keep - eps;
                const double lm = total_nll(*model, *cache, x);
                p.value[k] = keep;
                const double num = (lp - lm) / (2 * eps);
                CAPTURE(k);
                CHECK(std::abs(num - grads[std::size_t(pi)][k]) <= 1e-5 * (1 + std::abs(num)));
                ++checked;
            }
        }
        CHECK(checked > 300);
        // dx through a real-valued perturbation of the input
        Tensor4<double> xp = x;
        for (std::size_t k = 0; k < x.size(); k += 5) {
            const double keep = xp.data()[k];
            xp.data()[k] = keep + eps;
            const double lp = total_nll(*model, *cache, xp);
            xp.data()[k] = keep - eps;
            const double lm = total_nll(*model, *cache, xp);
            xp.data()[k] = keep;
            // the loss also depends on x as the target; remove that part analytically is not
            // possible for softmax256, so check dx only for the network path: bernoulli adds -l
            if (cfg.output == OutputKind::bernoulli) {
                const double num = (lp - lm) / (2 * eps) + logits.data()[k];
                CAPTURE(k);
                CHECK(std::abs(num - dx.data()[k]) <= 1e-5 * (1 + std::abs(num)));
            }
        }
    }
}

TEST_CASE("causality: an output moves only with inputs before it (pixels, then channels)") {
    for (int C : {1, 3}) {
        CAPTURE(C);
        const ModelConfig cfg = small_config(C, OutputKind::bernoulli, 8, 2, 6, 6);
        auto model = make_model<double>(cfg, 9);
        std::mt19937_64 rng(21);
        randomise(model->params(), rng, 0.5);
        auto cache = model->make_cache();
        const int H = cfg.height, W = cfg.width;
        // moved[q][k][p][c]: logit of channel k at pixel q moved when input (p, c) moved
        std::vector<double> moved(std::size_t(H * W * C * H * W * C), 0.0);
        auto idx = [&](int q, int k, int p, int c) {
            return ((std::size_t(q) * C + k) * H * W + p) * C + c;
        };
        for (int trial = 0; trial < 3; ++trial) {
            Tensor4<double> x = make_data<double>(cfg, 1, rng), base, pert;
            model->forward(base, *cache, x);
            for (int p = 0; p < H * W; ++p)
                for (int c = 0; c < C; ++c) {
                    Tensor4<double> xp = x;
                    xp(0, c, p / W, p % W) = 1.0 - xp(0, c, p / W, p % W);
                    model->forward(pert, *cache, xp);
                    for (int q = 0; q < H * W; ++q)
                        for (int k = 0; k < C; ++k)
                            moved[idx(q, k, p, c)] += std::abs(pert(0, k, q / W, q % W) -
                                                               base(0, k, q / W, q % W));
                }
        }
        for (int q = 0; q < H * W; ++q)
            for (int k = 0; k < C; ++k)
                for (int p = 0; p < H * W; ++p)
                    for (int c = 0; c < C; ++c) {
                        const bool allowed = p < q || (p == q && c < k);
                        const double m = moved[idx(q, k, p, c)];
                        if (!allowed) {
                            CAPTURE(q);
                            CAPTURE(k);
                            CAPTURE(p);
                            CAPTURE(c);
                            CHECK(m == 0.0);
                        }
                    }
        // the dependencies that must exist: the pixel to the left and the one above, and, at the
        // same pixel, G on R and B on R and G (never the reverse, checked above)
        const int q = 3 * W + 3;
        for (int k = 0; k < C; ++k) {
            CHECK(moved[idx(q, k, q - 1, 0)] > 0.0);
            CHECK(moved[idx(q, k, q - W, 0)] > 0.0);
        }
        if (C == 3) {
            double g_on_r = 0, b_on_r = 0, b_on_g = 0;
            for (int p = 0; p < H * W; ++p) {
                g_on_r += moved[idx(p, 1, p, 0)];
                b_on_r += moved[idx(p, 2, p, 0)];
                b_on_g += moved[idx(p, 2, p, 1)];
            }
            CHECK(g_on_r > 0.0);
            CHECK(b_on_r > 0.0);
            CHECK(b_on_g > 0.0);
        }
    }
}

TEST_CASE("model config JSON round trip and validation") {
    ModelConfig c = small_config(3, OutputKind::softmax256, 16, 5, 28, 28);
    const ModelConfig d = ModelConfig::from_json(c.to_json());
    CHECK(d.to_json() == c.to_json());
    CHECK_THROWS_AS(ModelConfig::from_json("{"), EngineError);
    CHECK_THROWS_AS(ModelConfig::from_json(R"({"arch":"nope","h":1,"layers":1,"channels":1,
        "height":2,"width":2,"output":"bernoulli"})"),
                    EngineError);
    CHECK_THROWS_AS(ModelConfig::from_json(R"({"arch":"pixelcnn","h":1,"layers":1,"channels":2,
        "height":2,"width":2,"output":"bernoulli"})"),
                    EngineError);
    auto m = make_model<float>(c, 1);
    CHECK(m->params().find("blocks.4.conv.weight") >= 0);
    CHECK(m->params()[m->params().find("head.1.weight")].shape ==
          std::vector<std::size_t>{768, 32, 1, 1});
    Tensor4<float> wrong = xt::zeros<float>({1, 1, 28, 28}), logits;
    auto cache = m->make_cache();
    CHECK_THROWS_AS(m->forward(logits, *cache, wrong), EngineError);
}

TEST_CASE("init_output_bias: log-odds and log-frequencies of the pixels, pseudo-count 1") {
    auto m = make_model<double>(small_config(3, OutputKind::bernoulli, 4, 1, 2, 2), 1);
    Tensor4<double> x = xt::zeros<double>({1, 3, 2, 2});
    x(0, 0, 0, 0) = 1;  // R: 1 of 4 on  -> (1+1)/(3+1)
    x(0, 2, 0, 0) = x(0, 2, 0, 1) = x(0, 2, 1, 0) = x(0, 2, 1, 1) = 1;  // B: all on -> 5/1
    init_output_bias(*m, x);
    const auto& b = m->params()[m->params().find("head.1.bias")].value;
    CHECK(b[0] == doctest::Approx(std::log(2.0 / 4.0)));
    CHECK(b[1] == doctest::Approx(std::log(1.0 / 5.0)));
    CHECK(b[2] == doctest::Approx(std::log(5.0 / 1.0)));
    auto s = make_model<double>(small_config(1, OutputKind::softmax256, 4, 1, 2, 2), 1);
    Tensor4<double> g = xt::zeros<double>({1, 1, 2, 2});
    g(0, 0, 0, 0) = 255;
    init_output_bias(*s, g);
    const auto& sb = s->params()[s->params().find("head.1.bias")].value;
    CHECK(sb[0] == doctest::Approx(std::log(4.0 / 260.0)));
    CHECK(sb[255] == doctest::Approx(std::log(2.0 / 260.0)));
    CHECK(sb[7] == doctest::Approx(std::log(1.0 / 260.0)));
    CHECK_THROWS_AS(init_output_bias(*s, x), EngineError);
}
