// The menu bar (File, View, Help) and the global shortcuts (F1 help, Ctrl+Q quit). Items that
// need a part of PixelScope that has not landed yet are shown disabled with a tooltip saying so.
#pragma once

#include "app/app_state.hpp"

namespace ps::ui {

class MainMenu {
public:
    void draw(app::AppState& state);
    float height() const { return m_height; }  // of the menu bar, for laying out the windows

private:
    void handle_shortcuts(app::AppState& state);
    float m_height = 0.f;
};

}  // namespace ps::ui
