// Sections: 1. scene and model  2. keys and the clock  3. pictures  4. layout and controls
//           5. the inspected sample  6. the side column (distribution, batch)  7. publishing
#include "ui/sampling_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <xtensor/xview.hpp>

#include "data/batch.hpp"
#include "ui/text.hpp"
#include "ui/theme.hpp"
#include "ui/widgets/distribution_plot.hpp"
#include "ui/widgets/explorer_draw.hpp"
#include "ui/widgets/value_slider.hpp"

namespace ps::ui {

namespace {

const char* const k_archs[] = {"pixelcnn", "rowlstm", "diagbilstm", "gated"};
const ImU32 k_focus = IM_COL32(0xd6, 0x28, 0x28, 255);  // the pixel just drawn (palette().self)
const ImU32 k_next = IM_COL32(0xf4, 0xa3, 0x00, 255);   // the next pixel to draw
const ImU32 k_context_edge = IM_COL32(0x25, 0x63, 0xeb, 255);  // the accent blue
const ImU32 k_kept = IM_COL32(0x25, 0x63, 0xeb, 255);          // the completion's kept-rows line
const ImVec4 k_warning{0.70f, 0.33f, 0.00f, 1.f};

const char* arch_title(const std::string& arch) {
    viz::Arch a;
    return viz::parse_arch(arch, a) ? viz::arch_title(a) : arch.c_str();
}

const char* layer_word(const std::string& arch) {
    return arch == "pixelcnn" ? "blocks" : arch == "gated" ? "gated layers" : "LSTM layers";
}

std::string rate_text(double values_per_second) {
    if (values_per_second <= 0) return "not measured yet";
    char buf[64];
    if (values_per_second >= 10000)
        std::snprintf(buf, sizeof buf, "%s pixels/s",
                      thousands((long long)std::llround(values_per_second)).c_str());
    else
        std::snprintf(buf, sizeof buf, "%.0f pixels/s", values_per_second);
    return buf;
}

// Legend swatches flowing left to right, wrapping at `width` (the column, not the window).
void flow_legend(const std::vector<std::pair<ImU32, std::string>>& entries, float width) {
    const float gap = 14.f, swatch = ImGui::GetTextLineHeight();
    const float inner = ImGui::GetStyle().ItemInnerSpacing.x;
    float used = 0.f;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const float w = swatch + inner + ImGui::CalcTextSize(entries[i].second.c_str()).x;
        if (i > 0 && used + gap + w <= width) {
            ImGui::SameLine(0, gap);
            used += gap + w;
        } else {
            used = w;
        }
        legend_swatch(entries[i].first, entries[i].second.c_str());
    }
}

std::string pixel_text(int row, int col) {
    return "(" + std::to_string(row) + ", " + std::to_string(col) + ")";
}

}  // namespace

// --- 1. scene and model -------------------------------------------------------------------------

bool SamplingPanel::Key::operator==(const Key& o) const {
    return snapshot == o.snapshot && arch == o.arch && h == o.h && layers == o.layers &&
           channels == o.channels && height == o.height && width == o.width && count == o.count &&
           seed == o.seed && temperature == o.temperature && complete == o.complete &&
           image == o.image && rows_kept == o.rows_kept &&
           dataset_generation == o.dataset_generation;
}

void SamplingPanel::apply_scene(const lessons::Scene& scene) {
    if (scene.has("arch")) {
        const std::string a = scene.word("arch");
        if (std::find(std::begin(k_archs), std::end(k_archs), a) != std::end(k_archs)) {
            if (a != m_arch) m_layers = engine::canonical_layers(a);
            m_arch = a;
        }
    }
    if (scene.has("layers")) m_layers = std::clamp(int(scene.integer("layers")), 1, 12);
    if (scene.has("hidden")) m_h = std::clamp(int(scene.integer("hidden")), 1, 64);
    if (scene.has("size")) m_size = std::clamp(scene.height(28), 4, 64);
    // C: the scene's, else the dataset's (a scene that opens a dataset without saying C)
    if (scene.has("channels"))
        m_channels = scene.integer("channels") == 3 ? 3 : 1;
    else if (scene.has("dataset"))
        m_channels = 0;
    if (scene.has("seed")) m_seed = int(scene.integer("seed"));
    if (scene.has("temperature"))
        m_temperature = std::clamp(float(scene.number("temperature")), 0.05f, 10.f);
    if (scene.has("sampler_mode"))
        m_mode = scene.word("sampler_mode") == "cached" ? engine::SampleMode::cached
                                                        : engine::SampleMode::naive;
    if (scene.has("batch")) m_batch = std::clamp(int(scene.integer("batch")), 1, 16);
    if (scene.has("image")) m_image = std::max(0, int(scene.integer("image")));
    // a sampling scene with rows_kept completes an image; without, it draws new samples
    m_complete = scene.has("rows_kept");
    if (m_complete) m_rows_kept = int(scene.integer("rows_kept"));
    if (scene.has("speed")) m_speed = std::clamp(float(scene.number("speed")), 1.f, 2000.f);
    // A scene that names the model's architecture wants that model: the trained one only if it
    // is of that architecture.
    m_use_trained = true;
    m_arch_from_scene = scene.has("arch");
    // Where to start: `step` (positions drawn) or `pixel` (the next pixel); else from the start.
    if (scene.has("step"))
        m_scene_jump = scene.integer("step");
    else if (scene.has("pixel"))
        m_scene_jump = k_jump_to_pixel;
    else
        m_scene_jump = 0;
    m_scene_pixel = scene.pixel("pixel");
    m_scene_play = scene.flag("play", false);
    m_playing = false;
    m_have_key = false;  // rebuild: the scene's state starts afresh
    m_completions = 0;
}

bool SamplingPanel::completion_possible(const app::AppState& state, std::string* why) const {
    const Key k = wanted_key(state, /*ignore_completion=*/true);
    const auto& d = state.data.dataset;
    auto fail = [&](const std::string& text) {
        if (why) *why = text;
        return false;
    };
    if (!d) return fail("No dataset is open (Data tab).");
    if (d->test.empty()) return fail(d->name + " has no test images.");
    if (d->images.channels != k.channels || d->images.rows != k.height || d->images.cols != k.width)
        return fail("The model draws " + std::to_string(k.height) + "\u00d7" +
                    std::to_string(k.width) + " images with " + std::to_string(k.channels) +
                    " channel(s); " + d->name + " has " + std::to_string(d->images.rows) +
                    "\u00d7" + std::to_string(d->images.cols) + " with " +
                    std::to_string(d->images.channels) + ".");
    return true;
}

SamplingPanel::Key SamplingPanel::wanted_key(const app::AppState& state,
                                             bool ignore_completion) const {
    Key k;
    const auto& snap = state.trainer.model;
    const bool trained =
        m_use_trained && snap && (!m_arch_from_scene || snap->config.arch == m_arch);
    const auto& d = state.data.dataset;
    if (trained) {
        const engine::ModelConfig& c = snap->config;
        k.snapshot = snap.get();
        k.arch = c.arch;
        k.h = c.h;
        k.layers = c.layers;
        k.channels = c.channels;
        k.height = c.height;
        k.width = c.width;
    } else {
        k.arch = m_arch;
        k.h = m_h;
        k.layers = m_layers;
        k.channels = m_channels > 0 ? m_channels : d ? d->images.channels : 1;
        k.height = m_size > 0 ? m_size : d ? d->images.rows : 28;
        k.width = m_size > 0 ? m_size : d ? d->images.cols : 28;
    }
    k.count = m_batch;
    k.seed = std::uint64_t(std::max(0, m_seed));
    k.temperature = double(m_temperature);
    if (ignore_completion) return k;
    k.complete = m_complete && completion_possible(state, nullptr);
    if (k.complete) {
        k.image = std::clamp(m_image, 0, int(d->test.size()) - 1);
        k.rows_kept = std::clamp(m_rows_kept < 0 ? k.height / 2 : m_rows_kept, 0, k.height);
        k.dataset_generation = state.data.generation;
    }
    return k;
}

void SamplingPanel::sync_model(app::AppState& state) {
    const Key k = wanted_key(state);
    if (m_have_key && k == m_key) return;
    // What to draw up to in the new sampler: a new model or new draws (seed, temperature,
    // batch) replay to where the learner was, so the picture stays comparable; a new task
    // (completion on / off, another image) starts from its first position; a scene or
    // --sample-steps says where.
    long long jump = 0, tail = 0;
    const bool replay = m_have_key && m_runner.has_sampler() && k.complete == m_key.complete &&
                        k.image == m_key.image && k.rows_kept == m_key.rows_kept &&
                        k.height == m_key.height && k.width == m_key.width &&
                        k.channels == m_key.channels;
    // the old picture stays up while the new one replays when it has the same shape
    bool hold = replay && k.count == m_key.count;
    if (replay) {
        const long long pending = m_runner.pending_steps();
        const long long total = (long long)k.channels * k.height * k.width;
        jump = pending >= total ? total : std::min(total, m_runner.view().position + pending);
    }
    if (m_scene_jump != -1) {
        const long long total = (long long)k.channels * k.height * k.width;
        if (m_scene_jump == k_jump_to_middle) {
            // the middle of the image, mid-row: a context with its wedge, half the image drawn
            jump = ((long long)(k.height / 2) * k.width + k.width / 2) * k.channels;
            // the last few steps in the chosen mode, so its speed counter has a measurement
            tail = std::min(jump, 12LL);
        } else if (m_scene_jump == k_jump_to_pixel) {  // the scene's pixel is the next to draw
            jump = ((long long)std::clamp(m_scene_pixel.row, 0, k.height - 1) * k.width +
                    std::clamp(m_scene_pixel.col, 0, k.width - 1)) *
                   k.channels;
        } else {
            jump = m_scene_jump;
        }
        jump = std::clamp(jump, 0LL, total);
        hold = false;
        m_scene_jump = -1;
        m_playing = m_scene_play;
        m_scene_play = false;
    }
    rebuild(state, k, jump - tail, hold);
    m_runner.step(tail);
}

void SamplingPanel::rebuild(app::AppState& state, const Key& k, long long jump_to, bool hold) {
    m_key = k;
    m_have_key = true;
    m_error.clear();
    m_pictures_dirty = true;
    m_have_field = false;
    m_counted_done = false;
    m_owed = 0;
    try {
        SamplingRunner::Setup setup;
        if (k.snapshot) {
            m_snapshot = state.trainer.model;
            setup.model = std::shared_ptr<const engine::Model<float>>(m_snapshot->build());
            m_untrained = false;
        } else {
            m_snapshot.reset();
            engine::ModelConfig c;
            c.arch = k.arch;
            c.h = k.h;
            c.layers = k.layers;
            c.channels = k.channels;
            c.height = k.height;
            c.width = k.width;
            c.output =
                k.channels == 1 ? engine::OutputKind::bernoulli : engine::OutputKind::softmax256;
            setup.model =
                std::shared_ptr<const engine::Model<float>>(engine::make_model<float>(c, 1));
            m_untrained = true;
        }
        const engine::ModelConfig& c = setup.model->config();
        m_layout = viz::SampleLayout{c.channels, c.height, c.width,
                                     c.output == engine::OutputKind::bernoulli};
        m_spec = viz::engine_arch_spec(c.arch, c.layers, c.channels);
        m_model_title = std::string(arch_title(c.arch)) + ", h " + std::to_string(c.h) + ", " +
                        std::to_string(c.layers) + " " + layer_word(c.arch);
        setup.count = k.count;
        setup.seed = k.seed;
        setup.temperature = k.temperature;
        setup.mode = m_mode;
        if (k.complete) {
            const data::Dataset& d = *state.data.dataset;
            const data::Binarize bin =
                m_layout.binary ? data::Binarize::threshold : data::Binarize::none;
            m_original = data::to_tensor(d.images, {d.test[std::size_t(k.image)]}, bin);
            const std::size_t C = std::size_t(c.channels), H = std::size_t(c.height),
                              W = std::size_t(c.width);
            setup.prefix = engine::Tensor4<float>({std::size_t(k.count), C, H, W});
            for (std::size_t b = 0; b < std::size_t(k.count); ++b)
                xt::view(setup.prefix, b) = xt::view(m_original, 0);
            setup.keep_rows = k.rows_kept;
        }
        m_runner.restart(std::move(setup), jump_to, hold);
        m_inspect = std::clamp(m_inspect, 0, k.count - 1);
    } catch (const std::exception& e) {
        m_error = e.what();
        m_playing = false;
    }
}

// --- 2. keys and the clock ----------------------------------------------------------------------

void SamplingPanel::toggle_play() {
    const SamplingRunner::View& v = m_runner.view();
    if (!m_playing && m_runner.pending_steps() > 0) {  // Run all (or queued steps): stop it
        m_runner.cancel();
        return;
    }
    if (!m_playing && v.done) {  // Play on a finished image starts a new one
        reset(/*then_play=*/true);
        return;
    }
    m_playing = !m_playing;
    m_owed = 0;
    if (!m_playing) m_runner.cancel();
}

void SamplingPanel::reset(bool then_play) {
    m_playing = then_play;
    m_have_key = false;  // rebuilt this frame, from the first position
    m_scene_jump = 0;
    m_scene_play = then_play;  // sync_model takes both once it has rebuilt
}

void SamplingPanel::handle_keys(const app::AppState& state) {
    const ImGuiIO& io = ImGui::GetIO();
    if (state.tab != app::Tab::sampling || io.WantTextInput ||
        ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId))
        return;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) toggle_play();
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) {
        m_playing = false;
        m_runner.step(1);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) {
        m_playing = false;
        m_runner.back(1);
    }
    // GLFW key codes are ASCII for letters (the backend indexes KeysDown by them).
    if (!io.KeyCtrl && ImGui::IsKeyPressed('R', false)) reset();
}

void SamplingPanel::advance(app::AppState& state) {
    if (!m_playing) return;
    if (m_runner.view().done && !m_runner.busy()) {
        m_playing = false;
        return;
    }
    state.keep_rendering = true;
    // Steps owed to the slider; when the model cannot keep up (naive mode) the debt is capped,
    // so Pause stops at once instead of draining a backlog.
    m_owed = std::min(m_owed + double(ImGui::GetIO().DeltaTime) * m_speed,
                      std::max(1.0, double(m_speed) * 0.25));
    if (m_runner.pending_steps() > 0) return;
    const long long n = (long long)std::floor(m_owed);
    if (n < 1) return;
    m_runner.step(n);
    m_owed -= double(n);
}

// --- 3. pictures --------------------------------------------------------------------------------

void SamplingPanel::refresh_pictures() {
    const SamplingRunner::View& v = m_runner.view();
    if (!v.valid) return;
    if (!m_pictures_dirty && m_drawn_position == v.position && m_drawn_inspect == m_inspect) return;
    m_pictures_dirty = false;
    m_drawn_position = v.position;
    m_drawn_inspect = m_inspect;
    const int C = m_layout.channels, H = m_layout.height, W = m_layout.width;

    // The focus: the position just drawn (its distribution is the one shown), or, before the
    // first step, the first position to draw.
    m_focus_drawn = v.last_position >= 0;
    const long long focus = m_focus_drawn ? v.last_position : std::min(v.position, v.total - 1);
    const int pixel = int(focus / C);
    m_focus_row = pixel / W;
    m_focus_col = pixel % W;
    m_focus_channel = int(focus % C);
    if (!m_have_field || m_field_pixel != pixel || m_field_channel != m_focus_channel) {
        m_field = viz::receptive_field(m_spec, H, W, m_focus_row, m_focus_col, m_focus_channel);
        m_overlay = viz::context_overlay(m_field);
        m_have_field = true;
        m_field_pixel = pixel;
        m_field_channel = m_focus_channel;
    }

    const std::size_t image_size = std::size_t(m_layout.positions());
    const float* images = v.images.data();
    const auto main = viz::partial_sample_colours(images + image_size * std::size_t(m_inspect),
                                                  m_layout, v.position);
    auto bytes = rgba_bytes(main);
    m_grid.set_image(W, H, bytes.data());
    m_grid.set_overlay(W, H, m_overlay.rgba.data());
    m_grid.look().line_colour = ImVec4(0.55f, 0.58f, 0.63f, 0.45f);
    m_grid.look().min_cell_px_for_lines = 10.f;
    m_grid.look().selected_colour = ImVec4(0.84f, 0.16f, 0.16f, 1.f);

    const viz::Mosaic m = viz::mosaic_layout(v.count, H, W);
    bytes = rgba_bytes(viz::mosaic_colours(images, m_layout, v.count, v.position, m_inspect));
    m_batch_grid.set_image(m.width, m.height, bytes.data());
    m_batch_grid.look().grid_lines = false;

    if (m_key.complete) {
        bytes = rgba_bytes(
            viz::partial_sample_colours(m_original.data(), m_layout, m_layout.positions()));
        m_original_grid.set_image(W, H, bytes.data());
        m_original_grid.look().grid_lines = false;
    }
}

// --- 4. layout and controls ---------------------------------------------------------------------

void SamplingPanel::draw(app::AppState& state) {
    if (state.sampling.start_steps != -1) {  // --sample-steps (or a screenshot's default)
        m_scene_jump =
            state.sampling.start_steps == -2 ? k_jump_to_middle : state.sampling.start_steps;
        m_have_key = false;
        state.sampling.start_steps = -1;
    }
    handle_keys(state);
    sync_model(state);
    advance(state);
    if (m_runner.update()) m_pictures_dirty = true;
    if (!m_runner.error().empty() && m_error.empty()) m_error = m_runner.error();
    if (m_runner.busy()) state.keep_rendering = true;
    refresh_pictures();
    publish(state);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float controls_w = std::round(18.f * ImGui::GetFontSize());
    ImGui::BeginChild("##sampling_controls", ImVec2(controls_w, avail.y), true);
    draw_controls(state);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##sampling_view", ImVec2(0, avail.y), false);
    draw_view(state);
    ImGui::EndChild();
}

void SamplingPanel::draw_controls(app::AppState& state) {
    const float w = ImGui::GetContentRegionAvail().x;
    const SamplingRunner::View& v = m_runner.view();

    heading(state.fonts, "Model");
    const bool have_trained = state.trainer.model != nullptr;
    if (have_trained) {
        const engine::ModelConfig& c = state.trainer.model->config;
        const std::string label = std::string("Trained: ") + arch_title(c.arch) + ", step " +
                                  thousands(state.trainer.model->step) + "###trained";
        if (ImGui::RadioButton(label.c_str(), m_use_trained && !m_untrained)) {
            m_use_trained = true;
            m_arch_from_scene = false;
        }
        if (ImGui::RadioButton("Untrained (random weights)###untrained", m_untrained))
            m_use_trained = false;
    }
    ImGui::BeginDisabled(!m_untrained);
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##arch", arch_title(m_arch))) {
        for (const char* a : k_archs) {
            if (ImGui::Selectable(arch_title(a), m_arch == a) && m_arch != a) {
                m_arch = a;
                m_layers = engine::canonical_layers(a);
            }
        }
        ImGui::EndCombo();
    }
    ImGui::EndDisabled();
    if (m_untrained) {
        ImGui::PushStyleColor(ImGuiCol_Text, k_warning);
        ImGui::TextWrapped("Untrained: random weights, noise samples.");
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", viz::untrained_text().c_str());
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
        ImGui::TextWrapped("%s, trained %s images.", m_model_title.c_str(),
                           m_snapshot ? thousands(m_snapshot->images).c_str() : "?");
        ImGui::PopStyleColor();
    }

    ImGui::Separator();
    heading(state.fonts, "Draw");
    if (ImGui::RadioButton("New samples from scratch", !m_complete)) m_complete = false;
    if (ImGui::RadioButton("Complete a test image", m_complete)) m_complete = true;
    if (m_complete) {
        std::string why;
        if (!completion_possible(state, &why)) {
            ImGui::PushStyleColor(ImGuiCol_Text, colours::error);
            ImGui::TextWrapped("%s", why.c_str());
            ImGui::PopStyleColor();
        } else {
            const int tests = int(state.data.dataset->test.size());
            ImGui::SetNextItemWidth(w * 0.5f);
            ImGui::InputInt("test image", &m_image);
            m_image = std::clamp(m_image, 0, tests - 1);
            int kept = m_rows_kept < 0 ? m_key.height / 2 : m_rows_kept;
            ImGui::SetNextItemWidth(w * 0.5f);
            if (value_slider_int("rows kept", &kept, 0, std::max(1, m_key.height)))
                m_rows_kept = kept;
            if (ImGui::Button("Complete it", ImVec2(w, 0))) {
                reset(/*then_play=*/true);
                m_speed = std::max(m_speed, 400.f);
            }
        }
    }

    ImGui::Separator();
    const float bw = std::floor((w - ImGui::GetStyle().ItemSpacing.x) / 2.f);
    ImGui::BeginDisabled(v.position <= v.first && !m_runner.busy());
    if (ImGui::Button("\u2190 Back", ImVec2(bw, 0))) {
        m_playing = false;
        m_runner.back(1);
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(v.done);
    if (ImGui::Button("Step \u2192", ImVec2(bw, 0))) {
        m_playing = false;
        m_runner.step(1);
    }
    ImGui::EndDisabled();
    const float tw = std::floor((w - 2.f * ImGui::GetStyle().ItemSpacing.x) / 3.f);
    const char* play = m_playing                      ? "Pause###play"
                       : m_runner.pending_steps() > 0 ? "Stop###play"
                                                      : "Play###play";
    if (ImGui::Button(play, ImVec2(tw, 0))) toggle_play();
    ImGui::SameLine();
    ImGui::BeginDisabled(v.done);
    if (ImGui::Button("Run all", ImVec2(tw, 0))) {
        m_playing = false;
        m_runner.run_to_end();
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Draw every remaining pixel now");
    ImGui::SameLine();
    if (ImGui::Button("Reset", ImVec2(tw, 0))) reset();
    ImGui::SetNextItemWidth(w);
    value_slider_float("##speed", &m_speed, 1.f, 2000.f, "play: %.0f steps/s",
                       ImGuiSliderFlags_Logarithmic);
    ImGui::SetNextItemWidth(w * 0.5f);
    ImGui::InputInt("seed", &m_seed);
    m_seed = std::max(0, m_seed);
    ImGui::SetNextItemWidth(w * 0.5f);
    value_slider_float("temperature", &m_temperature, 0.05f, 3.f, "%.2f",
                       ImGuiSliderFlags_Logarithmic);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", viz::temperature_text(m_temperature, m_layout.binary).c_str());
    ImGui::SetNextItemWidth(w * 0.5f);
    value_slider_int("batch", &m_batch, 1, 16);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Samples drawn at once: one pass of the network serves the whole batch.");
    if (std::abs(m_temperature - 1.f) > 1e-4f) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
        ImGui::TextWrapped("%s", viz::temperature_text(m_temperature, m_layout.binary).c_str());
        ImGui::PopStyleColor();
    }

    ImGui::Separator();
    draw_speed(state);
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextWrapped("keys: Space play/pause, \u2192 step, \u2190 back, R reset");
    ImGui::PopStyleColor();
}

void SamplingPanel::draw_speed(app::AppState& state) {
    heading(state.fonts, "Naive or cached");
    bool changed = false;
    if (ImGui::RadioButton("naive", m_mode == engine::SampleMode::naive)) {
        m_mode = engine::SampleMode::naive;
        changed = true;
    }
    ImGui::SameLine();
    if (ImGui::RadioButton("cached", m_mode == engine::SampleMode::cached)) {
        m_mode = engine::SampleMode::cached;
        changed = true;
    }
    if (changed) m_runner.set_mode(m_mode);
    // Measured while sampling: pixel values drawn per second of sampling work.
    const double naive = m_runner.rate(engine::SampleMode::naive);
    const double cached = m_runner.rate(engine::SampleMode::cached);
    ImGui::PushFont(state.fonts.mono);
    ImGui::Text("naive  %s", rate_text(naive).c_str());
    ImGui::Text("cached %s", rate_text(cached).c_str());
    ImGui::PopFont();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "Measured, not estimated: pixel values drawn (all %d samples of the "
            "batch) per second of sampling work, over the last 2 s of sampling in "
            "that mode.\nOne step of the batch: naive %.2f ms, cached %.3f ms.",
            m_key.count, m_runner.step_seconds(engine::SampleMode::naive) * 1e3,
            m_runner.step_seconds(engine::SampleMode::cached) * 1e3);
    if (naive > 0 && cached > 0) {
        ImGui::PushFont(state.fonts.bold);
        ImGui::Text("cached is %.0f\u00d7 faster here", cached / naive);
        ImGui::PopFont();
    } else {
        muted_wrapped("(measured: sample in both modes)");
    }
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextWrapped("%s", viz::caching_text(m_layout).c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s\n\n%s", viz::naive_cost_text(m_layout).c_str(),
                          viz::cached_cost_text(m_layout).c_str());
}

void SamplingPanel::draw_view(app::AppState& state) {
    const SamplingRunner::View& v = m_runner.view();
    if (!m_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours::error);
        ImGui::TextWrapped("Sampling failed: %s", m_error.c_str());
        ImGui::PopStyleColor();
        if (!v.valid) return;
    }
    if (!v.valid) {
        muted_wrapped("Building the sampler\u2026");
        return;
    }
    const long long drawn = v.position - v.first, to_draw = v.total - v.first;
    std::string title = thousands(drawn) + " of " + thousands(to_draw) +
                        (m_key.complete ? " hidden values drawn" : " values drawn");
    if (m_layout.channels == 1)
        title = thousands(drawn) + " of " + thousands(to_draw) +
                (m_key.complete ? " hidden pixels drawn" : " pixels drawn");
    if (v.done)
        title += "   \u2014   done";
    else if (m_layout.channels == 3)
        title += std::string("   \u2014   next: pixel ") + pixel_text(v.row, v.col) + ", channel " +
                 "RGB"[v.channel];
    else
        title += "   \u2014   next: pixel " + pixel_text(v.row, v.col);
    heading(state.fonts, title.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextWrapped("%s  %s%s", viz::sampling_intro_text(m_layout).c_str(),
                       m_untrained ? "Untrained " : "", m_model_title.c_str());
    ImGui::PopStyleColor();
    if (m_untrained) {
        ImGui::PushStyleColor(ImGuiCol_Text, k_warning);
        ImGui::PushFont(state.fonts.bold);
        ImGui::TextWrapped("%s", viz::untrained_text().c_str());
        ImGui::PopFont();
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side_w = std::round(std::min(21.f * ImGui::GetFontSize(), avail.x * 0.42f));
    const float main_w = avail.x - side_w - 20.f;
    ImGui::BeginGroup();
    draw_main(state, main_w, avail.y);
    ImGui::EndGroup();
    ImGui::SameLine(0, 20.f);
    ImGui::BeginGroup();
    draw_side(state, std::max(side_w * 0.8f, ImGui::GetContentRegionAvail().x - 4.f));
    ImGui::EndGroup();
}

// --- 5. the inspected sample --------------------------------------------------------------------

void SamplingPanel::draw_main(app::AppState& state, float width, float height) {
    const SamplingRunner::View& v = m_runner.view();
    const int H = m_layout.height, W = m_layout.width;
    const float axis = 1.6f * ImGui::GetFontSize();
    const float text_h = 7.5f * ImGui::GetTextLineHeightWithSpacing();
    const ImVec2 room(std::max(80.f, width - axis), std::max(80.f, height - text_h - axis));
    const ImVec2 size = crisp_canvas_size(m_grid, room, 40.f);

    ImGui::Dummy(ImVec2(0, axis * 0.6f));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + axis);
    CanvasSelection focus;
    focus.cell = gl::Cell{m_focus_row, m_focus_col};
    CanvasOptions options;
    options.select_on_click = false;
    options.tooltip_body = [&](gl::Cell c) {
        ImGui::PushFont(state.fonts.bold);
        ImGui::Text("pixel %s", pixel_text(c.row, c.col).c_str());
        ImGui::PopFont();
        const long long first = ((long long)c.row * W + c.col) * m_layout.channels;
        const float* img = v.images.data() + std::size_t(m_layout.positions()) * m_inspect;
        if (first >= v.position) {
            ImGui::TextUnformatted("not drawn yet");
        } else if (m_layout.channels == 1) {
            const float x = img[std::size_t(c.row) * W + c.col];
            if (m_layout.binary)
                ImGui::Text("drawn: %s", x > 0.5f ? "ink (1)" : "paper (0)");
            else
                ImGui::Text("drawn: %.0f", double(x));
        } else {
            const std::size_t plane = std::size_t(H) * W, at = std::size_t(c.row) * W + c.col;
            ImGui::Text("drawn: R %.0f  G %.0f  B %.0f", double(img[at]), double(img[plane + at]),
                        double(img[2 * plane + at]));
        }
        if (m_key.complete && c.row < m_key.rows_kept)
            ImGui::TextUnformatted("kept from the test image");
        const viz::PixelClass k = m_field.at(c.row, c.col);
        const std::string focus_name = "pixel " + pixel_text(m_focus_row, m_focus_col);
        if (k == viz::PixelClass::Seen)
            ImGui::Text("in the context of %s", focus_name.c_str());
        else if (k == viz::PixelClass::BlindSpot)
            ImGui::Text("earlier, but %s cannot see it", focus_name.c_str());
        else if (k == viz::PixelClass::Self)
            ImGui::Text("%s", m_focus_drawn ? "the pixel just drawn" : "the first pixel to draw");
    };
    const CanvasFrame frame = pixel_canvas("##sample_canvas", m_grid, size, &focus, options);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PushClipRect(ImVec2(frame.min.x - 4, frame.min.y - 4),
                       ImVec2(frame.max.x + 4, frame.max.y + 4), true);
    // The context's outline: edges between a seen cell and one that is not.
    const float edge = std::max(2.f, frame.cell_px.x / 8.f);
    auto seen = [&](int r, int c) {
        return r >= 0 && c >= 0 && r < H && c < W && m_field.at(r, c) == viz::PixelClass::Seen;
    };
    for (int r = 0; r < H; ++r)
        for (int c = 0; c < W; ++c) {
            if (!seen(r, c)) continue;
            const ImVec2 lo = frame.cell_min(gl::Cell{r, c}), hi = frame.cell_max(gl::Cell{r, c});
            if (!seen(r - 1, c)) draw->AddLine(lo, ImVec2(hi.x, lo.y), k_context_edge, edge);
            if (!seen(r + 1, c)) draw->AddLine(ImVec2(lo.x, hi.y), hi, k_context_edge, edge);
            if (!seen(r, c - 1)) draw->AddLine(lo, ImVec2(lo.x, hi.y), k_context_edge, edge);
            if (!seen(r, c + 1)) draw->AddLine(ImVec2(hi.x, lo.y), hi, k_context_edge, edge);
        }
    if (m_key.complete && m_key.rows_kept > 0 && m_key.rows_kept < H) {
        const float y = frame.cell_min(gl::Cell{m_key.rows_kept, 0}).y;
        draw->AddLine(ImVec2(frame.min.x - 3, y), ImVec2(frame.max.x + 3, y), k_kept,
                      std::max(3.f, frame.cell_px.y / 5.f));
    }
    if (!v.done && m_focus_drawn)
        outline_cell(draw, frame, v.row, v.col, k_next, std::max(2.f, frame.cell_px.x / 9.f));
    draw->PopClipRect();
    if (m_layout.channels == 3) {
        // which channel of the red pixel was drawn: its letter, in its colour, just above it
        const char name[2] = {"RGB"[m_focus_channel], 0};
        const ImVec2 at = frame.cell_min(gl::Cell{m_focus_row, m_focus_col});
        ImGui::PushFont(state.fonts.bold);
        const ImVec2 ts = ImGui::CalcTextSize(name);
        const ImVec2 lo(at.x + frame.cell_px.x / 2 - ts.x / 2 - 3, at.y - ts.y - 4);
        draw->AddRectFilled(lo, ImVec2(lo.x + ts.x + 6, lo.y + ts.y + 2), IM_COL32_WHITE, 3.f);
        draw->AddText(ImVec2(lo.x + 3, lo.y + 1),
                      im_colour(viz::palette().channel[m_focus_channel]), name);
        ImGui::PopFont();
    }
    canvas_axes(draw, frame, H, W);

    // What the colours mean, then why.
    const viz::Palette& pal = viz::palette();
    std::vector<std::pair<ImU32, std::string>> legend;
    legend.emplace_back(im_colour(m_layout.binary ? viz::ink_colour() : viz::rgb(0x777777)),
                        m_layout.binary ? "ink (1)" : "drawn");
    if (m_layout.binary) legend.emplace_back(im_colour(viz::paper_colour()), "paper (0)");
    legend.emplace_back(im_colour(viz::undrawn_colour()), "not drawn yet");
    legend.emplace_back(k_focus, m_focus_drawn ? "just drawn" : "first to draw");
    if (m_focus_drawn && !v.done) legend.emplace_back(k_next, "next");
    if (m_overlay.earlier > 0) {
        legend.emplace_back(im_colour(viz::mix(pal.background, viz::context_colour(), 0.55f)),
                            "its context: the pixels it sees");
        if (m_overlay.unseen() > 0)
            legend.emplace_back(im_colour(viz::mix(pal.background, viz::unseen_colour(), 0.45f)),
                                "drawn earlier, not seen");
    }
    if (m_key.complete) legend.emplace_back(k_kept, "end of the kept rows");
    ImGui::Spacing();
    flow_legend(legend, width);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::PushFont(state.fonts.bold);
    const std::string focus_name = m_layout.channels == 3
                                       ? "Pixel " + pixel_text(m_focus_row, m_focus_col) +
                                             ", channel " + "RGB"[m_focus_channel]
                                       : "Pixel " + pixel_text(m_focus_row, m_focus_col);
    if (!m_focus_drawn)
        ImGui::TextWrapped("%s (red) is the first to draw.", focus_name.c_str());
    else if (v.done)
        ImGui::TextWrapped("%s (red) was drawn last.", focus_name.c_str());
    else
        ImGui::TextWrapped("%s (red) was just drawn; %s (orange) is next.", focus_name.c_str(),
                           pixel_text(v.row, v.col).c_str());
    ImGui::PopFont();
    ImGui::TextWrapped("%s", viz::context_text(m_overlay, arch_title(m_key.arch)).c_str());
    if (m_key.complete)
        ImGui::TextWrapped(
            "%s", viz::completion_text(m_key.image, m_key.rows_kept, H, m_key.count).c_str());
    ImGui::PopTextWrapPos();
}

// --- 6. the side column -------------------------------------------------------------------------

void SamplingPanel::draw_side(app::AppState& state, float width) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    draw_distribution(state, width);
    ImGui::Spacing();
    ImGui::Separator();
    draw_batch(state, width);
    ImGui::PopTextWrapPos();
}

void SamplingPanel::draw_distribution(app::AppState& state, float width) {
    const SamplingRunner::View& v = m_runner.view();
    heading(state.fonts, "What the model predicts");
    const std::vector<float> none;
    const std::vector<float>& dist = m_focus_drawn ? v.dist[std::size_t(m_inspect)] : none;
    const float drawn = m_focus_drawn ? v.last_values[std::size_t(m_inspect)] : -1.f;
    std::string caption = "for pixel " + pixel_text(m_focus_row, m_focus_col);
    if (m_layout.channels == 3) caption += std::string(", channel ") + "RGB"[m_focus_channel];
    if (v.count > 1) caption += ", sample " + std::to_string(m_inspect + 1);
    muted_wrapped(caption.c_str());
    if (!dist.empty()) {
        DistributionPlot plot;
        plot.binary = m_layout.binary;
        plot.width = width;
        plot.height = m_layout.binary ? 0.f : 7.f * ImGui::GetFontSize();
        plot.channel = m_layout.channels == 3 ? m_focus_channel : -1;
        distribution_plot(dist, drawn, plot, state.fonts);
    }
    ImGui::TextWrapped("%s",
                       viz::prediction_text(m_layout, dist, drawn, m_key.temperature).c_str());
}

void SamplingPanel::draw_batch(app::AppState& state, float width) {
    const SamplingRunner::View& v = m_runner.view();
    const std::string title =
        m_key.complete
            ? std::to_string(v.count) + " completions of test image #" + std::to_string(m_key.image)
            : "The batch: " + std::to_string(v.count) + " samples at once";
    heading(state.fonts, title.c_str());
    float mosaic_w = width;
    if (m_key.complete) {
        // the original, full, beside the completions; the line marks the rows kept
        const float ow = std::floor(width * 0.3f);
        ImGui::BeginGroup();
        ImGui::TextUnformatted("Original");
        const ImVec2 osize = crisp_canvas_size(m_original_grid, ImVec2(ow, ow), 8.f);
        CanvasOptions o;
        o.select_on_click = false;
        o.hover_outline = false;
        const CanvasFrame f = pixel_canvas("##original", m_original_grid, osize, nullptr, o);
        if (m_key.rows_kept > 0 && m_key.rows_kept < m_layout.height) {
            const float y = f.cell_min(gl::Cell{m_key.rows_kept, 0}).y;
            ImGui::GetWindowDrawList()->AddLine(ImVec2(f.min.x - 3, y), ImVec2(f.max.x + 3, y),
                                                k_kept, 2.f);
        }
        ImGui::EndGroup();
        ImGui::SameLine(0, 12);
        mosaic_w = width - ow - 12;
    }
    ImGui::BeginGroup();
    if (m_key.complete) ImGui::TextUnformatted("Completions");
    const viz::Mosaic m = viz::mosaic_layout(v.count, m_layout.height, m_layout.width);
    const float room_h = std::max(
        60.f, ImGui::GetContentRegionAvail().y - 4.f * ImGui::GetTextLineHeightWithSpacing());
    const ImVec2 size = crisp_canvas_size(m_batch_grid, ImVec2(mosaic_w, room_h), 8.f);
    CanvasOptions options;
    options.select_on_click = false;
    options.hover_outline = false;
    options.tooltip_body = [&](gl::Cell c) {
        const int i = m.image_at(c.row, c.col);
        if (i < 0)
            ImGui::TextUnformatted("click a sample to inspect it");
        else
            ImGui::Text("sample %d%s: click to inspect it", i + 1,
                        i == m_inspect ? " (inspected)" : "");
    };
    const CanvasFrame frame = pixel_canvas("##batch", m_batch_grid, size, nullptr, options);
    if (frame.clicked) {
        const int i = m.image_at(frame.hovered_cell.row, frame.hovered_cell.col);
        if (i >= 0) m_inspect = i;
    }
    if (m_key.complete && m_key.rows_kept > 0 && m_key.rows_kept < m_layout.height) {
        ImDrawList* draw = ImGui::GetWindowDrawList();
        for (int i = 0; i < v.count; ++i) {
            const int row = m.top(i) + m_key.rows_kept, col = m.left(i);
            const ImVec2 a = frame.cell_min(gl::Cell{row, col});
            const ImVec2 b = frame.cell_min(gl::Cell{row, col + m_layout.width});
            draw->AddLine(a, b, k_kept, 1.5f);
        }
    }
    ImGui::EndGroup();
    muted_wrapped(m_key.complete
                      ? "Each completion draws its own random numbers, so the endings differ. "
                        "Click one to inspect it."
                      : "Every step draws the same pixel in all of them: one pass of the network "
                        "serves the whole batch. Click a sample to inspect it (red frame).");
}

// --- 7. publishing ------------------------------------------------------------------------------

void SamplingPanel::publish(app::AppState& state) {
    const SamplingRunner::View& v = m_runner.view();
    app::SamplingState& s = state.sampling;
    s.known = v.valid;
    s.row = v.row;
    s.col = v.col;
    s.done = v.done;
    s.mode = engine::to_string(m_mode);
    s.playing = m_playing;
    // busy: work the learner did not ask to watch (a jump, a replay, Run to end)
    s.busy = m_runner.busy() && !m_playing;
    if (m_key.complete && v.valid && v.done && !m_counted_done && v.position > v.first) {
        m_counted_done = true;
        m_completions += v.count;
    }
    if (!v.done) m_counted_done = false;
    s.completions = m_completions;
}

}  // namespace ps::ui
