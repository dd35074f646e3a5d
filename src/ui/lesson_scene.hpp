// A lesson step's scene applied to the real views (lessons/README.md, "Scene"): the tab is
// opened, and the keys of the effective scene that mean something on that tab
// (lessons::key_applies_to_tab) go to the panels through AppState::requests.scene, which
// MainWindow hands to each panel's apply_scene; `dataset` becomes a dataset load request.
// Inherited keys of other tabs wait until a step shows their tab again.
#pragma once

#include "app/app_state.hpp"
#include "lessons/lesson.hpp"

namespace ps::ui {

// The part of `scene` that applies to its own `tab` (all of it, when it names no tab).
lessons::Scene scene_for_tab(const lessons::Scene& scene);

// Opens the scene's tab and asks the panels to take its keys; clears what the learner picked
// for the previous step's check. Called when LessonRuntime::scene_generation() moves.
void apply_lesson_scene(const lessons::Scene& scene, app::AppState& state);

}  // namespace ps::ui
