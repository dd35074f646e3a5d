// The headless subcommands of `pixelscope`, one group per file in app/cli/.
// Each add_*_commands() attaches its CLI11 subcommand(s) to the app; the callbacks run the work
// and store the process exit code in `exit_code` (0 ok, 2 bad input or usage, 1 internal failure).
#pragma once

#include <CLI/CLI.hpp>

namespace ps::app {

void add_data_commands(CLI::App& app, int& exit_code);  // cli/data_commands.cpp
void add_render_commands(CLI::App& app, int& exit_code);  // cli/render_commands.cpp
void add_model_commands(CLI::App& app, int& exit_code);   // cli/model_commands.cpp
void add_lesson_commands(CLI::App& app, int& exit_code);  // cli/lesson_commands.cpp
void add_debug_commands(CLI::App& app, int& exit_code);   // cli/debug_commands.cpp (hidden)

}  // namespace ps::app
