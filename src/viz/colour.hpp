// Colours for the views: a perceptual colour map, a log-scale heat map for gradient magnitudes
// (with its legend ticks), the receptive-field palette, the lettered a..y grid labels, and image
// tiling into one RGBA buffer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "viz/masks.hpp"
#include "viz/receptive_field.hpp"
#include "viz/skew.hpp"

namespace ps::viz {

struct Rgba {
    uint8_t r = 0, g = 0, b = 0, a = 255;
};
inline bool operator==(const Rgba& x, const Rgba& y) {
    return x.r == y.r && x.g == y.g && x.b == y.b && x.a == y.a;
}
Rgba rgb(uint32_t hex);  // 0xRRGGBB, opaque
Rgba mix(Rgba a, Rgba b, float t);
// Relative luminance (Rec. 709 weights on linearised sRGB), 0..1.
float luminance(Rgba c);

// An RGBA image, row-major, 4 bytes per pixel: what PNG export and GL textures take.
struct RgbaImage {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels;  // (height, width, 4)

    RgbaImage() = default;
    RgbaImage(int w, int h, Rgba fill = Rgba{255, 255, 255, 255});
    Rgba get(int x, int y) const;
    void set(int x, int y, Rgba c);  // ignores coordinates outside the image
};

// ---------------------------------------------------------------------------------------------
// Perceptual colour map: dark violet -> blue -> teal -> green -> yellow, luminance rising
// monotonically (viridis-like; control points are sampled from the published viridis table).
Rgba colour_map(float t);  // t in [0, 1], clamped

// Log-scale mapping of non-negative magnitudes (|d logit_p / d input|). Values are mapped by
// log10 between `lo` and `hi`; zero (exactly no dependency) gets the `zero` colour.
struct LegendTick {
    float t = 0;  // position along the colour bar, 0..1
    float value = 0;
    std::string label;  // "1e-3"
};
struct LogScale {
    float lo = 1e-6f, hi = 1.0f;
    float position(float v) const;  // 0..1, clamped; < 0 for v <= 0
    Rgba colour(float v, Rgba zero) const;
    std::vector<LegendTick> ticks() const;  // every power of ten in [lo, hi], ends included
};
// hi = the largest value; lo = max(smallest positive value, hi * 10^-decades).
LogScale fit_log_scale(const std::vector<float>& values, int decades = 6);

// ---------------------------------------------------------------------------------------------
// The receptive-field palette (blind spot in cyan as in the classic figure).
struct Palette {
    Rgba seen = rgb(0x2f5fb3);          // blue: in the field
    Rgba blind_spot = rgb(0x00d8e8);    // cyan: earlier but never seen, at any depth
    Rgba out_of_reach = rgb(0xc4f1f5);  // pale cyan: earlier, not seen at this depth yet
    Rgba self = rgb(0xd62828);          // red: the output pixel p
    Rgba future = rgb(0xeeeeee);        // light grey: at or after p in raster order
    Rgba grid = rgb(0x9a9a9a);          // grid lines
    Rgba background = rgb(0xffffff);
    Rgba text = rgb(0x1a1a1a);
    Rgba kept = rgb(0x2f5fb3);     // a kept mask tap
    Rgba dropped = rgb(0xeeeeee);  // a dropped mask tap
    Rgba centre = rgb(0xd62828);   // outline of the centre tap
    Rgba current = rgb(0xf4a300);  // skew: being computed at this step
    Rgba done = rgb(0x7fa7e0);     // skew: computed at an earlier step
    Rgba pending = rgb(0xffffff);  // skew: not yet computed
    Rgba padding = rgb(0xd8d8d8);  // skew: padding of the skewed map
    Rgba channel[3] = {rgb(0xd62828), rgb(0x2a9d3a), rgb(0x2f5fb3)};  // R, G, B groups
};
const Palette& palette();
Rgba class_colour(PixelClass k);

struct LegendEntry {
    Rgba colour;
    std::string label;
};
// seen, blind spot, self, future; with_reach adds "out of reach at this depth".
std::vector<LegendEntry> field_legend(bool with_reach = false);
std::vector<LegendEntry> mask_legend();  // kept, dropped, centre
std::vector<LegendEntry> skew_legend();  // done, current, pending, padding

// Per-cell colours of a field, row-major (H * W), for the pixel-grid renderer. With `why` (from
// explain_unseen) pixels merely out of reach at this depth get the pale out_of_reach colour.
std::vector<Rgba> field_colours(const ReceptiveField& field,
                                const std::vector<UnseenPixel>* why = nullptr);
// Per-cell colours of a mask grid (kept / dropped; the centre is outlined by the view).
std::vector<Rgba> mask_colours(const MaskGrid& mask);
// Colour of a skew-scene cell state (done / current / pending / padding).
Rgba skew_state_colour(CellState state);
// A heat map of H x W magnitudes through a log scale (zero -> palette().future), each value a
// scale x scale block; and the matching horizontal colour bar (left = lo, right = hi).
RgbaImage heat_map_image(const std::vector<float>& values, int height, int width,
                         const LogScale& scale, int block = 1);
RgbaImage colour_bar_image(int width, int height);

// ---------------------------------------------------------------------------------------------
// Grid labels: "a".."y" for a 5x5 grid (any grid of <= 26 pixels), else empty strings.
std::vector<std::string> letter_labels(int height, int width);

// Tile N grey images (values in [0, 1], each rows x cols, row-major) into one RGBA buffer:
// `columns` per row, `pad` pixels between tiles, each pixel drawn as a scale x scale block
// through the colour map (or grey when use_colour_map is false).
RgbaImage tile_images(const std::vector<std::vector<float>>& images, int rows, int cols,
                      int columns, int pad = 1, int scale = 1, bool use_colour_map = false);

}  // namespace ps::viz
