// Row LSTM, Diagonal BiLSTM and Gated PixelCNN as whole models: central-difference gradient
// checks in double (both output kinds, C = 1 and 3), causality over every input pixel and
// channel, parameter names and shapes of DESIGN §3.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "engine/model.hpp"

using namespace ps::engine;

namespace {

ModelConfig rnn_config(const std::string& arch, int C, OutputKind kind, int h, int L, int H,
                       int W) {
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

template <typename T>
Tensor4<T> make_inputs(const ModelConfig& c, int B, std::mt19937_64& rng) {
    Tensor4<T> x({std::size_t(B), std::size_t(c.channels), std::size_t(c.height),
                  std::size_t(c.width)});
    std::uniform_int_distribution<int> u(0, c.output == OutputKind::bernoulli ? 1 : 255);
    for (auto& v : x) v = T(u(rng));
    return x;
}

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

const char* const k_archs[] = {"rowlstm", "diagbilstm", "gated"};

}  // namespace

TEST_CASE("recurrent and gated models: param names and shapes of DESIGN §3") {
    auto row = make_model<float>(rnn_config("rowlstm", 1, OutputKind::bernoulli, 16, 2, 8, 8), 1);
    const auto shape = [](Model<float>& m, const std::string& n) {
        const int k = m.params().find(n);
        REQUIRE_MESSAGE(k >= 0, n);
        return m.params()[k].shape;
    };
    using S = std::vector<std::size_t>;
    CHECK(shape(*row, "rows.1.input_to_state.weight") == S{64, 32, 1, 3});
    CHECK(shape(*row, "rows.1.state_to_state.weight") == S{64, 16, 3});
    CHECK(shape(*row, "rows.1.state_to_state.bias") == S{64});
    CHECK(shape(*row, "rows.0.output.weight") == S{32, 16, 1, 1});
    // input-to-state mask B, 1x3: taps c-1 and c kept, c+1 zero
    const auto& m = row->params()[row->params().find("rows.0.input_to_state.weight")].mask;
    CHECK(m[0] == 1.0f);
    CHECK(m[1] == 1.0f);
    CHECK(m[2] == 0.0f);
    auto diag =
        make_model<float>(rnn_config("diagbilstm", 1, OutputKind::bernoulli, 16, 2, 8, 8), 1);
    CHECK(shape(*diag, "diags.0.forward.input_to_state.weight") == S{64, 32, 1, 1});
    CHECK(shape(*diag, "diags.1.backward.state_to_state.weight") == S{64, 16, 2});
    CHECK(shape(*diag, "diags.1.backward.state_to_state.bias") == S{64});
    CHECK(shape(*diag, "diags.1.output.weight") == S{32, 16, 1, 1});
    auto gated = make_model<float>(rnn_config("gated", 3, OutputKind::bernoulli, 6, 5, 8, 8), 1);
    CHECK(shape(*gated, "input.vertical.weight") == S{12, 3, 7, 7});
    CHECK(shape(*gated, "input.horizontal.weight") == S{12, 3, 1, 7});
    CHECK(shape(*gated, "layers.4.vertical.weight") == S{12, 6, 3, 3});
    CHECK(shape(*gated, "layers.4.residual.weight") == S{6, 6, 1, 1});
    CHECK(shape(*gated, "head.0.weight") == S{12, 6, 1, 1});
    CHECK(canonical_layers("rowlstm") == 2);
    CHECK(canonical_layers("diagbilstm") == 2);
    CHECK(canonical_layers("gated") == 5);
}

TEST_CASE("recurrent and gated models: gradients match central differences (double)") {
    struct Variant {
        int C;
        OutputKind kind;
    };
    const Variant variants[] = {{1, OutputKind::bernoulli},
                                {3, OutputKind::bernoulli},
                                {1, OutputKind::softmax256},
                                {3, OutputKind::softmax256}};
    for (const char* arch : k_archs)
        for (const Variant& v : variants) {
            const std::string name = arch;
            CAPTURE(name);
            CAPTURE(v.C);
            CAPTURE(to_string(v.kind));
            const ModelConfig cfg = rnn_config(arch, v.C, v.kind, 3, 2, 4, 5);
            auto model = make_model<double>(cfg, 3);
            std::mt19937_64 rng(5);
            randomise(model->params(), rng, 0.5);
            const Tensor4<double> x = make_inputs<double>(cfg, 2, rng);
            auto cache = model->make_cache();
            Tensor4<double> logits, dlogits;
            model->forward(logits, *cache, x);
            dlogits = xt::zeros<double>(logits.shape());
            nll_backward(dlogits, logits, x, cfg.output, 1.0);
            Gradients<double> grads = model->params().zero_gradients();
            Tensor4<double> dx = xt::zeros<double>(x.shape());
            model->backward(grads, &dx, dlogits, *cache, x);

            const double eps = 1e-6;
            int checked = 0;
            for (int pi = 0; pi < model->params().size(); ++pi) {
                Param<double>& p = model->params()[pi];
                CAPTURE(p.name);
                const std::size_t stride = std::max<std::size_t>(1, p.size() / 41);
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
            CHECK(checked > 200);
            if (cfg.output == OutputKind::bernoulli) {
                // dx through the network path (the loss's -x*l term is removed: + l)
                Tensor4<double> xp = x;
                for (std::size_t k = 0; k < x.size(); k += 3) {
                    const double keep = xp.data()[k];
                    xp.data()[k] = keep + eps;
                    const double lp = total_nll(*model, *cache, xp);
                    xp.data()[k] = keep - eps;
                    const double lm = total_nll(*model, *cache, xp);
                    xp.data()[k] = keep;
                    const double num = (lp - lm) / (2 * eps) + logits.data()[k];
                    CAPTURE(k);
                    CHECK(std::abs(num - dx.data()[k]) <= 1e-5 * (1 + std::abs(num)));
                }
            }
        }
}

TEST_CASE("recurrent and gated models: an output moves only with inputs before it") {
    for (const char* arch : k_archs)
        for (int C : {1, 3}) {
            const std::string name = arch;
            CAPTURE(name);
            CAPTURE(C);
            const ModelConfig cfg = rnn_config(arch, C, OutputKind::bernoulli, 6, 2, 5, 5);
            auto model = make_model<double>(cfg, 9);
            std::mt19937_64 rng(21);
            randomise(model->params(), rng, 0.7);
            auto cache = model->make_cache();
            const int H = cfg.height, W = cfg.width;
            std::vector<double> moved(std::size_t(H * W * C * H * W * C), 0.0);
            auto idx = [&](int q, int k, int p, int c) {
                return ((std::size_t(q) * C + k) * H * W + p) * C + c;
            };
            for (int trial = 0; trial < 3; ++trial) {
                Tensor4<double> x = make_inputs<double>(cfg, 1, rng), base, pert;
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
            int violations = 0;
            for (int q = 0; q < H * W; ++q)
                for (int k = 0; k < C; ++k)
                    for (int p = 0; p < H * W; ++p)
                        for (int c = 0; c < C; ++c) {
                            const bool allowed = p < q || (p == q && c < k);
                            if (!allowed && moved[idx(q, k, p, c)] != 0.0) ++violations;
                        }
            CHECK(violations == 0);
            // the pixel to the left and the one above always count
            const int q = 2 * W + 2;
            for (int k = 0; k < C; ++k) {
                CHECK(moved[idx(q, k, q - 1, 0)] > 0.0);
                CHECK(moved[idx(q, k, q - W, 0)] > 0.0);
            }
            if (C == 3) {  // at the same pixel: G on R, B on R and G
                CHECK(moved[idx(q, 1, q, 0)] > 0.0);
                CHECK(moved[idx(q, 2, q, 0)] > 0.0);
                CHECK(moved[idx(q, 2, q, 1)] > 0.0);
            }
        }
}
