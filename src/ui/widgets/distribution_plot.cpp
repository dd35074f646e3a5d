#include "ui/widgets/distribution_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/theme.hpp"

namespace ps::ui {

namespace {
const ImU32 k_bar = IM_COL32(0x25, 0x63, 0xeb, 255);
const ImU32 k_bar_faint = IM_COL32(0x25, 0x63, 0xeb, 90);
const ImU32 k_drawn = IM_COL32(0xd6, 0x28, 0x28, 255);
const ImU32 k_track = IM_COL32(0xe9, 0xec, 0xf0, 255);
const ImU32 k_channel[3] = {IM_COL32(0xd6, 0x28, 0x28, 255), IM_COL32(0x2a, 0x9d, 0x3a, 255),
                            IM_COL32(0x2f, 0x5f, 0xb3, 255)};

// p(paper) and p(ink) as two labelled horizontal bars; the drawn one gets a red frame and a tag.
void bernoulli_pair(float p, float drawn, float width, const app::Fonts& fonts) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight();
    const float label_w = ImGui::CalcTextSize("paper (0) ").x;
    ImGui::PushFont(fonts.bold);
    const float tag_w = ImGui::CalcTextSize("drawn").x;
    ImGui::PopFont();
    ImGui::PushFont(fonts.mono);
    const float number_w = ImGui::CalcTextSize(" 0.000 ").x;
    ImGui::PopFont();
    const float value_w = number_w + tag_w + 8.f;
    const float bar_w = std::max(40.f, width - label_w - value_w);
    const float bar_h = line * 1.3f;
    const float probs[2] = {1.f - p, p};
    const char* labels[2] = {"paper (0)", "ink (1)"};
    for (int i = 0; i < 2; ++i) {
        const bool chosen = drawn >= 0 && (drawn > 0.5f) == (i == 1);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        draw->AddText(ImVec2(at.x, at.y + (bar_h - line) / 2), ImGui::GetColorU32(ImGuiCol_Text),
                      labels[i]);
        const ImVec2 lo(at.x + label_w, at.y), hi(lo.x + bar_w, at.y + bar_h);
        draw->AddRectFilled(lo, hi, k_track, 3.f);
        draw->AddRectFilled(lo, ImVec2(lo.x + bar_w * std::clamp(probs[i], 0.f, 1.f), hi.y),
                            chosen ? k_bar : k_bar_faint, 3.f);
        if (chosen) draw->AddRect(lo, hi, k_drawn, 3.f, 0, 2.5f);
        char text[32];
        std::snprintf(text, sizeof text, " %.3f", double(probs[i]));
        ImGui::PushFont(fonts.mono);
        draw->AddText(ImVec2(hi.x + 4, at.y + (bar_h - line) / 2),
                      ImGui::GetColorU32(ImGuiCol_Text), text);
        ImGui::PopFont();
        if (chosen) {
            ImGui::PushFont(fonts.bold);
            draw->AddText(ImVec2(hi.x + 4 + number_w, at.y + (bar_h - line) / 2), k_drawn, "drawn");
            ImGui::PopFont();
        }
        ImGui::Dummy(ImVec2(width, bar_h + 4));
    }
}

// 256 bars (0..255), scaled to the largest; ticks at 0, 64, 128, 192, 255; the drawn value is a
// red bar with a marker and its number above the chart.
void softmax_bars(const std::vector<float>& dist, float drawn, const DistributionPlot& plot) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight();
    const float h = plot.height > 0 ? plot.height : 7.f * line;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 lo(at.x, at.y + line + 4), hi(at.x + plot.width, lo.y + h);
    draw->AddRectFilled(lo, hi, k_track);
    const float top = *std::max_element(dist.begin(), dist.end());
    const float bw = plot.width / 256.f;
    const ImU32 colour = plot.channel >= 0 ? k_channel[plot.channel] : k_bar;
    for (int v = 0; v < 256 && v < int(dist.size()); ++v) {
        const float frac = top > 0 ? dist[std::size_t(v)] / top : 0.f;
        if (frac <= 0) continue;
        const float x0 = lo.x + bw * float(v);
        draw->AddRectFilled(ImVec2(x0, hi.y - h * frac), ImVec2(x0 + std::max(bw, 1.f), hi.y),
                            colour);
    }
    if (drawn >= 0) {
        const int v = std::clamp(int(std::lround(drawn)), 0, 255);
        const float x = lo.x + bw * (float(v) + 0.5f);
        draw->AddLine(ImVec2(x, lo.y), ImVec2(x, hi.y), k_drawn, 2.f);
        draw->AddTriangleFilled(ImVec2(x - 5, lo.y - 2), ImVec2(x + 5, lo.y - 2),
                                ImVec2(x, lo.y + 6), k_drawn);
        char text[32];
        std::snprintf(text, sizeof text, "drawn %d", v);
        const float tw = ImGui::CalcTextSize(text).x;
        draw->AddText(ImVec2(std::clamp(x - tw / 2, lo.x, hi.x - tw), at.y), k_drawn, text);
    }
    // the value axis
    const ImU32 muted = to_u32(colours::text_muted);
    for (int v : {0, 64, 128, 192, 255}) {
        const float x = lo.x + bw * (float(v) + 0.5f);
        char text[8];
        std::snprintf(text, sizeof text, "%d", v);
        const float tw = ImGui::CalcTextSize(text).x;
        draw->AddLine(ImVec2(x, hi.y), ImVec2(x, hi.y + 4), muted);
        draw->AddText(ImVec2(std::clamp(x - tw / 2, lo.x, hi.x - tw), hi.y + 5), muted, text);
    }
    ImGui::Dummy(ImVec2(plot.width, line + 4 + h + 5 + line + 4));
}
}  // namespace

void distribution_plot(const std::vector<float>& dist, float drawn, const DistributionPlot& plot,
                       const app::Fonts& fonts) {
    if (dist.empty()) return;
    if (plot.binary)
        bernoulli_pair(dist[0], drawn, plot.width, fonts);
    else
        softmax_bars(dist, drawn, plot);
}

}  // namespace ps::ui
