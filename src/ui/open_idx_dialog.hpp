// File ▸ Dataset ▸ Open IDX…: a path (an images IDX file, a folder of the four standard files, or
// "images,labels"), loaded in the background; a failure is shown in the Data tab.
#pragma once

#include "app/app_state.hpp"

namespace ps::ui {

class OpenIdxDialog {
public:
    void draw(app::AppState& state);

private:
    char m_path[1024] = "";
};

}  // namespace ps::ui
