// File > Save checkpoint… / Load checkpoint…: a path in a modal (no native file dialog is
// packaged), handed to the frame loop as AppState::requests.save_checkpoint / load_checkpoint.
// The loop calls the TrainingWorker and puts the outcome (or the loader's error) in the status
// bar's message; a bad file never takes the app down.
//
// It also asks before an unsaved trained model is dropped (AppState::trainer.pending_drop: Reset,
// Load checkpoint, a dataset the model does not fit, Quit or the window's close button):
// Save (the save dialog, then the action once the file is written) / Discard / Cancel.
#pragma once

#include "app/app_state.hpp"

namespace ps::ui {

class CheckpointDialog {
public:
    void draw(app::AppState& state);

private:
    void draw_unsaved_question(app::AppState& state);

    char m_path[1024] = "model.safetensors";
    int m_mode = 0;  // 1 save, 2 load
};

}  // namespace ps::ui
