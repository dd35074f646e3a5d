#include "ui/widgets/plot_ticks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace ps::ui {

namespace {

// The smallest 1, 2, 5 x 10^k that is >= raw.
double nice_step(double raw) {
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw * (1 - 1e-12)) return m * p;
    return 10 * p;
}

std::vector<double> ticks_with_step(double lo, double hi, double step) {
    std::vector<double> ticks;
    for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k += 1) {
        const double t = k * step;  // k * step, not a running sum, so no drift
        ticks.push_back(std::abs(t) < 1e-12 * step ? 0.0 : t);
    }
    return ticks;
}

}  // namespace

AxisTicks axis_ticks(double lo, double hi, int target, int decimals) {
    target = std::max(2, target);
    decimals = std::clamp(decimals, 0, 9);
    AxisTicks out;
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
    if (hi < lo) std::swap(lo, hi);
    const double unit = std::pow(10.0, -decimals);  // the label's last digit
    // fewer than two label digits inside the range (a zero-height range, or 79.2 .. 79.4 with
    // integer labels): widen around the centre by a digit or 2% of the value, which leaves a span
    // of at least two digits and so at least two multiples of a digit inside
    if (std::floor(hi / unit + 1e-9) - std::ceil(lo / unit - 1e-9) < 1) {
        const double c = 0.5 * (lo + hi);
        const double half = std::max(unit, 0.02 * std::abs(c));
        lo = c - half, hi = c + half;
    }
    out.lo = lo, out.hi = hi;
    // the nice step of about `target` ticks, never finer than a label digit
    double step = std::max(unit, nice_step((hi - lo) / target));
    out.values = ticks_with_step(lo, hi, step);
    if (out.values.size() < 2) {  // a coarse step on a small range: fall back to single digits
        step = unit;
        out.values = ticks_with_step(lo, hi, step);
    }

    // labels: k / M suffixes for large values, with as many decimals as the step needs
    double top = 0;
    for (double v : out.values) top = std::max(top, std::abs(v));
    const double scale = top >= 1e6 ? 1e6 : top >= 1e4 ? 1e3 : 1;
    const char* suffix = scale == 1e6 ? "M" : scale == 1e3 ? "k" : "";
    const int step_decimals = int(std::max(0.0, -std::floor(std::log10(step / scale) + 1e-9)));
    const int shown = scale == 1 ? std::max(decimals, step_decimals) : step_decimals;
    for (double v : out.values) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%.*f%s", shown, v / scale, suffix);
        out.labels.emplace_back(buf);
    }
    return out;
}

}  // namespace ps::ui
