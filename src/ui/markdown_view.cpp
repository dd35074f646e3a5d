// Sections: 1. UTF-8 and break rules  2. the word layout  3. blocks
#include "ui/markdown_view.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <string>

#include "ui/theme.hpp"

namespace ps::ui {

namespace {

// --- 1. UTF-8 and break rules -------------------------------------------------------------------

// Decodes the code point at `s` (well-formed UTF-8: the parser read it from a UTF-8 file) and
// returns the byte count.
int decode(const char* s, const char* end, std::uint32_t& cp) {
    const auto b = static_cast<unsigned char>(*s);
    int n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    if (s + n > end) n = 1;
    cp = n == 1 ? b : b & (0xFF >> (n + 1));
    for (int i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    return n;
}

// Characters a line may break before or after (CJK ideographs, kana, full-width forms).
bool is_cjk(std::uint32_t cp) {
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFFEF);
}

// Closing punctuation that must not start a line (it sticks to the character before).
bool no_break_before(std::uint32_t cp) {
    switch (cp) {
        case 0x3001:
        case 0x3002:
        case 0xFF0C:
        case 0xFF0E:
        case 0xFF1A:
        case 0xFF1B:
        case 0xFF1F:
        case 0xFF01:
        case 0xFF09:
        case 0x300D:
        case 0x300F:
        case 0x300B:
        case 0x3009:
        case 0x3011:
        case 0x2026:
        case 0x201D:
        case 0x2019:
        case ')':
        case ',':
        case '.':
        case ':':
        case ';':
        case '?':
        case '!':
            return true;
        default:
            return false;
    }
}

// Opening punctuation that must not end a line (it sticks to the character after).
bool no_break_after(std::uint32_t cp) {
    switch (cp) {
        case 0xFF08:
        case 0x300C:
        case 0x300E:
        case 0x300A:
        case 0x3008:
        case 0x3010:
        case 0x201C:
        case 0x2018:
            return true;
        default:
            return false;
    }
}

// --- 2. the word layout -------------------------------------------------------------------------

// `base`: the face of plain text (body, bold for table headers, heading for headings).
ImFont* span_font(lessons::SpanStyle style, const app::Fonts& fonts, ImFont* base) {
    switch (style) {
        case lessons::SpanStyle::bold:
            return base == fonts.body && fonts.bold ? fonts.bold : base;
        case lessons::SpanStyle::code:
            return fonts.mono ? fonts.mono : base;
        default:
            return base;
    }
}

// A word: [begin, end) to draw, then `space` bytes of trailing spaces (width added, not drawn).
struct Word {
    const char* begin;
    const char* end;
    bool space_after;
};

// Splits a span's text into words a line can break between.
std::vector<Word> split_words(const std::string& text) {
    std::vector<Word> words;
    const char* s = text.data();
    const char* end = s + text.size();
    const char* start = s;
    bool glued = false;  // the previous character was opening punctuation
    auto flush = [&](const char* at, bool space) {
        if (at > start || space) words.push_back(Word{start, at, space});
    };
    while (s < end) {
        std::uint32_t cp = 0;
        const int n = decode(s, end, cp);
        if (cp == ' ') {
            flush(s, true);
            while (s < end && *s == ' ') ++s;
            start = s;
            continue;
        }
        if (no_break_after(cp)) {
            if (!glued) {
                flush(s, false);
                start = s;
            }
            s += n;
            glued = true;
            continue;
        }
        if (is_cjk(cp) && !no_break_before(cp)) {
            if (!glued) {
                flush(s, false);  // a break opportunity before a CJK character
                start = s;
            }
            glued = false;
            s += n;
            // Closing punctuation right after stays in this word.
            while (s < end) {
                std::uint32_t next = 0;
                const int m = decode(s, end, next);
                if (!no_break_before(next)) break;
                s += m;
            }
            flush(s, false);
            start = s;
            continue;
        }
        glued = false;
        s += n;
    }
    flush(s, false);
    return words;
}

// Lays the spans out from the cursor. `centre`: one line only if it fits, centred.
void layout_spans(const lessons::Text& text, const app::Fonts& fonts, ImU32 colour, ImFont* base,
                  bool centre, float wrap = 0) {
    if (!base) base = fonts.body ? fonts.body : ImGui::GetFont();
    if (colour == 0) colour = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 italic_colour = to_u32(ImVec4(0.10f, 0.30f, 0.62f, 1.f));
    const ImU32 chip = to_u32(ImVec4(0.0f, 0.0f, 0.0f, 0.06f));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = std::max(40.f, wrap > 0 ? wrap : ImGui::GetContentRegionAvail().x);
    const float line_h = base->FontSize;
    const float gap = std::round(0.25f * line_h);  // between wrapped lines
    ImDrawList* draw = ImGui::GetWindowDrawList();

    struct Placed {
        ImFont* font;
        lessons::SpanStyle style;
        Word word;
        float width, space;
    };
    std::vector<Placed> placed;
    float total = 0;
    for (const lessons::Span& span : text) {
        ImFont* font = span_font(span.style, fonts, base);
        const float space = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.f, " ").x;
        for (const Word& w : split_words(span.text)) {
            const float ww = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.f, w.begin, w.end).x;
            placed.push_back(Placed{font, span.style, w, ww, w.space_after ? space : 0.f});
            total += ww + (w.space_after ? space : 0.f);
        }
    }
    float x = 0, y = 0;
    if (centre && total <= width) x = std::floor((width - total) / 2);
    for (const Placed& p : placed) {
        if (x > 0 && x + p.width > width && !(centre && total <= width)) {
            x = 0;
            y += line_h + gap;
        }
        if (p.word.end > p.word.begin) {
            const float dy = std::round((line_h - p.font->FontSize) / 2);
            const ImVec2 at(origin.x + x, origin.y + y + dy);
            if (p.style == lessons::SpanStyle::code)
                draw->AddRectFilled(ImVec2(at.x - 2, origin.y + y - 1),
                                    ImVec2(at.x + p.width + 2, origin.y + y + line_h + 1), chip,
                                    3.f);
            draw->AddText(p.font, p.font->FontSize, at,
                          p.style == lessons::SpanStyle::italic ? italic_colour : colour,
                          p.word.begin, p.word.end);
        }
        x += p.width + p.space;
    }
    ImGui::Dummy(ImVec2(width, y + line_h));
}

// --- 3. blocks ----------------------------------------------------------------------------------

void draw_table(const lessons::Block& block, const app::Fonts& fonts, int id) {
    if (block.rows.empty() || block.rows[0].empty()) return;
    const int columns = int(block.rows[0].size());
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_SizingStretchProp |
                                  ImGuiTableFlags_NoSavedSettings;
    ImGui::PushID(id);
    if (ImGui::BeginTable("##table", columns, flags)) {
        // Stretch weights from the header and the longest cell, so a short column stays narrow.
        for (int c = 0; c < columns; ++c) {
            float longest = 1;
            for (const auto& row : block.rows)
                if (c < int(row.size()))
                    longest = std::max(
                        longest,
                        ImGui::CalcTextSize(lessons::plain_text(row[std::size_t(c)]).c_str()).x);
            ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch,
                                    std::min(longest, 12.f * ImGui::GetFontSize()));
        }
        for (std::size_t r = 0; r < block.rows.size(); ++r) {
            ImGui::TableNextRow(r == 0 ? ImGuiTableRowFlags_Headers : 0);
            for (int c = 0; c < columns && c < int(block.rows[r].size()); ++c) {
                ImGui::TableSetColumnIndex(c);
                layout_spans(block.rows[r][std::size_t(c)], fonts, 0, r == 0 ? fonts.bold : nullptr,
                             false);
            }
        }
        ImGui::EndTable();
    }
    ImGui::PopID();
}

void draw_code(const lessons::Block& block, const app::Fonts& fonts) {
    ImFont* mono = fonts.mono ? fonts.mono : ImGui::GetFont();
    ImGui::PushFont(mono);
    const ImVec2 pad(8, 6);
    const ImVec2 text = ImGui::CalcTextSize(block.code.c_str());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float width = std::max(text.x, ImGui::GetContentRegionAvail().x - 2 * pad.x);
    ImGui::GetWindowDrawList()->AddRectFilled(
        at, ImVec2(at.x + width + 2 * pad.x, at.y + text.y + 2 * pad.y),
        to_u32(ImVec4(0.f, 0.f, 0.f, 0.05f)), 4.f);
    ImGui::SetCursorScreenPos(ImVec2(at.x + pad.x, at.y + pad.y));
    ImGui::TextUnformatted(block.code.c_str());
    ImGui::SetCursorScreenPos(ImVec2(at.x, at.y + text.y + 2 * pad.y));
    ImGui::Dummy(ImVec2(width, 0));
    ImGui::PopFont();
}

}  // namespace

void draw_spans(const lessons::Text& text, const app::Fonts& fonts, ImU32 colour, bool force_bold,
                float width) {
    layout_spans(text, fonts, colour, force_bold ? fonts.bold : nullptr, false, width);
}

void draw_blocks(const std::vector<lessons::Block>& blocks, const app::Fonts& fonts) {
    const float em = ImGui::GetFontSize();
    int id = 0;
    lessons::BlockKind previous = lessons::BlockKind::paragraph;
    for (const lessons::Block& b : blocks) {
        const bool first = id == 0;
        // Items of one list sit closer together than paragraphs.
        const bool same_list =
            !first && b.kind == previous &&
            (b.kind == lessons::BlockKind::bullet || b.kind == lessons::BlockKind::numbered);
        if (!first) ImGui::Dummy(ImVec2(0, same_list ? 0.f : std::round(0.35f * em)));
        switch (b.kind) {
            case lessons::BlockKind::heading: {
                ImFont* font = b.level <= 2 && fonts.heading ? fonts.heading : fonts.bold;
                layout_spans(b.text, fonts, 0, font, false);
                break;
            }
            case lessons::BlockKind::paragraph:
                layout_spans(b.text, fonts, 0, nullptr, false);
                break;
            case lessons::BlockKind::bullet:
            case lessons::BlockKind::numbered: {
                const std::string mark = b.kind == lessons::BlockKind::bullet
                                             ? std::string("\u2022")
                                             : std::to_string(b.number) + ".";
                const float indent = std::round(1.5f * em);
                const ImVec2 at = ImGui::GetCursorScreenPos();
                const float mark_w = ImGui::CalcTextSize(mark.c_str()).x;
                ImGui::GetWindowDrawList()->AddText(
                    ImVec2(at.x + indent - mark_w - 0.4f * em, at.y),
                    ImGui::GetColorU32(ImGuiCol_Text), mark.c_str());
                ImGui::Indent(indent);
                layout_spans(b.text, fonts, 0, nullptr, false);
                ImGui::Unindent(indent);
                break;
            }
            case lessons::BlockKind::formula: {
                ImGui::Dummy(ImVec2(0, std::round(0.15f * em)));
                layout_spans(b.text, fonts, to_u32(ImVec4(0.08f, 0.10f, 0.16f, 1.f)), nullptr,
                             true);
                ImGui::Dummy(ImVec2(0, std::round(0.15f * em)));
                break;
            }
            case lessons::BlockKind::table:
                draw_table(b, fonts, id);
                break;
            case lessons::BlockKind::code:
                draw_code(b, fonts);
                break;
        }
        previous = b.kind;
        ++id;
    }
}

}  // namespace ps::ui
