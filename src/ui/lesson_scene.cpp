#include "ui/lesson_scene.hpp"

#include "lessons/lesson_parser.hpp"

namespace ps::ui {

lessons::Scene scene_for_tab(const lessons::Scene& scene) {
    if (!scene.has("tab")) return scene;
    const std::string tab = scene.word("tab");
    lessons::Scene out;
    for (const auto& [key, value] : scene.values)
        if (key == "tab" || lessons::key_applies_to_tab(key, tab)) out.values[key] = value;
    return out;
}

void apply_lesson_scene(const lessons::Scene& scene, app::AppState& state) {
    const lessons::Scene own = scene_for_tab(scene);
    app::Tab tab;
    if (own.has("tab") && app::parse_tab(own.word("tab"), tab)) {
        state.tab = tab;
        state.requests.select_tab = true;
    }
    state.requests.scene = own;
    state.requests.apply_scene = true;
    // `dataset`: load it unless it is the one on show or the one loading already.
    if (own.has("dataset")) {
        const std::string name = own.word("dataset");
        const bool shown = state.data.dataset && state.data.dataset->name == name;
        if (!shown && state.data.loading != name) state.requests.load_dataset = name;
    }
    state.explorer.picked.clear();
}

}  // namespace ps::ui
