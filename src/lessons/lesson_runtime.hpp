// The lesson runtime: a state machine over the lessons, driven by the lesson panel and by what
// the learner does in the views. No GL, no ImGui: tested without a window.
//
//   position   current lesson, current step, language (en / zh; switching keeps the position)
//   per step   check status none | pending | passed | failed, attempts, hint shown, last answer
//   Next       open iff the step has no check or its check has passed; on the last step it
//              completes the lesson and opens the next one
//   Back       always possible except on step 1; the state of every step is kept
//
// How the GUI uses it, each frame:
//   1. if (rt.scene_generation() != applied) { apply rt.scene() to the views; applied = ...; }
//   2. draw rt.step().blocks; for a check, rt.check().prompt and the controls for its kind;
//      rt.status(), rt.feedback(), and rt.hint() once rt.hint_shown()
//   3. on the learner's answer: submit_pixels / submit_choice / submit_cell;
//      for reach checks: rt.observe(view_state) every frame (cheap)
//   4. Back / Next buttons: enabled by can_back() / can_next()
#pragma once

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "lessons/lesson.hpp"

namespace ps::lessons {

enum class CheckStatus { none, pending, passed, failed };
const char* check_status_name(CheckStatus s);

// What the views report for reach checks. Fields a view does not know stay at their defaults
// ("unknown"), and a condition on an unknown value is not met.
struct ViewState {
    std::string tab;  // data | masks | rf | skew | sampling | training
    // Sampling tab
    bool sampler_known = false;
    Pixel sampler_pixel;        // the next pixel to draw (raster order)
    bool sampler_done = false;  // every pixel drawn
    std::string sampler_mode;   // naive | cached
    long completions = -1;      // completed images since the step opened
    // Training tab
    double test_nll = std::numeric_limits<double>::quiet_NaN();   // nats
    double train_nll = std::numeric_limits<double>::quiet_NaN();  // nats
    long images_seen = -1;
    // Skew, Receptive field and Masks tabs
    long skew_step = -1;
    long layers_shown = -1;
    std::string mask;  // A | B | both
    long kernel = -1;
};

// Did the view reach the condition? (Exposed for tests and for the panel's progress text.)
bool condition_met(const ReachCondition& c, const ViewState& v);

// The state of one step's check, kept across Back/Next and language switches.
struct StepState {
    CheckStatus status = CheckStatus::none;
    int attempts = 0;
    bool hint_shown = false;
    // The last answer, so the feedback can be rebuilt in either language.
    int chosen_option = -1;
    std::vector<Pixel> picked;  // click: the marked set; skew: the clicked cell
};

struct LessonProgress {
    int steps = 0;
    int furthest_step = 0;  // the furthest step opened (0-based)
    int checks = 0;         // steps with a check
    int checks_passed = 0;
    bool completed = false;  // Next was pressed on the last step
};

class LessonRuntime {
public:
    // en and zh lists with the same ids and step structure (load_lesson_set() checks this);
    // zh may be empty (then only English is offered). Throws std::invalid_argument if the lists
    // do not match or en is empty.
    LessonRuntime(std::vector<Lesson> en, std::vector<Lesson> zh);

    // --- language -----------------------------------------------------------------------------
    Language language() const { return m_language; }
    bool has_language(Language lang) const;
    // Keeps the lesson, the step and every check state. False if that language is missing.
    bool set_language(Language lang);

    // --- position -----------------------------------------------------------------------------
    int lesson_count() const { return static_cast<int>(m_en.size()); }
    const Lesson& lesson(int index) const;  // in the current language
    int lesson_index() const { return m_lesson; }
    int step_index() const { return m_step; }
    const Lesson& lesson() const { return lesson(m_lesson); }
    const Step& step() const { return lesson().steps[static_cast<size_t>(m_step)]; }
    const Check& check() const { return step().check; }
    const Scene& scene() const { return step().effective; }
    // Bumps whenever the step (or lesson) changes: apply scene() to the views when it moves.
    // A language switch does not bump it (scenes are the same in both languages).
    int scene_generation() const { return m_generation; }

    // Opens lesson `index` at `step` (-1: where the learner left it). False if out of range.
    bool open(int index, int step = -1);
    bool open(const std::string& id, int step = -1);

    bool can_back() const { return m_step > 0; }
    bool back();
    bool can_next() const;
    bool next();
    bool is_last_step() const { return m_step + 1 == static_cast<int>(lesson().steps.size()); }

    // --- the check of the current step ----------------------------------------------------------
    const StepState& state() const { return state_of(m_lesson, m_step); }
    CheckStatus status() const { return state().status; }
    int attempts() const { return state().attempts; }
    bool hint_shown() const { return state().hint_shown; }
    void show_hint();
    const Text& hint() const { return check().hint; }
    // Words for the last answer in the current language (empty before any answer and for reach
    // checks): why a wrong answer is wrong, or a confirmation when it passed.
    Text feedback() const;

    // Each returns true if the answer passed. Calling one that does not fit the step's check kind
    // (or after it passed) changes nothing and returns the current passed state.
    bool submit_pixels(const std::vector<Pixel>& marked);  // click
    bool submit_choice(int option);                        // choice (0-based)
    bool submit_cell(const Pixel& cell);                   // skew: the skewed grid's (row, t)
    bool observe(const ViewState& view);                   // reach

    // --- progress -------------------------------------------------------------------------------
    LessonProgress progress(int index) const;

private:
    StepState& state_of(int lesson, int step);
    const StepState& state_of(int lesson, int step) const;
    const std::vector<Lesson>& current() const;
    void fail(StepState& s);

    std::vector<Lesson> m_en, m_zh;
    Language m_language = Language::en;
    int m_lesson = 0, m_step = 0, m_generation = 0;
    std::vector<std::vector<StepState>> m_states;  // [lesson][step]
    std::vector<int> m_resume;                     // per lesson: the step to reopen at
    std::vector<int> m_furthest;
    std::vector<bool> m_completed;
};

}  // namespace ps::lessons
