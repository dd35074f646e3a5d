// Where a line of lesson text may break (the lesson panel lays its words out itself, because a
// paragraph mixes fonts). No ImGui here, so the rules are tested without a window:
//   - at spaces;
//   - between two CJK characters, or next to one (Chinese has no spaces), except
//   - never before closing punctuation (，。、：；？！）」》… and , . : ; ? ! )) and never after
//     opening punctuation (（「《“‘), which stay with the character they belong to;
//   - never inside a word that goes on in another span ("**H**:" or "x`code`"): two Latin pieces
//     with no space between are one word.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ps::lessons {

// The code point at text[i] (well-formed UTF-8 is assumed; a stray byte is one code point) and
// its length in bytes.
int decode_utf8(std::string_view text, std::size_t i, std::uint32_t& cp);

bool is_cjk(std::uint32_t cp);           // ideographs, kana, full-width forms
bool no_break_before(std::uint32_t cp);  // closing punctuation
bool no_break_after(std::uint32_t cp);   // opening punctuation

// One unbreakable piece of a span's text: bytes [begin, end), then `space_after` if one or more
// spaces followed it (their width is added, they are never drawn at a line start).
struct Word {
    std::size_t begin = 0, end = 0;
    bool space_after = false;
};
std::vector<Word> split_words(std::string_view text);

// May a line break between the piece `before` (followed by a space if `space_between`) and the
// piece `after`, which may come from different spans?
bool can_break_between(std::string_view before, bool space_between, std::string_view after);

}  // namespace ps::lessons
