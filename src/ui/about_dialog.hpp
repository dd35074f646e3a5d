// Help ▸ About PixelScope: what it is, what it is built on, and the licences of what it ships.
#pragma once

#include "app/app_state.hpp"

namespace ps::ui {

class AboutDialog {
public:
    void draw(app::AppState& state);
};

}  // namespace ps::ui
