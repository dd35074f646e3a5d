// Loading a lessons folder in both languages and checking that the two agree step by step.
#include "lessons/lesson_set.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>

namespace ps::lessons {

namespace fs = std::filesystem;

namespace {

void load_language(const fs::path& dir, std::vector<Lesson>& out, LessonSet& set) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        set.errors.push_back(ParseError{dir.string(), 0, "no such lessons folder"});
        return;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file()) continue;
        const fs::path& p = entry.path();
        if (p.extension() != ".md" || p.filename() == "README.md") continue;
        files.push_back(p);
    }
    std::sort(files.begin(), files.end());
    std::map<int, std::string> numbers;
    for (const fs::path& p : files) {
        ++set.files;
        ParseResult r = parse_lesson_file(p.string());
        if (!r.ok()) {
            set.errors.insert(set.errors.end(), r.errors.begin(), r.errors.end());
            continue;
        }
        auto [it, fresh] = numbers.emplace(r.lesson.number, r.lesson.id);
        if (!fresh) {
            set.errors.push_back(ParseError{p.string(), 0,
                                            "lesson number " + std::to_string(r.lesson.number) +
                                                " is also used by " + it->second});
            continue;
        }
        out.push_back(std::move(r.lesson));
    }
    if (files.empty()) set.errors.push_back(ParseError{dir.string(), 0, "no lesson files"});
}

bool same_check(const Check& a, const Check& b, std::string& why) {
    if (a.kind != b.kind) {
        why = std::string("check kind ") + check_kind_name(b.kind) + " differs from " +
              check_kind_name(a.kind);
        return false;
    }
    switch (a.kind) {
        case CheckKind::none:
            return true;
        case CheckKind::click:
            if (a.expect != b.expect) return why = "expect differs", false;
            if (a.answer != b.answer) return why = "answer pixels differ", false;
            return true;
        case CheckKind::skew:
            if (a.answer != b.answer) return why = "answer cell differs", false;
            return true;
        case CheckKind::choice:
            if (a.options.size() != b.options.size())
                return why = std::to_string(b.options.size()) + " options vs " +
                             std::to_string(a.options.size()),
                       false;
            if (a.correct_option() != b.correct_option())
                return why = "a different option is marked [x]", false;
            return true;
        case CheckKind::reach:
            if (a.condition.text != b.condition.text)
                return why = "condition '" + b.condition.text + "' vs '" + a.condition.text + "'",
                       false;
            return true;
    }
    return true;
}

}  // namespace

std::vector<ParseError> compare_languages(const std::vector<Lesson>& en,
                                          const std::vector<Lesson>& zh) {
    std::vector<ParseError> errors;
    std::map<std::string, const Lesson*> by_id;
    for (const Lesson& l : zh) by_id[l.id] = &l;
    for (const Lesson& e : en) {
        auto it = by_id.find(e.id);
        if (it == by_id.end()) {
            errors.push_back(ParseError{e.file, 0, "has no Chinese version zh/" + e.id + ".md"});
            continue;
        }
        const Lesson& z = *it->second;
        by_id.erase(it);
        if (e.steps.size() != z.steps.size()) {
            errors.push_back(ParseError{z.file, 0,
                                        std::to_string(z.steps.size()) + " steps, but " + e.file +
                                            " has " + std::to_string(e.steps.size())});
            continue;
        }
        for (size_t i = 0; i < e.steps.size(); ++i) {
            const Step& se = e.steps[i];
            const Step& sz = z.steps[i];
            std::string where = " (" + e.file + ":" + std::to_string(se.line) + ")";
            if (!(se.scene == sz.scene)) {
                std::string detail;
                for (const auto& [k, v] : se.scene.values) {
                    const SceneValue* o = sz.scene.find(k);
                    if (!o)
                        detail += " " + k + " missing;";
                    else if (!(*o == v))
                        detail += " " + k + ": " + o->word + " vs " + v.word + ";";
                }
                for (const auto& [k, v] : sz.scene.values)
                    if (!se.scene.has(k)) detail += " " + k + " extra;";
                errors.push_back(ParseError{z.file, sz.line,
                                            "step " + std::to_string(i + 1) +
                                                ": the scene differs from English:" + detail +
                                                where});
            }
            std::string why;
            if (!same_check(se.check, sz.check, why)) {
                errors.push_back(ParseError{z.file, sz.check.line ? sz.check.line : sz.line,
                                            "step " + std::to_string(i + 1) +
                                                ": the check differs from English: " + why +
                                                where});
            }
        }
    }
    for (const auto& [id, l] : by_id)
        errors.push_back(ParseError{l->file, 0, "has no English version " + id + ".md"});
    return errors;
}

LessonSet load_lesson_set(const std::string& dir) {
    LessonSet set;
    set.dir = dir;
    load_language(fs::path(dir), set.en, set);
    load_language(fs::path(dir) / "zh", set.zh, set);
    for (Lesson& l : set.zh) l.language = Language::zh;
    std::vector<ParseError> mismatches = compare_languages(set.en, set.zh);
    set.errors.insert(set.errors.end(), mismatches.begin(), mismatches.end());
    return set;
}

std::string find_lessons_dir(const std::string& exe_dir) {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("PIXELSCOPE_LESSONS"); env && *env) candidates.push_back(env);
    if (!exe_dir.empty()) {
        candidates.push_back(fs::path(exe_dir) / ".." / "lessons");
        candidates.push_back(fs::path(exe_dir) / "lessons");
    }
#ifdef PIXELSCOPE_SOURCE_ROOT
    candidates.push_back(fs::path(PIXELSCOPE_SOURCE_ROOT) / "lessons");
#endif
    candidates.push_back("lessons");
    std::error_code ec;
    for (const fs::path& p : candidates)
        if (fs::is_directory(p, ec)) return p.lexically_normal().string();
    return "";
}

}  // namespace ps::lessons
