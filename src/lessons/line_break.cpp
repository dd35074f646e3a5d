// Line-break rules of lesson text (see line_break.hpp).
#include "lessons/line_break.hpp"

namespace ps::lessons {

int decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) {
    const auto b = static_cast<unsigned char>(s[i]);
    int n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    if (i + static_cast<std::size_t>(n) > s.size()) n = 1;
    cp = n == 1 ? b : b & (0xFFu >> (n + 1));
    for (int k = 1; k < n; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3Fu);
    return n;
}

bool is_cjk(std::uint32_t cp) {
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFFEF);
}

bool no_break_before(std::uint32_t cp) {
    switch (cp) {
        case 0x3001:  // 、
        case 0x3002:  // 。
        case 0xFF0C:  // ，
        case 0xFF0E:  // ．
        case 0xFF1A:  // ：
        case 0xFF1B:  // ；
        case 0xFF1F:  // ？
        case 0xFF01:  // ！
        case 0xFF09:  // ）
        case 0x300D:  // 」
        case 0x300F:  // 』
        case 0x300B:  // 》
        case 0x3009:  // 〉
        case 0x3011:  // 】
        case 0x2026:  // …
        case 0x201D:  // ”
        case 0x2019:  // ’
        case ')':
        case ',':
        case '.':
        case ':':
        case ';':
        case '?':
        case '!':
            return true;
        default:
            return false;
    }
}

bool no_break_after(std::uint32_t cp) {
    switch (cp) {
        case 0xFF08:  // （
        case 0x300C:  // 「
        case 0x300E:  // 『
        case 0x300A:  // 《
        case 0x3008:  // 〈
        case 0x3010:  // 【
        case 0x201C:  // “
        case 0x2018:  // ‘
            return true;
        default:
            return false;
    }
}

std::vector<Word> split_words(std::string_view text) {
    std::vector<Word> words;
    std::size_t s = 0, start = 0;
    const std::size_t end = text.size();
    bool glued = false;  // the previous character was opening punctuation
    auto flush = [&](std::size_t at, bool space) {
        if (at > start || space) words.push_back(Word{start, at, space});
    };
    while (s < end) {
        std::uint32_t cp = 0;
        const int n = decode_utf8(text, s, cp);
        if (cp == ' ') {
            flush(s, true);
            while (s < end && text[s] == ' ') ++s;
            start = s;
            glued = false;
            continue;
        }
        if (no_break_after(cp)) {
            if (!glued) {
                flush(s, false);
                start = s;
            }
            s += static_cast<std::size_t>(n);
            glued = true;
            continue;
        }
        if (is_cjk(cp) && !no_break_before(cp)) {
            if (!glued) {
                flush(s, false);  // a break opportunity before a CJK character
                start = s;
            }
            glued = false;
            s += static_cast<std::size_t>(n);
            // Closing punctuation right after stays in this word.
            while (s < end) {
                std::uint32_t next = 0;
                const int m = decode_utf8(text, s, next);
                if (!no_break_before(next)) break;
                s += static_cast<std::size_t>(m);
            }
            flush(s, false);
            start = s;
            continue;
        }
        glued = false;
        s += static_cast<std::size_t>(n);
    }
    flush(s, false);
    return words;
}

bool can_break_between(std::string_view before, bool space_between, std::string_view after) {
    if (space_between) return true;
    if (before.empty() || after.empty()) return false;
    std::size_t last = before.size() - 1;  // back to the lead byte of the last code point
    while (last > 0 && (static_cast<unsigned char>(before[last]) & 0xC0) == 0x80) --last;
    std::uint32_t a = 0, b = 0;
    decode_utf8(before, last, a);
    decode_utf8(after, 0, b);
    if (no_break_before(b) || no_break_after(a)) return false;
    return is_cjk(a) || is_cjk(b);
}

}  // namespace ps::lessons
