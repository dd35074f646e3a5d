#include "viz/masks.hpp"

#include <stdexcept>

namespace ps::viz {

int MaskGrid::kept_count() const {
    int n = 0;
    for (bool k : kept) n += k ? 1 : 0;
    return n;
}

MaskGrid make_mask_grid(int k_h, int k_w, MaskType type) {
    auto valid = [](int k) { return k >= 1 && k <= 11 && k % 2 == 1; };
    if (!valid(k_h) || !valid(k_w)) {
        throw std::invalid_argument("make_mask_grid: kernel must be odd and in 1..11, got " +
                                    std::to_string(k_h) + "x" + std::to_string(k_w));
    }
    MaskGrid m;
    m.k_h = k_h;
    m.k_w = k_w;
    m.type = type;
    m.kept.assign(static_cast<size_t>(k_h * k_w), false);
    const int cr = k_h / 2, cc = k_w / 2;
    for (int r = 0; r < k_h; ++r) {
        for (int c = 0; c < k_w; ++c) {
            // Raster order: a tap is earlier than the centre iff it is in a row above, or in the
            // centre row and to its left. The centre itself is kept by mask B only.
            bool keep =
                r < cr || (r == cr && c < cc) || (r == cr && c == cc && type == MaskType::B);
            m.kept[static_cast<size_t>(r * k_w + c)] = keep;
        }
    }
    return m;
}

int RgbConnectivity::arrow_count() const {
    int n = 0;
    for (const auto& row : allowed)
        for (bool a : row) n += a ? 1 : 0;
    return n;
}

RgbConnectivity make_rgb_connectivity(MaskType type) {
    RgbConnectivity rc;
    rc.type = type;
    for (int o = 0; o < 3; ++o)
        for (int i = 0; i < 3; ++i) rc.allowed[o][i] = type == MaskType::A ? i < o : i <= o;
    return rc;
}

std::string mask_why_text(MaskType type) {
    if (type == MaskType::A) {
        return "Mask A drops the centre: the first layer reads the image itself, so it may use "
               "only the pixels above and to the left, never the pixel it predicts.";
    }
    return "Mask B keeps the centre: later layers read features that already summarise only "
           "earlier pixels, so reading their own position is safe.";
}

std::string rgb_why_text(MaskType type) {
    if (type == MaskType::A) {
        return "Mask A at the centre: R sees no channel of its own pixel, G sees R, B sees R and "
               "G, because channels are generated R, then G, then B.";
    }
    return "Mask B at the centre: each group may also read its own group (B sees all three), "
           "because after the first layer a group's features hold no value it must predict.";
}

const char* mask_type_name(MaskType type) {
    return type == MaskType::A ? "A" : "B";
}

const char* channel_name(int group) {
    static const char* names[] = {"R", "G", "B"};
    return group >= 0 && group < 3 ? names[group] : "?";
}

}  // namespace ps::viz
