// Sections: 2. the word layout (break rules: lessons/line_break.hpp)  3. blocks
#include "ui/markdown_view.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <string>

#include "lessons/line_break.hpp"
#include "ui/theme.hpp"

namespace ps::ui {

namespace {

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

// A piece of a span's text a line cannot break inside (lessons/line_break.hpp), as pointers.
struct Word {
    const char* begin;
    const char* end;
    bool space_after;
};

std::vector<Word> words_of(const std::string& text) {
    std::vector<Word> out;
    for (const lessons::Word& w : lessons::split_words(text))
        out.push_back(Word{text.data() + w.begin, text.data() + w.end, w.space_after});
    return out;
}

// Lays the spans out from the cursor, wrapped to `wrap` (0: the content region). `centre`:
// every line centred (formulas).
void layout_spans(const lessons::Text& text, const app::Fonts& fonts, ImU32 colour, ImFont* base,
                  bool centre, float wrap = 0) {
    if (!base) base = fonts.body ? fonts.body : ImGui::GetFont();
    if (colour == 0) colour = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 italic_colour = to_u32(ImVec4(0.10f, 0.30f, 0.62f, 1.f));
    const ImU32 chip = to_u32(ImVec4(0.0f, 0.0f, 0.0f, 0.06f));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = wrap > 0 ? wrap : std::max(40.f, ImGui::GetContentRegionAvail().x);
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
    for (const lessons::Span& span : text) {
        ImFont* font = span_font(span.style, fonts, base);
        const float space = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.f, " ").x;
        for (const Word& w : words_of(span.text)) {
            const float ww = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.f, w.begin, w.end).x;
            placed.push_back(Placed{font, span.style, w, ww, w.space_after ? space : 0.f});
        }
    }
    // A line may break before word i only where the text allows it: after a space, or at a CJK
    // boundary; never inside a word that continues in another span ("**H**:" or "x`y`"), never
    // before closing punctuation, never after opening punctuation.
    auto can_break_before = [&](std::size_t i) {
        if (i == 0) return false;
        const Word& a = placed[i - 1].word;
        const Word& b = placed[i].word;
        return lessons::can_break_between(std::string_view(a.begin, std::size_t(a.end - a.begin)),
                                          placed[i - 1].space > 0,
                                          std::string_view(b.begin, std::size_t(b.end - b.begin)));
    };
    // Chunks: runs of words with no break opportunity inside, then lines of chunks.
    struct Line {
        std::size_t begin, end;  // placed words
        float width;             // without the last word's trailing space
    };
    std::vector<Line> lines;
    Line line{0, 0, 0};
    float x = 0;
    for (std::size_t i = 0; i < placed.size();) {
        std::size_t j = i + 1;
        float w = placed[i].width;
        while (j < placed.size() && !can_break_before(j)) {
            w += placed[j - 1].space + placed[j].width;
            ++j;
        }
        if (line.end > line.begin && x + w > width) {
            lines.push_back(line);
            line = Line{i, i, 0};
            x = 0;
        }
        line.end = j;
        line.width = x + w;
        x += w + placed[j - 1].space;
        i = j;
    }
    if (line.end > line.begin || lines.empty()) lines.push_back(line);

    float y = 0;
    for (std::size_t li = 0; li < lines.size(); ++li) {
        const Line& l = lines[li];
        if (li > 0) y += line_h + gap;
        x = centre ? std::max(0.f, std::floor((width - l.width) / 2)) : 0.f;
        for (std::size_t i = l.begin; i < l.end; ++i) {
            const Placed& p = placed[i];
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
    }
    ImGui::Dummy(ImVec2(width, y + line_h));
}

// --- 3. blocks ----------------------------------------------------------------------------------

void draw_table(const lessons::Block& block, const app::Fonts& fonts, int id) {
    if (block.rows.empty() || block.rows[0].empty()) return;
    const int columns = int(block.rows[0].size());
    const ImGuiStyle& st = ImGui::GetStyle();
    // Column widths: every column at least its longest word (a word is never cut), the rest of
    // the width shared out by how much more each column's longest cell wants.
    std::vector<float> least(std::size_t(columns), 1.f), want(std::size_t(columns), 1.f);
    for (std::size_t r = 0; r < block.rows.size(); ++r) {
        ImFont* base = r == 0 && fonts.bold ? fonts.bold
                       : fonts.body         ? fonts.body
                                            : ImGui::GetFont();
        for (int c = 0; c < columns && c < int(block.rows[r].size()); ++c) {
            float line = 0;
            for (const lessons::Span& span : block.rows[r][std::size_t(c)]) {
                ImFont* font = span_font(span.style, fonts, base);
                const float space = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.f, " ").x;
                for (const Word& w : words_of(span.text)) {
                    const float ww =
                        font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.f, w.begin, w.end).x;
                    least[std::size_t(c)] = std::max(least[std::size_t(c)], ww);
                    line += ww + (w.space_after ? space : 0.f);
                }
            }
            want[std::size_t(c)] = std::max(want[std::size_t(c)], line);
        }
    }
    const float room =
        ImGui::GetContentRegionAvail().x - float(columns) * (2 * st.CellPadding.x + 1);
    float sum_least = 0, sum_extra = 0;
    for (int c = 0; c < columns; ++c) {
        sum_least += least[std::size_t(c)];
        sum_extra += std::max(0.f, want[std::size_t(c)] - least[std::size_t(c)]);
    }
    std::vector<float> widths(static_cast<std::size_t>(columns), 0.f);
    for (int c = 0; c < columns; ++c) {
        const std::size_t i = std::size_t(c);
        if (sum_least >= room)  // too narrow even for the words: shrink all alike
            widths[i] = std::floor(least[i] * room / sum_least);
        else
            widths[i] = std::floor(
                least[i] + (sum_extra > 0 ? std::min(room - sum_least, sum_extra) *
                                                std::max(0.f, want[i] - least[i]) / sum_extra
                                          : (room - sum_least) / float(columns)));
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoSavedSettings;
    ImGui::PushID(id);
    if (ImGui::BeginTable("##table", columns, flags)) {
        for (int c = 0; c < columns; ++c)
            ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed,
                                    std::max(1.f, widths[std::size_t(c)]));
        for (std::size_t r = 0; r < block.rows.size(); ++r) {
            ImGui::TableNextRow(r == 0 ? ImGuiTableRowFlags_Headers : 0);
            for (int c = 0; c < columns && c < int(block.rows[r].size()); ++c) {
                ImGui::TableSetColumnIndex(c);
                layout_spans(block.rows[r][std::size_t(c)], fonts, 0, r == 0 ? fonts.bold : nullptr,
                             false, widths[std::size_t(c)]);
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
        // Items of one list, and consecutive formula lines, sit closer together than paragraphs.
        const bool same_list =
            !first && b.kind == previous &&
            (b.kind == lessons::BlockKind::bullet || b.kind == lessons::BlockKind::numbered ||
             b.kind == lessons::BlockKind::formula);
        if (!first && !same_list) ImGui::Dummy(ImVec2(0, std::round(0.35f * em)));
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
            case lessons::BlockKind::formula:
                layout_spans(b.text, fonts, to_u32(ImVec4(0.08f, 0.10f, 0.16f, 1.f)), nullptr,
                             true);
                break;
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
