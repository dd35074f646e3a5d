// The Data tab: the dataset browser. A page of thumbnails (one atlas texture through the pixel-grid
// renderer), a train/test switch, a label filter, shuffled or index order, paging, and the selected
// image drawn large (H x W cells with grid lines; hover reads row, col and value; click selects a
// pixel). "Binarise" shows what the binary models see: pixel >= 128 -> 1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "lessons/lesson.hpp"
#include "ui/gl/pixel_grid.hpp"
#include "ui/pixel_canvas.hpp"

namespace ps::ui {

class DataPanel {
public:
    void draw(app::AppState& state);
    // A lesson step's scene whose tab is `data`: `binarize` ticks Binarise (the browser shows the
    // threshold), `image` selects that position of the list once the scene's dataset is open.
    void apply_scene(const lessons::Scene& scene);

private:
    // Thumbnail sheet geometry, in image pixels (cells of the atlas grid) and screen pixels.
    struct Sheet {
        int scale = 2;           // screen pixels per image pixel
        int gap = 4;             // cells between tiles (and above each tile)
        int label = 9;           // cells below each tile for its label
        int cols = 1, rows = 1;  // tiles per page
        int tile_w = 28, tile_h = 28;
        int page_size() const { return cols * rows; }
        int pitch_x() const { return tile_w + gap; }
        int pitch_y() const { return gap + tile_h + label; }
        int width() const { return gap + cols * pitch_x(); }  // atlas size in cells
        int height() const { return rows * pitch_y(); }
    };
    // What the browser lists: a split, maybe one label only, in index or shuffled order.
    struct ViewKey {
        int generation = -1, label = -1;  // label -1: all
        bool test = false, shuffled = true;
        bool operator==(const ViewKey& o) const {
            return generation == o.generation && label == o.label && test == o.test &&
                   shuffled == o.shuffled;
        }
    };
    struct AtlasKey {
        ViewKey view;
        int page = -1, cols = 0, rows = 0, scale = 0;
        bool binarise = false;
        bool operator==(const AtlasKey& o) const {
            return view == o.view && page == o.page && cols == o.cols && rows == o.rows &&
                   scale == o.scale && binarise == o.binarise;
        }
    };
    struct DigitKey {
        int generation = -1, index = -1;
        bool binarise = false;
        bool operator==(const DigitKey& o) const {
            return generation == o.generation && index == o.index && binarise == o.binarise;
        }
    };

    void draw_header(const app::AppState& state, const data::Dataset& ds);
    void draw_controls(const data::Dataset& ds);
    void draw_sheet(const app::AppState& state, const data::Dataset& ds, ImVec2 size);
    void draw_detail(const app::AppState& state, const data::Dataset& ds);
    void handle_keys();
    // Tints the pixels before the selected one in raster order: what p(xᵢ | x₁…xᵢ₋₁) sees.
    void update_context_overlay(int rows, int cols);
    void select(int position);

    // Rebuilds m_view (indices into ds.images) when the split, filter or order changed.
    void update_view(const data::Dataset& ds);
    std::string view_name() const;  // "training images", "test images with label 3"
    // Image `index` as RGBA (binarised if asked), ink-on-paper for grey images.
    void image_rgba(const data::Dataset& ds, int index, std::uint8_t* out, int stride_px) const;
    std::string label_text(const data::Dataset& ds, int index, bool with_name) const;

    gl::PixelGrid m_sheet_grid;
    gl::PixelGrid m_digit_grid;
    CanvasSelection m_pixel;  // the pixel clicked in the large view
    gl::Cell m_context_cell;  // the pixel whose raster-order context the overlay shows
    int m_context_generation = -1;
    Sheet m_sheet;
    AtlasKey m_atlas_key;
    DigitKey m_digit_key;
    std::vector<std::uint8_t> m_scratch;
    ViewKey m_view_key;
    std::vector<int> m_view;
    bool m_test = false;
    bool m_shuffled = true;  // mnist is stored digit by digit: a shuffled page shows all ten
    int m_label = -1;        // show only this label; -1 all
    int m_classes = 0;       // labels run 0 .. m_classes - 1
    bool m_binarise = false;
    int m_page = 0;
    int m_selected = 0;  // position of the selected image within m_view
    int m_scene_image = -1;  // a lesson scene's `image`, selected once no load is pending
    int m_generation = -1;
    float m_below_grid_h = 0.f;  // height of what the detail view draws under the grid...
    float m_below_width = 0.f;   // ...at this panel width
    float m_bar_h = 0.f;         // height of the sheet's paging bar
};

}  // namespace ps::ui
