// The headless subcommands of `pixelscope`, one group per file in app/cli/.
// Each add_*_commands() attaches its CLI11 subcommand(s) to the app; the callbacks run the work
// and store the process exit code in `exit_code` (0 ok, 2 bad input or usage, 1 internal failure).
#pragma once

#include <CLI/CLI.hpp>

#include <sstream>
#include <string>

namespace ps::app {

// CLI::Range(lo, hi) for a floating-point flag lets "nan" through (every comparison with NaN is
// false), so `train --ema nan` crashed and `train --seconds nan` never stopped. This one wants a
// number with lo <= value <= hi, which NaN never is.
inline CLI::Validator finite_range(double lo, double hi) {
    std::ostringstream desc;
    desc << "FLOAT in [" << lo << " - " << hi << "]";
    return CLI::Validator(
        [lo, hi](std::string& input) {
            double v = 0;
            if (CLI::detail::lexical_cast(input, v) && v >= lo && v <= hi) return std::string();
            return "Value " + input + " not in range " + std::to_string(lo) + " to " +
                   std::to_string(hi);
        },
        desc.str());
}

void add_data_commands(CLI::App& app, int& exit_code);  // cli/data_commands.cpp
void add_render_commands(CLI::App& app, int& exit_code);  // cli/render_commands.cpp
void add_model_commands(CLI::App& app, int& exit_code);   // cli/model_commands.cpp
void add_lesson_commands(CLI::App& app, int& exit_code);  // cli/lesson_commands.cpp
void add_debug_commands(CLI::App& app, int& exit_code);   // cli/debug_commands.cpp (hidden)

}  // namespace ps::app
