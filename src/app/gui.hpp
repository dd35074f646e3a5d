// The GUI entry point (app/gui_main.cpp): window, ImGui, panels, the frame loop.
#pragma once

#include <string>

namespace ps::app {

struct GuiOptions {
    std::string screenshot;  // if set: render `frames` frames, write this PNG, exit
    std::string view;        // tab to open: data | masks | rf | skew | sampling | training
    std::string data = "mnist";
    int width = 1600, height = 1000;
    int frames = 5;
    int bench_frames = 0;  // if > 0: render this many frames, print mean/p95/max frame time, exit
    // --train-seconds N: start training with the Training tab's settings (the canonical model)
    // for N seconds at start-up; with --screenshot the picture is taken once the run has ended
    // and the sample grid shows the final weights. --train-threads: its threads.
    double train_seconds = 0;
    int train_threads = 0;
    std::string lesson;    // --lesson ID: open this lesson (file stem "05-blind-spot" or number 5)
    int step = 0;          // --step K: at step K (1-based); 0: the first step
    std::string language;  // --lang en|zh: the lessons' (and the lesson panel's) language
    // --sample-steps N: the Sampling tab draws N positions before its first picture; -1: not
    // given (a --screenshot of --view sampling then draws to the middle of the image)
    long long sample_steps = -1;
    // --load PATH: open this checkpoint at start-up as File > Load checkpoint does (with
    // --train-seconds, training goes on from it). A bad file: a message in the GUI, or with
    // --screenshot / --bench-frames one line on stderr and exit 2.
    std::string load;
};

// Returns the process exit code.
int run_gui(const GuiOptions& options);

}  // namespace ps::app
