// Where lesson text may wrap (lessons/line_break.hpp): spaces, CJK boundaries, never before
// closing or after opening punctuation, never inside a word split across spans ("**H**:").
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "lessons/line_break.hpp"

using namespace ps::lessons;

namespace {

// The pieces of `text`, with a '|' where a space followed.
std::vector<std::string> pieces(const std::string& text) {
    std::vector<std::string> out;
    for (const Word& w : split_words(text))
        out.push_back(text.substr(w.begin, w.end - w.begin) + (w.space_after ? "|" : ""));
    return out;
}

}  // namespace

TEST_CASE("Latin text breaks at spaces only") {
    CHECK(pieces("one  two three") == std::vector<std::string>{"one|", "two|", "three"});
    CHECK(pieces("p(x) = ∏ᵢ p(xᵢ | x<ᵢ)") ==
          std::vector<std::string>{"p(x)|", "=|", "∏ᵢ|", "p(xᵢ|", "||", "x<ᵢ)"});
    CHECK(pieces("").empty());
}

TEST_CASE("Chinese breaks between characters but keeps punctuation with its neighbour") {
    // 模型，输出（墨）。 -> 模 / 型， / 输 / 出 / （墨） / 。 stays on 墨）
    const std::vector<std::string> p = pieces("模型，输出（墨）。");
    CHECK(p == std::vector<std::string>{"模", "型，", "输", "出", "（墨）。"});
    // a space ends a piece like in English
    CHECK(pieces("Data 标签") == std::vector<std::string>{"Data|", "标", "签"});
}

TEST_CASE("no break inside a word that continues in the next span") {
    // "**class**: the network" -> pieces "class" (bold) and ":" (plain) meet without a space
    CHECK_FALSE(can_break_between("class", false, ":"));
    CHECK_FALSE(can_break_between("H", false, ":"));
    CHECK_FALSE(can_break_between("x", false, "code"));  // x`code`
    CHECK(can_break_between("class", true, "the"));      // a space between: a break point
    // CJK next to Latin or CJK: a break point, but not before closing punctuation
    CHECK(can_break_between("模", false, "型"));
    CHECK(can_break_between("Gated", false, "模型"));
    CHECK_FALSE(can_break_between("模型", false, "，"));
    CHECK_FALSE(can_break_between("（", false, "墨"));
    CHECK_FALSE(can_break_between("", false, "a"));
}

TEST_CASE("UTF-8 decoding of the characters the rules look at") {
    std::uint32_t cp = 0;
    CHECK(decode_utf8("a", 0, cp) == 1);
    CHECK(cp == 'a');
    CHECK(decode_utf8("ᵢ", 0, cp) == 3);
    CHECK(cp == 0x1D62);
    CHECK(decode_utf8("墨", 0, cp) == 3);
    CHECK(is_cjk(cp));
    CHECK(decode_utf8("\xE5", 0, cp) == 1);  // truncated: one byte, never past the end
    CHECK(no_break_before(0xFF0C));
    CHECK(no_break_after(0xFF08));
    CHECK_FALSE(is_cjk('a'));
}
