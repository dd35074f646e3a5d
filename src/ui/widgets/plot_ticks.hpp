// Axis ticks for the line plot, apart from ImGui so a test can run without a window.
//
// The rule that matters: no two tick labels read the same. A plot with no data yet (only the
// paper's reference line at 79.20) has a zero-height range, and an x axis of "images seen" before
// any image is [0, 1]; plain 1-2-5 ticks on those give "79 79 79" and "0 0 1 1". So the range is
// widened around its centre until it holds two ticks a label's last digit apart, the step is never
// finer than that digit, and large values (12.5k, 1.2M) get the decimals their step needs.
#pragma once

#include <string>
#include <vector>

namespace ps::ui {

struct AxisTicks {
    double lo = 0, hi = 1;            // the range to draw (the input, widened if it was too small)
    std::vector<double> values;       // increasing, inside [lo, hi]
    std::vector<std::string> labels;  // one per value, all different
};

// About `target` (>= 2) ticks of 1, 2 or 5 x 10^k covering [lo, hi]; labels show at least
// `decimals` decimals (and no finer step than 10^-decimals is used). Non-finite input gives [0, 1].
AxisTicks axis_ticks(double lo, double hi, int target, int decimals);

}  // namespace ps::ui
