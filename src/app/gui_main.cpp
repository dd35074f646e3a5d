// The GUI: reads top to bottom like Dear ImGui's GLFW + OpenGL 3 example.
//   1. options  2. window (GLFW, OpenGL 3.3 core)  3. ImGui context  4. backends
//   5. state (fonts, theme, dataset, panels)  6. the loop: poll, new frame, panels, render,
//   [screenshot / export], swap  7. shutdown in reverse order
//
// Headless uses: --screenshot renders `frames` real frames and writes the last one (read back from
// the back buffer before the swap) as a PNG; --bench-frames renders N frames and prints the frame
// time statistics. Both run under Xvfb.
#include <imgui.h>

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include "ui/gl/gl.hpp"  // before GLFW, which would otherwise include its own GL header

#include <GLFW/glfw3.h>
#include <stb_image_write.h>  // the implementation is compiled into Debian's libstb
#include <unistd.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/app_state.hpp"
#include "app/gui.hpp"
#include "ui/lesson_panel.hpp"
#include "ui/main_window.hpp"
#include "ui/theme.hpp"

namespace ps::app {

namespace {

std::string g_glfw_error;  // the last GLFW error, for the one-line failure message

void on_glfw_error(int code, const char* description) {
    std::string text = description ? description : "unknown";
    while (!text.empty() && text.back() == ' ') text.pop_back();
    g_glfw_error = text + " (GLFW error " + std::to_string(code) + ")";
}

// Reads the back buffer (what was just rendered, before the swap) and writes it as a PNG.
// Returns an empty string, or the one-line reason it failed.
std::string write_back_buffer_png(GLFWwindow* window, const std::string& path) {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    if (width <= 0 || height <= 0) return "the window has no pixels to capture";
    std::vector<unsigned char> pixels(std::size_t(width) * height * 4);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    // GL's rows run bottom-up, PNG's top-down; the window is opaque, so force alpha to 255.
    const std::size_t stride = std::size_t(width) * 4;
    std::vector<unsigned char> flipped(pixels.size());
    for (int y = 0; y < height; ++y) {
        const unsigned char* src = pixels.data() + std::size_t(height - 1 - y) * stride;
        std::copy(src, src + stride, flipped.data() + std::size_t(y) * stride);
    }
    for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
    if (!stbi_write_png(path.c_str(), width, height, 4, flipped.data(), int(stride)))
        return path + ": cannot write the PNG (does the folder exist, is it writable?)";
    return {};
}

// Did this frame bring input (mouse, wheel, buttons, keys, text)? Read after NewFrame.
bool had_input(const ImGuiIO& io) {
    if (io.MouseDelta.x != 0.f || io.MouseDelta.y != 0.f || io.MouseWheel != 0.f ||
        io.MouseWheelH != 0.f || io.InputQueueCharacters.Size > 0)
        return true;
    for (bool down : io.MouseDown)
        if (down) return true;
    for (bool down : io.KeysDown)
        if (down) return true;
    return false;
}

std::chrono::steady_clock::time_point clock_now() {
    return std::chrono::steady_clock::now();
}

// --- no lost work (issue #9): what drops the trained model asks first when it is unsaved ------

using Drop = TrainingShared::Drop;

bool must_ask(const AppState& s) {
    return s.trainer.unsaved && s.trainer.model != nullptr;
}

// File > Load checkpoint, --load: the outcome goes to the status bar; true if it loaded.
bool load_checkpoint(AppState& state, const std::string& path) {
    std::string why;
    const bool ok = state.trainer.worker->load_checkpoint(path, why);
    state.message_is_error = !ok;
    state.message = ok ? "loaded " + path : why;
    if (ok) state.trainer.unsaved = false;
    return ok;
}

void reset_model(AppState& state) {
    state.trainer.worker->reset();
    state.trainer.model.reset();
    ++state.trainer.model_generation;
    state.trainer.unsaved = false;
}

bool model_fits(const ModelSnapshot& m, const data::Dataset& d) {
    return m.config.channels == d.images.channels && m.config.height == d.images.rows &&
           m.config.width == d.images.cols;
}

// The window's close button: with an unsaved model the window stays and the question opens.
void on_window_close(GLFWwindow* window) {
    auto* state = static_cast<AppState*>(glfwGetWindowUserPointer(window));
    if (state && must_ask(*state) && !state->trainer.pending_drop.discard) {
        glfwSetWindowShouldClose(window, GLFW_FALSE);
        state->trainer.pending_drop = {};
        state->trainer.pending_drop.action = Drop::quit;
    }
}

// Carries out an action that drops the model (asked already, or nothing to lose).
void do_drop(AppState& state, Drop action, const std::string& path,
             const std::shared_ptr<const data::Dataset>& dataset, GLFWwindow* window) {
    switch (action) {
        case Drop::reset:
            reset_model(state);
            break;
        case Drop::load_checkpoint:
            load_checkpoint(state, path);
            break;
        case Drop::load_dataset:
            reset_model(state);
            state.data.dataset = dataset;
            state.data.error.clear();
            ++state.data.generation;
            state.message_is_error = false;
            state.message = "loaded " + dataset->name + " (the model was dropped: it takes "
                            "images of another size)";
            break;
        case Drop::quit:
            state.trainer.pending_drop.discard = true;  // the close callback lets it go now
            glfwSetWindowShouldClose(window, GLFW_TRUE);
            break;
        case Drop::none:
            break;
    }
}

}  // namespace

int run_gui(const GuiOptions& options) {
    // 1. Options ----------------------------------------------------------------------------------
    AppState state;
    if (!options.view.empty() && !parse_tab(options.view, state.tab)) {
        std::fprintf(stderr, "pixelscope: unknown --view '%s' (expected one of: %s)\n",
                     options.view.c_str(), tab_names().c_str());
        return 2;
    }
    state.requests.select_tab = true;
    // The Sampling tab in a screenshot: mid-generation, so the picture explains itself.
    if (options.sample_steps >= 0)
        state.sampling.start_steps = options.sample_steps;
    else if (!options.screenshot.empty() && state.tab == Tab::sampling)
        state.sampling.start_steps = -2;
    const bool headless = !options.screenshot.empty() || options.bench_frames > 0;
    // Frame times skip the first frames: they upload the font atlas and build every texture.
    const int warmup = 3;
    // A screenshot renders at least 3 frames: ImGui lays out new windows and tab bars over the
    // first two, so an earlier frame would not show what the app shows.
    const int frames_to_run =
        !options.screenshot.empty() ? std::max(options.frames, 3) : options.bench_frames + warmup;

    const std::string font_file = find_asset("fonts/DejaVuSans.ttf");
    if (font_file.empty()) {
        std::fprintf(stderr,
                     "pixelscope: cannot find assets/fonts/DejaVuSans.ttf (looked in "
                     "$PIXELSCOPE_ASSETS, the source tree, next to the binary and in ./assets)\n");
        return 2;
    }
    // The lessons (small Markdown files): a missing folder or a bad file is shown, not fatal.
    {
        char exe[4096];
        const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        const std::string exe_dir =
            n > 0 ? std::filesystem::path(std::string(exe, std::size_t(n))).parent_path().string()
                  : std::string();
        const std::string dir = lessons::find_lessons_dir(exe_dir);
        if (!dir.empty()) state.lessons = lessons::load_lesson_set(dir);
    }
    // --lesson / --step / --lang: checked now, so a wrong id is a one-line error, exit 2.
    if (!options.lesson.empty() || options.step > 0 || !options.language.empty()) {
        if (options.step > 0 && options.lesson.empty()) {
            std::fprintf(stderr, "pixelscope: --step needs --lesson\n");
            return 2;
        }
        if (!options.lesson.empty()) {
            const lessons::Lesson* found = ui::find_lesson(state.lessons.en, options.lesson);
            if (!found) {
                std::fprintf(stderr, "pixelscope: no lesson '%s' in %s (ids: 01-... or numbers)\n",
                             options.lesson.c_str(),
                             state.lessons.dir.empty() ? "the lessons folder"
                                                       : state.lessons.dir.c_str());
                return 2;
            }
            if (options.step > int(found->steps.size())) {
                std::fprintf(stderr, "pixelscope: lesson %s has %d steps, --step %d\n",
                             found->id.c_str(), int(found->steps.size()), options.step);
                return 2;
            }
        }
        if (options.language == "zh" && state.lessons.zh.empty()) {
            std::fprintf(stderr, "pixelscope: --lang zh: no Chinese lessons (lessons/zh)\n");
            return 2;
        }
        state.requests.open_lesson = options.lesson;
        state.requests.open_step = options.step;
        state.requests.language = options.language;
    }
    // The dataset is loaded before the window opens: a bad --data is a one-line error, exit 2.
    if (!load_dataset_now(options.data, state.data)) {
        std::fprintf(stderr, "pixelscope: %s\n", state.data.error.c_str());
        return 2;
    }
    // --load: as File > Load checkpoint; headless, a bad file is one line (naming it) and exit 2
    if (!options.load.empty() && !load_checkpoint(state, options.load) && headless) {
        std::fprintf(stderr, "pixelscope: --load: %s\n", state.message.c_str());
        return 2;
    }
    long long loaded_step = 0;  // where --train-seconds starts from
    {
        TrainingView view;
        std::uint64_t seen = 0;
        state.trainer.worker->poll(seen, view);
        if (view.model) loaded_step = view.model->step;
    }

    // 2. Window ----------------------------------------------------------------------------------
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr, "pixelscope: cannot initialise GLFW: %s\n", g_glfw_error.c_str());
        return 2;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    GLFWwindow* window =
        glfwCreateWindow(options.width, options.height, "PixelScope", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "pixelscope: cannot create a %dx%d window with OpenGL 3.3 core: %s\n",
                     options.width, options.height, g_glfw_error.c_str());
        glfwTerminate();
        return 2;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(headless ? 0 : 1);  // measure our frames, not the display's refresh
    glfwSetWindowUserPointer(window, &state);
    glfwSetWindowCloseCallback(window, on_window_close);  // asks first if the model is unsaved

    // 3. ImGui context ---------------------------------------------------------------------------
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is fixed; screenshots must not depend on a saved file

    // 4. Backends --------------------------------------------------------------------------------
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    // 5. State -----------------------------------------------------------------------------------
    int exit_code = 0;
    std::string error;
    const std::string font_dir = std::filesystem::path(font_file).parent_path().string();
    // Chinese: Noto Sans CJK's SC face merged into the text faces, for the common simplified
    // characters plus every character the lessons and the lesson panel use.
    ImVector<ImWchar> cjk_ranges;
    ui::CjkFont cjk;
    cjk.file = ui::find_cjk_font();
    if (!cjk.file.empty()) {
        cjk_ranges = ui::lesson_glyph_ranges(state.lessons);
        cjk.face = ui::k_cjk_sc_face;
        cjk.bold_file = ui::find_cjk_font(/*bold=*/true);
        cjk.ranges = cjk_ranges.Data;
        cjk.scale = 1.448f / 1.164f;  // Noto CJK's ascent + descent over DejaVu Sans's, in em
    }
    const auto fonts_t0 = clock_now();
    if (!ui::load_fonts(font_dir, 17.f, state.fonts, error, cjk)) {
        std::fprintf(stderr, "pixelscope: %s\n", error.c_str());
        exit_code = 2;
    }
    if (std::getenv("PIXELSCOPE_FONT_TIMES"))
        std::fprintf(stderr, "fonts: atlas %dx%d built in %.0f ms (%s)\n", io.Fonts->TexWidth,
                     io.Fonts->TexHeight,
                     std::chrono::duration<double, std::milli>(clock_now() - fonts_t0).count(),
                     cjk.file.empty() ? "no CJK font" : cjk.file.c_str());
    ui::apply_theme(ImGui::GetStyle());
    std::unique_ptr<ui::MainWindow> main_window;
    if (exit_code == 0) {
        try {
            main_window = std::make_unique<ui::MainWindow>();
        } catch (const std::exception& e) {  // a shader the driver refuses, an incomplete FBO
            std::fprintf(stderr, "pixelscope: %s\n", e.what());
            exit_code = 2;
        }
    }
    FrameTimes frame_times(/*keep_all=*/options.bench_frames > 0);
    DatasetLoader loader;
    // --train-seconds: the Training tab starts the run in the first frame; a --screenshot waits
    // for it to end (and for the samples of its final weights), with a deadline
    // (--load alone: for the samples of the loaded weights)
    const bool wait_for_training =
        (options.train_seconds > 0 || !options.load.empty()) && !options.screenshot.empty();
    if (options.train_seconds > 0) {
        state.trainer.requests.start = true;
        state.trainer.requests.seconds = options.train_seconds;
        state.trainer.requests.continue_model = !options.load.empty();
        state.trainer.requests.threads = options.train_threads;
    }
    const auto training_deadline =
        std::chrono::steady_clock::now() +
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(options.train_seconds * 2 + 600));
    std::string pending_export;  // written after the next frame, once its dialog has closed
    const Tab view_tab = state.tab;  // --view's tab (the lesson or training may show another)
    int hold_frames = 0;

    // 6. The loop ---------------------------------------------------------------------------------
    using clock = std::chrono::steady_clock;
    int busy_frames = 3;  // frames still to render at full speed after the last input
    ImVec2 display_size(0, 0);
    for (int frame = 0; exit_code == 0 && !glfwWindowShouldClose(window); ++frame) {
        // Idle, the loop sleeps until input (or a quarter second passes, to refresh the status):
        // a software-rendered window must not take CPU from a model training beside it.
        if (headless || busy_frames > 0 || state.keep_rendering || loader.busy())
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(0.25);
        const auto start = clock::now();
        const std::shared_ptr<const data::Dataset> previous = state.data.dataset;
        if (loader.poll(state.data)) {
            state.message_is_error = !state.data.error.empty();
            state.message = state.message_is_error ? "could not load the dataset (see the Data tab)"
                                                   : "loaded " + state.data.dataset->name;
            // a set of another image size: the model cannot go on with it, so it goes (asked
            // first if unsaved; the new set waits, the old one stays meanwhile)
            const auto model = state.trainer.model;
            if (!state.message_is_error && model && !model_fits(*model, *state.data.dataset)) {
                const std::shared_ptr<const data::Dataset> arrived = state.data.dataset;
                if (must_ask(state) || state.trainer.worker->active()) {
                    state.data.dataset = previous;
                    ++state.data.generation;
                    state.trainer.pending_drop = {};
                    state.trainer.pending_drop.action = Drop::load_dataset;
                    state.trainer.pending_drop.dataset = arrived;
                    state.message = arrived->name + " is loaded; it waits for your answer";
                } else {
                    do_drop(state, Drop::load_dataset, {}, arrived, window);
                }
            }
        }

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        if (headless) {  // the virtual screen's pointer sits mid-window: no stray hover
            io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
            for (bool& down : io.MouseDown) down = false;
        }
        ImGui::NewFrame();
        // ImGui settles hover, popups and layout over a few frames after any input.
        const bool resized =
            io.DisplaySize.x != display_size.x || io.DisplaySize.y != display_size.y;
        display_size = io.DisplaySize;
        busy_frames = had_input(io) || resized ? 3 : std::max(0, busy_frames - 1);
        state.keep_rendering = false;  // panels that animate raise it again this frame
        try {
            main_window->draw(state);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "pixelscope: %s\n", e.what());
            exit_code = 2;
        }
        ImGui::Render();

        int fb_width = 0, fb_height = 0;
        glfwGetFramebufferSize(window, &fb_width, &fb_height);
        glViewport(0, 0, fb_width, fb_height);
        const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        glClearColor(bg.x, bg.y, bg.z, 1.f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

        // The back buffer now holds this frame: capture it before the swap.
        bool last = headless && frame + 1 >= frames_to_run;
        // --view NAME with --train-seconds: the Training tab shows during the run; once it has
        // ended, NAME's tab (the Sampling tab, say, with the trained model) for a few frames
        if (last && wait_for_training && state.trainer.settled && !options.view.empty() &&
            state.tab != view_tab) {
            state.tab = view_tab;
            state.requests.select_tab = true;
            hold_frames = 4;
        }
        if (last && hold_frames > 0) {
            --hold_frames;
            last = false;
        }
        if (last && wait_for_training && !state.trainer.settled) {
            last = false;
            if (clock::now() > training_deadline) {
                std::fprintf(stderr, "pixelscope: --train-seconds: the run did not end in time\n");
                exit_code = 2;
            }
        }
        // ... and once the Sampling tab has drawn what it was asked to (--sample-steps)
        if (last && state.tab == Tab::sampling && state.sampling.busy &&
            !options.screenshot.empty()) {
            last = false;
            if (clock::now() > training_deadline) {
                std::fprintf(stderr, "pixelscope: the Sampling tab did not settle in time\n");
                exit_code = 2;
            }
        }
        if (last && !options.screenshot.empty()) {
            error = write_back_buffer_png(window, options.screenshot);
            if (!error.empty()) {
                std::fprintf(stderr, "pixelscope: %s\n", error.c_str());
                exit_code = 2;
            }
        }
        if (!pending_export.empty()) {
            error = write_back_buffer_png(window, pending_export);
            state.message = error.empty() ? "wrote " + pending_export : error;
            state.message_is_error = !error.empty();
            pending_export.clear();
        }
        glfwSwapBuffers(window);

        // Frame time: the work of one frame, from the events being in to the swap being done.
        if (frame >= warmup)
            frame_times.add(
                std::chrono::duration<double, std::milli>(clock::now() - start).count());
        state.frame_ms = frame_times.recent_mean_ms();

        // Requests the panels made this frame.
        if (!state.requests.load_dataset.empty()) {
            loader.start(state.requests.load_dataset, state.data);
            state.requests.load_dataset.clear();
        }
        if (!state.requests.export_png.empty()) {
            pending_export = state.requests.export_png;
            state.requests.export_png.clear();
        }
        auto& pending = state.trainer.pending_drop;
        if (!state.requests.save_checkpoint.empty()) {
            const std::string path = state.requests.save_checkpoint;
            state.requests.save_checkpoint.clear();
            std::string why;
            state.message_is_error = !state.trainer.worker->save_checkpoint(path, why);
            state.message = state.message_is_error ? why : "saved " + path;
            // saved while training: the steps after the snapshot are not in the file
            if (!state.message_is_error && !state.trainer.worker->active())
                state.trainer.unsaved = false;
            if (state.message_is_error && pending.after_save) pending = {};  // nothing dropped
            // saved as asked: go on with what was waiting (even mid-run: what the file holds is
            // what the learner chose to keep)
            if (!state.message_is_error && pending.after_save) pending.discard = true;
        }
        // what would drop the model: asked first when it is unsaved (the modal answers)
        if (!state.requests.load_checkpoint.empty()) {
            const std::string path = state.requests.load_checkpoint;
            state.requests.load_checkpoint.clear();
            if (must_ask(state)) {
                pending = {};
                pending.action = Drop::load_checkpoint;
                pending.path = path;
            } else {
                load_checkpoint(state, path);
            }
        }
        if (state.trainer.requests.reset) {
            state.trainer.requests.reset = false;
            if (must_ask(state)) {
                pending = {};
                pending.action = Drop::reset;
            } else {
                reset_model(state);
            }
        }
        if (state.requests.quit) {
            state.requests.quit = false;
            if (must_ask(state)) {
                pending = {};
                pending.action = Drop::quit;
            } else {
                pending.discard = true;
                glfwSetWindowShouldClose(window, GLFW_TRUE);
            }
        }
        // an answered question: Discard, or Save done (the checkpoint is written)
        if (pending.action != Drop::none &&
            (pending.discard || (pending.after_save && !state.trainer.unsaved))) {
            const Drop action = pending.action;
            const std::string path = pending.path;
            const auto dataset = pending.dataset;
            pending = {};
            do_drop(state, action, path, dataset, window);
        }
        if (last) break;
        // a headless run waiting for training: a few frames a second are enough to follow it,
        // the rest of the CPU goes to the trainer
        if (wait_for_training && frame + 1 >= frames_to_run)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }

    // a headless --train-seconds run says where training ended (and from where it went on)
    if (exit_code == 0 && wait_for_training && options.train_seconds > 0) {
        TrainingView view;
        std::uint64_t seen = 0;
        state.trainer.worker->poll(seen, view);
        std::printf("training %s at step %lld, %lld images (from step %lld)\n",
                    to_string(view.metrics.state), view.metrics.step, view.metrics.images,
                    loaded_step);
    }
    if (exit_code == 0 && options.bench_frames > 0) {
        const FrameTimes::Summary s = frame_times.summary();
        std::printf("frames %d  %dx%d  mean %.2f ms  p95 %.2f ms  max %.2f ms\n", s.frames,
                    options.width, options.height, s.mean_ms, s.p95_ms, s.max_ms);
    }

    // 7. Shutdown, in reverse order ---------------------------------------------------------------
    main_window.reset();  // GL objects go while the context is still current
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}

}  // namespace ps::app
