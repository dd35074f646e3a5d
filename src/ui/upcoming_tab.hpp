// What a tab whose part has not landed yet shows: a short, honest text of what it will teach and
// what it needs, no picture (every picture in PixelScope is computed by the real network).
#pragma once

#include "app/app_state.hpp"

namespace ps::ui {

void draw_upcoming_tab(const app::AppState& state, app::Tab tab);

}  // namespace ps::ui
