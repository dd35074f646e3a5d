// Help ▸ Keyboard shortcuts (F1): the keys that work now, and the ones the coming tabs will add.
#pragma once

#include "app/app_state.hpp"

namespace ps::ui {

class HelpDialog {
public:
    void draw(app::AppState& state);
};

}  // namespace ps::ui
