// The lesson panel on the right. The guided lessons (issue 8) are not written yet, so it says so
// and lists what they will cover; it shows no made-up lesson.
#pragma once

#include <imgui.h>

#include "app/app_state.hpp"

namespace ps::ui {

class LessonPanel {
public:
    void draw(const app::AppState& state, ImVec2 pos, ImVec2 size);
};

}  // namespace ps::ui
