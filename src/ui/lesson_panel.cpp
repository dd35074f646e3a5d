// Sections: 1. the panel's words (en / zh)  2. helpers (lookup, fonts, glyphs)
//           3. runtime and views  4. draw: header, step text, check, footer
#include "ui/lesson_panel.hpp"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "ui/lesson_scene.hpp"
#include "ui/markdown_view.hpp"
#include "ui/theme.hpp"

namespace ps::ui {

namespace {

// --- 1. the panel's words -----------------------------------------------------------------------

struct Words {
    const char* lessons;
    const char* step_of;    // "Step %d of %d"
    const char* lesson_of;  // "Lesson %d of %d"
    const char* back;
    const char* next;
    const char* next_lesson;
    const char* finish;
    const char* finished;
    const char* check;
    const char* clear;
    const char* hint;
    const char* hint_label;
    const char* marked;
    const char* none_marked;
    const char* click_how;
    const char* skew_how;
    const char* picked_cell;
    const char* no_cell;
    const char* waiting;
    const char* reached;
    const char* locked;
    const char* locked_reach;
    const char* done;
    const char* in_progress;
    const char* not_started;
    const char* steps;
    const char* no_lessons;
    const char* problems;
    const char* open_tab;  // the check reads another tab than the one on show
};

const Words k_en{
    "Lessons",
    "Step %d of %d",
    "Lesson %d of %d",
    "< Back",
    "Next >",
    "Next lesson >",
    "Finish",
    "All lessons done",
    "Check",
    "Clear",
    "Hint",
    "Hint: ",
    "Marked: ",
    "Marked: none yet",
    "Click the pixels in the view (click again to unmark), then press Check.",
    "Click the cell of the skewed grid in the view, then press Check.",
    "Clicked cell: ",
    "Clicked cell: none yet",
    "Waiting for the view to get there\u2026",
    "Reached.",
    "Pass the check above to go on.",
    "Do what the check asks in the view; Next opens by itself.",
    "done",
    "in progress",
    "not started",
    "steps",
    "No lessons could be read.",
    "problem(s) in the lesson files; `pixelscope lessons --check` lists them.",
    "This check happens in another tab: open it again with the button.",
};

const Words k_zh{
    "课程",
    "第 %d 步，共 %d 步",
    "第 %d 课，共 %d 课",
    "< 上一步",
    "下一步 >",
    "下一课 >",
    "完成",
    "全部课程已完成",
    "Check 检查",
    "清除",
    "提示",
    "提示：",
    "已选：",
    "已选：还没有",
    "在视图里点击像素（再点一次取消），然后按 Check。",
    "在视图里点击斜移网格中的那个格子，然后按 Check。",
    "已点格子：",
    "已点格子：还没有",
    "等视图到达这一状态\u2026",
    "已达到。",
    "先通过上面的检查才能继续。",
    "在视图里按检查的要求操作，“下一步”会自动解锁。",
    "已完成",
    "进行中",
    "未开始",
    "步",
    "读不到任何课程。",
    "个课程文件问题；`pixelscope lessons --check` 会列出来。",
    "这个检查在另一个标签页里：用按钮回到那里。",
};

const Words& words(lessons::Language lang) {
    return lang == lessons::Language::zh ? k_zh : k_en;
}

// The tab names the "go back to the tab" button shows, in each language.
const char* tab_title(const std::string& tab, lessons::Language lang) {
    const bool zh = lang == lessons::Language::zh;
    if (tab == "data") return zh ? "数据" : "Data";
    if (tab == "masks") return zh ? "掩码" : "Masks";
    if (tab == "rf") return zh ? "感受野" : "Receptive field";
    if (tab == "skew") return zh ? "斜移" : "Skew";
    if (tab == "sampling") return zh ? "采样" : "Sampling";
    if (tab == "training") return zh ? "训练" : "Training";
    return "";
}

const ImVec4 k_good{0.10f, 0.50f, 0.20f, 1.f};

// --- 2. helpers ---------------------------------------------------------------------------------

// "j" on a lettered grid, else "(r,c)".
std::string pixel_name(const lessons::Pixel& p, const lessons::Scene& scene) {
    const int h = scene.height(0), w = scene.width(0);
    const char letter = h > 0 ? lessons::pixel_letter(p, w, h) : 0;
    return letter ? std::string(1, letter) : lessons::to_string(p);
}

void add_text(ImFontGlyphRangesBuilder& b, const lessons::Text& text) {
    for (const lessons::Span& s : text) b.AddText(s.text.c_str());
}

}  // namespace

const lessons::Lesson* find_lesson(const std::vector<lessons::Lesson>& list,
                                   const std::string& id) {
    if (id.empty()) return nullptr;
    for (const lessons::Lesson& l : list)
        if (l.id == id) return &l;
    if (std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        const int n = std::atoi(id.c_str());
        for (const lessons::Lesson& l : list)
            if (l.number == n) return &l;
        return nullptr;
    }
    const lessons::Lesson* found = nullptr;
    for (const lessons::Lesson& l : list)
        if (l.id.compare(0, id.size(), id) == 0) {
            if (found) return nullptr;  // ambiguous
            found = &l;
        }
    return found;
}

std::string find_cjk_font(bool bold) {
    const char* places[] = {
        "/usr/share/fonts/opentype/noto/",
        "/usr/share/fonts/noto-cjk/",
        "/usr/share/fonts/google-noto-cjk/",
    };
    const std::string file = bold ? "NotoSansCJK-Bold.ttc" : "NotoSansCJK-Regular.ttc";
    std::error_code ec;
    for (const char* p : places)
        if (std::filesystem::is_regular_file(p + file, ec)) return p + file;
    return {};
}

ImVector<ImWchar> lesson_glyph_ranges(const lessons::LessonSet& set) {
    ImFontGlyphRangesBuilder b;
    b.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesChineseSimplifiedCommon());
    static const ImWchar punctuation[] = {
        0x3000, 0x303F,  // CJK symbols and punctuation (、。「」《》)
        0xFF00, 0xFFEF,  // full-width forms (，：；？！（）)
        0x2010, 0x2027,  // dashes, quotes, ellipsis
        0,
    };
    b.AddRanges(punctuation);
    for (const lessons::Lesson& l : set.zh) {
        b.AddText(l.title.c_str());
        for (const lessons::Step& s : l.steps) {
            for (const lessons::Block& block : s.blocks) {
                add_text(b, block.text);
                for (const auto& row : block.rows)
                    for (const lessons::Text& cell : row) add_text(b, cell);
                b.AddText(block.code.c_str());
            }
            add_text(b, s.check.prompt);
            add_text(b, s.check.hint);
            add_text(b, s.check.feedback);
            for (const lessons::ChoiceOption& o : s.check.options) {
                add_text(b, o.text);
                add_text(b, o.feedback);
            }
        }
    }
    const Words& w = k_zh;
    for (const char* t :
         {w.lessons,     w.step_of,     w.lesson_of,  w.back,         w.next,        w.next_lesson,
          w.finish,      w.finished,    w.check,      w.clear,        w.hint,        w.hint_label,
          w.marked,      w.none_marked, w.click_how,  w.skew_how,     w.picked_cell, w.no_cell,
          w.waiting,     w.reached,     w.locked,     w.locked_reach, w.done,        w.in_progress,
          w.not_started, w.steps,       w.no_lessons, w.problems,     w.open_tab})
        b.AddText(t);
    b.AddText("中文数据掩码感受野斜移采样训练");
    ImVector<ImWchar> ranges;
    b.BuildRanges(&ranges);
    return ranges;
}

// --- 3. runtime and views -----------------------------------------------------------------------

void LessonPanel::ensure_runtime(app::AppState& state) {
    if (m_tried) return;
    m_tried = true;
    if (state.lessons.en.empty()) return;
    try {
        m_rt = std::make_unique<lessons::LessonRuntime>(state.lessons.en, state.lessons.zh);
    } catch (const std::invalid_argument& e) {
        // The Chinese files do not match the English ones: offer English only.
        m_rt_error = e.what();
        try {
            m_rt = std::make_unique<lessons::LessonRuntime>(state.lessons.en,
                                                            std::vector<lessons::Lesson>{});
        } catch (const std::invalid_argument& e2) {
            m_rt_error = e2.what();
        }
    }
    // The first step's scene waits until the learner moves (Next, Back, a lesson in the list) or
    // --lesson opens a step: opening the app, or `--view NAME`, keeps the tab it asked for.
    if (m_rt) m_applied = m_rt->scene_generation();
}

// --lesson / --step / --lang, once.
void LessonPanel::take_requests(app::AppState& state) {
    app::Requests& r = state.requests;
    if (!m_rt || (r.open_lesson.empty() && r.language.empty())) return;
    if (r.language == "zh") m_rt->set_language(lessons::Language::zh);
    if (r.language == "en") m_rt->set_language(lessons::Language::en);
    if (const lessons::Lesson* l = find_lesson(state.lessons.en, r.open_lesson)) {
        const int index = int(l - state.lessons.en.data());
        m_rt->open(index, r.open_step > 0 ? r.open_step - 1 : 0);
    }
    r.open_lesson.clear();
    r.language.clear();
    r.open_step = 0;
}

// The scene when the step changes; what the check needs from the views every frame.
void LessonPanel::sync_views(app::AppState& state) {
    if (m_rt->scene_generation() != m_applied) {
        m_applied = m_rt->scene_generation();
        if (m_has_scene && m_rt->scene() == m_scene) {
            // The same scene as the step before (a step with no scene block of its own): the
            // views stay as the learner left them (the sampler where it got to), on its tab.
            app::Tab tab;
            if (app::parse_tab(m_scene.word("tab"), tab) && tab != state.tab) {
                state.tab = tab;
                state.requests.select_tab = true;
            }
            state.explorer.picked.clear();
        } else {
            apply_lesson_scene(m_rt->scene(), state);
            m_scene = m_rt->scene();
            m_has_scene = true;
            // A scene that loads a dataset is applied again once it is open: the views reset
            // themselves (step 0, image 0) when the data change under them.
            m_wait_dataset = state.requests.load_dataset;
        }
        m_choice = m_rt->state().chosen_option;
        m_scroll_top = true;
    } else if (!m_wait_dataset.empty() && state.requests.load_dataset.empty() &&
               state.data.loading.empty()) {
        if (state.data.dataset && state.data.dataset->name == m_wait_dataset) {
            state.requests.scene = scene_for_tab(m_rt->scene());
            state.requests.apply_scene = true;
        }
        m_wait_dataset.clear();
    }
    const lessons::Check& check = m_rt->check();
    const bool open = m_rt->status() != lessons::CheckStatus::passed;
    const bool picks =
        check.kind == lessons::CheckKind::click || check.kind == lessons::CheckKind::skew;
    state.explorer.picking = picks && open;
    state.explorer.hide_field = picks && open;
    if (check.kind == lessons::CheckKind::reach && open) {
        lessons::ViewState v;
        v.tab = app::tab_info(state.tab).cli_name;
        const app::ExplorerState& e = state.explorer;
        if (state.tab == app::Tab::masks) {
            v.kernel = e.kernel;
            v.mask = e.mask;
        } else if (state.tab == app::Tab::receptive_field) {
            v.layers_shown = e.layers_shown;
        } else if (state.tab == app::Tab::skew) {
            v.skew_step = e.skew_step;
        } else if (state.tab == app::Tab::sampling && state.sampling.known) {
            // published by the Sampling panel this frame
            const app::SamplingState& s = state.sampling;
            v.sampler_known = true;
            v.sampler_pixel = lessons::Pixel{s.row, s.col};
            v.sampler_done = s.done;
            v.sampler_mode = s.mode;
            v.completions = s.completions;
        } else if (state.tab == app::Tab::training && state.trainer.worker) {
            // The worker's published metrics (a copy only when they changed).
            state.trainer.worker->poll(m_train_version, m_train_view);
            if (m_train_version > 0) {
                v.images_seen = long(m_train_view.metrics.images);
                v.train_nll = m_train_view.metrics.train_nll;
                v.test_nll = m_train_view.metrics.test_nll;
            }
        }
        m_rt->observe(v);
    }
}

// --- 4. draw ------------------------------------------------------------------------------------

void LessonPanel::draw(app::AppState& state, ImVec2 pos, ImVec2 size) {
    ensure_runtime(state);
    if (m_rt) {
        take_requests(state);
        sync_views(state);
    }

    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    // No background of its own (the frame is cleared to white; a software rasteriser pays for
    // every full-height fill): the hairline on the left sets the panel apart.
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoDecoration |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (!ImGui::Begin("##lessons", nullptr, flags)) {
        ImGui::End();
        return;
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PushClipRect(pos, ImVec2(pos.x + size.x, pos.y + size.y));  // the edge is outside the
    draw->AddRectFilled(pos, ImVec2(pos.x + 1.f, pos.y + size.y),     // window's padded clip
                        ImGui::GetColorU32(ImGuiCol_Border));
    draw->PopClipRect();

    if (!m_rt) {
        heading(state.fonts, "Lessons");
        ImGui::PushStyleColor(ImGuiCol_Text, colours::error);
        ImGui::TextWrapped("%s", state.lessons.dir.empty()
                                     ? "No lessons folder found."
                                     : ("No lessons could be read in " + state.lessons.dir +
                                        (m_rt_error.empty() ? "" : ": " + m_rt_error))
                                           .c_str());
        ImGui::PopStyleColor();
        ImGui::End();
        return;
    }

    draw_header(state);
    // The step's text and its check scroll; the Back / Next row stays at the bottom.
    const float footer_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("##step", ImVec2(0, -footer_h), false);
    if (m_scroll_top) {
        ImGui::SetScrollY(0);
        m_scroll_top = false;
    }
    draw_blocks(m_rt->step().blocks, state.fonts);
    if (m_rt->check().kind != lessons::CheckKind::none) draw_check(state);
    ImGui::EndChild();
    draw_footer(state);
    ImGui::End();
}

void LessonPanel::draw_header(app::AppState& state) {
    const lessons::Language lang = m_rt->language();
    const Words& w = words(lang);
    heading(state.fonts, w.lessons);
    // Language switch at the right of the heading line.
    if (m_rt->has_language(lessons::Language::zh)) {
        const char* en = "English";
        const char* zh = "\u4e2d\u6587";  // 中文
        const ImGuiStyle& st = ImGui::GetStyle();
        const float bw = ImGui::CalcTextSize(en).x + ImGui::CalcTextSize(zh).x +
                         4 * st.FramePadding.x + st.ItemSpacing.x;
        same_line_right(bw);
        for (int i = 0; i < 2; ++i) {
            const lessons::Language l = i == 0 ? lessons::Language::en : lessons::Language::zh;
            const bool on = lang == l;
            if (i) ImGui::SameLine();
            if (on)
                ImGui::PushStyleColor(ImGuiCol_Button,
                                      ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
            if (ImGui::SmallButton(i == 0 ? en : zh) && !on) m_rt->set_language(l);
            if (on) ImGui::PopStyleColor();
        }
    }

    // Lesson list with progress: ● done, ◐ in progress, ○ not started.
    auto mark = [&](int i) {
        const lessons::LessonProgress p = m_rt->progress(i);
        return p.completed                                    ? "\u25cf"
               : (p.furthest_step > 0 || p.checks_passed > 0) ? "\u25d0"
                                                              : "\u25cb";
    };
    auto status = [&](int i) {
        const lessons::LessonProgress p = m_rt->progress(i);
        return p.completed ? std::string(w.done)
               : (p.furthest_step > 0 || p.checks_passed > 0)
                   ? std::string(w.in_progress) + " " + std::to_string(p.furthest_step + 1) + "/" +
                         std::to_string(p.steps)
                   : std::to_string(p.steps) + " " + w.steps;
    };
    // The list shows "◐ Lesson 3 of 10"; the title, which may be long, is wrapped below it.
    const int current = m_rt->lesson_index();
    const lessons::Lesson& lesson = m_rt->lesson();
    char which[96];
    std::snprintf(which, sizeof which, w.lesson_of, current + 1, m_rt->lesson_count());
    const std::string preview = std::string(mark(current)) + "  " + which;
    // The open list is as wide as its longest line (title and status), not the panel: ImGui
    // moves it left to stay on screen.
    const ImGuiStyle& style = ImGui::GetStyle();
    float list_w = 0;
    for (int i = 0; i < m_rt->lesson_count(); ++i) {
        const lessons::Lesson& l = m_rt->lesson(i);
        const std::string label =
            std::string(mark(i)) + "  " + std::to_string(l.number) + ". " + l.title;
        list_w = std::max(list_w, ImGui::CalcTextSize(label.c_str()).x +
                                      ImGui::CalcTextSize(status(i).c_str()).x);
    }
    list_w += 3 * style.ItemSpacing.x + 2 * style.WindowPadding.x + style.ScrollbarSize;
    ImGui::SetNextWindowSizeConstraints(ImVec2(list_w, 0), ImVec2(FLT_MAX, FLT_MAX));
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::BeginCombo("##lesson", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        for (int i = 0; i < m_rt->lesson_count(); ++i) {
            ImGui::PushID(i);
            const lessons::Lesson& l = m_rt->lesson(i);
            const std::string label =
                std::string(mark(i)) + "  " + std::to_string(l.number) + ". " + l.title;
            if (ImGui::Selectable(label.c_str(), i == current) && i != current) m_rt->open(i);
            const std::string st = status(i);
            ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(st.c_str()).x);
            ImGui::TextColored(colours::text_muted, "%s", st.c_str());
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    draw_spans(lessons::Text{lessons::Span{lessons::SpanStyle::plain, lesson.title}}, state.fonts,
               0, true);

    // Step counter and a thin progress bar.
    char counter[96];
    const int steps = int(lesson.steps.size());
    std::snprintf(counter, sizeof counter, w.step_of, m_rt->step_index() + 1, steps);
    ImGui::TextColored(colours::text_muted, "%s", counter);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float bar_w = ImGui::GetContentRegionAvail().x;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, ImVec2(at.x + bar_w, at.y + 4), to_u32(colours::canvas_bg), 2.f);
    draw->AddRectFilled(at, ImVec2(at.x + bar_w * float(m_rt->step_index() + 1) / steps, at.y + 4),
                        to_u32(colours::accent), 2.f);
    ImGui::Dummy(ImVec2(bar_w, 4));
    if (!state.lessons.errors.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours::error);
        ImGui::TextWrapped("%d %s", int(state.lessons.errors.size()), w.problems);
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
}

void LessonPanel::draw_check(app::AppState& state) {
    const lessons::Language lang = m_rt->language();
    const Words& w = words(lang);
    const lessons::Check& check = m_rt->check();
    const lessons::CheckStatus status = m_rt->status();
    const bool passed = status == lessons::CheckStatus::passed;

    ImGui::Dummy(ImVec2(0, 0.4f * ImGui::GetFontSize()));
    // The check sits in a tinted box so it reads as "your turn".
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const float pad = 10.f;
    ImGui::Indent(pad);
    ImGui::Dummy(ImVec2(0, pad - ImGui::GetStyle().ItemSpacing.y));
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - pad);
    ImGui::BeginGroup();
    // The wrap width of draw_spans is the content region: narrow it by the padding.
    const float inner_w = ImGui::GetContentRegionAvail().x - pad;
    const float text_right = ImGui::GetCursorScreenPos().x + inner_w;
    ImGui::PushItemWidth(inner_w);
    auto text_block = [&](const lessons::Text& t, ImU32 colour = 0) {
        draw_spans(t, state.fonts, colour, false, inner_w);
    };

    // The check reads one tab; if the learner left it, offer the way back.
    const std::string tab = m_rt->scene().word("tab");
    const std::string on_show = app::tab_info(state.tab).cli_name;
    const bool tab_bound = check.kind != lessons::CheckKind::choice;
    text_block(check.prompt);
    if (tab_bound && !passed && !tab.empty() && tab != on_show) {
        ImGui::PushStyleColor(ImGuiCol_Text, colours::text_muted);
        ImGui::TextWrapped("%s", w.open_tab);
        ImGui::PopStyleColor();
        const std::string label = std::string("\u2192 ") + tab_title(tab, lang);
        if (ImGui::Button(label.c_str())) apply_lesson_scene(m_rt->scene(), state);
    }

    const lessons::Scene& scene = m_rt->scene();
    switch (check.kind) {
        case lessons::CheckKind::click: {
            if (!passed) muted_wrapped(w.click_how);
            const auto& picked = passed ? m_rt->state().picked : state.explorer.picked;
            std::vector<lessons::Pixel> sorted = picked;
            std::sort(sorted.begin(), sorted.end());
            std::string list;
            for (const lessons::Pixel& p : sorted)
                list += (list.empty() ? "" : " ") + pixel_name(p, scene);
            ImGui::TextWrapped(
                "%s", sorted.empty() ? w.none_marked : (std::string(w.marked) + list).c_str());
            if (!passed) {
                ImGui::BeginDisabled(picked.empty());
                if (ImGui::Button(w.check)) m_rt->submit_pixels(state.explorer.picked);
                ImGui::EndDisabled();
                ImGui::SameLine();
                if (ImGui::Button(w.clear)) state.explorer.picked.clear();
            }
            break;
        }
        case lessons::CheckKind::skew: {
            if (!passed) muted_wrapped(w.skew_how);
            const auto& picked = passed ? m_rt->state().picked : state.explorer.picked;
            ImGui::TextWrapped(
                "%s",
                picked.empty()
                    ? w.no_cell
                    : (std::string(w.picked_cell) + lessons::to_string(picked.front())).c_str());
            if (!passed) {
                ImGui::BeginDisabled(picked.empty());
                if (ImGui::Button(w.check)) m_rt->submit_cell(state.explorer.picked.front());
                ImGui::EndDisabled();
            }
            break;
        }
        case lessons::CheckKind::choice: {
            const int chosen = passed ? m_rt->state().chosen_option : m_choice;
            for (int i = 0; i < int(check.options.size()); ++i) {
                ImGui::PushID(i);
                ImGui::BeginDisabled(passed);
                if (ImGui::RadioButton("##option", chosen == i)) m_choice = i;
                ImGui::EndDisabled();
                ImGui::SameLine();
                // The text's first line on the radio button's label line.
                ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ImGui::GetStyle().FramePadding.y);
                const bool right = passed && i == chosen;
                draw_spans(check.options[std::size_t(i)].text, state.fonts,
                           right ? to_u32(k_good) : 0, false,
                           text_right - ImGui::GetCursorScreenPos().x);
                ImGui::PopID();
            }
            if (!passed) {
                ImGui::BeginDisabled(m_choice < 0);
                if (ImGui::Button(w.check)) m_rt->submit_choice(m_choice);
                ImGui::EndDisabled();
            }
            break;
        }
        case lessons::CheckKind::reach: {
            ImGui::PushStyleColor(ImGuiCol_Text, passed ? k_good : colours::text_muted);
            ImGui::TextWrapped("%s", passed ? w.reached : w.waiting);
            ImGui::PopStyleColor();
            if (!check.feedback.empty()) text_block(check.feedback, to_u32(colours::text_muted));
            break;
        }
        case lessons::CheckKind::none:
            break;
    }

    // Feedback: red on a wrong answer, green once it passed.
    const lessons::Text feedback = m_rt->feedback();
    if (!feedback.empty())
        text_block(feedback,
                   to_u32(status == lessons::CheckStatus::failed ? colours::error : k_good));
    if (!passed && !check.hint.empty()) {
        if (m_rt->hint_shown()) {
            lessons::Text hint = check.hint;
            hint.insert(hint.begin(), lessons::Span{lessons::SpanStyle::bold, w.hint_label});
            text_block(hint, to_u32(colours::text_muted));
        } else {
            if (status == lessons::CheckStatus::failed)
                ImGui::PushStyleColor(ImGuiCol_Text, colours::error);
            if (ImGui::SmallButton(w.hint)) m_rt->show_hint();
            if (status == lessons::CheckStatus::failed) ImGui::PopStyleColor();
        }
    }
    ImGui::PopItemWidth();
    ImGui::EndGroup();
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, pad - ImGui::GetStyle().ItemSpacing.y));
    ImGui::Unindent(pad);
    const ImVec2 bottom(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x,
                        ImGui::GetItemRectMax().y);
    draw->ChannelsSetCurrent(0);
    const ImVec4 tint = passed ? ImVec4(0.10f, 0.55f, 0.20f, 0.08f)
                        : status == lessons::CheckStatus::failed
                            ? ImVec4(0.75f, 0.10f, 0.10f, 0.06f)
                            : ImVec4(0.145f, 0.388f, 0.922f, 0.07f);
    draw->AddRectFilled(top, bottom, to_u32(tint), 6.f);
    draw->ChannelsMerge();
}

void LessonPanel::draw_footer(app::AppState& state) {
    (void)state;
    const Words& w = words(m_rt->language());
    ImGui::Separator();
    ImGui::BeginDisabled(!m_rt->can_back());
    if (ImGui::Button(w.back)) m_rt->back();
    ImGui::EndDisabled();

    const bool last_lesson = m_rt->lesson_index() + 1 == m_rt->lesson_count();
    const bool all_done =
        last_lesson && m_rt->is_last_step() && m_rt->progress(m_rt->lesson_index()).completed;
    const char* next = !m_rt->is_last_step() ? w.next
                       : last_lesson         ? (all_done ? w.finished : w.finish)
                                             : w.next_lesson;
    char counter[32];
    std::snprintf(counter, sizeof counter, "%d / %d", m_rt->step_index() + 1,
                  int(m_rt->lesson().steps.size()));
    const ImGuiStyle& st = ImGui::GetStyle();
    const float next_w = ImGui::CalcTextSize(next).x + 2 * st.FramePadding.x;
    const float mid = ImGui::GetWindowContentRegionMax().x * 0.5f + st.WindowPadding.x * 0.5f;
    ImGui::SameLine(mid - ImGui::CalcTextSize(counter).x * 0.5f);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(colours::text_muted, "%s", counter);
    same_line_right(next_w);
    const bool can = m_rt->can_next();
    ImGui::BeginDisabled(!can);
    if (!can) {
        ImGui::Button(next);
    } else {
        ImGui::PushStyleColor(ImGuiCol_Button, colours::accent);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (ImGui::Button(next)) m_rt->next();
        ImGui::PopStyleColor(2);
    }
    ImGui::EndDisabled();
    if (!can && !all_done && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(
            "%s", m_rt->check().kind == lessons::CheckKind::reach ? w.locked_reach : w.locked);
}

}  // namespace ps::ui
