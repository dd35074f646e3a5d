// The lesson runtime without a window: Next locked until the check passes, feedback on wrong
// answers (in both languages), hints, Back keeping state, language switch keeping the position.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "lessons/lesson_parser.hpp"
#include "lessons/lesson_runtime.hpp"

using namespace ps::lessons;

namespace {

// Two lessons; the first has a text-only step, then click, choice, skew and reach checks.
const char* k_first_en = R"(# First

Welcome.

```scene
tab: rf
arch: masked_stack
layers: 3
size: 5
pixel: q
```
---
Click the blind spot.

```check
kind: click
expect: blind_spot
prompt: Click them.
answer: j n o
hint: Above and right.
feedback: Think of the wedge.
```
---
Pick.

```check
kind: choice
prompt: Which?
option: [ ] Mask B
feedback: It would see itself.
option: [x] Mask A
feedback: Yes, no centre tap.
hint: Centre tap.
```
---
```scene
tab: skew
size: 4
pixel: (3,1)
```
Skew it.

```check
kind: skew
prompt: Where does (3,1) land?
answer: (3,4)
hint: Shift by the row.
```
---
```scene
tab: sampling
size: 28
```
Step the sampler.

```check
kind: reach
prompt: Step to (3,0).
condition: sampler_pixel >= (3,0)
hint: Press Step.
```
)";

const char* k_first_zh = R"(# 第一课

欢迎。

```scene
tab: rf
arch: masked_stack
layers: 3
size: 5
pixel: q
```
---
点出盲区。

```check
kind: click
expect: blind_spot
prompt: 点它们。
answer: j n o
hint: 右上方。
feedback: 想想那个楔形。
```
---
选一个。

```check
kind: choice
prompt: 哪个？
option: [ ] 掩码 B
feedback: 它会看到自己。
option: [x] 掩码 A
feedback: 对，没有中心。
hint: 中心。
```
---
```scene
tab: skew
size: 4
pixel: (3,1)
```
倾斜。

```check
kind: skew
prompt: (3,1) 落在哪里？
answer: (3,4)
hint: 按行号移动。
```
---
```scene
tab: sampling
size: 28
```
逐步采样。

```check
kind: reach
prompt: 走到 (3,0)。
condition: sampler_pixel >= (3,0)
hint: 按 Step。
```
)";

const char* k_second = "# Second\n\nOnly text.\n\n```scene\ntab: masks\n```\n---\nMore text.\n";

Lesson must_parse(const std::string& text, const std::string& file) {
    ParseResult r = parse_lesson_text(text, file);
    for (const ParseError& e : r.errors) MESSAGE(e.to_string());
    REQUIRE(r.ok());
    return r.lesson;
}

LessonRuntime make_runtime() {
    std::vector<Lesson> en{must_parse(k_first_en, "l/01-first.md"),
                           must_parse(k_second, "l/02-second.md")};
    std::vector<Lesson> zh{must_parse(k_first_zh, "l/zh/01-first.md"),
                           must_parse(k_second, "l/zh/02-second.md")};
    return LessonRuntime(en, zh);
}

}  // namespace

TEST_CASE("a text-only step lets Next through; a check step locks it") {
    LessonRuntime rt = make_runtime();
    CHECK(rt.lesson_index() == 0);
    CHECK(rt.step_index() == 0);
    CHECK(rt.status() == CheckStatus::none);
    CHECK_FALSE(rt.can_back());
    CHECK(rt.can_next());
    const int gen = rt.scene_generation();
    REQUIRE(rt.next());
    CHECK(rt.scene_generation() == gen + 1);
    CHECK(rt.step_index() == 1);
    CHECK(rt.status() == CheckStatus::pending);
    CHECK_FALSE(rt.can_next());
    CHECK_FALSE(rt.next());
    CHECK(rt.step_index() == 1);
    CHECK(rt.scene().word("arch") == "masked_stack");  // inherited from step 1
}

TEST_CASE("click: wrong answers give feedback, the right set passes") {
    LessonRuntime rt = make_runtime();
    rt.next();
    CHECK(rt.feedback().empty());
    CHECK_FALSE(rt.submit_pixels({{1, 4}, {2, 3}}));  // j, n: o missing
    CHECK(rt.status() == CheckStatus::failed);
    CHECK(rt.attempts() == 1);
    CHECK(plain_text(rt.feedback()) == "Not yet: 1 pixel is missing. Think of the wedge.");
    CHECK_FALSE(rt.can_next());
    CHECK_FALSE(rt.submit_pixels({{1, 4}, {2, 3}, {2, 4}, {0, 0}}));  // + a
    CHECK(plain_text(rt.feedback()).find("1 marked pixel does not belong") != std::string::npos);
    CHECK(rt.submit_pixels({{2, 4}, {1, 4}, {2, 3}, {2, 3}}));  // order and repeats do not matter
    CHECK(rt.status() == CheckStatus::passed);
    CHECK(rt.attempts() == 3);
    CHECK(plain_text(rt.feedback()) == "Correct!");
    CHECK(rt.can_next());
    // A passed check stays passed; other kinds of answers are ignored.
    CHECK(rt.submit_pixels({}));
    CHECK(rt.submit_choice(0));  // not a choice step: nothing changes, it reports "passed"
    CHECK(rt.attempts() == 3);
    CHECK(rt.status() == CheckStatus::passed);
}

TEST_CASE("choice: per-option feedback; hint; Back keeps state") {
    LessonRuntime rt = make_runtime();
    rt.next();
    rt.submit_pixels({{1, 4}, {2, 3}, {2, 4}});
    rt.next();
    CHECK(rt.step_index() == 2);
    CHECK_FALSE(rt.hint_shown());
    rt.show_hint();
    CHECK(rt.hint_shown());
    CHECK(plain_text(rt.hint()) == "Centre tap.");
    CHECK_FALSE(rt.submit_choice(0));
    CHECK(plain_text(rt.feedback()) == "It would see itself.");
    CHECK_FALSE(rt.submit_choice(7));  // out of range: no attempt counted
    CHECK(rt.attempts() == 1);
    // Back and forth keeps every step's state.
    REQUIRE(rt.back());
    CHECK(rt.step_index() == 1);
    CHECK(rt.status() == CheckStatus::passed);
    REQUIRE(rt.next());
    CHECK(rt.status() == CheckStatus::failed);
    CHECK(rt.hint_shown());
    CHECK(rt.submit_choice(1));
    CHECK(plain_text(rt.feedback()) == "Correct! Yes, no centre tap.");
}

TEST_CASE("skew: feedback says what is wrong about the cell") {
    LessonRuntime rt = make_runtime();
    rt.open(0, 3);
    CHECK(rt.scene().word("tab") == "skew");
    CHECK_FALSE(rt.submit_cell({2, 4}));
    CHECK(plain_text(rt.feedback()).find("row stays the same") != std::string::npos);
    CHECK_FALSE(rt.submit_cell({3, 3}));
    CHECK(plain_text(rt.feedback()).find("Right row, wrong shift") != std::string::npos);
    CHECK(rt.submit_cell({3, 4}));
}

TEST_CASE("reach: passes when the observed state gets there") {
    LessonRuntime rt = make_runtime();
    rt.open(0, 4);
    ViewState v;
    CHECK_FALSE(rt.observe(v));  // unknown sampler
    v.sampler_known = true;
    v.sampler_pixel = {2, 27};
    CHECK_FALSE(rt.observe(v));
    CHECK(rt.status() == CheckStatus::pending);  // reach checks never "fail"
    CHECK(rt.feedback().empty());
    v.sampler_pixel = {3, 0};
    CHECK(rt.observe(v));
    CHECK(rt.can_next());

    ReachCondition nll;
    nll.variable = "test_nll";
    nll.op = ReachOp::lt;
    nll.number = 120;
    ViewState t;
    CHECK_FALSE(condition_met(nll, t));  // NaN: not known yet
    t.test_nll = 130;
    CHECK_FALSE(condition_met(nll, t));
    t.test_nll = 119.5;
    CHECK(condition_met(nll, t));
}

TEST_CASE("Next on the last step completes the lesson and opens the next one") {
    LessonRuntime rt = make_runtime();
    rt.open(0, 4);
    ViewState v;
    v.sampler_known = true;
    v.sampler_done = true;
    rt.observe(v);
    CHECK(rt.is_last_step());
    REQUIRE(rt.next());
    CHECK(rt.lesson_index() == 1);
    CHECK(rt.step_index() == 0);
    CHECK(rt.progress(0).completed);
    CHECK(rt.progress(0).checks == 4);
    CHECK(rt.progress(0).checks_passed == 1);
    rt.next();
    CHECK(rt.can_next());  // the last lesson's last step: Next completes it once
    REQUIRE(rt.next());
    CHECK(rt.progress(1).completed);
    CHECK_FALSE(rt.can_next());
    // Reopening a lesson resumes where the learner left it.
    rt.open(0);
    CHECK(rt.step_index() == 4);  // where Next left it
}

TEST_CASE("the language switch keeps lesson, step and check state") {
    LessonRuntime rt = make_runtime();
    rt.next();
    rt.submit_pixels({{1, 4}});
    const int gen = rt.scene_generation();
    REQUIRE(rt.set_language(Language::zh));
    CHECK(rt.language() == Language::zh);
    CHECK(rt.step_index() == 1);
    CHECK(rt.scene_generation() == gen);
    CHECK(rt.status() == CheckStatus::failed);
    CHECK(plain_text(rt.check().prompt) == "点它们。");
    CHECK(plain_text(rt.feedback()) == "还不对：还少了 2 个。 想想那个楔形。");
    CHECK(rt.lesson().title == "第一课");
    REQUIRE(rt.set_language(Language::en));
    CHECK(plain_text(rt.feedback()) == "Not yet: 2 pixels are missing. Think of the wedge.");
}

TEST_CASE("mismatched language lists are refused") {
    std::vector<Lesson> en{must_parse(k_first_en, "l/01-first.md")};
    std::vector<Lesson> zh{must_parse(k_second, "l/zh/01-first.md")};
    CHECK_THROWS_AS(LessonRuntime(en, zh), std::invalid_argument);
    CHECK_THROWS_AS(LessonRuntime({}, {}), std::invalid_argument);
    LessonRuntime only_en(en, {});
    CHECK_FALSE(only_en.has_language(Language::zh));
    CHECK_FALSE(only_en.set_language(Language::zh));
}
