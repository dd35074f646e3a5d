// All lessons of a folder in both languages: lessons/NN-slug.md (English) and
// lessons/zh/NN-slug.md (Simplified Chinese), loaded, parsed and compared so that both languages
// have the same lessons with the same steps, scenes and checks (only the words differ).
#pragma once

#include <string>
#include <vector>

#include "lessons/lesson_parser.hpp"

namespace ps::lessons {

struct LessonSet {
    std::string dir;
    std::vector<Lesson> en, zh;      // sorted by id; only files that parsed without error
    std::vector<ParseError> errors;  // parse errors of every file, then en/zh mismatches
    int files = 0;                   // lesson files found (both languages)
    bool ok() const { return errors.empty(); }
};

// Reads dir/*.md (except README.md) and dir/zh/*.md. A missing folder is one error.
LessonSet load_lesson_set(const std::string& dir);

// The en and zh versions must have the same ids, and lesson by lesson the same number of steps
// with equal scenes and equal checks (kind, expected set, answer, option count and which option
// is correct, reach condition). Problems are reported at the zh file's line.
std::vector<ParseError> compare_languages(const std::vector<Lesson>& en,
                                          const std::vector<Lesson>& zh);

// Where the lessons folder is: $PIXELSCOPE_LESSONS, <exe dir>/../lessons, <exe dir>/lessons,
// <source root>/lessons, ./lessons; the first that exists. Empty if none does.
// `exe_dir` may be empty (then only the other places are tried).
std::string find_lessons_dir(const std::string& exe_dir = "");

}  // namespace ps::lessons
