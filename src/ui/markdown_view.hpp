// Draws lesson text (src/lessons/markdown.hpp: blocks and spans) with ImGui: headings in the
// heading font, paragraphs and list items word-wrapped to the panel's width, **bold** in the bold
// face, *italic* in the accent colour (DejaVu's oblique face is not shipped), `code` in the mono
// face on a grey chip, formula lines centred, tables as ImGui tables, code blocks verbatim.
//
// ImGui wraps one run of text in one font; a paragraph mixes fonts, so the words are laid out
// here: a line breaks at spaces, and between two CJK characters (Chinese has no spaces), but
// never before closing CJK punctuation (，。、）…), which stays with the character before it.
#pragma once

#include <imgui.h>

#include <vector>

#include "app/app_state.hpp"
#include "lessons/markdown.hpp"

namespace ps::ui {

// One run of spans, wrapped to `width` (0: the content region's width from the cursor).
// `colour` 0: the style's text colour. `force_bold`: plain spans in the bold face.
void draw_spans(const lessons::Text& text, const app::Fonts& fonts, ImU32 colour = 0,
                bool force_bold = false, float width = 0);

// A step's text, block after block.
void draw_blocks(const std::vector<lessons::Block>& blocks, const app::Fonts& fonts);

}  // namespace ps::ui
