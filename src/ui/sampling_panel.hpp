// The Sampling tab (issue #6): watch an autoregressive model draw an image pixel by pixel.
//
//   +-- controls --------+-- the inspected sample ------------+-- beside it -------------------+
//   | model (trained /   | the image growing in raster order; | the predicted distribution of  |
//   | untrained arch)    | the pixel just drawn (red), the    | the pixel just drawn (p(ink)   |
//   | Generate/Complete  | next one (orange), its context     | bars or 256 bars), the drawn   |
//   | Step Back Play Run | (blue: seen, cyan: earlier but     | value marked; the batch filling|
//   | Reset, speed, seed,| unseen), kept rows in completion   | at once (click one to inspect);|
//   | temperature, batch | and the "why" sentences under it   | completion: the original       |
//   | naive | cached,    |                                    |                                |
//   | measured pixels/s  |                                    |                                |
//   +--------------------+------------------------------------+--------------------------------+
//
// The model: the Training tab's latest snapshot (AppState::trainer.model; a new generation
// rebuilds the sampler and replays it to the same position with the new weights) or, if there is
// none or the learner picks it, an untrained model of the chosen architecture, and the view says
// so. Sampling runs off the frame (ui/sampling_runner.hpp). The context comes from
// viz::receptive_field for the model's arch and depth. Each frame the panel publishes
// AppState::sampling for the lesson runtime; apply_scene takes a lesson step's keys.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "lessons/lesson.hpp"
#include "ui/gl/pixel_grid.hpp"
#include "ui/pixel_canvas.hpp"
#include "ui/sampling_runner.hpp"
#include "viz/receptive_field.hpp"
#include "viz/sampling_view.hpp"

namespace ps::ui {

class SamplingPanel {
public:
    SamplingPanel() = default;
    void draw(app::AppState& state);
    // A lesson step's scene: arch, layers, hidden, size, channels, dataset (loaded by the scene
    // code), seed, temperature, sampler_mode, batch, image, rows_kept (completion), step / pixel
    // (draw up to there), speed, play. Absent keys keep the view's values.
    void apply_scene(const lessons::Scene& scene);

private:
    // Everything the sampler is built from; a change rebuilds it.
    struct Key {
        const app::ModelSnapshot* snapshot = nullptr;  // null: the untrained model
        std::string arch;
        int h = 0, layers = 0, channels = 0, height = 0, width = 0;
        int count = 0;
        std::uint64_t seed = 0;
        double temperature = 1;
        bool complete = false;
        int image = 0, rows_kept = 0, dataset_generation = -1;
        bool operator==(const Key& o) const;
        bool operator!=(const Key& o) const { return !(*this == o); }
    };

    // 1. model and sampler
    void sync_model(app::AppState& state);
    // ignore_completion: the model's part only (what completion_possible compares to the data)
    Key wanted_key(const app::AppState& state, bool ignore_completion = false) const;
    bool completion_possible(const app::AppState& state, std::string* why) const;
    // hold: keep the old picture until the new sampler has replayed to jump_to
    void rebuild(app::AppState& state, const Key& key, long long jump_to, bool hold);
    // 2. input and animation
    void handle_keys(const app::AppState& state);
    void advance(app::AppState& state);
    void toggle_play();
    void reset(bool then_play = false);  // a new sampler from the first position
    // 3. drawing
    void draw_controls(app::AppState& state);
    void draw_view(app::AppState& state);
    void draw_main(app::AppState& state, float width, float height);
    void draw_side(app::AppState& state, float width);
    void draw_distribution(app::AppState& state, float width);
    void draw_batch(app::AppState& state, float width);
    void draw_speed(app::AppState& state);
    void refresh_pictures();
    void publish(app::AppState& state);

    // Settings
    bool m_use_trained = true;       // the Training tab's model when there is one
    bool m_arch_from_scene = false;  // a scene named the arch: a trained model only if it matches
    std::string m_arch = "pixelcnn";
    int m_h = 16, m_layers = 5;
    int m_size = 0;      // image size of the untrained model; 0: the dataset's
    int m_channels = 0;  // its channels (a scene's `channels`); 0: the dataset's
    int m_batch = 16;
    int m_seed = 1;
    float m_temperature = 1.f;
    bool m_complete = false;
    int m_image = 0, m_rows_kept = -1;  // -1: half the image
    float m_speed = 60.f;               // positions per second while playing
    engine::SampleMode m_mode = engine::SampleMode::naive;
    int m_inspect = 0;  // the image shown large

    // Requests from a scene or --sample-steps, done once the sampler is (re)built: a position
    // (>= 0), none (-1), or one of these
    static constexpr long long k_jump_to_middle = -2;  // pixel (H/2, W/2): a screenshot's view
    static constexpr long long k_jump_to_pixel = -3;   // m_scene_pixel is the next to draw
    long long m_scene_jump = -1;
    lessons::Pixel m_scene_pixel;
    bool m_scene_play = false;

    // The sampler
    SamplingRunner m_runner;
    Key m_key;
    bool m_have_key = false;
    std::shared_ptr<const app::ModelSnapshot> m_snapshot;  // the snapshot sampled from
    std::string m_model_title;                             // "PixelCNN (h 16, 5 blocks)"
    bool m_untrained = true;
    viz::SampleLayout m_layout;
    viz::ArchSpec m_spec;
    engine::Tensor4<float> m_original;  // completion: the test image (1, C, H, W)
    std::string m_error;
    long m_completions = 0;       // completed images since the last scene
    bool m_counted_done = false;  // this completion run has been counted
    int m_started = 0;            // first frames: --sample-steps is taken on the first

    // Play
    bool m_playing = false;
    double m_owed = 0;  // steps owed to the speed slider

    // Pictures (rebuilt when the view or the inspected image changes)
    gl::PixelGrid m_grid, m_batch_grid, m_original_grid;
    long long m_drawn_position = -1;
    int m_drawn_inspect = -1;
    const void* m_drawn_view = nullptr;
    bool m_pictures_dirty = true;
    viz::ReceptiveField m_field;
    bool m_have_field = false;
    int m_field_pixel = -1, m_field_channel = -1;
    viz::ContextOverlay m_overlay;
    // (row, col, channel) of the focus: the position just drawn, or the next one before any
    int m_focus_row = 0, m_focus_col = 0, m_focus_channel = 0;
    bool m_focus_drawn = false;
};

}  // namespace ps::ui
