// The status bar along the bottom: model, dataset, training state, and the frame time the loop
// measured.
#pragma once

#include <imgui.h>

#include "app/app_state.hpp"

namespace ps::ui {

class StatusBar {
public:
    static float height();  // of the bar, from the current font and style
    void draw(const app::AppState& state, ImVec2 pos, ImVec2 size);
};

}  // namespace ps::ui
