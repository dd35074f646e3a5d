// The engine's gradients against the analytic receptive fields of viz/receptive_field.hpp, for
// every architecture (pixelcnn, rowlstm, diagbilstm, gated), C = 1 and 3, several pixels and image
// sizes 5..9. The engine side is computed here from Model::backward alone (not through
// viz/gradient_field), so the two sources share nothing but the engine's model:
//
//   m[(r * W + c) * C + k] = sum_s | d logit_p,ch / d x_s[k, r, c] |   over random binary x_s
//
// and {m > 0} must equal the analytic set exactly, pixel and channel.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "engine/model.hpp"
#include "viz/receptive_field.hpp"

using namespace ps;

namespace {

std::vector<float> engine_abs_gradient(const engine::ModelConfig& cfg, int r, int c, int ch,
                                       int samples, std::uint64_t seed) {
    auto model = engine::make_model<float>(cfg, seed);
    auto cache = model->make_cache();
    const int C = cfg.channels, H = cfg.height, W = cfg.width;
    std::vector<float> m(std::size_t(H * W * C), 0.0f);
    std::mt19937_64 rng(seed * 7919 + 1);
    std::bernoulli_distribution coin(0.5);
    for (int s = 0; s < samples; ++s) {
        engine::Tensor4<float> x({1, std::size_t(C), std::size_t(H), std::size_t(W)}), logits;
        for (auto& v : x) v = coin(rng) ? 1.0f : 0.0f;
        model->forward(logits, *cache, x);
        engine::Tensor4<float> dlogits = xt::zeros<float>(logits.shape());
        dlogits(0, std::size_t(ch), std::size_t(r), std::size_t(c)) = 1.0f;
        engine::Tensor4<float> dx = xt::zeros<float>(x.shape());
        auto grads = model->params().zero_gradients();
        model->backward(grads, &dx, dlogits, *cache, x);
        for (int k = 0; k < C; ++k)
            for (int y = 0; y < H; ++y)
                for (int xx = 0; xx < W; ++xx)
                    m[std::size_t((y * W + xx) * C + k)] +=
                        std::abs(dx(0, std::size_t(k), std::size_t(y), std::size_t(xx)));
    }
    return m;
}

engine::ModelConfig config_for(const viz::ArchSpec& spec, int H, int W) {
    engine::ModelConfig cfg;
    cfg.arch = viz::arch_name(spec.arch);
    cfg.h = 12;  // four units per channel group with C = 3 (a ReLU rarely closes them all)
    cfg.layers = spec.layers;
    cfg.channels = spec.channels;
    cfg.height = H;
    cfg.width = W;
    cfg.output = engine::OutputKind::bernoulli;
    return cfg;
}

}  // namespace

TEST_CASE("engine gradients and analytic fields agree exactly: every arch, C, pixel, size") {
    const viz::Arch archs[] = {viz::Arch::PixelCnn, viz::Arch::RowLstm, viz::Arch::DiagBiLstm,
                               viz::Arch::Gated};
    struct Target {
        int H, W, r, c;
    };
    const Target targets[] = {{5, 5, 3, 1}, {5, 5, 4, 4}, {6, 9, 5, 0}, {7, 7, 5, 1},
                              {8, 6, 7, 5}, {9, 9, 8, 2}, {9, 5, 3, 4}};
    int compared = 0;
    for (viz::Arch a : archs)
        for (int C : {1, 3}) {
            const viz::ArchSpec spec = viz::canonical_spec(a, C);
            for (const Target& t : targets)
                for (int ch = 0; ch < C; ++ch) {
                    const std::string name = viz::arch_name(a);
                    CAPTURE(name);
                    CAPTURE(C);
                    CAPTURE(t.H);
                    CAPTURE(t.W);
                    CAPTURE(t.r);
                    CAPTURE(t.c);
                    CAPTURE(ch);
                    const auto cfg = config_for(spec, t.H, t.W);
                    const auto g = engine_abs_gradient(cfg, t.r, t.c, ch, 6, 17 + compared);
                    const auto emp =
                        viz::field_from_gradient(t.H, t.W, C, t.r, t.c, ch, g, 0.0f);
                    const auto ana = viz::receptive_field(spec, t.H, t.W, t.r, t.c, ch);
                    const auto diff = viz::diff_fields(emp, ana);
                    for (const auto& d : diff) {
                        CAPTURE(d.row);
                        CAPTURE(d.col);
                        CAPTURE(d.channel);
                        CAPTURE(d.in_first);
                        CHECK(false);
                    }
                    CHECK(diff.empty());
                    ++compared;
                }
        }
    CHECK(compared == 4 * 7 * 4);
}

TEST_CASE("Diagonal BiLSTM, C = 3: pixel (5,1) sees R and G of (4,6), never its B") {
    // the state-to-state conv is unmasked across groups: z_0(4, 6) of groups G and B saw R and G
    // of x(4, 6) (mask A), and the right-to-left walk carries them to (4, 1), shifted to (5, 1)
    const viz::ArchSpec spec = viz::canonical_spec(viz::Arch::DiagBiLstm, 3);
    const auto cfg = config_for(spec, 7, 7);
    for (int ch = 0; ch < 3; ++ch) {
        CAPTURE(ch);
        const auto g = engine_abs_gradient(cfg, 5, 1, ch, 6, 5);
        const auto at = [&](int r, int c, int k) { return g[std::size_t((r * 7 + c) * 3 + k)]; };
        CHECK(at(4, 6, 0) > 0.0f);
        CHECK(at(4, 6, 1) > 0.0f);
        CHECK(at(4, 6, 2) == 0.0f);
        const auto ana = viz::receptive_field(spec, 7, 7, 5, 1, ch);
        CHECK(ana.seen(4, 6, 0));
        CHECK(ana.seen(4, 6, 1));
        CHECK_FALSE(ana.seen(4, 6, 2));
    }
}
