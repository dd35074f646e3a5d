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
    const char* headless = nullptr;  // the same figure, already drawable without a window
};

Plan plan_for(app::Tab tab) {
    switch (tab) {
        case app::Tab::masks:
            return {
                "Masked convolutions",
                "Not built yet: arrives with the explorer views (issue 5).",
                "A PixelCNN must never let a pixel see itself or anything after it in raster "
                "order. It does this by zeroing kernel taps: all taps below the centre row, and "
                "those right of the centre in the centre row.",
                {"any odd kernel from 1×1 to 11×11, mask A beside mask B, the centre marked",
                 "mask A (first layer) drops the centre tap; mask B (later layers) keeps it",
                 "the colour view: at the centre tap R sees nothing, G sees R, B sees R and G "
                 "(mask A); mask B adds each channel itself",
                 nullptr},
                "pixelscope render masks --rgb --out masks.png"};
        case app::Tab::receptive_field:
            return {"Receptive fields and the blind spot",
                    "Not built yet: arrives with the explorer views (issue 5).",
                    "Click a pixel and see which earlier pixels it can actually depend on, for "
                    "PixelCNN, Row LSTM, Diagonal BiLSTM and Gated PixelCNN.",
                    {"two sources that must agree: the analytic dependency set, and the gradient "
                     "d logit / d input of the live network",
                     "the classic blind spot: on a 5×5 grid lettered a..y, q cannot see j, n, o",
                     "a slider that grows the field one layer at a time", nullptr},
                    "pixelscope render blindspot --out blindspot.png"};
        case app::Tab::skew:
            return {"The skew trick",
                    "Not built yet: arrives with the explorer views (issue 5).",
                    "Diagonal BiLSTM shifts row r right by r places, so each diagonal of the image "
                    "becomes a column of an H × (H+W−1) map that can be processed in parallel.",
                    {"each pixel's place in the skewed map, the column being processed, the unskew",
                     "the state-to-state kernel's two taps: the pixel above and the pixel to the "
                     "left",
                     "Row LSTM beside it, processing whole rows in parallel", nullptr},
                    "pixelscope render skew --out skew.png"};
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
        case app::Tab::data:
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
