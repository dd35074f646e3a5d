// The cached sampler against the naive one (DESIGN.md §6): for every architecture with an
// incremental forward, both output kinds and C = 1 and 3, the same seed draws the same pixels and
// every step's distribution agrees within 1e-5; forward_pixel alone reproduces forward()'s logits;
// step_back restores the previous state exactly, in both modes.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/sampler.hpp"

using namespace ps::engine;

namespace {
ModelConfig small(const std::string& arch, int C, OutputKind kind) {
    ModelConfig c;
    c.arch = arch;
    c.h = 6;  // divisible by 3 (channel groups)
    c.layers = 2;
    c.channels = C;
    c.height = 6;
    c.width = 5;
    c.output = kind;
    return c;
}
}  // namespace

TEST_CASE("cached forward_pixel equals forward at every pixel, on a random image") {
    for (const std::string& arch : arch_names())
        for (int C : {1, 3})
            for (auto kind : {OutputKind::bernoulli, OutputKind::softmax256}) {
                CAPTURE(arch);
                CAPTURE(C);
                CAPTURE(to_string(kind));
                auto model = make_model<float>(small(arch, C, kind), 11);
                auto state = model->make_pixel_state(2);
                if (!state) {
                    CHECK_THROWS_AS(Sampler(*model, 2, 1, 1.0, SampleMode::cached), EngineError);
                    continue;
                }
                const ModelConfig& c = model->config();
                Tensor4<float> x({2, std::size_t(C), std::size_t(c.height), std::size_t(c.width)});
                std::mt19937_64 rng(5);
                for (float& v : x)
                    v = kind == OutputKind::bernoulli ? float(rng() % 2) : float(rng() % 256);
                Tensor4<float> logits;
                auto cache = model->make_cache();
                model->forward(logits, *cache, x);
                const int K = c.logits();
                std::vector<float> at(2 * std::size_t(K));
                double worst = 0;
                for (int r = 0; r < c.height; ++r)
                    for (int col = 0; col < c.width; ++col) {
                        model->forward_pixel(at.data(), *state, x, r, col);
                        for (int b = 0; b < 2; ++b)
                            for (int k = 0; k < K; ++k)
                                worst = std::max(
                                    worst, std::abs(double(at[std::size_t(b * K + k)]) -
                                                    logits(std::size_t(b), std::size_t(k),
                                                           std::size_t(r), std::size_t(col))));
                    }
                CHECK(worst < 1e-4);
            }
}

TEST_CASE("naive and cached samplers draw the same pixels for the same seed") {
    for (const std::string& arch : arch_names())
        for (int C : {1, 3})
            for (auto kind : {OutputKind::bernoulli, OutputKind::softmax256}) {
                CAPTURE(arch);
                CAPTURE(C);
                CAPTURE(to_string(kind));
                auto model = make_model<float>(small(arch, C, kind), 3);
                if (!model->make_pixel_state(3)) continue;  // checked to throw above
                Sampler naive(*model, 3, 42, 0.9, SampleMode::naive);
                Sampler cached(*model, 3, 42, 0.9, SampleMode::cached);
                double worst = 0;
                while (!naive.done()) {
                    naive.step();
                    cached.step();
                    for (int b = 0; b < 3; ++b) {
                        const auto &dn = naive.last_distribution(b),
                                   &dc = cached.last_distribution(b);
                        REQUIRE(dn.size() == dc.size());
                        for (std::size_t v = 0; v < dn.size(); ++v)
                            worst = std::max(worst, double(std::abs(dn[v] - dc[v])));
                    }
                }
                CHECK(cached.done());
                CHECK(worst < 1e-5);
                CHECK(naive.images() == cached.images());
            }
}

TEST_CASE("step_back restores the previous state exactly, and the redraw is the same") {
    for (auto mode : {SampleMode::naive, SampleMode::cached}) {
        CAPTURE(to_string(mode));
        auto model = make_model<float>(small("pixelcnn", 3, OutputKind::softmax256), 4);
        Sampler s(*model, 2, 9, 1.0, mode);
        CHECK_FALSE(s.step_back());
        for (int k = 0; k < 40; ++k) s.step();
        const Tensor4<float> before = s.images();
        const auto dist_before = s.last_distribution(1);
        const long long pos = s.position();
        for (int k = 0; k < 7; ++k) s.step();
        CHECK(s.images() != before);
        for (int k = 0; k < 7; ++k) CHECK(s.step_back());
        CHECK(s.position() == pos);
        CHECK(s.images() == before);
        CHECK(s.last_distribution(1) == dist_before);
        // the RNG went back too: stepping on gives what an uninterrupted run gives
        s.run();
        Sampler straight(*model, 2, 9, 1.0, mode);
        straight.run();
        CHECK(s.images() == straight.images());
        // back over a switch of mode: the cached state catches up from where it is valid
        for (int k = 0; k < 30; ++k) s.step_back();
        s.set_mode(mode == SampleMode::naive ? SampleMode::cached : SampleMode::naive);
        s.run();
        CHECK(s.images() == straight.images());
    }
}

TEST_CASE("cached completion keeps the prefix rows bit for bit and matches naive") {
    auto model = make_model<float>(small("pixelcnn", 1, OutputKind::softmax256), 8);
    Tensor4<float> prefix({2, 1, 6, 5});
    std::mt19937_64 rng(1);
    for (float& v : prefix) v = float(rng() % 256);
    Sampler naive(*model, 2, 3, 1.0, SampleMode::naive),
        cached(*model, 2, 3, 1.0, SampleMode::cached);
    naive.reset_with_prefix(prefix, 3);
    cached.reset_with_prefix(prefix, 3);
    CHECK(cached.row() == 3);
    CHECK(cached.first_position() == 15);
    naive.run();
    cached.run();
    for (std::size_t b = 0; b < 2; ++b)
        for (std::size_t y = 0; y < 3; ++y)
            for (std::size_t x = 0; x < 5; ++x) {
                CHECK(cached.images()(b, 0, y, x) == prefix(b, 0, y, x));
                CHECK(naive.images()(b, 0, y, x) == prefix(b, 0, y, x));
            }
    CHECK(naive.images() == cached.images());
    // step_back stops at the prefix
    while (cached.step_back()) {
    }
    CHECK(cached.position() == cached.first_position());
}
