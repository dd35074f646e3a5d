// The Masks tab: a k x k masked-convolution kernel (k odd, 1..11), mask A and mask B side by side
// with the centre tap outlined, and under each the RGB channel-group connectivity at the centre
// tap (mask A: R none, G <- R, B <- R, G; mask B: each group also sees itself), a sentence under
// every picture saying why (viz/masks.hpp, shared with `pixelscope render masks`) and a legend.
#pragma once

#include "app/app_state.hpp"
#include "lessons/lesson.hpp"
#include "ui/figure_export.hpp"
#include "ui/gl/pixel_grid.hpp"
#include "viz/masks.hpp"

namespace ps::ui {

class MasksPanel {
public:
    void draw(app::AppState& state);

    int kernel() const { return m_kernel; }
    void set_kernel(int k);  // clamped to the odd sizes 1..11
    // A lesson step's scene: kernel, mask (A | B | both), channels (3 shows the RGB diagrams).
    void apply_scene(const lessons::Scene& scene);
    // File > Export figure: the masks figure at this kernel, with the RGB diagrams if shown.
    FigureRequest figure() const;

private:
    void draw_mask(app::AppState& state, int which, float width);
    void draw_rgb(const viz::RgbConnectivity& rc, float width);

    gl::PixelGrid m_grids[2];  // mask A, mask B
    int m_kernel = 5;
    int m_only = -1;    // -1 both masks; 0 mask A only; 1 mask B only (a lesson's focus)
    bool m_rgb = true;  // the channel-group diagrams under the grids
    int m_built = -1;   // the kernel the grids hold
};

}  // namespace ps::ui
