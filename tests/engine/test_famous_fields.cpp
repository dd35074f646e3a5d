// The property each model is famous for, on the engine's own gradients, plus a checkpoint round
// trip and a short training run for each of rowlstm, diagbilstm, gated.
//
//   m(q) = sum over random inputs and random weights of | d logit_p / d x(q) |
//
// accumulated over several draws (a ReLU can zero one gradient by chance); the support {m > 0}
// is the receptive field. Expected sets are pinned exactly:
//   PixelCNN (L = 5, 7x7 input): the blind-spot wedge to the upper right grows with the rows up.
//   Row LSTM (L = 2): a triangle above p; it widens one column per row up (state-to-state reach
//     1) on top of the input layer's 3 columns, so q at row r - d is seen iff |dc| <= 3 + ...
//   Diagonal BiLSTM (L = 2): every earlier pixel except what the input layer has not seen yet:
//     pixel (5, 1) of a 7x7 image misses only (4, 6).
//   Gated PixelCNN (L = 5): no wedge above p.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <set>

#include "engine/checkpoint.hpp"
#include "engine/trainer.hpp"

using namespace ps::engine;

namespace {

using Cells = std::set<std::pair<int, int>>;

// pixels before p (raster order) whose accumulated |gradient| is exactly 0
Cells unseen_before(const std::string& arch, int L, int H, int W, int r, int c, int draws = 4) {
    ModelConfig cfg;
    cfg.arch = arch;
    cfg.h = 8;
    cfg.layers = L;
    cfg.channels = 1;
    cfg.height = H;
    cfg.width = W;
    std::vector<double> m(std::size_t(H * W), 0.0);
    std::mt19937_64 rng(11);
    std::bernoulli_distribution coin(0.5);
    for (int d = 0; d < draws; ++d) {
        auto model = make_model<float>(cfg, 100 + std::uint64_t(d));
        auto cache = model->make_cache();
        for (int s = 0; s < 3; ++s) {
            Tensor4<float> x({1, 1, std::size_t(H), std::size_t(W)}), logits;
            for (auto& v : x) v = coin(rng) ? 1.f : 0.f;
            model->forward(logits, *cache, x);
            Tensor4<float> dl = xt::zeros<float>(logits.shape());
            dl(0, 0, std::size_t(r), std::size_t(c)) = 1.f;
            Tensor4<float> dx = xt::zeros<float>(x.shape());
            auto g = model->params().zero_gradients();
            model->backward(g, &dx, dl, *cache, x);
            for (int k = 0; k < H * W; ++k) m[std::size_t(k)] += std::abs(dx.data()[k]);
        }
    }
    Cells unseen;
    for (int k = 0; k < r * W + c; ++k)
        if (m[std::size_t(k)] == 0.0) unseen.insert({k / W, k % W});
    // nothing at or after p is ever seen
    for (int k = r * W + c; k < H * W; ++k) REQUIRE(m[std::size_t(k)] == 0.0);
    return unseen;
}

}  // namespace

TEST_CASE("famous fields: PixelCNN's wedge, Row LSTM's triangle, none for Diagonal and Gated") {
    const int H = 9, W = 9, r = 8, c = 4;
    SUBCASE("PixelCNN L = 5: a blind wedge to the upper right, growing with the rows up") {
        const Cells u = unseen_before("pixelcnn", 5, H, W, r, c);
        // row r: all earlier seen; row r-1: right of c + 3 + ... the wedge: for each row above,
        // the first unseen column moves right by one per row (mask B 3x3 adds one to the left and
        // the input layer's 7x7 mask A covers c+3 on the rows above)
        for (int cc = 0; cc < c; ++cc) CHECK(u.count({r, cc}) == 0);
        int prev_first = -1;
        bool wedge = false;
        for (int rr = r - 1; rr >= 0; --rr) {
            int first = W;
            for (int cc = W - 1; cc >= 0; --cc)
                if (u.count({rr, cc})) first = cc;
            // every pixel right of `first` in the row is unseen (a wedge, not holes)
            for (int cc = first; cc < W; ++cc) CHECK(u.count({rr, cc}) == 1);
            if (first < W) wedge = true;
            if (prev_first >= 0 && first < W) CHECK(first >= prev_first);
            if (first < W) prev_first = first;
        }
        CHECK(wedge);
        // the textbook cell: just above-right of reach, (r-1, c+4), is blind
        CHECK(u.count({r - 1, c + 4}) == 1);
    }
    SUBCASE("Row LSTM L = 2: a triangle above p") {
        const Cells u = unseen_before("rowlstm", 2, H, W, r, c);
        // seen iff the column distance fits the triangle: the input layer reaches 3 columns
        // either side in the 3 rows above, each row of recurrence widens by 1, the 1x3
        // input-to-state and the left taps reach any distance to the left of the row's path...
        // Pin: the row of p is all seen; far upper corners are unseen on both sides.
        for (int cc = 0; cc < c; ++cc) CHECK(u.count({r, cc}) == 0);
        CHECK(u.count({0, 0}) == 0);  // the left side fills through the rows' left taps
        CHECK(u.count({r - 1, c + 4}) == 1);  // beyond the triangle's right edge
        // the triangle's right edge: row r - d sees exactly columns <= c + 3 + (d - 1) for d >= 1
        for (int d = 1; d <= r; ++d) {
            const int last = std::min(W - 1, c + 3 + (d - 1));
            for (int cc = 0; cc < W; ++cc) {
                CAPTURE(d);
                CAPTURE(cc);
                CHECK(u.count({r - d, cc}) == (cc > last ? 1u : 0u));
            }
        }
    }
    SUBCASE("Diagonal BiLSTM L = 2: no wedge; only the input layer's gap at the row's end") {
        // (7, 8): z_0 of row 7 never sees its own last pixel, and the forward walk of row 8 to
        // (8, 4) reads z_0(8, c' <= 4), whose 7x7 reach ends at column 7
        CHECK(unseen_before("diagbilstm", 2, H, W, r, c) == Cells{{r - 1, W - 1}});
        CHECK(unseen_before("diagbilstm", 2, H, W, r, 6).empty());
    }
    SUBCASE("Gated PixelCNN L = 5: no wedge at all") {
        CHECK(unseen_before("gated", 5, H, W, r, c).empty());
    }
}

TEST_CASE("Diagonal BiLSTM, 7x7, canonical input layer: pixel (5,1) misses only (4,6)") {
    // z_0(4, 6) does not see x(4, 6) (mask A), and nothing that (5, 1) reads has seen it: the
    // right-to-left walk on row 4 starts at (4, 6) with z_0(4, 6) only
    CHECK(unseen_before("diagbilstm", 2, 7, 7, 5, 1) == Cells{{4, 6}});
    // a pixel further right in row 5 sees all of row 4 through the 7x7 input layer
    CHECK(unseen_before("diagbilstm", 2, 7, 7, 5, 4).empty());
}

TEST_CASE("rowlstm, diagbilstm, gated: checkpoint round trip, and a short run lowers the loss") {
    for (const char* arch : {"rowlstm", "diagbilstm", "gated"}) {
        const std::string name = arch;
        CAPTURE(name);
        ModelConfig cfg;
        cfg.arch = arch;
        cfg.h = 6;
        cfg.layers = canonical_layers(arch) == 5 ? 2 : 1;
        cfg.channels = 3;
        cfg.height = cfg.width = 6;
        cfg.output = OutputKind::bernoulli;
        auto model = make_model<float>(cfg, 4);
        // checkpoint round trip: same params, same logits
        const std::string path = std::string("/tmp/ps_famous_") + arch + ".safetensors";
        std::string error;
        REQUIRE(save_model(path, *model, {{"dataset", "synthetic"}}, error));
        LoadedModel loaded = load_model(path);
        REQUIRE_MESSAGE(loaded.ok, loaded.error);
        REQUIRE(loaded.model->params().size() == model->params().size());
        for (int k = 0; k < model->params().size(); ++k) {
            CHECK(loaded.model->params()[k].name == model->params()[k].name);
            CHECK(loaded.model->params()[k].value == model->params()[k].value);
        }
        CHECK(loaded.model->config().to_json() == cfg.to_json());
        std::remove(path.c_str());
        // training: vertical stripes, each pixel equal to the one above it
        std::mt19937_64 rng(2);
        auto stripes = [&](int B) {
            Tensor4<float> x({std::size_t(B), 3, 6, 6});
            std::uniform_int_distribution<int> phase(0, 3);
            for (int b = 0; b < B; ++b) {
                const int ph = phase(rng);
                for (std::size_t ch = 0; ch < 3; ++ch)
                    for (std::size_t y = 0; y < 6; ++y)
                        for (std::size_t xx = 0; xx < 6; ++xx)
                            x(std::size_t(b), ch, y, xx) = ((int(xx) + ph) / 2) % 2 == 0 ? 1.f : 0.f;
            }
            return x;
        };
        TrainerOptions opt;
        opt.adam.lr = 3e-3;
        Trainer trainer(*model, opt);
        const Tensor4<float> eval = stripes(16);
        const double before = trainer.nll_sum(eval) / 16;
        Tensor4<float> batch;
        trainer.run(
            [&]() -> const Tensor4<float>& {
                batch = stripes(8);
                return batch;
            },
            0, 60, [](const TrainProgress&) { return true; });
        const double after = trainer.nll_sum(eval) / 16;
        CHECK(after < 0.5 * before);
    }
}
