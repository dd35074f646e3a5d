// The pixel-grid renderer: THE way every view of PixelScope draws an image, a mask, a receptive
// field, a skewed map or a partial sample. A W x H grid of crisp cells (one texel each, fetched
// exactly) is rendered by shaders/pixel_grid.*.glsl into an offscreen framebuffer whose texture
// ImGui shows; ui/pixel_canvas.hpp adds hover, tooltip and click selection on top.
//
//   PixelGrid grid;                                  // needs a current GL context
//   grid.set_values(28, 28, digit, ColourMap::ink());   // or set_image(w, h, rgba)
//   grid.set_overlay(28, 28, tint_rgba);             // optional per-cell tint, alpha = strength
//   grid.look().selected = {row, col};
//   ImTextureID tex = grid.render(392, 392);         // re-renders only when something changed
//
// Cells are addressed (row, col), row 0 at the top, as images are stored (H, W) row-major.
#pragma once

#include <imgui.h>

#include <array>
#include <cstdint>
#include <vector>

#include "ui/gl/framebuffer.hpp"
#include "ui/gl/shader_program.hpp"
#include "ui/gl/texture.hpp"

namespace ps::gl {

struct Cell {
    int row = -1, col = -1;
    bool valid() const { return row >= 0 && col >= 0; }
};
inline bool operator==(Cell a, Cell b) {
    return a.row == b.row && a.col == b.col;
}
inline bool operator!=(Cell a, Cell b) {
    return !(a == b);
}

// 256 RGBA entries: value v (0..255) is drawn in colour rgba[4v .. 4v+3].
struct ColourMap {
    std::array<std::uint8_t, 256 * 4> rgba{};

    static ColourMap grey();     // 0 black .. 255 white, the raw pixel as stored
    static ColourMap ink();      // 0 paper white .. 255 ink (near black): digits as on a page
    static ColourMap viridis();  // ps::viz::colour_map, for magnitudes
    // A two-colour ramp from `low` (value 0) to `high` (value 255), colours 0xRRGGBB.
    static ColourMap ramp(std::uint32_t low, std::uint32_t high);
};

// How the cells are dressed. Colours are non-premultiplied RGBA in 0..1 (alpha = how much of the
// colour is mixed over the cell).
struct GridLook {
    bool grid_lines = true;             // thin lines on the cell edges...
    float min_cell_px_for_lines = 6.f;  // ...only where a cell is at least this many pixels
    float line_px = 1.f;
    ImVec4 line_colour{0.55f, 0.58f, 0.63f, 0.55f};
    bool border = true;  // a line around the whole grid (drawn whatever the cell size)
    Cell hovered;        // thin outline
    ImVec4 hovered_colour{0.95f, 0.55f, 0.10f, 1.f};
    Cell selected;  // thick outline
    ImVec4 selected_colour{0.85f, 0.15f, 0.15f, 1.f};
    float outline_px = 3.f;
    float overlay_opacity = 1.f;  // multiplies every overlay alpha
};
bool operator==(const GridLook& a, const GridLook& b);
inline bool operator!=(const GridLook& a, const GridLook& b) {
    return !(a == b);
}

class PixelGrid {
public:
    // Compiles the program from the embedded shaders; throws GlError if the driver refuses.
    PixelGrid();
    ~PixelGrid();
    PixelGrid(const PixelGrid&) = delete;
    PixelGrid& operator=(const PixelGrid&) = delete;

    // Setters throw std::invalid_argument on an empty image or an overlay of the wrong size.
    // An RGBA image: (height, width, 4) bytes. Cells keep the colour as given.
    void set_image(int width, int height, const std::uint8_t* rgba);
    // A single-channel image: (height, width) values 0..255 drawn through `map`.
    void set_values(int width, int height, const std::uint8_t* values,
                    const ColourMap& map = ColourMap::grey());
    // Per-cell tint mixed over the image by its alpha: (height, width, 4) bytes, the size of
    // the image set last. clear_overlay() removes it.
    void set_overlay(int width, int height, const std::uint8_t* rgba);
    void clear_overlay();

    GridLook& look() { return m_look; }
    const GridLook& look() const { return m_look; }

    int width() const { return m_width; }  // in cells
    int height() const { return m_height; }
    bool empty() const { return m_width == 0; }
    bool value_mode() const { return m_value_mode; }
    // What a cell holds as the caller gave it: value() in value mode (-1 in RGBA mode or
    // outside), rgba() in either mode (a value v reads as (v, v, v, 255)).
    int value(int row, int col) const;
    std::array<std::uint8_t, 4> rgba(int row, int col) const;

    // Renders into a target_width x target_height texture (pixels) and returns it for
    // ImGui::Image / AddImage with uv0 = (0, 1), uv1 = (1, 0) (GL's rows run bottom-up).
    // Nothing is drawn when neither the data, the look nor the size changed since last time.
    ImTextureID render(int target_width, int target_height);

private:
    ShaderProgram m_program;
    GLuint m_vao = 0;  // core profile needs one bound even with no vertex attributes
    Texture m_image, m_colour_map, m_overlay;
    Framebuffer m_target;
    int m_width = 0, m_height = 0;
    bool m_value_mode = false;
    bool m_has_overlay = false;
    std::vector<std::uint8_t> m_data;  // CPU copy for value() / rgba() (hover tooltips)
    GridLook m_look, m_rendered_look;
    bool m_dirty = true;
};

}  // namespace ps::gl
