// The predicted distribution of one pixel (or channel), drawn at the cursor: for a Bernoulli
// output the pair of bars p(paper) = 1 - p and p(ink) = p, for a 256-way softmax the 256 bars
// over the values 0..255; the value the sampler drew is marked (red) either way.
#pragma once

#include <imgui.h>

#include <vector>

#include "app/app_state.hpp"

namespace ps::ui {

struct DistributionPlot {
    bool binary = true;
    float width = 300.f;
    float height = 0.f;  // the 256-bar chart's height (0: 7 text lines); the pair sizes itself
    int channel = -1;    // 0..2 colours the 256 bars R, G or B; -1: the accent colour
};

// dist: {p} (binary) or 256 probabilities; drawn: the value drawn (0/1 or 0..255), < 0: none.
void distribution_plot(const std::vector<float>& dist, float drawn, const DistributionPlot& plot,
                       const app::Fonts& fonts);

}  // namespace ps::ui
