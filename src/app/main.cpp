// pixelscope: one binary. No subcommand opens the GUI (or, with --screenshot, renders frames to a
// PNG and exits); subcommands run headless work (`pixelscope --help` lists them).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "app/commands.hpp"
#include "app/gui.hpp"

int main(int argc, char** argv) {
    CLI::App app{"PixelScope: see and touch PixelCNN, PixelRNN and Gated PixelCNN.\n"
                 "Without a subcommand it opens the GUI."};
    app.set_help_all_flag("--help-all", "Show help for every subcommand");

    ps::app::GuiOptions gui;
    app.add_option("--screenshot", gui.screenshot, "Render the GUI, write this PNG, and exit");
    app.add_option("--view", gui.view, "Tab to open: data, masks, rf, skew, sampling, training");
    app.add_option("--data", gui.data, "Dataset: mnist, fashion, colored-mnist or an IDX path");
    app.add_option("--frames", gui.frames, "Frames to render before --screenshot is taken")
        ->check(CLI::Range(1, 100000));
    app.add_option("--train-seconds", gui.train_seconds,
                   "Start training the Training tab's model for N seconds at start-up "
                   "(with --screenshot: capture once it has finished)")
        ->check(ps::app::finite_range(0.0, 86400.0));
    app.add_option("--train-threads", gui.train_threads, "Threads for --train-seconds")
        ->check(CLI::Range(1, 64));
    app.add_option("--bench-frames", gui.bench_frames,
                   "Render N frames, print the mean / p95 / max frame time in ms, and exit")
        ->check(CLI::Range(1, 100000));
    app.add_option("--lesson", gui.lesson,
                   "Open this lesson in the lesson panel: its id (05-blind-spot) or number (5)");
    app.add_option("--step", gui.step, "With --lesson: open this step (1-based)")
        ->check(CLI::Range(1, 1000));
    app.add_option("--lang", gui.language, "Lesson language: en or zh")
        ->check(CLI::IsMember({"en", "zh"}));
    app.add_option("--sample-steps", gui.sample_steps,
                   "Sampling tab: draw N positions before the first picture (default with "
                   "--screenshot --view sampling: to the middle of the image)")
        ->check(CLI::Range(0LL, 1LL << 40));
    app.add_option("--load", gui.load,
                   "Open this checkpoint (.safetensors) at start-up, as File > Load checkpoint "
                   "does; with --train-seconds, training goes on from it");
    std::string size;
    app.add_option("--size", size, "Window size WxH (default 1600x1000)");

    int exit_code = 0;
    ps::app::add_data_commands(app, exit_code);
    ps::app::add_render_commands(app, exit_code);
    ps::app::add_model_commands(app, exit_code);
    ps::app::add_lesson_commands(app, exit_code);
    ps::app::add_debug_commands(app, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --help-all
        // a bad flag is one line and exit 2, like every other bad input (CLI11's own printer
        // adds a second "Run with --help" line)
        std::cerr << "pixelscope: " << e.what() << " (see --help)\n";
        return 2;
    }
    if (!app.get_subcommands().empty()) return exit_code;

    if (!size.empty()) {
        char x = 0;
        int w = 0, h = 0;
        if (std::sscanf(size.c_str(), "%d%c%d", &w, &x, &h) != 3 || x != 'x' || w < 320 ||
            h < 240 || w > 8192 || h > 8192) {
            std::cerr << "pixelscope: --size must be WxH between 320x240 and 8192x8192, got '"
                      << size << "'\n";
            return 2;
        }
        gui.width = w;
        gui.height = h;
    }
#ifdef PIXELSCOPE_GUI
    return ps::app::run_gui(gui);
#else
    std::cerr << "pixelscope: this build has no GUI (PIXELSCOPE_GUI=OFF); see --help\n";
    return 2;
#endif
}
