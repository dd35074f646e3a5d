// The Receptive-field tab: click a pixel p of an H x W image (5..32) and see what the output at p
// can depend on, for an architecture (PixelCNN, Row LSTM, Diagonal BiLSTM, Gated PixelCNN or the
// textbook masked stack), its depth and kernel:
//
//   seen (blue) / blind spot (cyan: earlier, never seen at any depth) / out of reach (pale cyan:
//   a deeper stack would see it) / self (red) / future (grey)
//
// Two sources: the analytic dependency set (viz/receptive_field.hpp, computed on the frame, a
// click answers in the same frame) and the engine's gradient |d logit_p / d input| summed over
// random inputs (viz/gradient_field.hpp, on a worker thread; a log-scale heat map with its colour
// bar). "Agree?" counts the (pixel, channel) pairs where the two supports differ: it must be 0.
// A "layers shown" slider grows the field; one button sets the classic lettered blind spot; a
// compare mode shows the four architectures side by side for the same pixel. The sentences come
// from viz/figures.hpp, the same ones `pixelscope render rf` writes.
#pragma once

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "lessons/lesson.hpp"
#include "ui/figure_export.hpp"
#include "ui/gl/pixel_grid.hpp"
#include "ui/pixel_canvas.hpp"
#include "viz/colour.hpp"
#include "viz/gradient_field.hpp"
#include "viz/receptive_field.hpp"

namespace ps::ui {

class RfPanel {
public:
    RfPanel();  // starts on the classic example
    void draw(app::AppState& state);

    // The classic lettered figure: 5x5 a..y, 3 stacked 3x3 masked convolutions, q selected.
    void set_classic();
    // A lesson step's scene: arch, layers, layers_shown, kernel, input_kernel, channels, channel,
    // size (the height; the view is square), pixel, letters, source, compare. Absent keys keep
    // the view's values.
    void apply_scene(const lessons::Scene& scene);
    gl::Cell target() const { return m_target; }
    // File > Export figure: the single view's analytic field at the current settings.
    FigureRequest figure() const;

private:
    enum class Source { analytic, gradient };

    // Everything a field depends on; a change of key recomputes it.
    struct Key {
        viz::ArchSpec spec;
        int size = 5, row = 0, col = 0, channel = 0, shown = -1;
        bool operator==(const Key& o) const;
        bool operator!=(const Key& o) const { return !(*this == o); }
    };
    struct GradientResult {
        Key key;
        bool ok = false;
        viz::GradientField field;
        std::string error;
        double ms = 0;
    };

    Key key() const;
    void draw_controls(app::AppState& state);
    void draw_single(app::AppState& state, ImVec2 avail);
    void draw_compare(app::AppState& state, ImVec2 avail);
    void draw_side(app::AppState& state, float width);
    void update_analytic();
    void update_gradient(app::AppState& state);
    void rebuild_grid();
    void tooltip(app::AppState& state, gl::Cell c) const;
    void clamp_target();

    // Controls.
    viz::ArchSpec m_spec;
    int m_size = 5;
    gl::Cell m_target{3, 1};
    int m_channel = 0;
    int m_shown = -1;  // layers shown, -1: all
    Source m_source = Source::analytic;
    bool m_letters = true;
    bool m_compare = false;

    // Computed on the frame.
    Key m_analytic_key;
    bool m_have_analytic = false;
    viz::ReceptiveField m_field;
    std::vector<viz::UnseenPixel> m_why;
    std::string m_summary, m_spec_text;
    std::vector<std::string> m_reasons;
    std::vector<viz::Rgba> m_field_colours;

    // The gradient, computed on a worker thread.
    std::future<GradientResult> m_task;
    Key m_task_key;
    GradientResult m_gradient;  // the last finished one (its key may be stale)
    bool m_have_gradient = false;
    std::vector<float> m_gradient_pixels;  // per pixel, summed over channels
    viz::LogScale m_scale;
    std::vector<viz::Rgba> m_heat_colours;
    int m_disagree = -1;  // (pixel, channel) pairs where analytic and gradient differ

    // The canvas.
    gl::PixelGrid m_grid;
    bool m_grid_shows_gradient = false;
    bool m_grid_dirty = true;
    // A lesson's click check is open (AppState::explorer.hide_field): earlier pixels are drawn
    // in one neutral colour and the sentences that name the field wait until it passes.
    bool m_hide = false;
    std::vector<viz::Rgba> m_hidden_colours;
    CanvasSelection m_selection;

    // Compare mode: one grid per architecture.
    struct CompareView {
        viz::Arch arch;
        gl::PixelGrid grid;
        Key key;
        bool built = false;
        viz::ReceptiveField field;
        std::string summary;
        std::vector<viz::Rgba> colours;
    };
    std::vector<std::unique_ptr<CompareView>> m_compare_views;
};

}  // namespace ps::ui
