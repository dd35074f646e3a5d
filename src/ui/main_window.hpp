// The whole window: menu bar on top, the tab workspace, the lesson panel on the right, the status
// bar at the bottom, and the modal dialogs. Owns one instance of every panel.
//
//   +--------------------------------------------------------------+
//   | File  View  Help                                     menu bar |
//   +----------------------------------------------+---------------+
//   | Data | Masks | Receptive field | ...          | Lessons       |
//   |                                              |               |
//   |   the open tab                               |  lesson panel |
//   |                                              |               |
//   +----------------------------------------------+---------------+
//   | Model none   Dataset mnist (...)   Training idle   2.1 ms    |
//   +--------------------------------------------------------------+
#pragma once

#include "app/app_state.hpp"
#include "ui/about_dialog.hpp"
#include "ui/checkpoint_dialog.hpp"
#include "ui/data_panel.hpp"
#include "ui/export_dialog.hpp"
#include "ui/help_dialog.hpp"
#include "ui/lesson_panel.hpp"
#include "ui/main_menu.hpp"
#include "ui/masks_panel.hpp"
#include "ui/open_idx_dialog.hpp"
#include "ui/rf_panel.hpp"
#include "ui/sampling_panel.hpp"
#include "ui/skew_panel.hpp"
#include "ui/status_bar.hpp"
#include "ui/training_panel.hpp"

namespace ps::ui {

class MainWindow {
public:
    // Needs the GL context current (the panels create their renderers).
    MainWindow() = default;
    void draw(app::AppState& state);

private:
    void draw_workspace(app::AppState& state, ImVec2 pos, ImVec2 size);
    // The current tab's figure for File > Export figure (Kind::none on tabs without one).
    FigureRequest current_figure(const app::AppState& state) const;

    MainMenu m_menu;
    DataPanel m_data;
    MasksPanel m_masks;
    RfPanel m_rf;
    SkewPanel m_skew;
    SamplingPanel m_sampling;
    LessonPanel m_lessons;
    StatusBar m_status;
    HelpDialog m_help;
    AboutDialog m_about;
    OpenIdxDialog m_open_idx;
    ExportDialog m_export;
    CheckpointDialog m_checkpoint;
    TrainingPanel m_training;
};

}  // namespace ps::ui
