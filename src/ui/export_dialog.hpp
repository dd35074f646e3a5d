// File ▸ Export PNG of current view…: asks for a file name; the frame loop writes the next frame
// (without this dialog) to it and reports the outcome in the status bar.
#pragma once

#include "app/app_state.hpp"

namespace ps::ui {

class ExportDialog {
public:
    void draw(app::AppState& state);

private:
    char m_path[1024] = "";
};

}  // namespace ps::ui
