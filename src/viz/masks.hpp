// Mask grids and the RGB channel-connectivity diagram, as plain data the Masks view draws.
//
// DESIGN §2: raster order; a k_h x k_w kernel (odd sizes, centre (k_h/2, k_w/2)) keeps every tap
// in the rows above the centre and the taps left of the centre in the centre row. Mask A drops
// the centre tap, mask B keeps it. Example, 5x5 (# kept, . dropped, A at the centre):
//
//     # # # # #        # # # # #
//     # # # # #        # # # # #
//     # # A . .        # # B . .      A: centre dropped, B: centre kept
//     . . . . .        . . . . .
//     . . . . .        . . . . .
//
// With C = 3 the features are split into groups [R | G | B]; at the centre tap output group o
// sees input group i iff i < o (mask A) or i <= o (mask B). Off-centre kept taps see all groups.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace ps::viz {

enum class MaskType { A, B };

// One mask: kept[r * k_w + c] is true where the weight may be non-zero.
struct MaskGrid {
    int k_h = 1;
    int k_w = 1;
    MaskType type = MaskType::A;
    std::vector<bool> kept;  // (k_h, k_w), row-major

    int centre_row() const { return k_h / 2; }
    int centre_col() const { return k_w / 2; }
    bool at(int r, int c) const { return kept[static_cast<size_t>(r * k_w + c)]; }
    int kept_count() const;
};

// Throws std::invalid_argument unless k_h and k_w are odd and in 1..11.
MaskGrid make_mask_grid(int k_h, int k_w, MaskType type);

// allowed[o][i]: output group o (R, G, B = 0, 1, 2) reads input group i at the centre tap.
struct RgbConnectivity {
    MaskType type = MaskType::A;
    std::array<std::array<bool, 3>, 3> allowed{};
    int arrow_count() const;
};

RgbConnectivity make_rgb_connectivity(MaskType type);

// The sentence the view shows under each picture.
std::string mask_why_text(MaskType type);
std::string rgb_why_text(MaskType type);
const char* mask_type_name(MaskType type);  // "A" / "B"
const char* channel_name(int group);        // "R", "G", "B"

}  // namespace ps::viz
