// A small line plot drawn with ImGui's draw list (Debian packages no ImPlot for ImGui 1.86):
// axes with "nice" ticks (1, 2, 5 x 10^k, see plot_ticks.hpp), series as polylines with a dot on
// each point, horizontal reference lines with their labels, and a legend.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace ps::ui {

struct PlotSeries {
    std::string label;
    ImU32 colour = 0;
    std::vector<double> x, y;  // same length; non-finite y values are skipped
    bool dots = false;         // a dot on every point (sparse series, e.g. test evaluations)
};

struct PlotReference {
    std::string label;  // drawn above the line, right-aligned
    double y = 0;
    ImU32 colour = 0;
    std::string note;  // where the number comes from; the tooltip shows it when the line is hovered
};

struct LinePlot {
    std::string x_label, y_label;
    std::vector<PlotSeries> series;
    std::vector<PlotReference> references;
    int y_decimals = 0;  // tick label precision on the y axis
};

// Draws `plot` into a `size` box at the cursor (an item of that size). Hover shows the nearest
// point of each series in a tooltip.
void draw_line_plot(const char* id, const LinePlot& plot, ImVec2 size);

}  // namespace ps::ui
