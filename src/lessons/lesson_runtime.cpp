// The lesson state machine (see lesson_runtime.hpp for the rules).
#include "lessons/lesson_runtime.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

namespace ps::lessons {

const char* check_status_name(CheckStatus s) {
    switch (s) {
        case CheckStatus::none:
            return "none";
        case CheckStatus::pending:
            return "pending";
        case CheckStatus::passed:
            return "passed";
        case CheckStatus::failed:
            return "failed";
    }
    return "?";
}

bool condition_met(const ReachCondition& c, const ViewState& v) {
    auto cmp = [&](double x) {
        if (std::isnan(x)) return false;
        switch (c.op) {
            case ReachOp::lt:
                return x < c.number;
            case ReachOp::le:
                return x <= c.number;
            case ReachOp::ge:
                return x >= c.number;
            case ReachOp::gt:
                return x > c.number;
            case ReachOp::eq:
                return x == c.number;
        }
        return false;
    };
    const std::string& n = c.variable;
    if (n == "sampler_pixel")
        return v.sampler_known && (v.sampler_done || !(v.sampler_pixel < c.pixel));
    if (n == "sampler_done") return v.sampler_known && v.sampler_done == (c.number != 0);
    if (n == "sampler_mode") return v.sampler_mode == c.word;
    if (n == "completions") return v.completions >= 0 && cmp(static_cast<double>(v.completions));
    if (n == "test_nll") return cmp(v.test_nll);
    if (n == "train_nll") return cmp(v.train_nll);
    if (n == "images_seen") return v.images_seen >= 0 && cmp(static_cast<double>(v.images_seen));
    if (n == "skew_step") return v.skew_step >= 0 && cmp(static_cast<double>(v.skew_step));
    if (n == "layers_shown") return v.layers_shown >= 0 && cmp(static_cast<double>(v.layers_shown));
    if (n == "mask") return v.mask == c.word;
    if (n == "kernel") return v.kernel >= 0 && cmp(static_cast<double>(v.kernel));
    return false;
}

LessonRuntime::LessonRuntime(std::vector<Lesson> en, std::vector<Lesson> zh)
    : m_en(std::move(en)), m_zh(std::move(zh)) {
    if (m_en.empty()) throw std::invalid_argument("LessonRuntime: no English lessons");
    if (!m_zh.empty()) {
        if (m_zh.size() != m_en.size())
            throw std::invalid_argument("LessonRuntime: " + std::to_string(m_en.size()) +
                                        " English lessons but " + std::to_string(m_zh.size()) +
                                        " Chinese");
        for (size_t i = 0; i < m_en.size(); ++i) {
            if (m_en[i].id != m_zh[i].id || m_en[i].steps.size() != m_zh[i].steps.size())
                throw std::invalid_argument("LessonRuntime: lesson " + m_en[i].id +
                                            " does not match its Chinese version " + m_zh[i].id);
        }
    }
    for (const Lesson& l : m_en) {
        if (l.steps.empty())
            throw std::invalid_argument("LessonRuntime: lesson " + l.id + " has no steps");
        std::vector<StepState> states(l.steps.size());
        for (size_t s = 0; s < l.steps.size(); ++s)
            states[s].status =
                l.steps[s].check.kind == CheckKind::none ? CheckStatus::none : CheckStatus::pending;
        m_states.push_back(std::move(states));
    }
    m_resume.assign(m_en.size(), 0);
    m_furthest.assign(m_en.size(), 0);
    m_completed.assign(m_en.size(), false);
}

bool LessonRuntime::has_language(Language lang) const {
    return lang == Language::en || !m_zh.empty();
}

bool LessonRuntime::set_language(Language lang) {
    if (!has_language(lang)) return false;
    m_language = lang;
    return true;
}

const std::vector<Lesson>& LessonRuntime::current() const {
    return m_language == Language::zh ? m_zh : m_en;
}

const Lesson& LessonRuntime::lesson(int index) const {
    return current().at(static_cast<size_t>(index));
}

StepState& LessonRuntime::state_of(int lesson, int step) {
    return m_states[static_cast<size_t>(lesson)][static_cast<size_t>(step)];
}

const StepState& LessonRuntime::state_of(int lesson, int step) const {
    return m_states[static_cast<size_t>(lesson)][static_cast<size_t>(step)];
}

bool LessonRuntime::open(int index, int step) {
    if (index < 0 || index >= lesson_count()) return false;
    const int steps = static_cast<int>(m_en[static_cast<size_t>(index)].steps.size());
    if (step >= steps) return false;
    m_resume[static_cast<size_t>(m_lesson)] = m_step;
    m_lesson = index;
    m_step = step < 0 ? m_resume[static_cast<size_t>(index)] : step;
    m_furthest[static_cast<size_t>(index)] =
        std::max(m_furthest[static_cast<size_t>(index)], m_step);
    ++m_generation;
    return true;
}

bool LessonRuntime::open(const std::string& id, int step) {
    for (int i = 0; i < lesson_count(); ++i)
        if (m_en[static_cast<size_t>(i)].id == id) return open(i, step);
    return false;
}

bool LessonRuntime::back() {
    if (!can_back()) return false;
    --m_step;
    ++m_generation;
    return true;
}

bool LessonRuntime::can_next() const {
    CheckStatus s = status();
    if (s != CheckStatus::none && s != CheckStatus::passed) return false;
    // On the very last step of the last lesson Next only marks it completed (once).
    if (is_last_step() && m_lesson + 1 == lesson_count())
        return !m_completed[static_cast<size_t>(m_lesson)];
    return true;
}

bool LessonRuntime::next() {
    if (!can_next()) return false;
    if (is_last_step()) {
        m_completed[static_cast<size_t>(m_lesson)] = true;
        if (m_lesson + 1 < lesson_count()) open(m_lesson + 1, 0);
        return true;
    }
    ++m_step;
    m_furthest[static_cast<size_t>(m_lesson)] =
        std::max(m_furthest[static_cast<size_t>(m_lesson)], m_step);
    ++m_generation;
    return true;
}

void LessonRuntime::show_hint() {
    if (check().kind != CheckKind::none) state_of(m_lesson, m_step).hint_shown = true;
}

void LessonRuntime::fail(StepState& s) {
    s.status = CheckStatus::failed;
}

bool LessonRuntime::submit_pixels(const std::vector<Pixel>& marked) {
    StepState& s = state_of(m_lesson, m_step);
    if (check().kind != CheckKind::click || s.status == CheckStatus::passed)
        return s.status == CheckStatus::passed;
    std::set<Pixel> set(marked.begin(), marked.end());
    s.picked.assign(set.begin(), set.end());
    ++s.attempts;
    if (s.picked == check().answer) {
        s.status = CheckStatus::passed;
        return true;
    }
    fail(s);
    return false;
}

bool LessonRuntime::submit_choice(int option) {
    StepState& s = state_of(m_lesson, m_step);
    if (check().kind != CheckKind::choice || s.status == CheckStatus::passed)
        return s.status == CheckStatus::passed;
    if (option < 0 || option >= static_cast<int>(check().options.size())) return false;
    s.chosen_option = option;
    ++s.attempts;
    if (option == check().correct_option()) {
        s.status = CheckStatus::passed;
        return true;
    }
    fail(s);
    return false;
}

bool LessonRuntime::submit_cell(const Pixel& cell) {
    StepState& s = state_of(m_lesson, m_step);
    if (check().kind != CheckKind::skew || s.status == CheckStatus::passed)
        return s.status == CheckStatus::passed;
    s.picked = {cell};
    ++s.attempts;
    if (!check().answer.empty() && cell == check().answer.front()) {
        s.status = CheckStatus::passed;
        return true;
    }
    fail(s);
    return false;
}

bool LessonRuntime::observe(const ViewState& view) {
    StepState& s = state_of(m_lesson, m_step);
    if (check().kind != CheckKind::reach || s.status == CheckStatus::passed)
        return s.status == CheckStatus::passed;
    if (condition_met(check().condition, view)) {
        s.status = CheckStatus::passed;
        return true;
    }
    return false;
}

namespace {

Text plain(const std::string& s) {
    return Text{Span{SpanStyle::plain, s}};
}

void append(Text& to, const Text& more) {
    if (more.empty()) return;
    if (!to.empty()) to.push_back(Span{SpanStyle::plain, " "});
    to.insert(to.end(), more.begin(), more.end());
}

}  // namespace

Text LessonRuntime::feedback() const {
    const StepState& s = state();
    const Check& c = check();
    const bool zh = m_language == Language::zh;
    if (s.attempts == 0 || c.kind == CheckKind::none || c.kind == CheckKind::reach) return {};
    Text out;
    if (s.status == CheckStatus::passed) {
        out = plain(zh ? "答对了！" : "Correct!");
        if (c.kind == CheckKind::choice && s.chosen_option >= 0)
            append(out, c.options[static_cast<size_t>(s.chosen_option)].feedback);
        return out;
    }
    switch (c.kind) {
        case CheckKind::choice:
            out = c.options[static_cast<size_t>(s.chosen_option)].feedback;
            break;
        case CheckKind::click: {
            std::set<Pixel> answer(c.answer.begin(), c.answer.end());
            int extra = 0, missing = 0;
            for (const Pixel& p : s.picked) extra += answer.count(p) == 0;
            for (const Pixel& p : c.answer)
                missing += std::find(s.picked.begin(), s.picked.end(), p) == s.picked.end();
            std::string text;
            if (zh) {
                text = "还不对：";
                if (extra) text += "有 " + std::to_string(extra) + " 个选中的像素不该选";
                if (extra && missing) text += "，";
                if (missing) text += "还少了 " + std::to_string(missing) + " 个";
                text += "。";
            } else {
                text = "Not yet: ";
                if (extra)
                    text += std::to_string(extra) + " marked pixel" +
                            (extra > 1 ? "s do" : " does") + " not belong";
                if (extra && missing) text += ", and ";
                if (missing)
                    text += std::to_string(missing) + " pixel" + (missing > 1 ? "s are" : " is") +
                            " missing";
                text += ".";
            }
            out = plain(text);
            append(out, c.feedback);
            break;
        }
        case CheckKind::skew: {
            const Pixel clicked = s.picked.empty() ? Pixel{} : s.picked.front();
            const Pixel want = c.answer.front();
            std::string text;
            if (clicked.row != want.row) {
                text = zh ? "位置不对：倾斜只会把像素在本行内向右移，行号不变。"
                          : "Not that cell: skewing only moves a pixel right within its own row; "
                            "the row stays the same.";
            } else {
                text = zh ? "行选对了，但移动的格数不对：第 r 行整体右移 r 格。"
                          : "Right row, wrong shift: row r moves right by exactly r cells.";
            }
            out = plain(text);
            append(out, c.feedback);
            break;
        }
        default:
            break;
    }
    return out;
}

LessonProgress LessonRuntime::progress(int index) const {
    LessonProgress p;
    const Lesson& l = m_en.at(static_cast<size_t>(index));
    p.steps = static_cast<int>(l.steps.size());
    p.furthest_step = m_furthest[static_cast<size_t>(index)];
    for (int s = 0; s < p.steps; ++s) {
        const StepState& st = state_of(index, s);
        if (st.status == CheckStatus::none) continue;
        ++p.checks;
        p.checks_passed += st.status == CheckStatus::passed;
    }
    p.completed = m_completed[static_cast<size_t>(index)];
    return p;
}

}  // namespace ps::lessons
