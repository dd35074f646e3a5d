// The empirical receptive field: how strongly the output logit at pixel p (channel ch) moves with
// each input (pixel, channel), measured by the engine's own backward pass.
//
//   m[(r * W + c) * C + k] = sum over s = 1..S of | d logit_p / d x_s[k, r, c] |        (1)
//
// x_1..x_S are random binary images (the inputs of the Bernoulli models). One input is not
// enough: a ReLU that happens to be off for x_1 zeroes a path that another input switches on, so
// (1) accumulates over several. The support {m > 0} is the field (masked weights are exact zeros,
// so a pixel outside the field gets exactly 0); it must equal the analytic field of
// receptive_field.hpp, which the Receptive-field view shows as its "agree?" check.
//
// Sources of the network:
//   - an engine model (pixelcnn, rowlstm, diagbilstm, gated: whatever engine::arch_names() has)
//     built with make_model(config, seed): the live weights the view and `render rf --source
//     gradient` use; or any Model<float> the caller holds (a trained checkpoint);
//   - the textbook masked stack (no engine model of its own): L masked k x k convolutions of the
//     engine's conv layer, mask A first, tanh between them, built here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/model.hpp"
#include "viz/colour.hpp"
#include "viz/receptive_field.hpp"

namespace ps::viz {

struct GradientFieldRequest {
    ArchSpec spec;
    int height = 5, width = 5;
    int row = 0, col = 0, channel = 0;
    int layers_shown = -1;   // -1: all of spec.layers; else a model of that many layers
    int samples = 4;         // S in (1)
    int hidden = 8;          // h of the engine model (a dependency set does not depend on it)
    std::uint64_t seed = 1;  // weights and inputs
};

struct GradientField {
    int height = 0, width = 0, channels = 1;
    int row = 0, col = 0, channel = 0;
    int samples = 0;
    std::string network;            // what produced it: "engine pixelcnn (h 8, L 5)", ...
    std::vector<float> magnitudes;  // (H, W, C): index (r * W + c) * C + k, equation (1)

    float at(int r, int c, int k = 0) const {
        return magnitudes[static_cast<size_t>((r * width + c) * channels + k)];
    }
    // Summed over channels: what a heat map of the pixels shows. (H * W)
    std::vector<float> per_pixel() const;
};

// Whether the gradient source can show this spec, and if not, why (one sentence): the engine's
// models have fixed kernels (7x7 input, 3x3 blocks) and its arch list may not have this arch yet.
bool gradient_supported(const ArchSpec& spec, std::string& why);

// Builds the network of the request and measures (1). Throws std::invalid_argument (bad spec,
// size, target or an unsupported spec, with gradient_supported's sentence) or engine::EngineError.
GradientField gradient_field(const GradientFieldRequest& request);

// (1) on a model the caller holds (live or loaded weights).
GradientField gradient_field(const engine::Model<float>& model, int row, int col, int channel,
                             int samples, std::uint64_t seed);

// The gradient's field, the support of (1), as a ReceptiveField (classes filled).
ReceptiveField support_field(const GradientField& g, int layers_shown = -1);

// The sentences the view and `render rf --source gradient` share.
// "Agree: the engine's gradient (engine pixelcnn (h 8, L 5), 4 random inputs) and the analytic
//  field have the same support: 0 of 49 (pixel, channel) pairs differ."
std::string agreement_text(const GradientField& g, int disagreements);
// The colour bar's caption: what the heat map shows.
std::string gradient_scale_caption();
// The swatches beside the heat map: the predicted pixel, and exact zeros (not in the field).
std::vector<LegendEntry> gradient_legend();

}  // namespace ps::viz
