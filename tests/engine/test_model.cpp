// PixelCNN as a whole: losses by hand, central-difference gradient checks of the whole model in
// double (both output kinds, C = 1 and 3), and causality over every input pixel and channel.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "engine/model.hpp"
#include "model_checks.hpp"

using namespace ps::engine;
using namespace ps::engine::testing;

namespace {

ModelConfig small_config(int C, OutputKind kind, int h = 4, int L = 2, int H = 6, int W = 6) {
    return test_config("pixelcnn", C, kind, h, L, H, W);
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
    for (const OutputVariant& v : k_output_variants) {
        CAPTURE(v.C);
        CAPTURE(to_string(v.kind));
        const ModelConfig cfg = small_config(v.C, v.kind);
        auto model = make_model<double>(cfg, 3);
        std::mt19937_64 rng(5);
        randomise(model->params(), rng, 0.4);
        const Tensor4<double> x = random_images<double>(cfg, 2, rng);
        // small steps: a ReLU input within eps of 0 would make the difference quotient jump;
        // every entry of small params, a stride through big ones (head.1 of softmax256)
        GradCheck g;
        g.eps = 1e-7, g.samples = 97, g.dx_stride = 5, g.min_checked = 300;
        check_gradients(*model, x, g);
    }
}

TEST_CASE("causality: an output moves only with inputs before it (pixels, then channels)") {
    for (int C : {1, 3}) {
        CAPTURE(C);
        const ModelConfig cfg = small_config(C, OutputKind::bernoulli, 8, 2, 6, 6);
        auto model = make_model<double>(cfg, 9);
        std::mt19937_64 rng(21);
        randomise(model->params(), rng, 0.5);
        const CausalityMap moved = measure_causality(*model, rng, 3);
        CHECK(moved.violations() == 0);
        // the dependencies that must exist: the pixel to the left and the one above, and, at the
        // same pixel, G on R and B on R and G (never the reverse, checked above)
        const int W = cfg.width, q = 3 * W + 3;
        for (int k = 0; k < C; ++k) {
            CHECK(moved.at(q, k, q - 1, 0) > 0.0);
            CHECK(moved.at(q, k, q - W, 0) > 0.0);
        }
        if (C == 3) {
            double g_on_r = 0, b_on_r = 0, b_on_g = 0;
            for (int p = 0; p < cfg.height * W; ++p) {
                g_on_r += moved.at(p, 1, p, 0);
                b_on_r += moved.at(p, 2, p, 0);
                b_on_g += moved.at(p, 2, p, 1);
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
