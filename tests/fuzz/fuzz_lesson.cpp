// libFuzzer target: the lesson parser (src/lessons/lesson_parser.hpp) on arbitrary bytes, which
// its header promises never throws and never crashes (invalid UTF-8 and NUL bytes included).
// Invariant checked: every error has a message and a line inside the text (0 = whole file).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lessons/lesson_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    // an English and a Chinese lesson: the language changes how lines are joined
    for (const char* name : {"lessons/05-fuzz.md", "lessons/zh/05-fuzz.md"}) {
        const ps::lessons::ParseResult r = ps::lessons::parse_lesson_text(text, name);
        const long lines = long(std::count(text.begin(), text.end(), '\n')) + 1;
        for (const ps::lessons::ParseError& e : r.errors) {
            if (e.message.empty() || e.line < 0 || e.line > lines) std::abort();
            (void)e.to_string();
        }
    }
    return 0;
}
