// `pixelscope lessons --check [--dir DIR]` and `pixelscope lessons --list [--dir DIR]`.
//
// --check validates every lesson file in both languages (lessons/*.md and lessons/zh/*.md):
// syntax and directives (the parser), that en and zh agree step by step (lesson_set), that every
// tab and architecture a scene names exists in this build (app tabs, viz architectures), and,
// where an answer can be computed, that it is right:
//   click checks with expect blind_spot / seen  -> the analytic receptive field of src/viz
//   skew checks                                 -> viz::skew_position
// Every problem is one line `file:line: problem`; any problem exits 2.
#include <iostream>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "app/commands.hpp"
#include "lessons/lesson_set.hpp"
#include "viz/receptive_field.hpp"
#include "viz/skew.hpp"

namespace ps::app {

namespace {

using lessons::ParseError;

std::string pixel_list(const std::set<lessons::Pixel>& set, int height, int width) {
    std::string s;
    for (const lessons::Pixel& p : set) {
        char letter = lessons::pixel_letter(p, width, height);
        s += (s.empty() ? "" : " ") + (letter ? std::string(1, letter) : lessons::to_string(p));
    }
    return s.empty() ? "(none)" : s;
}

// The architecture of a scene as the viz library sees it: the canonical spec of `arch`, with the
// scene's layers / kernel / input_kernel / channels on top.
viz::ArchSpec spec_of(const lessons::Scene& scene) {
    viz::Arch arch = viz::Arch::PixelCnn;
    if (!viz::parse_arch(scene.word("arch"), arch))
        throw std::invalid_argument("the scene has no architecture viz knows ('" +
                                    scene.word("arch") + "')");
    viz::ArchSpec spec = viz::canonical_spec(arch, static_cast<int>(scene.integer("channels", 1)));
    spec.layers = static_cast<int>(scene.integer("layers", spec.layers));
    spec.kernel = static_cast<int>(scene.integer("kernel", spec.kernel));
    spec.input_kernel = static_cast<int>(scene.integer("input_kernel", spec.input_kernel));
    viz::validate(spec);
    return spec;
}

void cross_check_click(const lessons::Lesson& lesson, const lessons::Step& step,
                       std::vector<ParseError>& errors) {
    const lessons::Check& c = step.check;
    if (c.expect == lessons::ClickExpect::given) return;
    const lessons::Scene& scene = step.effective;
    const int H = scene.height(), W = scene.width();
    const lessons::Pixel target = scene.pixel("pixel");
    const std::string ch = scene.word("channel", "R");
    const int channel = ch == "B" ? 2 : ch == "G" ? 1 : 0;
    try {
        viz::ArchSpec spec = spec_of(scene);
        viz::ReceptiveField field =
            viz::receptive_field(spec, H, W, target.row, target.col, channel,
                                 static_cast<int>(scene.integer("layers_shown", -1)));
        const viz::PixelClass want = c.expect == lessons::ClickExpect::blind_spot
                                         ? viz::PixelClass::BlindSpot
                                         : viz::PixelClass::Seen;
        std::set<lessons::Pixel> truth, given(c.answer.begin(), c.answer.end());
        for (int r = 0; r < H; ++r)
            for (int col = 0; col < W; ++col)
                if (field.at(r, col) == want) truth.insert(lessons::Pixel{r, col});
        if (truth != given) {
            errors.push_back(ParseError{
                lesson.file, c.line,
                std::string("the answer (") + pixel_list(given, H, W) + ") is not what the " +
                    "analytic receptive field of " + viz::arch_title(spec.arch) + " gives for " +
                    (c.expect == lessons::ClickExpect::blind_spot ? "the blind spot"
                                                                  : "the seen set") +
                    " of " + lessons::to_string(target) + ": " + pixel_list(truth, H, W)});
        }
    } catch (const std::exception& e) {
        errors.push_back(
            ParseError{lesson.file, c.line, std::string("cannot compute the answer: ") + e.what()});
    }
}

void cross_check_skew(const lessons::Lesson& lesson, const lessons::Step& step,
                      std::vector<ParseError>& errors) {
    const lessons::Check& c = step.check;
    const lessons::Pixel p = step.effective.pixel("pixel");
    const viz::Cell cell = viz::skew_position(p.row, p.col);
    const lessons::Pixel truth{cell.row, cell.col};
    if (c.answer.empty() || c.answer.front() != truth)
        errors.push_back(ParseError{
            lesson.file, c.line,
            "pixel " + lessons::to_string(p) + " lands at skewed " + lessons::to_string(truth) +
                ", not " + (c.answer.empty() ? "?" : lessons::to_string(c.answer.front()))});
}

void cross_check(const lessons::Lesson& lesson, std::vector<ParseError>& errors) {
    for (const lessons::Step& step : lesson.steps) {
        // Every tab and architecture named must exist in this build.
        for (const auto& [key, value] : step.scene.values) {
            Tab tab;
            viz::Arch arch;
            if (key == "tab" && !parse_tab(value.word, tab))
                errors.push_back(ParseError{
                    lesson.file, value.line,
                    "tab '" + value.word + "' is not a tab of the app (" + tab_names() + ")"});
            if (key == "arch" && !viz::parse_arch(value.word, arch))
                errors.push_back(ParseError{lesson.file, value.line,
                                            "arch '" + value.word + "' is unknown to the views"});
        }
        if (step.effective.has("arch") && step.effective.word("tab") == "rf") {
            try {
                spec_of(step.effective);
            } catch (const std::exception& e) {
                errors.push_back(ParseError{lesson.file, step.line, e.what()});
            }
        }
        if (step.check.kind == lessons::CheckKind::click) cross_check_click(lesson, step, errors);
        if (step.check.kind == lessons::CheckKind::skew) cross_check_skew(lesson, step, errors);
    }
}

struct LessonFlags {
    bool check = false;
    bool list = false;
    std::string dir;
};

int run_lessons(CLI::App* cmd, const LessonFlags& f) {
    if (!cmd->remaining().empty()) {
        std::cerr << "pixelscope lessons: unknown argument '" << cmd->remaining().front() << "'\n";
        return 2;
    }
    if (f.check == f.list) {
        std::cerr << "pixelscope lessons: give exactly one of --check or --list\n";
        return 2;
    }
    std::string dir = f.dir.empty() ? lessons::find_lessons_dir() : f.dir;
    if (dir.empty()) {
        std::cerr << "pixelscope lessons: no lessons folder found (give --dir DIR or set "
                     "PIXELSCOPE_LESSONS)\n";
        return 2;
    }
    lessons::LessonSet set = lessons::load_lesson_set(dir);
    if (f.check) {
        for (const lessons::Lesson& l : set.en) cross_check(l, set.errors);
        for (const lessons::Lesson& l : set.zh) cross_check(l, set.errors);
        for (const ParseError& e : set.errors) std::cerr << e.to_string() << "\n";
        if (!set.ok()) return 2;
        int steps = 0, checks = 0;
        for (const lessons::Lesson& l : set.en) {
            steps += static_cast<int>(l.steps.size());
            for (const lessons::Step& s : l.steps)
                checks += s.check.kind != lessons::CheckKind::none;
        }
        std::cout << dir << ": " << set.en.size() << " lessons in English and Chinese, " << steps
                  << " steps, " << checks << " checks: ok\n";
        return 0;
    }
    // --list: the lessons that parse, with both titles; problems still go to stderr and exit 2.
    for (size_t i = 0; i < set.en.size(); ++i) {
        std::cout << set.en[i].id << "\t" << set.en[i].steps.size() << " steps\t"
                  << set.en[i].title;
        for (const lessons::Lesson& z : set.zh)
            if (z.id == set.en[i].id) std::cout << "\t" << z.title;
        std::cout << "\n";
    }
    for (const ParseError& e : set.errors) std::cerr << e.to_string() << "\n";
    return set.ok() ? 0 : 2;
}

}  // namespace

void add_lesson_commands(CLI::App& app, int& exit_code) {
    auto flags = std::make_shared<LessonFlags>();
    CLI::App* cmd =
        app.add_subcommand("lessons", "Validate (--check) or list (--list) the lessons");
    cmd->allow_extras();
    cmd->add_flag(
        "--check", flags->check,
        "Validate every lesson file in English and Chinese; problems as file:line, exit 2");
    cmd->add_flag("--list", flags->list, "Print each lesson's id, step count and titles");
    cmd->add_option("--dir", flags->dir, "The lessons folder (default: found beside the app)");
    cmd->callback([cmd, flags, &exit_code]() { exit_code = run_lessons(cmd, *flags); });
}

}  // namespace ps::app
