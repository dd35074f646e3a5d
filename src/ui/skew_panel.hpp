// The Skew tab: the Diagonal BiLSTM's skew trick, animated. An image (the lettered grid or a digit
// of the current dataset) is skewed row by row into H x (H+W-1) (row r shifted right by r); step t
// computes skewed column t, one anti-diagonal of the image, all of it in parallel; the
// state-to-state kernel's two taps (the pixel above, the pixel to the left) are drawn; the result
// is unskewed back to H x W. Contrast mode: Row LSTM, a whole row per step, three taps in the row
// above. Play / pause / step / step back / speed; Space, Right, Left and R while the tab is open.
// Scenes and captions come from viz/skew.hpp, the sentences from viz/figures.hpp (shared with
// `pixelscope render skew`).
#pragma once

#include <cstdint>
#include <vector>

#include "app/app_state.hpp"
#include "lessons/lesson.hpp"
#include "ui/figure_export.hpp"
#include "ui/gl/pixel_grid.hpp"
#include "ui/pixel_canvas.hpp"
#include "viz/colour.hpp"
#include "viz/skew.hpp"

namespace ps::ui {

class SkewPanel {
public:
    void draw(app::AppState& state);
    // A lesson step's scene: skew_mode (diagonal | row), size (the lettered grid, square), step,
    // speed, play. Absent keys keep the view's values.
    void apply_scene(const lessons::Scene& scene);
    // File > Export figure: the lettered skew figure at the current size and step.
    FigureRequest figure() const;

private:
    enum class Source { letters, digit };
    struct SceneKey {
        viz::SkewMode mode = viz::SkewMode::Diagonal;
        Source source = Source::letters;
        int size = 0, step = -1, generation = -1, digit = -1;
        bool operator==(const SceneKey& o) const {
            return mode == o.mode && source == o.source && size == o.size && step == o.step &&
                   generation == o.generation && digit == o.digit;
        }
    };

    void draw_controls(app::AppState& state, int steps);
    void handle_keys(const app::AppState& state, int steps);
    void advance(app::AppState& state, int steps);
    void rebuild(const app::AppState& state, int H, int W);
    // The colour of one cell holding image pixel `source` in computation state `cs`.
    viz::Rgba cell_colour(int source, viz::CellState cs) const;
    std::vector<std::string> labels_for(const std::vector<viz::SceneCell>& cells) const;

    viz::SkewMode m_mode = viz::SkewMode::Diagonal;
    Source m_source = Source::letters;
    int m_size = 5;   // lettered grid N x N
    int m_digit = 0;  // index into the dataset's test images
    int m_step = -1;  // -1: the middle step, set on the first frame
    bool m_playing = false;
    float m_speed = 1.5f;  // steps per second
    float m_accum = 0.f;

    SceneKey m_key;
    viz::SkewScene m_scene;
    std::vector<std::uint8_t> m_ink;  // (H, W) 0..255 of the digit; empty for letters
    std::vector<viz::Rgba> m_input_colours, m_skewed_colours, m_result_colours;
    gl::PixelGrid m_input_grid, m_skewed_grid, m_result_grid;
};

}  // namespace ps::ui
