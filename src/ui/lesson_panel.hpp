// The lesson panel on the right. The lesson files exist (lessons/*.md) but the player that runs
// them (issue 8) does not yet: the panel lists the real lessons and says so; it fakes no step.
#pragma once

#include <imgui.h>

#include "app/app_state.hpp"

namespace ps::ui {

class LessonPanel {
public:
    void draw(const app::AppState& state, ImVec2 pos, ImVec2 size);
};

}  // namespace ps::ui
