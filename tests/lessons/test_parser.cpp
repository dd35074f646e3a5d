// The lesson parser: a good file read completely, and broken files, one per error kind, each
// reported at the right file:line. Garbage never throws.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "lessons/lesson_parser.hpp"

using namespace ps::lessons;

namespace {

const char* k_good = R"(# The blind spot

## Three layers of 3x3

A **masked** convolution only sees the past.

```scene
tab: rf
arch: masked_stack
layers: 3
kernel: 3
size: 5
pixel: q
letters: on
```
---
Click the blind spot.

```check
kind: click
expect: blind_spot
prompt: Click every pixel before **q** that q
  cannot see, then press Check.
answer: j n o
hint: Look at the row just above q, right of it.
feedback: Count the columns again.
```
---
Which mask does the first layer use?

```check
kind: choice
prompt: The first layer's mask is ...
option: [x] Mask A
option: [ ] Mask B
feedback: Mask B keeps the centre tap: the pixel would see itself.
hint: The input at p is the value being predicted.
```
---
```scene
tab: skew
size: 4
pixel: (2,1)
skew_mode: diagonal
```
Where does (2,1) land?

```check
kind: skew
prompt: Click the cell where pixel (2,1) lands.
answer: (2,3)
hint: Row r moves right by r.
```
---
```scene
tab: training
arch: pixelcnn
play: on
```
Train it.

```check
kind: reach
prompt: Train until the test NLL is under 120 nats.
condition: test_nll < 120
hint: Press Train and wait.
```
)";

ParseResult parse(const std::string& text, const std::string& file = "lessons/05-blind-spot.md") {
    return parse_lesson_text(text, file);
}

// The first error of a broken variant of a small valid lesson.
ParseError first_error(const std::string& text) {
    ParseResult r = parse(text);
    REQUIRE_MESSAGE(!r.ok(), "expected an error in:\n" << text);
    return r.errors.front();
}

std::string lesson_with(const std::string& step_body) {
    return "# T\n\nIntro text.\n\n```scene\ntab: rf\narch: masked_stack\nsize: 5\npixel: q\n```\n"
           "---\nSecond step.\n\n" +
           step_body;
}

}  // namespace

TEST_CASE("a good lesson parses completely") {
    ParseResult r = parse(k_good);
    for (const ParseError& e : r.errors) MESSAGE(e.to_string());
    REQUIRE(r.ok());
    const Lesson& l = r.lesson;
    CHECK(l.id == "05-blind-spot");
    CHECK(l.number == 5);
    CHECK(l.title == "The blind spot");
    CHECK(l.language == Language::en);
    REQUIRE(l.steps.size() == 5);

    const Step& s0 = l.steps[0];
    CHECK(s0.line == 3);
    REQUIRE(s0.blocks.size() == 2);
    CHECK(s0.blocks[0].kind == BlockKind::heading);
    CHECK(s0.scene.word("tab") == "rf");
    CHECK(s0.scene.integer("layers") == 3);
    CHECK(s0.scene.height() == 5);
    CHECK(s0.scene.width() == 5);
    CHECK(s0.scene.pixel("pixel") == Pixel{3, 1});  // q
    CHECK(s0.scene.flag("letters"));
    CHECK(s0.check.kind == CheckKind::none);

    const Step& s1 = l.steps[1];
    CHECK(s1.scene.values.empty());
    CHECK(s1.effective.word("arch") == "masked_stack");  // inherited
    CHECK(s1.check.kind == CheckKind::click);
    CHECK(s1.check.expect == ClickExpect::blind_spot);
    CHECK(plain_text(s1.check.prompt) ==
          "Click every pixel before q that q cannot see, then press Check.");
    REQUIRE(s1.check.answer.size() == 3);
    CHECK(s1.check.answer[0] == Pixel{1, 4});  // j
    CHECK(s1.check.answer[1] == Pixel{2, 3});  // n
    CHECK(s1.check.answer[2] == Pixel{2, 4});  // o
    CHECK(plain_text(s1.check.feedback) == "Count the columns again.");

    const Check& c2 = l.steps[2].check;
    CHECK(c2.kind == CheckKind::choice);
    REQUIRE(c2.options.size() == 2);
    CHECK(c2.correct_option() == 0);
    CHECK(plain_text(c2.options[1].feedback).find("centre tap") != std::string::npos);

    const Step& s3 = l.steps[3];
    CHECK(s3.effective.height() == 4);
    CHECK(s3.effective.width() == 4);  // sizes are square
    CHECK(s3.check.kind == CheckKind::skew);
    REQUIRE(s3.check.answer.size() == 1);
    CHECK(s3.check.answer[0] == Pixel{2, 3});

    const Check& c4 = l.steps[4].check;
    CHECK(c4.kind == CheckKind::reach);
    CHECK(c4.condition.variable == "test_nll");
    CHECK(c4.condition.op == ReachOp::lt);
    CHECK(c4.condition.number == 120);
    CHECK(c4.condition.text == "test_nll < 120");
}

TEST_CASE("which scene keys apply to which tab") {
    CHECK(key_applies_to_tab("tab", "training"));
    CHECK(key_applies_to_tab("mask", "masks"));
    CHECK_FALSE(key_applies_to_tab("mask", "rf"));
    CHECK(key_applies_to_tab("arch", "sampling"));
    CHECK_FALSE(key_applies_to_tab("sampler_mode", "training"));
    CHECK_FALSE(key_applies_to_tab("colour", "rf"));
    for (const SceneKey& k : scene_keys())
        for (const std::string& t : k.tabs)
            CHECK(std::count(tab_names().begin(), tab_names().end(), t) == 1);
}

TEST_CASE("language and id come from the path") {
    ParseResult r = parse(k_good, "x/lessons/zh/05-blind-spot.md");
    REQUIRE(r.ok());
    CHECK(r.lesson.language == Language::zh);
    std::string id;
    int n = 0;
    CHECK(lesson_file_name("10-summary.md", id, n));
    CHECK(id == "10-summary");
    CHECK(n == 10);
    CHECK_FALSE(lesson_file_name("5-x.md", id, n));
    CHECK_FALSE(lesson_file_name("05-Upper.md", id, n));
    CHECK_FALSE(lesson_file_name("05-x.txt", id, n));
    ParseError e = parse(k_good, "lessons/blind.md").errors.front();
    CHECK(e.line == 0);
    CHECK(e.to_string().rfind("lessons/blind.md: file name must be NN-slug.md", 0) == 0);
}

TEST_CASE("every error kind names file:line") {
    struct Case {
        std::string text;
        int line;
        const char* words;
    };
    const std::vector<Case> cases = {
        {"no title\n", 1, "title"},
        {"# T\n\ntext\n---\n---\nmore\n", 5, "empty step"},
        {"# T\n\ntext\n---\n", 4, "empty step"},
        {"# T\n\n```scene\ntab: rf\n```\n", 3, "no text"},
        {"# T\n\ntext\n```scene\ntab: nowhere\n```\n", 5, "tab: expected one of"},
        {"# T\n\ntext\n```scene\ntab: rf\ncolour: red\n```\n", 6, "unknown scene key 'colour'"},
        {"# T\n\ntext\n```scene\ntab: rf\ntab: rf\n```\n", 6, "set twice"},
        {"# T\n\ntext\n```scene\ntab: rf\nlayers: many\n```\n", 6, "expected an integer"},
        {"# T\n\ntext\n```scene\ntab: rf\nlayers: 99\n```\n", 6, "0..64"},
        {"# T\n\ntext\n```scene\ntab: rf\nkernel: 4\n```\n", 6, "odd"},
        {"# T\n\ntext\n```scene\ntab: rf\nchannels: 2\n```\n", 6, "1 or 3"},
        {"# T\n\ntext\n```scene\ntab: rf\nletters: yes\n```\n", 6, "on or off"},
        {"# T\n\ntext\n```scene\ntab: rf\nsize: 5by5\n```\n", 6, "expected N"},
        {"# T\n\ntext\n```scene\ntab: rf\nsize: 5x7\n```\n", 6, "square N x N grids"},
        {"# T\n\ntext\n```scene\ntab: rf\nsize: 70\n```\n", 6, "1..64"},
        {"# T\n\ntext\n```scene\ntab: rf\npixel: (1,1)\n```\n", 6, "needs a size"},
        {"# T\n\ntext\n```scene\ntab: rf\nsize: 5\npixel: (5,0)\n```\n", 7, "outside"},
        {"# T\n\ntext\n```scene\ntab: rf\nsize: 8\npixel: q\n```\n", 7, "at most 26"},
        {"# T\n\ntext\n```scene\ntab: rf\nspeed: fast\n```\n", 6, "speed"},
        {"# T\n\ntext\n```scene\ntab: masks\narch: rowlstm\n```\n", 6,
         "does not apply to tab masks"},
        {"# T\n\ntext\n```scene\narch: rowlstm\n```\n", 4, "no tab"},
        {"# T\n\ntext\n```scene\ntab: rf\n```\n```scene\ntab: rf\n```\n", 7, "at most one"},
        {"# T\n\ntext\n```scene\ntab: rf\n", 4, "never closed"},
        {"# T\n\ntext\n```scene\nthis is not a key\n```\n", 5, "key: value"},
        {"# T\n\ntext\n```python\nx\n```\n", 4, "unknown fenced block"},
        {"# T\n\n**open bold\n", 3, "unclosed **"},
        {"# T\n\ntext\twith tab\n", 3, "tab character"},
        {"# T\n\nbad \xff byte\n", 3, "invalid UTF-8"},
        {lesson_with("```check\nprompt: p\nhint: h\n```\n"), 14, "kind"},
        {lesson_with("```check\nkind: drag\nprompt: p\nhint: h\n```\n"), 15, "kind: expected"},
        {lesson_with("```check\nkind: click\nexpect: blind_spot\nanswer: j n o\nhint: h\n```\n"),
         14, "'prompt:'"},
        {lesson_with("```check\nkind: click\nexpect: blind_spot\nanswer: j n o\nprompt: p\n```\n"),
         14, "'hint:'"},
        {lesson_with("```check\nkind: click\nexpect: blind_spot\nanswer: j n o\nprompt: p\n"
                     "hint: h\noption: [x] a\n```\n"),
         20, "not a key of a click check"},
        {lesson_with(
             "```check\nkind: click\nexpect: blind_spots\nanswer: j\nprompt: p\nhint: h\n```\n"),
         16, "expect: expected"},
        {lesson_with(
             "```check\nkind: click\nexpect: blind_spot\nanswer: j j\nprompt: p\nhint: h\n```\n"),
         17, "listed twice"},
        {lesson_with(
             "```check\nkind: click\nexpect: blind_spot\nanswer: r\nprompt: p\nhint: h\n```\n"),
         17, "not before"},
        {lesson_with("```check\nkind: click\nexpect: given\nanswer: z\nprompt: p\nhint: h\n```\n"),
         17, "past the last pixel"},
        {lesson_with("```check\nkind: choice\nprompt: p\nhint: h\noption: [x] a\n```\n"), 14,
         "at least two options"},
        {lesson_with("```check\nkind: choice\nprompt: p\nhint: h\noption: [x] a\noption: [x] b\n"
                     "feedback: f\n```\n"),
         14, "exactly one option"},
        {lesson_with(
             "```check\nkind: choice\nprompt: p\nhint: h\noption: [x] a\noption: [ ] b\n```\n"),
         19, "wrong option needs a 'feedback:'"},
        {lesson_with(
             "```check\nkind: choice\nprompt: p\nhint: h\nfeedback: f\noption: [x] a\n```\n"),
         18, "follows the option"},
        {lesson_with("```check\nkind: choice\nprompt: p\nhint: h\noption: a\n```\n"), 18,
         "starts with '[x] '"},
        {lesson_with("```check\nkind: skew\nprompt: p\nhint: h\nanswer: (3,4)\n```\n"), 14,
         "tab to be skew"},
        {lesson_with("```check\nkind: reach\nprompt: p\nhint: h\ncondition: speed > 3\n```\n"), 18,
         "unknown variable"},
        {lesson_with("```check\nkind: reach\nprompt: p\nhint: h\ncondition: test_nll > 3\n```\n"),
         18, "takes < or <="},
        {lesson_with("```check\nkind: reach\nprompt: p\nhint: h\ncondition: test_nll < 3\n```\n"),
         18, "read on tab training"},
        {lesson_with(
             "```check\nkind: reach\nprompt: p\nhint: h\ncondition: layers_shown >= x\n```\n"),
         18, "integer"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        ParseError e = first_error(c.text);
        CAPTURE(e.to_string());
        CHECK(e.file == "lessons/05-blind-spot.md");
        CHECK(e.line == c.line);
        CHECK(e.message.find(c.words) != std::string::npos);
        CHECK(e.to_string().rfind("lessons/05-blind-spot.md:" + std::to_string(c.line) + ": ", 0) ==
              0);
    }
}

TEST_CASE("skew checks need the pixel and a cell inside the skewed grid") {
    const std::string base =
        "# T\n\ntext\n```scene\ntab: skew\nsize: 3\npixel: (2,1)\n```\n"
        "```check\nkind: skew\nprompt: p\nhint: h\n";
    CHECK(parse(base + "answer: (2,3)\n```\n").ok());
    ParseError e = first_error(base + "answer: (2,5)\n```\n");
    CHECK(e.line == 13);
    CHECK(e.message.find("outside the skewed grid 3x5") != std::string::npos);
    e = first_error(base + "answer: n\n```\n");
    CHECK(e.message.find("one cell (row,col)") != std::string::npos);
}

TEST_CASE("a size change must keep an inherited pixel inside") {
    ParseError e = first_error(
        "# T\n\na\n```scene\ntab: rf\nsize: 7\npixel: (6,6)\n```\n---\nb\n"
        "```scene\nsize: 5\n```\n");
    CHECK(e.line == 12);
    CHECK(e.message.find("outside this size") != std::string::npos);
}

TEST_CASE("garbage never throws and always reports") {
    std::mt19937 rng(1234);
    const std::string alphabet = "#-`*|$:() \n\nabcxyz019_[]\xe4\xbd\xa0\xff";
    for (int round = 0; round < 400; ++round) {
        std::string text;
        const int n = static_cast<int>(rng() % 300);
        for (int i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
        CAPTURE(round);
        ParseResult r;
        CHECK_NOTHROW(r = parse_lesson_text(text, "fuzz/01-x.md"));
        if (!r.ok()) {
            for (const ParseError& e : r.errors) CHECK(!e.message.empty());
        }
    }
    // Mutations of a good lesson: delete / duplicate / flip single bytes.
    const std::string good = k_good;
    for (int round = 0; round < 300; ++round) {
        std::string t = good;
        size_t at = rng() % t.size();
        switch (round % 3) {
            case 0:
                t.erase(at, 1 + rng() % 8);
                break;
            case 1:
                t.insert(at, t.substr(at, 1 + rng() % 12));
                break;
            case 2:
                t[at] = static_cast<char>(rng() % 256);
                break;
        }
        CHECK_NOTHROW(parse_lesson_text(t, "fuzz/05-blind-spot.md"));
    }
}
