// Every check of every shipped lesson, in English and in Chinese, driven through the runtime the
// way the lesson panel drives it: the step opens locked, a wrong answer (each wrong option, a
// click set with a pixel too many and one too few, a skew cell in the wrong row and with the
// wrong shift, a view state just short of a reach condition) fails with words that say why and
// keeps Next locked, the hint can be shown, and the right answer passes and opens Next.
//
// Reach checks are fed the way the panel feeds them: a ViewState that carries only the values
// the step's own tab reports (lesson_panel.cpp, sync_views), so a condition read from another
// tab than the one the scene opens could never pass and fails here.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "lessons/lesson_parser.hpp"
#include "lessons/lesson_runtime.hpp"
#include "lessons/lesson_set.hpp"

using namespace ps::lessons;

namespace {

std::string lessons_dir() {
    return std::string(PIXELSCOPE_SOURCE_ROOT) + "/lessons";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const char* correct_word(Language lang) {
    return lang == Language::zh ? "答对了" : "Correct!";
}

// What the panel reports while `tab` is on show: only that tab's variables, the rest unknown.
// `value` sets them so that `c` is met (meet) or just missed (!meet).
ViewState view_on_tab(const std::string& tab, const ReachCondition& c, bool meet) {
    ViewState v;
    v.tab = tab;
    const std::string& n = c.variable;
    // An integer/number condition: the value itself when it meets, the nearest that does not.
    auto num = [&]() {
        double x = c.number;
        switch (c.op) {
            case ReachOp::lt:
                x = meet ? c.number - 1 : c.number;
                break;
            case ReachOp::le:
                x = meet ? c.number : c.number + 1;
                break;
            case ReachOp::ge:
                x = meet ? c.number : c.number - 1;
                break;
            case ReachOp::gt:
                x = meet ? c.number + 1 : c.number;
                break;
            case ReachOp::eq:
                x = meet ? c.number : c.number + 2;
                break;
        }
        return x;
    };
    if (tab == "sampling") {
        v.sampler_known = true;
        v.sampler_mode = "naive";
        v.completions = 0;
        if (n == "sampler_pixel") {
            // one pixel short: the pixel before it in raster order (or the very first pixel)
            Pixel p = c.pixel;
            if (!meet) p = p.col > 0 ? Pixel{p.row, p.col - 1} : Pixel{p.row - 1, 27};
            v.sampler_pixel = p;
        } else if (n == "sampler_done") {
            v.sampler_done = meet == (c.number != 0);
            v.sampler_pixel = v.sampler_done ? Pixel{28, 0} : Pixel{14, 3};
        } else if (n == "sampler_mode") {
            v.sampler_mode = meet ? c.word : (c.word == "naive" ? "cached" : "naive");
        } else if (n == "completions") {
            v.completions = static_cast<long>(num());
        }
    } else if (tab == "training") {
        v.images_seen = 0;  // a run started: the metrics are known, NLLs not yet
        if (n == "images_seen") v.images_seen = static_cast<long>(num());
        if (n == "test_nll") v.test_nll = num();
        if (n == "train_nll") v.train_nll = num();
    } else if (tab == "skew") {
        v.skew_step = n == "skew_step" ? static_cast<long>(num()) : 0;
    } else if (tab == "rf") {
        v.layers_shown = n == "layers_shown" ? static_cast<long>(num()) : 0;
    } else if (tab == "masks") {
        v.kernel = n == "kernel" ? static_cast<long>(num()) : 3;
        v.mask = "both";
        if (n == "mask") v.mask = meet ? c.word : (c.word == "A" ? "B" : "A");
    }
    return v;
}

// The tab whose state a reach variable reads (reach_variables()).
std::vector<std::string> tabs_of(const std::string& variable) {
    for (const ReachVariable& r : reach_variables())
        if (variable == r.name) return r.tabs;
    return {};
}

// The runtime opened at one step in one language, the check still pending.
struct At {
    LessonRuntime rt;
    At(const LessonSet& set, Language lang, int lesson, int step) : rt(set.en, set.zh) {
        REQUIRE(rt.set_language(lang));
        REQUIRE(rt.open(lesson, step));
    }
};

void expect_locked(const LessonRuntime& rt) {
    CHECK(rt.status() != CheckStatus::passed);
    CHECK_FALSE(rt.can_next());
}

void expect_passed(const LessonRuntime& rt) {
    CHECK(rt.status() == CheckStatus::passed);
    CHECK(rt.can_next());
}

void hint_is_shown(LessonRuntime& rt) {
    CHECK_FALSE(rt.hint_shown());
    rt.show_hint();
    CHECK(rt.hint_shown());
    CHECK_FALSE(plain_text(rt.hint()).empty());
}

void drive_click(const LessonSet& set, Language lang, int li, int si) {
    const bool zh = lang == Language::zh;
    const std::string not_yet = zh ? "还不对" : "Not yet";
    {  // one pixel too many: an earlier pixel outside the answer (or a later one)
        At at(set, lang, li, si);
        const Check& c = at.rt.check();
        const Scene& scene = at.rt.scene();
        const int h = scene.height(5), w = scene.width(5);
        Pixel extra{-1, -1};
        for (int r = 0; r < h && extra.row < 0; ++r)
            for (int col = 0; col < w; ++col)
                if (std::find(c.answer.begin(), c.answer.end(), Pixel{r, col}) == c.answer.end()) {
                    extra = Pixel{r, col};
                    break;
                }
        REQUIRE(extra.row >= 0);
        std::vector<Pixel> marked = c.answer;
        marked.push_back(extra);
        CHECK_FALSE(at.rt.submit_pixels(marked));
        CHECK(at.rt.status() == CheckStatus::failed);
        expect_locked(at.rt);
        const std::string fb = plain_text(at.rt.feedback());
        CHECK(contains(fb, not_yet));
        CHECK(contains(fb, zh ? "1 个选中的像素不该选" : "1 marked pixel does not belong"));
        if (!c.feedback.empty()) CHECK(contains(fb, plain_text(c.feedback)));
        hint_is_shown(at.rt);
        // and then the right set passes, the marks kept for the panel to show
        CHECK(at.rt.submit_pixels(c.answer));
        expect_passed(at.rt);
        CHECK(at.rt.state().picked == c.answer);
        CHECK(contains(plain_text(at.rt.feedback()), correct_word(lang)));
    }
    {  // one pixel missing (or nothing at all marked when the answer is a single pixel)
        At at(set, lang, li, si);
        const Check& c = at.rt.check();
        std::vector<Pixel> marked(c.answer.begin(), c.answer.end() - 1);
        CHECK_FALSE(at.rt.submit_pixels(marked));
        expect_locked(at.rt);
        const std::string fb = plain_text(at.rt.feedback());
        CHECK(contains(fb, zh ? "还少了 1 个" : "1 pixel is missing"));
        // order and repeats of the marks do not matter
        std::vector<Pixel> shuffled(c.answer.rbegin(), c.answer.rend());
        shuffled.push_back(c.answer.front());
        CHECK(at.rt.submit_pixels(shuffled));
        expect_passed(at.rt);
    }
}

void drive_choice(const LessonSet& set, Language lang, int li, int si) {
    const Check& check = set.en[static_cast<size_t>(li)].steps[static_cast<size_t>(si)].check;
    const int n = static_cast<int>(check.options.size());
    const int right = check.correct_option();
    REQUIRE(right >= 0);
    for (int wrong = 0; wrong < n; ++wrong) {
        if (wrong == right) continue;
        CAPTURE(wrong);
        At at(set, lang, li, si);
        const Check& c = at.rt.check();
        CHECK_FALSE(at.rt.submit_choice(wrong));
        CHECK(at.rt.status() == CheckStatus::failed);
        expect_locked(at.rt);
        // the wrong option's own words, in this language
        const std::string fb = plain_text(at.rt.feedback());
        CHECK_FALSE(fb.empty());
        CHECK(fb == plain_text(c.options[static_cast<size_t>(wrong)].feedback));
        CHECK_FALSE(contains(fb, correct_word(lang)));
        hint_is_shown(at.rt);
        // a second try with the right option passes
        CHECK(at.rt.submit_choice(right));
        expect_passed(at.rt);
        CHECK(at.rt.attempts() == 2);
        const std::string ok = plain_text(at.rt.feedback());
        CHECK(contains(ok, correct_word(lang)));
        CHECK(contains(ok, plain_text(c.options[static_cast<size_t>(right)].feedback)));
    }
}

void drive_skew(const LessonSet& set, Language lang, int li, int si) {
    const bool zh = lang == Language::zh;
    At at(set, lang, li, si);
    const Check& c = at.rt.check();
    const Pixel want = c.answer.front();
    const Scene& scene = at.rt.scene();
    // the answer is where skewing moves the scene's pixel: same row, shifted right by the row
    const Pixel p = scene.pixel("pixel");
    CHECK(want == Pixel{p.row, p.col + p.row});
    // the unskewed position (wrong shift, unless row 0), then a cell in another row
    if (p.row > 0) {
        CHECK_FALSE(at.rt.submit_cell(p));
        expect_locked(at.rt);
        CHECK(contains(plain_text(at.rt.feedback()), zh ? "行选对了" : "Right row, wrong shift"));
    }
    CHECK_FALSE(at.rt.submit_cell(Pixel{want.row == 0 ? 1 : want.row - 1, want.col}));
    expect_locked(at.rt);
    const std::string fb = plain_text(at.rt.feedback());
    CHECK(contains(fb, zh ? "位置不对" : "Not that cell"));
    if (!c.feedback.empty()) CHECK(contains(fb, plain_text(c.feedback)));
    hint_is_shown(at.rt);
    CHECK(at.rt.submit_cell(want));
    expect_passed(at.rt);
    CHECK(contains(plain_text(at.rt.feedback()), correct_word(lang)));
}

void drive_reach(const LessonSet& set, Language lang, int li, int si) {
    At at(set, lang, li, si);
    const Check& c = at.rt.check();
    const std::string tab = at.rt.scene().word("tab");
    // The step's scene opens the tab that reports the condition's variable.
    const std::vector<std::string> tabs = tabs_of(c.condition.variable);
    CHECK_MESSAGE(std::find(tabs.begin(), tabs.end(), tab) != tabs.end(),
                  c.condition.text << " is read on another tab than " << tab);
    // Nothing known yet (the panel before the view published anything): not met.
    CHECK_FALSE(at.rt.observe(ViewState{}));
    // Another tab on show: its values never meet this condition.
    for (const std::string& other : tab_names()) {
        if (std::find(tabs.begin(), tabs.end(), other) != tabs.end()) continue;
        CHECK_FALSE(at.rt.observe(view_on_tab(other, c.condition, true)));
    }
    // The right tab, just short: still waiting; a reach check never "fails", it has no feedback.
    CHECK_FALSE(at.rt.observe(view_on_tab(tab, c.condition, false)));
    CHECK(at.rt.status() == CheckStatus::pending);
    expect_locked(at.rt);
    CHECK(plain_text(at.rt.feedback()).empty());
    hint_is_shown(at.rt);
    // Reached: passes, and stays passed whatever the view does next.
    CHECK(at.rt.observe(view_on_tab(tab, c.condition, true)));
    expect_passed(at.rt);
    CHECK(at.rt.observe(view_on_tab(tab, c.condition, false)));
    expect_passed(at.rt);
}

}  // namespace

TEST_CASE(
    "every check of every shipped lesson: the wrong answer fails with words, the right "
    "one passes") {
    LessonSet set = load_lesson_set(lessons_dir());
    for (const ParseError& e : set.errors) MESSAGE(e.to_string());
    REQUIRE(set.ok());
    REQUIRE(set.en.size() == set.zh.size());
    int driven[5] = {0, 0, 0, 0, 0};
    for (Language lang : {Language::en, Language::zh}) {
        const std::vector<Lesson>& list = lang == Language::zh ? set.zh : set.en;
        for (int li = 0; li < static_cast<int>(list.size()); ++li) {
            for (int si = 0; si < static_cast<int>(list[static_cast<size_t>(li)].steps.size());
                 ++si) {
                const Step& step = list[static_cast<size_t>(li)].steps[static_cast<size_t>(si)];
                CAPTURE(list[static_cast<size_t>(li)].file);
                CAPTURE(si + 1);
                At at(set, lang, li, si);
                if (step.check.kind == CheckKind::none) {
                    CHECK(at.rt.status() == CheckStatus::none);
                    CHECK(at.rt.can_next());
                    continue;
                }
                // Every check opens locked, says what to do and has a hint.
                expect_locked(at.rt);
                CHECK(at.rt.status() == CheckStatus::pending);
                CHECK_FALSE(plain_text(step.check.prompt).empty());
                CHECK_FALSE(plain_text(step.check.hint).empty());
                CHECK(plain_text(at.rt.feedback()).empty());
                switch (step.check.kind) {
                    case CheckKind::click:
                        drive_click(set, lang, li, si);
                        break;
                    case CheckKind::choice:
                        drive_choice(set, lang, li, si);
                        break;
                    case CheckKind::skew:
                        drive_skew(set, lang, li, si);
                        break;
                    case CheckKind::reach:
                        drive_reach(set, lang, li, si);
                        break;
                    case CheckKind::none:
                        break;
                }
                ++driven[static_cast<int>(step.check.kind)];
            }
        }
    }
    // Both languages, all four kinds of check are shipped.
    for (int k = 1; k < 5; ++k) {
        CAPTURE(k);
        CHECK(driven[k] >= 2);
        CHECK(driven[k] % 2 == 0);
    }
}

TEST_CASE("a passed check stays passed across Back, Next and a language switch") {
    LessonSet set = load_lesson_set(lessons_dir());
    REQUIRE(set.ok());
    LessonRuntime rt(set.en, set.zh);
    // The classic blind-spot click of lesson 5, answered in English, looked at in Chinese.
    int li = -1, si = -1;
    for (int i = 0; i < rt.lesson_count() && li < 0; ++i)
        for (int s = 0; s < static_cast<int>(set.en[static_cast<size_t>(i)].steps.size()); ++s)
            if (set.en[static_cast<size_t>(i)].steps[static_cast<size_t>(s)].check.kind ==
                CheckKind::click) {
                li = i, si = s;
                break;
            }
    REQUIRE(li >= 0);
    REQUIRE(rt.open(li, si));
    CHECK(rt.submit_pixels(rt.check().answer));
    REQUIRE(rt.set_language(Language::zh));
    expect_passed(rt);
    CHECK(contains(plain_text(rt.feedback()), "答对了"));
    if (rt.can_back()) {
        rt.back();
        rt.next();
    } else {
        rt.next();
        rt.back();
    }
    CHECK(rt.step_index() == si);
    expect_passed(rt);
}
