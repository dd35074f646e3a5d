#include "ui/upcoming_tab.hpp"

#include <imgui.h>

#include <algorithm>

#include "ui/theme.hpp"

namespace ps::ui {

namespace {
struct Plan {
    const char* title;
    const char* status;  // which issue brings it
    const char* teaches;
    const char* bullets[4];
    const char* headless = nullptr;  // a command that already does the work without a window
};

Plan plan_for(app::Tab tab) {
    switch (tab) {
        case app::Tab::sampling:
            return {"Sampling, one pixel at a time",
                    "Not built yet: the Sampling tab arrives with issue 6.",
                    "Generation runs in raster order: each pixel is drawn from the model's "
                    "prediction given every pixel before it, so a 28×28 image takes 784 steps.",
                    {"the current pixel, the context it conditions on, its predicted distribution",
                     "step, step back, play; naive vs cached sampling with a live pixels/s counter",
                     "completing a test digit whose bottom half is hidden", nullptr},
                    "pixelscope sample model.safetensors --out samples.png"};
        case app::Tab::training:
            return {
                "Train a tiny model live",
                "Not built yet: the Training tab arrives with issue 7.",
                "Pick an architecture and a size, press Train, and watch it learn MNIST on this "
                "CPU in a background thread while the window stays responsive.",
                {"train and test negative log-likelihood in nats and bits/dim",
                 "images per second, elapsed time, samples from the latest weights",
                 "save and load checkpoints (safetensors) from the File menu", nullptr},
                "pixelscope train --seconds 60 --out model.safetensors"};
        default:  // Data, Masks, Receptive field and Skew have their panels
            break;
    }
    return {"", "", "", {nullptr}};
}
}  // namespace

void draw_upcoming_tab(const app::AppState& state, app::Tab tab) {
    const Plan plan = plan_for(tab);
    const float width = std::min(ImGui::GetContentRegionAvail().x, 46.f * ImGui::GetFontSize());
    ImGui::Dummy(ImVec2(0, 24));
    ImGui::Indent(24);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    heading(state.fonts, plan.title);
    ImGui::PushStyleColor(ImGuiCol_Text, colours::accent);
    ImGui::TextWrapped("%s", plan.status);
    ImGui::PopStyleColor();
    ImGui::Spacing();
    ImGui::TextWrapped("%s", plan.teaches);
    ImGui::Spacing();
    ImGui::PushFont(state.fonts.bold);
    ImGui::TextUnformatted("This tab will show");
    ImGui::PopFont();
    for (const char* bullet : plan.bullets) {
        if (!bullet) break;
        ImGui::Bullet();
        ImGui::TextWrapped("%s", bullet);
    }
    if (plan.headless) {
        ImGui::Spacing();
        ImGui::TextWrapped("What it builds on already works without a window:");
        ImGui::PushFont(state.fonts.mono);
        ImGui::Indent(16);
        ImGui::TextUnformatted(plan.headless);
        ImGui::Unindent(16);
        ImGui::PopFont();
    }
    ImGui::Spacing();
    muted_wrapped(
        "Nothing is drawn here until it can be computed by the real network: PixelScope "
        "shows no canned pictures.");
    ImGui::PopTextWrapPos();
    ImGui::Unindent(24);
}

}  // namespace ps::ui
