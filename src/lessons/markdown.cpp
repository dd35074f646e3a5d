// The lesson Markdown subset (see markdown.hpp). One pass over the lines: each line either
// continues the open block (paragraph, item, table, code) or starts a new one.
#include "lessons/markdown.hpp"

#include <cctype>

namespace ps::lessons {

const char* block_kind_name(BlockKind kind) {
    switch (kind) {
        case BlockKind::heading:
            return "heading";
        case BlockKind::paragraph:
            return "paragraph";
        case BlockKind::bullet:
            return "bullet";
        case BlockKind::numbered:
            return "numbered";
        case BlockKind::formula:
            return "formula";
        case BlockKind::table:
            return "table";
        case BlockKind::code:
            return "code";
    }
    return "?";
}

namespace {

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    return s.substr(b, e - b);
}

size_t indent_of(const std::string& s) {
    size_t n = 0;
    while (n < s.size() && s[n] == ' ') ++n;
    return n;
}

bool starts_with(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

// "12. text" -> number 12, rest "text".
bool numbered_item(const std::string& t, int& number, std::string& rest) {
    size_t i = 0;
    while (i < t.size() && i < 4 && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    if (i == 0 || i >= t.size() || t[i] != '.' || i + 1 >= t.size() || t[i + 1] != ' ')
        return false;
    number = std::stoi(t.substr(0, i));
    rest = trim(t.substr(i + 2));
    return true;
}

// "| a | b |" -> {"a", "b"}; false unless the line starts and ends with '|'. A "\|" is a
// literal bar inside a cell.
bool split_row(const std::string& t, std::vector<std::string>& cells) {
    if (t.size() < 2 || t.front() != '|' || t.back() != '|') return false;
    cells.clear();
    std::string cell;
    for (size_t i = 1; i + 1 < t.size(); ++i) {
        if (t[i] == '\\' && t[i + 1] == '|') {
            cell += '|';
            ++i;
        } else if (t[i] == '|') {
            cells.push_back(trim(cell));
            cell.clear();
        } else {
            cell += t[i];
        }
    }
    cells.push_back(trim(cell));
    return true;
}

bool separator_row(const std::vector<std::string>& cells) {
    for (const std::string& c : cells) {
        if (c.empty()) return false;
        for (char ch : c)
            if (ch != '-' && ch != ':') return false;
    }
    return true;
}

}  // namespace

Text parse_spans(const std::string& text, int line, std::vector<MarkdownError>& errors) {
    Text out;
    SpanStyle style = SpanStyle::plain;
    std::string current;
    size_t opened_at = 0;
    auto flush = [&](SpanStyle s) {
        if (!current.empty()) out.push_back(Span{s, current});
        current.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char ch = text[i];
        if (style == SpanStyle::code) {
            if (ch == '`') {
                flush(SpanStyle::code);
                style = SpanStyle::plain;
            } else {
                current += ch;
            }
            continue;
        }
        if (ch == '\\' && i + 1 < text.size() &&
            (text[i + 1] == '*' || text[i + 1] == '`' || text[i + 1] == '\\')) {
            current += text[++i];
            continue;
        }
        if (ch == '`') {
            if (style != SpanStyle::plain) {
                errors.push_back({line, "`code` cannot start inside a bold or italic span"});
                return out;
            }
            flush(SpanStyle::plain);
            style = SpanStyle::code;
            opened_at = i;
            continue;
        }
        if (ch == '*' && i + 1 < text.size() && text[i + 1] == '*') {
            ++i;
            if (style == SpanStyle::bold) {
                if (current.empty()) errors.push_back({line, "empty **bold** span"});
                flush(SpanStyle::bold);
                style = SpanStyle::plain;
            } else if (style == SpanStyle::plain) {
                flush(SpanStyle::plain);
                style = SpanStyle::bold;
                opened_at = i - 1;
            } else {
                errors.push_back({line, "** inside an *italic* span (spans do not nest)"});
                return out;
            }
            continue;
        }
        if (ch == '*') {
            if (style == SpanStyle::italic) {
                if (current.empty()) errors.push_back({line, "empty *italic* span"});
                flush(SpanStyle::italic);
                style = SpanStyle::plain;
            } else if (style == SpanStyle::plain) {
                flush(SpanStyle::plain);
                style = SpanStyle::italic;
                opened_at = i;
            } else {
                errors.push_back({line, "* inside a **bold** span (spans do not nest)"});
                return out;
            }
            continue;
        }
        current += ch;
    }
    if (style != SpanStyle::plain) {
        const char* what = style == SpanStyle::bold ? "**" : style == SpanStyle::italic ? "*" : "`";
        errors.push_back({line, std::string("unclosed ") + what + " opened at column " +
                                    std::to_string(opened_at + 1)});
        flush(style);
        return out;
    }
    flush(SpanStyle::plain);
    return out;
}

namespace {

// The code point that ends / starts a UTF-8 string (0 if none or malformed).
char32_t last_code_point(const std::string& s) {
    if (s.empty()) return 0;
    size_t i = s.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = s.size() - i;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return cp;
}

char32_t first_code_point(const std::string& s) {
    if (s.empty()) return 0;
    unsigned char c = static_cast<unsigned char>(s[0]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    if (n > s.size()) return 0;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
    return cp;
}

bool cjk_punctuation(char32_t c) {
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
           (c >= 0xFF1A && c <= 0xFF20) || c == 0x201C || c == 0x201D || c == 0x2018 ||
           c == 0x2019 || c == 0xFF5E;
}

bool cjk(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF00 && c <= 0xFFEF) || cjk_punctuation(c);
}

}  // namespace

std::string join_lines(const std::string& first, const std::string& second) {
    if (first.empty()) return second;
    if (second.empty()) return first;
    const char32_t a = last_code_point(first), b = first_code_point(second);
    const bool tight = (cjk(a) && cjk(b)) || cjk_punctuation(a) || cjk_punctuation(b);
    return tight ? first + second : first + " " + second;
}

std::string plain_text(const Text& text) {
    std::string s;
    for (const Span& span : text) s += span.text;
    return s;
}

std::vector<Block> parse_markdown(const std::vector<SourceLine>& lines,
                                  std::vector<MarkdownError>& errors) {
    std::vector<Block> blocks;
    // The block being built and its raw text (spans are parsed when it closes).
    enum class Open { none, paragraph, item, table, code };
    Open open = Open::none;
    Block block;
    std::string raw;
    int raw_line = 0;
    std::vector<std::vector<std::string>> table_cells;
    std::vector<int> table_lines;
    std::vector<std::string> code_lines;

    auto close = [&]() {
        switch (open) {
            case Open::none:
                return;
            case Open::paragraph:
            case Open::item:
                block.text = parse_spans(raw, raw_line, errors);
                break;
            case Open::table: {
                if (table_cells.size() < 2 || !separator_row(table_cells[1])) {
                    errors.push_back({block.line,
                                      "a table needs a header row, then a separator row "
                                      "like |---|---|"});
                    break;
                }
                for (size_t r = 0; r < table_cells.size(); ++r) {
                    if (r == 1) continue;
                    if (table_cells[r].size() != table_cells[0].size()) {
                        errors.push_back({table_lines[r],
                                          "table row has " + std::to_string(table_cells[r].size()) +
                                              " cells, the header has " +
                                              std::to_string(table_cells[0].size())});
                    }
                    std::vector<Text> row;
                    for (const std::string& c : table_cells[r])
                        row.push_back(parse_spans(c, table_lines[r], errors));
                    block.rows.push_back(std::move(row));
                }
                break;
            }
            case Open::code:
                break;
        }
        blocks.push_back(std::move(block));
        block = Block{};
        raw.clear();
        table_cells.clear();
        table_lines.clear();
        open = Open::none;
    };

    for (const SourceLine& src : lines) {
        const std::string& s = src.text;
        std::string t = trim(s);

        if (open == Open::code) {
            if (t == "```") {
                block.code.clear();
                for (size_t i = 0; i < code_lines.size(); ++i)
                    block.code += (i ? "\n" : "") + code_lines[i];
                code_lines.clear();
                close();
            } else {
                code_lines.push_back(s);
            }
            continue;
        }
        if (t.empty()) {
            close();
            continue;
        }
        if (starts_with(t, "```")) {
            close();
            std::string info = trim(t.substr(3));
            if (!info.empty() && info != "text") {
                errors.push_back({src.number, "unknown fenced block '```" + info +
                                                  "' (use ```scene, ```check, or ``` / ```text "
                                                  "for a code block)"});
            }
            open = Open::code;
            block.kind = BlockKind::code;
            block.line = src.number;
            continue;
        }
        if (s[0] == '#') {
            close();
            size_t level = 0;
            while (level < t.size() && t[level] == '#') ++level;
            if (level >= t.size() || t[level] != ' ') {
                errors.push_back({src.number, "a heading needs a space after its #"});
                continue;
            }
            if (level == 1) {
                errors.push_back({src.number,
                                  "'# ' is the lesson title (first line only); use ## or ### "
                                  "inside a step"});
                continue;
            }
            if (level > 3) {
                errors.push_back({src.number, "headings go down to ### only"});
                continue;
            }
            block.kind = BlockKind::heading;
            block.level = static_cast<int>(level);
            block.line = src.number;
            block.text = parse_spans(trim(t.substr(level + 1)), src.number, errors);
            blocks.push_back(std::move(block));
            block = Block{};
            continue;
        }
        if (starts_with(t, "$$")) {
            close();
            std::string f = trim(t.substr(2));
            if (f.empty()) {
                errors.push_back({src.number, "empty formula line"});
                continue;
            }
            block.kind = BlockKind::formula;
            block.line = src.number;
            block.text = Text{Span{SpanStyle::plain, f}};  // formulas are literal Unicode maths
            blocks.push_back(std::move(block));
            block = Block{};
            continue;
        }
        std::vector<std::string> cells;
        if (t[0] == '|') {
            if (!split_row(t, cells)) {
                errors.push_back({src.number, "a table row starts and ends with |"});
                continue;
            }
            if (open != Open::table) {
                close();
                open = Open::table;
                block.kind = BlockKind::table;
                block.line = src.number;
            }
            table_cells.push_back(cells);
            table_lines.push_back(src.number);
            continue;
        }
        int number = 0;
        std::string rest;
        bool bullet = indent_of(s) == 0 &&
                      (starts_with(t, "- ") || starts_with(t, "* ") || t == "-" || t == "*");
        bool numbered = indent_of(s) == 0 && numbered_item(t, number, rest);
        if (bullet || numbered) {
            close();
            open = Open::item;
            block.kind = bullet ? BlockKind::bullet : BlockKind::numbered;
            block.number = number;
            block.line = src.number;
            raw = bullet ? trim(t.substr(1)) : rest;
            raw_line = src.number;
            if (raw.empty()) errors.push_back({src.number, "empty list item"});
            continue;
        }
        if (open == Open::item) {
            if (indent_of(s) < 2) {
                errors.push_back({src.number,
                                  "a list item continues on lines indented by 2+ spaces; "
                                  "leave a blank line before a new paragraph"});
            }
            raw = join_lines(raw, t);
            continue;
        }
        if (open == Open::table) {
            errors.push_back({src.number, "a table ends with a blank line"});
            close();
        }
        if (open == Open::paragraph) {
            raw = join_lines(raw, t);
            continue;
        }
        open = Open::paragraph;
        block.kind = BlockKind::paragraph;
        block.line = src.number;
        raw = t;
        raw_line = src.number;
    }
    if (open == Open::code) {
        errors.push_back({block.line, "code block opened here is never closed with ```"});
        code_lines.clear();
        open = Open::none;
        block = Block{};
    }
    close();
    return blocks;
}

}  // namespace ps::lessons
