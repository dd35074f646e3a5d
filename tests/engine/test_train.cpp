// Training: Adam keeps masked weights at exact zeros, threads agree with one thread, and a short
// run on a small synthetic dataset makes the loss fall.
#include <doctest/doctest.h>

#include <random>

#include "engine/trainer.hpp"

using namespace ps::engine;

namespace {

ModelConfig config(int C, OutputKind kind) {
    ModelConfig c;
    c.h = 8;
    c.layers = 2;
    c.channels = C;
    c.height = c.width = 8;
    c.output = kind;
    return c;
}

// Synthetic images with structure a PixelCNN can learn: vertical stripes of random phase and
// width 2 (each pixel equals the one above it; the row is periodic).
Tensor4<float> stripes(const ModelConfig& c, int B, std::mt19937_64& rng) {
    Tensor4<float> x({std::size_t(B), std::size_t(c.channels), std::size_t(c.height),
                      std::size_t(c.width)});
    std::uniform_int_distribution<int> phase(0, 3);
    for (int b = 0; b < B; ++b) {
        const int ph = phase(rng);
        for (int ch = 0; ch < c.channels; ++ch)
            for (int y = 0; y < c.height; ++y)
                for (int xx = 0; xx < c.width; ++xx) {
                    const bool on = ((xx + ph) / 2) % 2 == 0;
                    x(b, ch, y, xx) = c.output == OutputKind::bernoulli
                                          ? (on ? 1.f : 0.f)
                                          : (on ? float(200 + 10 * ch) : 30.f);
                }
    }
    return x;
}

}  // namespace

TEST_CASE("a short run makes the loss fall, masked weights stay exact zeros") {
    for (OutputKind kind : {OutputKind::bernoulli, OutputKind::softmax256}) {
        CAPTURE(to_string(kind));
        const ModelConfig cfg = config(kind == OutputKind::bernoulli ? 1 : 3, kind);
        auto model = make_model<float>(cfg, 3);
        TrainerOptions opt;
        opt.adam.lr = 3e-3;
        Trainer trainer(*model, opt);
        std::mt19937_64 rng(1);
        const Tensor4<float> eval = stripes(cfg, 16, rng);
        const double before = trainer.nll_sum(eval) / 16;
        Tensor4<float> batch;
        TrainProgress last = trainer.run(
            [&]() -> const Tensor4<float>& {
                batch = stripes(cfg, 8, rng);
                return batch;
            },
            0, 60, [](const TrainProgress&) { return true; });
        CHECK(last.step == 60);
        CHECK(last.images == 480);
        const double after = trainer.nll_sum(eval) / 16;
        CHECK(after < 0.5 * before);
        for (const auto& p : model->params().all())
            for (std::size_t k = 0; k < p.size(); ++k)
                if (p.mask[k] == 0.f) REQUIRE(p.value[k] == 0.f);
    }
}

TEST_CASE("two and three threads give the one-thread step up to float rounding") {
    const ModelConfig cfg = config(3, OutputKind::bernoulli);
    std::mt19937_64 rng(4);
    const Tensor4<float> x = stripes(cfg, 7, rng);
    auto one = make_model<float>(cfg, 5);
    Trainer t1(*one, TrainerOptions{});
    const double nll1 = t1.step(x);
    for (int threads : {2, 3}) {
        CAPTURE(threads);
        auto many = make_model<float>(cfg, 5);
        TrainerOptions opt;
        opt.threads = threads;
        Trainer tn(*many, opt);
        CHECK(tn.threads() == threads);
        CHECK(tn.step(x) == doctest::Approx(nll1).epsilon(1e-5));
        for (int k = 0; k < one->params().size(); ++k) {
            const auto& a = one->params()[k];
            const auto& b = many->params()[k];
            for (std::size_t i = 0; i < a.size(); ++i) {
                REQUIRE(std::abs(a.grad[i] - b.grad[i]) <= 1e-5f * (1.f + std::abs(a.grad[i])));
                REQUIRE(std::abs(a.value[i] - b.value[i]) <= 1e-6f);
            }
        }
    }
}

TEST_CASE("Adam: first step moves every unmasked weight by lr against its gradient's sign") {
    ParamList<double> p;
    p.add("w", {3});
    p[0].value = {1.0, 2.0, 3.0};
    p[0].mask = {1.0, 0.0, 1.0};
    p[0].value *= p[0].mask;
    p[0].grad = {0.5, 7.0, -2.0};
    Adam<double> adam(p, AdamOptions{});
    adam.step();
    // m/(1-b1) = g, v/(1-b2) = g^2, so the step is lr * g/(|g| + eps)
    CHECK(p[0].value[0] == doctest::Approx(1.0 - 1e-3));
    CHECK(p[0].value[1] == 0.0);
    CHECK(p[0].value[2] == doctest::Approx(3.0 + 1e-3));
    CHECK(adam.steps() == 1);
}

TEST_CASE("weight averaging: bias-corrected, so one step averages to that step's weights") {
    const ModelConfig cfg = config(1, OutputKind::bernoulli);
    std::mt19937_64 rng(2);
    auto model = make_model<float>(cfg, 5);
    TrainerOptions opt;
    opt.ema_decay = 0.9;
    Trainer t(*model, opt);
    t.step(stripes(cfg, 4, rng));
    auto avg = t.averaged_values();
    for (int k = 0; k < model->params().size(); ++k)
        for (std::size_t i = 0; i < avg[std::size_t(k)].size(); ++i)
            REQUIRE(avg[std::size_t(k)][i] ==
                    doctest::Approx(model->params()[k].value[i]).epsilon(1e-5));
    std::vector<std::vector<float>> first;
    for (const auto& p : model->params().all()) first.emplace_back(p.value.begin(), p.value.end());
    t.step(stripes(cfg, 4, rng));
    avg = t.averaged_values();
    // two steps: (0.9 * 0.1 * v1 + 0.1 * v2) / (1 - 0.81)
    for (int k = 0; k < model->params().size(); ++k)
        for (std::size_t i = 0; i < avg[std::size_t(k)].size(); ++i) {
            const float v2 = model->params()[k].value[i];
            const float expect = (0.09f * first[std::size_t(k)][i] + 0.1f * v2) / 0.19f;
            REQUIRE(avg[std::size_t(k)][i] == doctest::Approx(expect).epsilon(1e-4));
        }
}
