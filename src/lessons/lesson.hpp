// What a parsed lesson is: the data the runtime steps through and the lesson panel draws.
// The file format is documented in lessons/README.md; lesson_parser.hpp turns a file into these
// structs. No GL, no ImGui.
//
// Index of this header
//   1. Pixels           (row, col) coordinates, letters a..y on small grids
//   2. Scene            the view settings a step asks for (key -> typed value)
//   3. Check            what the learner must do to unlock Next
//   4. Step and Lesson
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lessons/markdown.hpp"

namespace ps::lessons {

// ---------------------------------------------------------------------------------------------
// 1. Pixels. Row 0 at the top; raster order is row-major, so (r1, c1) comes before (r2, c2) iff
// r1 < r2 or (r1 == r2 and c1 < c2).
struct Pixel {
    int row = 0, col = 0;
};
inline bool operator==(const Pixel& a, const Pixel& b) {
    return a.row == b.row && a.col == b.col;
}
inline bool operator!=(const Pixel& a, const Pixel& b) {
    return !(a == b);
}
inline bool operator<(const Pixel& a, const Pixel& b) {
    return a.row < b.row || (a.row == b.row && a.col < b.col);
}
std::string to_string(const Pixel& p);  // "(3,1)"

// The letter of pixel (r, c) on an H x W grid lettered in raster order ('a' + r * W + c); only
// defined when H * W <= 26 (the classic 5x5 a..y figure). Returns 0 otherwise.
char pixel_letter(const Pixel& p, int width, int height);

enum class Language { en, zh };
const char* language_code(Language lang);  // "en" / "zh"

// ---------------------------------------------------------------------------------------------
// 2. Scene: what the step sets in the views. Keys and the values each takes are fixed by the
// table in lesson_parser.cpp (and lessons/README.md); values are stored already checked and
// normalised (a pixel "(3, 1)" or "q" becomes (3, 1); a size "5" becomes 5x5).
enum class ValueType { word, integer, number, boolean, pixel, size };

struct SceneValue {
    ValueType type = ValueType::word;
    std::string word;   // word: the value; every type: the normalised text
    long integer = 0;   // integer; boolean: 0/1; size: height
    long integer2 = 0;  // size: width
    double number = 0;  // number
    Pixel pixel;        // pixel
    int line = 0;       // where the file set it (0 when inherited from nowhere)
};
bool operator==(const SceneValue& a, const SceneValue& b);  // by normalised text

struct Scene {
    std::map<std::string, SceneValue> values;

    bool has(const std::string& key) const { return values.count(key) != 0; }
    const SceneValue* find(const std::string& key) const;
    // Typed reads with a fallback for an absent key (the GUI keeps its own value then).
    std::string word(const std::string& key, const std::string& fallback = "") const;
    long integer(const std::string& key, long fallback = 0) const;
    double number(const std::string& key, double fallback = 0) const;
    bool flag(const std::string& key, bool fallback = false) const;
    Pixel pixel(const std::string& key, Pixel fallback = {}) const;
    // size: height and width (1..64); fallback when absent.
    int height(int fallback = 0) const;
    int width(int fallback = 0) const;

    // `later` overrides this scene's keys (a step inherits the scene of the step before it).
    Scene merged_with(const Scene& later) const;
};
bool operator==(const Scene& a, const Scene& b);

// ---------------------------------------------------------------------------------------------
// 3. Check
enum class CheckKind {
    none,    // the step has no check: Next is open
    click,   // click a set of pixels on the Receptive field canvas, then "Check"
    choice,  // pick one of several options
    skew,    // click the cell of the skewed grid where the scene's pixel lands
    reach,   // bring the view into a state (sampler position, test NLL, ...)
};
const char* check_kind_name(CheckKind kind);

// click: what the answer set is, so `lessons --check` can recompute it from the analytic field.
enum class ClickExpect {
    blind_spot,  // the earlier pixels the scene's pixel cannot see
    seen,        // the earlier pixels it can see
    given,       // stated in the file only (nothing to recompute)
};

struct ChoiceOption {
    Text text;
    bool correct = false;
    Text feedback;  // shown when this (wrong) option is chosen; empty for the correct one
    int line = 0;
};

// reach: `variable op value`, evaluated on the ViewState the GUI reports (lesson_runtime.hpp).
enum class ReachOp { lt, le, ge, gt, eq };
struct ReachCondition {
    std::string variable;  // one of reach_variables() in lesson_parser.hpp
    ReachOp op = ReachOp::ge;
    ValueType type = ValueType::number;
    double number = 0;  // number / integer variables
    Pixel pixel;        // sampler_pixel
    std::string word;   // sampler_mode
    std::string text;   // the condition as written, normalised: "test_nll < 120"
};

struct Check {
    CheckKind kind = CheckKind::none;
    int line = 0;   // the ```check line
    Text prompt;    // what to do, shown above the controls
    Text hint;      // shown when the learner asks for it
    Text feedback;  // extra words on any wrong answer (click, skew); optional
    // click
    ClickExpect expect = ClickExpect::given;
    std::vector<Pixel> answer;  // click: the set (sorted, unique); skew: exactly one cell (r, t)
    // choice
    std::vector<ChoiceOption> options;
    // reach
    ReachCondition condition;

    int correct_option() const;  // index of the option marked [x], -1 if none
};

// ---------------------------------------------------------------------------------------------
// 4. Step and Lesson
struct Step {
    int line = 0;               // first line of the step in the file
    std::vector<Block> blocks;  // the Markdown text, ready to draw
    Scene scene;                // only what this step's ```scene block sets
    Scene effective;            // the lesson's scenes merged up to and including this step
    Check check;                // kind none when the step has no ```check block
};

struct Lesson {
    std::string id;  // file stem, "05-blind-spot"
    int number = 0;  // NN of the file name
    std::string title;
    Language language = Language::en;
    std::string file;  // as given to the parser (for messages)
    std::vector<Step> steps;
};

}  // namespace ps::lessons
