// Lesson files -> Lesson structs (lesson.hpp). Strict: every problem is reported as
// `file:line: what is wrong`, unknown keys and values are errors, and a file with any error is
// not used. The grammar is documented in lessons/README.md; the key tables below are the
// single source of truth both for the parser and for `pixelscope lessons --check`.
#pragma once

#include <string>
#include <vector>

#include "lessons/lesson.hpp"

namespace ps::lessons {

struct ParseError {
    std::string file;
    int line = 0;  // 1-based; 0 when the problem is about the whole file
    std::string message;
    std::string to_string() const;  // "file:line: message" (or "file: message")
};

struct ParseResult {
    Lesson lesson;  // filled as far as parsing got; use it only when ok()
    std::vector<ParseError> errors;
    bool ok() const { return errors.empty(); }
};

// Parses lesson text. `filename` names the file in messages and gives the id, number and
// language: ".../NN-slug.md" (language zh when its folder is named "zh", else en).
// Never throws and never crashes on arbitrary bytes (the fuzzing entry point): every problem,
// including invalid UTF-8 or NUL bytes, comes back in `errors`.
ParseResult parse_lesson_text(const std::string& text, const std::string& filename);

// Reads the file and parses it; a file that cannot be read is one error.
ParseResult parse_lesson_file(const std::string& path);

// "05-blind-spot.md" -> id "05-blind-spot", number 5. False if the name does not match
// NN-slug.md (two digits, a dash, lowercase letters, digits and dashes).
bool lesson_file_name(const std::string& filename, std::string& id, int& number);

// --- the tables (for docs, the checker and tests) ---------------------------------------------
struct SceneKey {
    const char* key;
    ValueType type;
    std::vector<std::string> words;  // word: the allowed values
    double lo, hi;                   // integer / number: the range (inclusive)
    std::vector<std::string> tabs;   // the tabs it applies to; empty: every tab
    const char* what;                // one line for the README / error messages
};
const std::vector<SceneKey>& scene_keys();
const SceneKey* find_scene_key(const std::string& key);
// Whether scene key `key` means something on tab `tab` (the GUI applies only those keys of the
// effective scene; inherited keys of other tabs wait). False for unknown keys.
bool key_applies_to_tab(const std::string& key, const std::string& tab);

struct ReachVariable {
    const char* name;
    ValueType type;
    std::vector<std::string> ops;    // "<", "<=", ">=", ">", "=="
    std::vector<std::string> words;  // word variables: the allowed values
    std::vector<std::string> tabs;   // the tab whose state it reads
    const char* what;
};
const std::vector<ReachVariable>& reach_variables();

const std::vector<std::string>& tab_names();   // data masks rf skew sampling training
const std::vector<std::string>& arch_names();  // pixelcnn rowlstm diagbilstm gated masked_stack

}  // namespace ps::lessons
