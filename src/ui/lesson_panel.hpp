// The lesson player, on the right of the window (issue 8). It owns the LessonRuntime
// (src/lessons/lesson_runtime.hpp) built from AppState::lessons and, each frame:
//
//   +-----------------------------+
//   | Lessons       English  中文 |   language switch (keeps the position)
//   | [5. The blind spot      v]  |   lesson list: ● done, ◐ in progress, ○ not started
//   | Step 3 of 6  ======----     |
//   |-----------------------------|
//   | the step's text (Markdown)  |   scrolls
//   | ┌ check ─────────────────┐  |   prompt; controls for its kind; feedback (red when wrong);
//   | └────────────────────────┘  |   Hint
//   |-----------------------------|
//   | < Back      3 / 6     Next >|   Next locked until the check passes (tooltip says why)
//   +-----------------------------+
//
// The views take part: when the step changes, its scene is applied (ui/lesson_scene.hpp) unless
// it is the scene already applied (then the views keep what the learner did there); while a
// click or skew check is open, clicks on the Receptive-field / Skew canvas are collected in
// AppState::explorer.picked; reach checks read AppState::explorer through observe(ViewState).
#pragma once

#include <imgui.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "lessons/lesson_runtime.hpp"

namespace ps::ui {

class LessonPanel {
public:
    void draw(app::AppState& state, ImVec2 pos, ImVec2 size);

    // The runtime once lessons are loaded (null before the first draw or with no lessons).
    const lessons::LessonRuntime* runtime() const { return m_rt.get(); }

private:
    void ensure_runtime(app::AppState& state);
    void take_requests(app::AppState& state);
    void sync_views(app::AppState& state);
    void draw_header(app::AppState& state);
    void draw_check(app::AppState& state);
    void draw_footer(app::AppState& state);

    std::unique_ptr<lessons::LessonRuntime> m_rt;
    bool m_tried = false;    // built the runtime (or found there is nothing to build)
    std::string m_rt_error;  // why the runtime could not be built
    int m_applied = -1;      // the scene generation applied to the views
    int m_choice = -1;       // the option the learner has selected (choice checks)
    bool m_scroll_top = false;
    std::string m_wait_dataset;  // the dataset the step's scene is loading (apply it again then)
    lessons::Scene m_scene;      // the scene last applied to the views
    bool m_has_scene = false;
    std::uint64_t m_train_version = 0;  // training metrics for reach checks (Training tab)
    app::TrainingView m_train_view;
};

// A lesson of `list` by id ("05-blind-spot"), number ("5", "05") or unique id prefix; null if none.
const lessons::Lesson* find_lesson(const std::vector<lessons::Lesson>& list, const std::string& id);

// Noto Sans CJK (fonts-noto-cjk); empty if not installed. Face 2 of the .ttc is Simplified Chinese
// (fc-query: index 2 = "Noto Sans CJK SC").
std::string find_cjk_font(bool bold = false);
inline constexpr int k_cjk_sc_face = 2;

// Glyph ranges for the CJK face: ImGui's common simplified Chinese set, CJK punctuation and
// full-width forms, and every character of the Chinese lessons and of this panel's own words.
ImVector<ImWchar> lesson_glyph_ranges(const lessons::LessonSet& set);

}  // namespace ps::ui
