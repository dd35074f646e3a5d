// Whole figures for slides: what `pixelscope render masks|rf|blindspot|skew` writes. Each
// figure has a title, the picture(s), a legend and the "why" sentence(s), drawn on the CPU with
// the rasteriser from the same structs the GUI panels draw (MaskGrid, RgbConnectivity,
// ReceptiveField, SkewScene, legends).
#pragma once

#include <string>
#include <vector>

#include "viz/colour.hpp"
#include "viz/gradient_field.hpp"
#include "viz/raster.hpp"
#include "viz/receptive_field.hpp"
#include "viz/skew.hpp"

namespace ps::viz {

// Mask A and mask B of a k x k kernel side by side; with rgb, each with its channel-group
// connectivity diagram at the centre tap. Throws std::invalid_argument for a bad kernel.
RgbaImage render_masks_figure(const Fonts& fonts, int kernel, bool rgb);

struct FieldFigureOptions {
    ArchSpec spec;
    int height = 7, width = 7;
    int row = 3, col = 3, channel = 0;
    int layers_shown = -1;  // -1: all layers
    std::string title;      // empty: "<Arch>: what pixel p sees"
    // Set: the cells show the engine's gradient magnitudes (log-scale heat map, colour bar) and
    // the figure says whether their support agrees with the analytic field.
    const GradientField* gradient = nullptr;
};
// The receptive field of one output pixel, coloured seen / blind spot / self / future (letters
// a..y on grids of <= 26 pixels), with a summary and the reasons for the blind spot.
RgbaImage render_field_figure(const Fonts& fonts, const FieldFigureOptions& options);

// The classic lettered figure: 5x5, three stacked 3x3 masked convolutions (mask A first), q.
FieldFigureOptions classic_blind_spot_options();

// Skew trick at step t: the image, the skewed H x (H+W-1) map with the column computed at t and
// its state-to-state taps, and Row LSTM at the same step (row min(t, H-1)) for contrast.
RgbaImage render_skew_figure(const Fonts& fonts, int height, int width, int step);

// The sentences the figures and the GUI panels share (change a sentence here, both follow).
std::string masks_intro_text();
std::string skew_intro_text();
std::string skew_unskew_text();
std::string skew_contrast_text();
// "3 stacked 3x3 masked convolutions (mask A first, then mask B)[; showing the field after ...]"
std::string field_spec_text(const ArchSpec& spec, int layers_shown);
// "13 of 16 earlier pixels seen; 3 in the blind spot[, 2 out of reach at this depth]"
std::string field_counts_text(const ReceptiveField& field, const std::vector<UnseenPixel>& why);
// "q (3,1) sees every earlier pixel except j, n and o. It never sees itself or any later pixel."
std::string field_summary_text(const ReceptiveField& field, const std::vector<UnseenPixel>& why);
// "Why is j not seen? ..." for the nearest structural and the nearest out-of-reach pixel.
std::vector<std::string> field_reason_texts(const ReceptiveField& field,
                                            const std::vector<UnseenPixel>& why);

// Drop the rows below `height` (figures are drawn on a tall canvas, then trimmed).
RgbaImage crop_height(const RgbaImage& image, int height);

}  // namespace ps::viz
