// What the Sampling tab draws (DESIGN.md §5 "Sampling"), computed without a window: the colours
// of a partly drawn sample, the batch mosaic, the context overlay of the pixel just drawn, and the
// sentences that say what the picture means. The panel (ui/sampling_panel.cpp) only draws these.
//
// Index
//   1. Partial samples   colours of an image whose first `drawn` positions are filled in
//   2. Mosaic            a batch as one grid with 1-cell gutters (one texture, one canvas)
//   3. Context overlay   the pixels a prediction conditions on, and the earlier ones it cannot see
//   4. Sentences         the "why" next to every part of the tab
//
// Positions are the sampler's: position = (row * W + col) * C + channel, raster order, channels
// R then G then B (engine/sampler.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "viz/colour.hpp"
#include "viz/receptive_field.hpp"

namespace ps::viz {

// ---------------------------------------------------------------------------------------------
// 1. Partial samples
struct SampleLayout {
    int channels = 1, height = 28, width = 28;
    bool binary = true;  // values 0/1 (Bernoulli output); else 0..255 per channel
    long long positions() const { return (long long)channels * height * width; }
};

// Not yet drawn: a cool grey that is neither paper (white) nor ink (near black).
Rgba undrawn_colour();
// Paper and ink of a binary sample (0 and 1), the colours the Data tab's ink map uses.
Rgba paper_colour();
Rgba ink_colour();

// One image (C, H, W) as H * W colours. Positions < drawn show their value; a pixel none of
// whose channels is drawn is undrawn_colour(); with C = 3 the channels not drawn yet are 0.
// Binary values: paper / ink. Grey (C = 1, 0..255): 255 is ink, as the ink map of the Data tab.
std::vector<Rgba> partial_sample_colours(const float* image, const SampleLayout& layout,
                                         long long drawn);

// ---------------------------------------------------------------------------------------------
// 2. Mosaic
struct Mosaic {
    int count = 0, cols = 1, rows = 1;
    int cell_h = 0, cell_w = 0;  // one image
    int width = 0, height = 0;   // in cells, gutters included
    // (row, col) of the mosaic -> image index, or -1 on a gutter / an empty slot
    int image_at(int row, int col) const;
    int top(int image) const { return 1 + (image / cols) * (cell_h + 1); }
    int left(int image) const { return 1 + (image % cols) * (cell_w + 1); }
};
// ceil(sqrt(count)) columns, 1-cell gutters around and between the images.
Mosaic mosaic_layout(int count, int height, int width);
Rgba gutter_colour();
// images (count, C, H, W) row-major, all drawn up to `drawn` -> mosaic.width * mosaic.height
// colours. `selected` (or -1) gets a red frame in its gutter cells.
std::vector<Rgba> mosaic_colours(const float* images, const SampleLayout& layout, int count,
                                 long long drawn, int selected);

// ---------------------------------------------------------------------------------------------
// 3. Context overlay
struct ContextOverlay {
    std::vector<std::uint8_t> rgba;  // (H, W, 4): the tint for PixelGrid::set_overlay
    int seen = 0;                    // earlier pixels in the field
    int earlier = 0;                 // pixels before the target in raster order
    int unseen() const { return earlier - seen; }
};
Rgba context_colour();  // blue: a pixel the prediction conditions on
Rgba unseen_colour();   // cyan: drawn earlier, but out of this model's reach (or its blind spot)
// The field's earlier pixels tinted blue if seen, cyan if not (the target and later pixels are
// left untinted). `rows_kept` > 0 marks nothing extra; the panel draws the kept line itself.
ContextOverlay context_overlay(const ReceptiveField& field);

// The receptive-field spec of an engine model (arch name and layer count; kernels are the
// engine's fixed 7x7 mask A input and 3x3 blocks). Throws std::invalid_argument for an unknown
// arch.
ArchSpec engine_arch_spec(const std::string& arch, int layers, int channels);

// ---------------------------------------------------------------------------------------------
// 4. Sentences
// "Generation runs in raster order: ..., so this 28×28 image takes 784 steps."
std::string sampling_intro_text(const SampleLayout& layout);
// What the model predicted for the pixel just drawn, and what the draw gave:
// "p(white) = 0.83: the sampler drew white (a random draw, not the likelier value)."
std::string prediction_text(const SampleLayout& layout, const std::vector<float>& distribution,
                            float drawn, double temperature);
// "It sees 212 of the 397 pixels drawn before it (blue). The other 185 (cyan) are out of reach
// of a 5-block PixelCNN: they shape the image, not this prediction."
std::string context_text(const ContextOverlay& overlay, const std::string& arch_title);
// Why caching matters, with this image's numbers: naive H·W·C full passes vs about one. The
// two modes one at a time, and both in one sentence.
std::string caching_text(const SampleLayout& layout);
std::string naive_cost_text(const SampleLayout& layout);
std::string cached_cost_text(const SampleLayout& layout);
// "T = 0.5 divides the logits by 0.5 before the sigmoid: sharper, less varied samples."
std::string temperature_text(double temperature, bool binary);
// The completion picture: which test image, how many rows kept, what the model does.
std::string completion_text(int test_index, int rows_kept, int height, int count);
// The untrained model's warning.
std::string untrained_text();

}  // namespace ps::viz
