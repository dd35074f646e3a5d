// The look of PixelScope: a light theme meant for slides and projectors (dark text on near-white,
// one blue accent, generous spacing) and the fonts (DejaVu Sans / Sans Bold / Sans Mono, rasterised
// by FreeType with hinting so 17 px text stays crisp).
#pragma once

#include <imgui.h>

#include <string>

#include "app/app_state.hpp"

namespace ps::ui {

// The accent and the few semantic colours views use beside ImGui's style colours.
namespace colours {
inline const ImVec4 accent{0.145f, 0.388f, 0.922f, 1.f};   // #2563EB
inline const ImVec4 text_muted{0.36f, 0.40f, 0.45f, 1.f};  // secondary text
inline const ImVec4 error{0.75f, 0.10f, 0.10f, 1.f};
inline const ImVec4 canvas_bg{0.913f, 0.925f, 0.941f, 1.f};  // behind thumbnails, #E9ECF0
}  // namespace colours

inline ImU32 to_u32(const ImVec4& c) {
    return ImGui::ColorConvertFloat4ToU32(c);
}

void apply_theme(ImGuiStyle& style);

// Loads the four faces from `font_dir` (body at `size_px`) with glyph ranges for Latin, Latin-1,
// Greek, arrows, maths operators, sub/superscripts and general punctuation, so that
// "p(x) = Π p(xᵢ | x₁…xᵢ₋₁)" renders. Returns false with `error` naming the missing file.
// With `cjk.file` set, the CJK face `cjk.face` of that file (a .ttc holds several) is merged into
// the body, bold and heading faces for the glyphs in `cjk.ranges` (zero-terminated pairs; must
// outlive the atlas).
struct CjkFont {
    std::string file;
    std::string bold_file;  // merged into the bold and heading faces; empty: `file`
    int face = 0;
    const ImWchar* ranges = nullptr;
    float scale = 1.f;  // its pixel size relative to the Latin face's (to match the em)
};
bool load_fonts(const std::string& font_dir, float size_px, app::Fonts& fonts, std::string& error,
                const CjkFont& cjk = {});

// Flow layout: continue the current line with an item `next_width` wide (after `gap` pixels) if it
// fits in the window, else let it start a new line.
void same_line_if_fits(float next_width, float gap);
// Put an item `width` wide at the right edge of the current line, or on a new line if the line's
// previous item reaches that far.
void same_line_right(float width);
// The width of a checkbox or radio button with this label (text after "##" hidden).
float toggle_width(const char* label);

// A heading line in the heading font.
void heading(const app::Fonts& fonts, const char* text);
// Wrapped text in the muted colour.
void muted_wrapped(const char* text);

}  // namespace ps::ui
