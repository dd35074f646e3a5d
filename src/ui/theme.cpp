#include "ui/theme.hpp"

#include <imgui_freetype.h>

#include <cmath>
#include <filesystem>

namespace ps::ui {

namespace {
ImVec4 hex(unsigned rgb, float alpha = 1.f) {
    return ImVec4(float((rgb >> 16) & 0xFF) / 255.f, float((rgb >> 8) & 0xFF) / 255.f,
                  float(rgb & 0xFF) / 255.f, alpha);
}

// Pairs of inclusive code-point ranges, zero-terminated; must outlive the atlas build.
const ImWchar k_ranges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement (×, ·, ², ³, ¹)
    0x0100, 0x017F,  // Latin Extended-A
    0x02B0, 0x02FF,  // Spacing Modifier Letters (the ˢ of Kˢˢ, ʰ, ˡ)
    0x0370, 0x03FF,  // Greek and Coptic (Π, σ, θ, ...)
    0x1D62, 0x1D65,  // subscript i, r, u, v (the i of xᵢ)
    0x2000, 0x206F,  // General Punctuation (…, –, —, ‖)
    0x2070, 0x209F,  // Superscripts and Subscripts (x₁, ⁿ)
    0x2190, 0x21FF,  // Arrows
    0x2200, 0x22FF,  // Mathematical Operators (∏, ∑, ≤, ∈, ∂)
    0x25A0, 0x25FF,  // Geometric Shapes (■, ▶, ▸ in labels)
    0,
};

}  // namespace

void apply_theme(ImGuiStyle& style) {
    ImGui::StyleColorsLight(&style);
    style.WindowPadding = ImVec2(16, 14);
    style.FramePadding = ImVec2(10, 5);
    style.ItemSpacing = ImVec2(10, 8);
    style.ItemInnerSpacing = ImVec2(8, 6);
    style.CellPadding = ImVec2(8, 4);
    style.ScrollbarSize = 14;
    style.GrabMinSize = 12;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.PopupBorderSize = 1;
    style.FrameBorderSize = 0;
    style.TabBorderSize = 0;
    style.WindowRounding = 0;
    style.ChildRounding = 8;
    style.FrameRounding = 5;
    style.PopupRounding = 6;
    style.ScrollbarRounding = 7;
    style.GrabRounding = 4;
    style.TabRounding = 6;

    // Slate text on near-white surfaces; one blue accent for what is active or selected.
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = hex(0x1F2328);
    c[ImGuiCol_TextDisabled] = hex(0x8C959F);
    // Children are transparent (their border draws the card): on a software rasteriser every
    // full-size background layer costs real frame time.
    c[ImGuiCol_WindowBg] = hex(0xFFFFFF);
    c[ImGuiCol_ChildBg] = hex(0xFFFFFF, 0.f);
    c[ImGuiCol_PopupBg] = hex(0xFFFFFF);
    c[ImGuiCol_Border] = hex(0xD0D7DE);
    c[ImGuiCol_BorderShadow] = hex(0x000000, 0.f);
    c[ImGuiCol_FrameBg] = hex(0xEAEEF2);
    c[ImGuiCol_FrameBgHovered] = hex(0xDDE4EC);
    c[ImGuiCol_FrameBgActive] = hex(0xCFD8E3);
    c[ImGuiCol_TitleBg] = hex(0xEEF1F4);
    c[ImGuiCol_TitleBgActive] = hex(0xE1E7EE);
    c[ImGuiCol_TitleBgCollapsed] = hex(0xEEF1F4);
    c[ImGuiCol_MenuBarBg] = hex(0xFFFFFF);
    c[ImGuiCol_ScrollbarBg] = hex(0xF6F7F9, 0.f);
    c[ImGuiCol_ScrollbarGrab] = hex(0xC4CCD5);
    c[ImGuiCol_ScrollbarGrabHovered] = hex(0xAEB8C3);
    c[ImGuiCol_ScrollbarGrabActive] = hex(0x97A3B0);
    c[ImGuiCol_CheckMark] = colours::accent;
    c[ImGuiCol_SliderGrab] = colours::accent;
    c[ImGuiCol_SliderGrabActive] = hex(0x1D4ED8);
    c[ImGuiCol_Button] = hex(0xE6EBF1);
    c[ImGuiCol_ButtonHovered] = hex(0xD5DEEA);
    c[ImGuiCol_ButtonActive] = hex(0xC2D0E3);
    c[ImGuiCol_Header] = hex(0xDBE7FD);
    c[ImGuiCol_HeaderHovered] = hex(0xC9DBFB);
    c[ImGuiCol_HeaderActive] = hex(0xB5CDF9);
    c[ImGuiCol_Separator] = hex(0xD8DEE4);
    c[ImGuiCol_SeparatorHovered] = hex(0x9DB5E8);
    c[ImGuiCol_SeparatorActive] = colours::accent;
    c[ImGuiCol_ResizeGrip] = hex(0xD0D7DE, 0.f);
    c[ImGuiCol_Tab] = hex(0xE6EAEF);
    c[ImGuiCol_TabHovered] = hex(0xD3E1FA);
    c[ImGuiCol_TabActive] = hex(0xFFFFFF);
    c[ImGuiCol_TabUnfocused] = hex(0xE6EAEF);
    c[ImGuiCol_TabUnfocusedActive] = hex(0xFFFFFF);
    c[ImGuiCol_TableHeaderBg] = hex(0xEEF1F4);
    c[ImGuiCol_TableBorderStrong] = hex(0xD0D7DE);
    c[ImGuiCol_TableBorderLight] = hex(0xE4E8EC);
    c[ImGuiCol_TableRowBg] = hex(0xFFFFFF, 0.f);
    c[ImGuiCol_TableRowBgAlt] = hex(0xF3F5F7);
    c[ImGuiCol_TextSelectedBg] = hex(0x2563EB, 0.25f);
    c[ImGuiCol_NavHighlight] = colours::accent;
    c[ImGuiCol_ModalWindowDimBg] = hex(0x1F2328, 0.30f);
}

bool load_fonts(const std::string& font_dir, float size_px, app::Fonts& fonts, std::string& error,
                const CjkFont& cjk) {
    namespace fs = std::filesystem;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    io.Fonts->FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;

    // cjk_face: 0 none, 1 the regular CJK face, 2 the bold one (the regular if none is given).
    auto add = [&](const char* file, float px, int cjk_face) -> ImFont* {
        const fs::path path = fs::path(font_dir) / file;
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            error = path.string() + ": font file not found";
            return nullptr;
        }
        ImFontConfig config;
        config.OversampleH = 1;  // FreeType hints to the pixel grid; no need to oversample
        config.OversampleV = 1;
        config.PixelSnapH = true;
        ImFont* font = io.Fonts->AddFontFromFileTTF(path.string().c_str(), px, &config, k_ranges);
        if (!font) {
            error = path.string() + ": not a font ImGui can load";
            return font;
        }
        // Chinese glyphs merged into this face at the same pixel size (ImGui's MergeMode: glyphs
        // the Latin face lacks come from the CJK face) on the same baseline. ImGui sizes a face by
        // ascent + descent; Noto CJK's (1.448 em) is larger than DejaVu's (1.164 em), so at the
        // same size its characters would look a third smaller: `scale` makes the ems match.
        if (cjk_face > 0 && !cjk.file.empty() && cjk.ranges) {
            const std::string& cjk_file =
                cjk_face == 2 && !cjk.bold_file.empty() ? cjk.bold_file : cjk.file;
            ImFontConfig merge = config;
            merge.MergeMode = true;
            merge.FontNo = cjk.face;
            if (!io.Fonts->AddFontFromFileTTF(cjk_file.c_str(), std::round(px * cjk.scale), &merge,
                                              cjk.ranges)) {
                error = cjk_file + ": not a font ImGui can load";
                return nullptr;
            }
        }
        return font;
    };
    // The first font added is ImGui's default.
    if (!(fonts.body = add("DejaVuSans.ttf", size_px, 1))) return false;
    if (!(fonts.bold = add("DejaVuSans-Bold.ttf", size_px, 2))) return false;
    if (!(fonts.heading = add("DejaVuSans-Bold.ttf", std::round(size_px * 1.3f), 2))) return false;
    if (!(fonts.mono = add("DejaVuSansMono.ttf", size_px - 1.f, 0))) return false;
    if (!io.Fonts->Build()) {
        error = font_dir + ": building the font atlas failed";
        return false;
    }
    return true;
}

void same_line_if_fits(float next_width, float gap) {
    const float end = ImGui::GetItemRectMax().x + gap + next_width;
    const float limit = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (end <= limit) ImGui::SameLine(0, gap);
}

void same_line_right(float width) {
    const float right = ImGui::GetWindowContentRegionMax().x - width;  // window coordinates
    const float after =
        ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetStyle().ItemSpacing.x;
    if (right >= after) ImGui::SameLine(right);
}

float toggle_width(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
           ImGui::CalcTextSize(label, nullptr, true).x;
}

void heading(const app::Fonts& fonts, const char* text) {
    ImGui::PushFont(fonts.heading ? fonts.heading : ImGui::GetFont());
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
}

void muted_wrapped(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

}  // namespace ps::ui
