// What the GUI knows between frames: the open tab, the dataset, what panels asked the app to do,
// and the numbers the status bar shows. Panels (src/ui) read and write this plain struct; the
// frame loop (app/gui_main.cpp) carries out the requests between frames, so panels never load
// files, write PNGs or quit themselves. No ImGui or GL here (fonts are opaque pointers).
#pragma once

#include <array>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "app/training_session.hpp"
#include "data/dataset.hpp"
#include "lessons/lesson_set.hpp"

struct ImFont;

namespace ps::app {

enum class Tab { data, masks, receptive_field, skew, sampling, training };

struct TabInfo {
    Tab tab;
    const char* cli_name;  // --view NAME
    const char* title;     // the tab's label
};
inline constexpr std::array<TabInfo, 6> k_tabs{{
    {Tab::data, "data", "Data"},
    {Tab::masks, "masks", "Masks"},
    {Tab::receptive_field, "rf", "Receptive field"},
    {Tab::skew, "skew", "Skew"},
    {Tab::sampling, "sampling", "Sampling"},
    {Tab::training, "training", "Training"},
}};
inline const TabInfo& tab_info(Tab tab) {
    return k_tabs[std::size_t(tab)];
}

struct Fonts {
    ImFont* body = nullptr;     // DejaVu Sans, the text size
    ImFont* bold = nullptr;     // DejaVu Sans Bold, same size
    ImFont* heading = nullptr;  // DejaVu Sans Bold, larger
    ImFont* mono = nullptr;     // DejaVu Sans Mono, numbers that line up
};

struct DatasetState {
    std::shared_ptr<const data::Dataset> dataset;  // null until one has loaded
    std::string loading;  // the name or path being loaded in the background; empty when idle
    std::string error;    // why the last load failed (one line), shown in the Data tab
    int generation = 0;   // bumps whenever `dataset` changes, so views rebuild their textures
};

// What panels ask for this frame; the frame loop does it and clears the request.
struct Requests {
    std::string load_dataset;  // a name of data::dataset_names() or an IDX path
    std::string export_png;    // write the window as a PNG here after the next frame
    bool quit = false;
    bool select_tab = false;  // make `AppState::tab` the open tab (menu, --view)
    // A lesson step's scene for the explorer views: MainWindow hands `scene` to the Masks,
    // Receptive-field and Skew panels (each takes the keys it knows) and clears the flag.
    bool apply_scene = false;
    lessons::Scene scene;
    // --lesson / --step / --lang: the lesson panel opens this lesson (id, file stem or number)
    // at this step (1-based; 0: where the learner left it) in this language (en | zh), once.
    std::string open_lesson;
    int open_step = 0;
    std::string language;
    // File > Save / Load checkpoint (safetensors + the training log as CSV beside it)
    std::string save_checkpoint, load_checkpoint;
};

// The live training run (issue #7): the worker thread that owns the model, and the latest
// weights it published, which the Sampling and Receptive-field views may take (null until a
// model exists; a snapshot is immutable, so holding the pointer is safe on any thread).
struct TrainingShared {
    std::shared_ptr<TrainingWorker> worker = std::make_shared<TrainingWorker>();
    std::shared_ptr<const ModelSnapshot> model;
    int model_generation = 0;  // bumps whenever `model` changes
    bool settled = true;       // not training and the sample grid shows the latest weights
    bool unsaved = false;      // trained since the last save or load
    struct {
        bool start = false;  // start a run with the Training tab's settings (--train-seconds)
        bool continue_model = false;  // ... going on from the loaded model (--load)
        double seconds = 0;  // its budget, if > 0
        int threads = 0;     // its threads, if > 0
        bool reset = false;  // the Training tab's Reset (the frame loop asks first if unsaved)
    } requests;
    // No lost work (issue #9): an action that would drop an unsaved trained model waits here
    // while a modal asks Save / Discard / Cancel (ui/checkpoint_dialog); the frame loop carries
    // it out on Discard, or once the Save succeeded.
    enum class Drop { none, reset, load_checkpoint, load_dataset, quit };
    struct {
        Drop action = Drop::none;
        std::string path;                              // load_checkpoint: the file
        std::shared_ptr<const data::Dataset> dataset;  // load_dataset: the set, loaded, waiting
        bool discard = false;     // answered Discard: do it now
        bool after_save = false;  // answered Save: do it once the checkpoint is written
    } pending_drop;
};

// What the explorer tabs (Masks, Receptive field, Skew) show, published by the open panel each
// frame for the lesson runtime's ViewState, and what the learner picked for a lesson's check.
struct ExplorerState {
    long kernel = -1;            // Masks: the kernel size
    std::string mask = "both";   // Masks: A | B | both
    long layers_shown = -1;      // Receptive field: the slider (L when all layers are shown)
    long skew_step = -1;         // Skew: the animation step
    // While `picking` (a lesson's click or skew check is open) a click on the Receptive-field
    // canvas toggles that pixel in `picked` instead of moving the target, and a click on the
    // skewed grid makes `picked` that one cell (row, skewed column). Picked cells are outlined.
    bool picking = false;
    std::vector<lessons::Pixel> picked;
    // While a lesson's click check is not yet passed the Receptive-field view draws the grid,
    // the target and the marks but not the field's colours, and while a skew check is open the
    // Skew view's skewed grid carries no letters (the learner reasons, not copies).
    bool hide_field = false;
};

// What the Sampling tab shows, published by its panel every frame it is drawn (for the lesson
// runtime's ViewState), and the start-up request of --sample-steps.
struct SamplingState {
    bool known = false;    // the tab has a sampler (false until the tab was first drawn)
    int row = 0, col = 0;  // the next pixel to draw (row = H once done)
    bool done = false;     // every pixel drawn
    std::string mode = "naive";  // naive | cached
    long completions = 0;  // completed images (Complete mode) since the last lesson scene
    bool playing = false;
    bool busy = false;  // drawing that nobody watches step by step (a jump, Run to end): a
                        // --screenshot waits for it
    // --sample-steps N: draw N positions before the first picture (-2: to the middle of the
    // image, what a --screenshot of the tab shows by default; -1: nothing asked)
    long long start_steps = -1;
};

struct AppState {
    Tab tab = Tab::data;  // the tab on screen (the tab bar writes it back every frame)
    bool show_lesson_panel = true;
    bool show_help = false;
    bool show_about = false;
    bool show_open_idx = false;
    bool show_export = false;         // File > Export window
    bool show_export_figure = false;  // File > Export figure (the tab's CPU-drawn figure)
    int checkpoint_dialog = 0;  // 1: File > Save checkpoint is open, 2: Load checkpoint
    // A panel that animates (a playing sampler, live training curves) sets this every frame it
    // needs the next one; otherwise the loop sleeps until input.
    bool keep_rendering = false;

    DatasetState data;
    lessons::LessonSet lessons;  // read once at start-up; errors listed, never fatal
    Requests requests;
    ExplorerState explorer;
    SamplingState sampling;
    TrainingShared trainer;
    Fonts fonts;

    // Status bar. The model and the trainer arrive with the engine and training issues.
    std::string model = "none";
    std::string training = "idle";
    float frame_ms = 0.f;  // mean wall time per frame over the last second, measured by the loop
    std::string message;   // the outcome of the last action ("wrote x.png", an error)
    bool message_is_error = false;
};

// --view NAME -> tab; false if NAME is not one of k_tabs' cli names.
bool parse_tab(const std::string& name, Tab& tab);
// "data, masks, rf, ..." for messages.
std::string tab_names();

// Where assets/ is: $PIXELSCOPE_ASSETS, <source root>/assets, <exe dir>/../assets,
// <exe dir>/assets, ./assets; the first that holds `relative` wins. Empty if none does.
std::string find_asset(const std::string& relative);

// --- frame-loop helpers (used by app/gui_main.cpp only) ---------------------------------------

// Wall time per frame: a running mean for the status bar, and a summary for --bench-frames.
class FrameTimes {
public:
    explicit FrameTimes(bool keep_all = false) : m_keep_all(keep_all) {}
    void add(double ms);
    float recent_mean_ms() const;  // over the last k_recent frames

    struct Summary {
        int frames = 0;
        double mean_ms = 0, p95_ms = 0, max_ms = 0;
    };
    Summary summary() const;  // over every frame added (keep_all) or the recent ones

private:
    static constexpr std::size_t k_recent = 60;
    bool m_keep_all;
    std::vector<float> m_all;
    std::array<float, k_recent> m_recent{};
    std::size_t m_count = 0;
};

// Loads a dataset on a background thread so a 70,000-image set does not freeze the window.
class DatasetLoader {
public:
    void start(const std::string& name_or_path, DatasetState& state);
    // If the load finished: install the dataset (or the error) into `state`. Returns true then.
    bool poll(DatasetState& state);
    bool busy() const { return m_future.valid(); }

private:
    std::future<data::DatasetResult> m_future;
};

// Loads now, on this thread (start-up, --screenshot). Returns false with state.error set.
bool load_dataset_now(const std::string& name_or_path, DatasetState& state);

}  // namespace ps::app
