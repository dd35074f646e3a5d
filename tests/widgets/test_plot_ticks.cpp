// The line plot's axis ticks (src/ui/widgets/plot_ticks.cpp has no ImGui; compiled in here).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "ui/widgets/plot_ticks.hpp"

using ps::ui::axis_ticks;
using ps::ui::AxisTicks;

namespace {

// Every axis: at least two ticks, increasing, inside the range, one label each, all different.
void check_axis(const AxisTicks& t) {
    REQUIRE(t.values.size() == t.labels.size());
    CHECK(t.values.size() >= 2);
    CHECK(t.lo < t.hi);
    for (std::size_t i = 0; i < t.values.size(); ++i) {
        CAPTURE(i);
        CHECK(t.values[i] >= t.lo - 1e-9);
        CHECK(t.values[i] <= t.hi + 1e-9);
        if (i > 0) CHECK(t.values[i] > t.values[i - 1]);
    }
    const std::set<std::string> distinct(t.labels.begin(), t.labels.end());
    CHECK(distinct.size() == t.labels.size());
}

}  // namespace

TEST_CASE("an empty NLL plot: one reference line at 79.20 gives distinct y labels") {
    const AxisTicks t = axis_ticks(79.2, 79.2, 5, 0);
    check_axis(t);
    CHECK(t.lo < 79.2);
    CHECK(t.hi > 79.2);
    CHECK(t.labels.front() == "78");
    CHECK(t.labels.back() == "80");
}

TEST_CASE("an empty x axis [0, 1] with integer labels: 0 and 1, nothing in between") {
    const AxisTicks t = axis_ticks(0, 1, 6, 0);
    check_axis(t);
    CHECK(t.labels == std::vector<std::string>{"0", "1"});
    CHECK(t.lo == 0);
    CHECK(t.hi == 1);
}

TEST_CASE("a tiny range at two decimals is widened to labels a hundredth apart") {
    const AxisTicks t = axis_ticks(0.131, 0.1312, 5, 2);
    check_axis(t);
    for (const std::string& s : t.labels) CHECK(s.size() == 4);  // "0.12", "0.13", ...
}

TEST_CASE("a zero range at zero and a negative range") {
    check_axis(axis_ticks(0, 0, 5, 0));
    check_axis(axis_ticks(-3, -3, 5, 1));
    check_axis(axis_ticks(5, 2, 5, 0));  // swapped ends
}

TEST_CASE("large values with k and M suffixes keep the decimals their step needs") {
    const AxisTicks k = axis_ticks(12000, 12600, 6, 0);
    check_axis(k);
    CHECK(k.labels.front() == "12.0k");
    const AxisTicks m = axis_ticks(1.0e6, 1.3e6, 6, 0);
    check_axis(m);
    CHECK(m.labels.front() == "1.00M");
    const AxisTicks plain = axis_ticks(0, 200000, 6, 0);
    check_axis(plain);
    CHECK(plain.labels.front() == "0k");
    CHECK(plain.labels.back() == "200k");
}

TEST_CASE("an ordinary range keeps its 1-2-5 ticks and is not widened") {
    const AxisTicks t = axis_ticks(70.5, 95.0, 5, 0);
    check_axis(t);
    CHECK(t.lo == 70.5);
    CHECK(t.hi == 95.0);
    CHECK(t.labels == std::vector<std::string>{"75", "80", "85", "90", "95"});
}

TEST_CASE("non-finite input falls back to [0, 1]") {
    const AxisTicks t = axis_ticks(0.0 / 0.0, 1.0 / 0.0, 5, 0);
    check_axis(t);
    CHECK(t.lo == 0);
    CHECK(t.hi == 1);
}
