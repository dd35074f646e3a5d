// Small text helpers for panels.
#pragma once

#include <string>

namespace ps::ui {

// 10000 -> "10,000": counts on a slide read better with separators.
inline std::string thousands(long long n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

}  // namespace ps::ui
