// Row LSTM, Diagonal BiLSTM and Gated PixelCNN as whole models: central-difference gradient
// checks in double (both output kinds, C = 1 and 3), causality over every input pixel and
// channel, parameter names and shapes of DESIGN §3.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "engine/model.hpp"
#include "model_checks.hpp"

using namespace ps::engine;
using namespace ps::engine::testing;

namespace {

const char* const k_archs[] = {"rowlstm", "diagbilstm", "gated"};

}  // namespace

TEST_CASE("recurrent and gated models: param names and shapes of DESIGN §3") {
    auto row = make_model<float>(test_config("rowlstm", 1, OutputKind::bernoulli, 16, 2, 8, 8), 1);
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
        make_model<float>(test_config("diagbilstm", 1, OutputKind::bernoulli, 16, 2, 8, 8), 1);
    CHECK(shape(*diag, "diags.0.forward.input_to_state.weight") == S{64, 32, 1, 1});
    CHECK(shape(*diag, "diags.1.backward.state_to_state.weight") == S{64, 16, 2});
    CHECK(shape(*diag, "diags.1.backward.state_to_state.bias") == S{64});
    CHECK(shape(*diag, "diags.1.output.weight") == S{32, 16, 1, 1});
    auto gated = make_model<float>(test_config("gated", 3, OutputKind::bernoulli, 6, 5, 8, 8), 1);
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
    for (const char* arch : k_archs)
        for (const OutputVariant& v : k_output_variants) {
            const std::string name = arch;
            CAPTURE(name);
            CAPTURE(v.C);
            CAPTURE(to_string(v.kind));
            const ModelConfig cfg = test_config(arch, v.C, v.kind, 3, 2, 4, 5);
            auto model = make_model<double>(cfg, 3);
            std::mt19937_64 rng(5);
            randomise(model->params(), rng, 0.5);
            const Tensor4<double> x = random_images<double>(cfg, 2, rng);
            check_gradients(*model, x, GradCheck{});
        }
}

TEST_CASE("recurrent and gated models: an output moves only with inputs before it") {
    for (const char* arch : k_archs)
        for (int C : {1, 3}) {
            const std::string name = arch;
            CAPTURE(name);
            CAPTURE(C);
            const ModelConfig cfg = test_config(arch, C, OutputKind::bernoulli, 6, 2, 5, 5);
            auto model = make_model<double>(cfg, 9);
            std::mt19937_64 rng(21);
            randomise(model->params(), rng, 0.7);
            const CausalityMap moved = measure_causality(*model, rng, 3);
            CHECK(moved.violations() == 0);
            // the pixel to the left and the one above always count
            const int q = 2 * cfg.width + 2;
            for (int k = 0; k < C; ++k) {
                CHECK(moved.at(q, k, q - 1, 0) > 0.0);
                CHECK(moved.at(q, k, q - cfg.width, 0) > 0.0);
            }
            if (C == 3) {  // at the same pixel: G on R, B on R and G
                CHECK(moved.at(q, 1, q, 0) > 0.0);
                CHECK(moved.at(q, 2, q, 0) > 0.0);
                CHECK(moved.at(q, 2, q, 1) > 0.0);
            }
        }
}
