// The step-text Markdown subset: blocks, spans, and every error kind with its line.
#include <doctest/doctest.h>

#include "lessons/markdown.hpp"

using namespace ps::lessons;

namespace {

std::vector<SourceLine> lines_from(const std::vector<std::string>& text, int first = 10) {
    std::vector<SourceLine> out;
    for (size_t i = 0; i < text.size(); ++i) out.push_back({first + static_cast<int>(i), text[i]});
    return out;
}

}  // namespace

TEST_CASE("spans: bold, italic, code, escapes") {
    std::vector<MarkdownError> errors;
    Text t = parse_spans("a **bold** and *it* with `x*y` and \\*star\\*", 3, errors);
    REQUIRE(errors.empty());
    REQUIRE(t.size() == 7);
    CHECK(t[0].style == SpanStyle::plain);
    CHECK(t[0].text == "a ");
    CHECK(t[1].style == SpanStyle::bold);
    CHECK(t[1].text == "bold");
    CHECK(t[3].style == SpanStyle::italic);
    CHECK(t[3].text == "it");
    CHECK(t[5].style == SpanStyle::code);
    CHECK(t[5].text == "x*y");  // nothing is interpreted inside code
    CHECK(t[6].text == " and *star*");
    CHECK(plain_text(t) == "a bold and it with x*y and *star*");
}

TEST_CASE("spans: errors name the line") {
    std::vector<MarkdownError> errors;
    parse_spans("an **unclosed bold", 7, errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 7);
    CHECK(errors[0].message.find("unclosed **") != std::string::npos);

    errors.clear();
    parse_spans("**bold *nested* no**", 8, errors);
    REQUIRE(!errors.empty());
    CHECK(errors[0].message.find("do not nest") != std::string::npos);

    errors.clear();
    parse_spans("open `code", 9, errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.find("unclosed `") != std::string::npos);
}

TEST_CASE("blocks: heading, paragraph, lists, formula, table, code") {
    std::vector<MarkdownError> errors;
    auto blocks = parse_markdown(lines_from({
                                     "## The chain rule",
                                     "An image is a sequence",
                                     "of pixels.",
                                     "",
                                     "$$ p(x) = ∏ᵢ p(xᵢ | x₁…xᵢ₋₁)",
                                     "- first item",
                                     "  continues here",
                                     "- second",
                                     "1. one",
                                     "2. two",
                                     "",
                                     "| model | context |",
                                     "|---|---|",
                                     "| Row LSTM | triangle |",
                                     "",
                                     "```",
                                     "raw *text*",
                                     "```",
                                 }),
                                 errors);
    REQUIRE(errors.empty());
    REQUIRE(blocks.size() == 9);
    CHECK(blocks[0].kind == BlockKind::heading);
    CHECK(blocks[0].level == 2);
    CHECK(blocks[0].line == 10);
    CHECK(plain_text(blocks[1].text) == "An image is a sequence of pixels.");
    CHECK(blocks[2].kind == BlockKind::formula);
    CHECK(plain_text(blocks[2].text) == "p(x) = ∏ᵢ p(xᵢ | x₁…xᵢ₋₁)");
    CHECK(blocks[3].kind == BlockKind::bullet);
    CHECK(plain_text(blocks[3].text) == "first item continues here");
    CHECK(blocks[4].kind == BlockKind::bullet);
    CHECK(blocks[5].kind == BlockKind::numbered);
    CHECK(blocks[5].number == 1);
    CHECK(blocks[6].number == 2);
    CHECK(blocks[7].kind == BlockKind::table);
    REQUIRE(blocks[7].rows.size() == 2);
    CHECK(plain_text(blocks[7].rows[1][0]) == "Row LSTM");
    CHECK(blocks[8].kind == BlockKind::code);
    CHECK(blocks[8].code == "raw *text*");
}

TEST_CASE("line joins: a space, except inside Chinese text") {
    CHECK(join_lines("of", "pixels.") == "of pixels.");
    CHECK(join_lines("能从中", "采样出") == "能从中采样出");
    CHECK(join_lines("每个像素，", "一次") == "每个像素，一次");
    CHECK(join_lines("Data", "标签页") == "Data 标签页");
    CHECK(join_lines("标签页", "Data") == "标签页 Data");
    CHECK(join_lines("（0）", "或") == "（0）或");
    CHECK(join_lines("", "x") == "x");
    std::vector<MarkdownError> errors;
    auto blocks =
        parse_markdown(lines_from({"一张图有 784 个像素，并且能从中", "采样出新的图像。"}), errors);
    REQUIRE(blocks.size() == 1);
    CHECK(plain_text(blocks[0].text) == "一张图有 784 个像素，并且能从中采样出新的图像。");
}

TEST_CASE("blocks: code block keeps its text") {
    std::vector<MarkdownError> errors;
    auto blocks = parse_markdown(lines_from({"```text", "a  *b*", "c", "```"}), errors);
    REQUIRE(errors.empty());
    REQUIRE(blocks.size() == 1);
    CHECK(blocks[0].kind == BlockKind::code);
    CHECK(blocks[0].code == "a  *b*\nc");
}

TEST_CASE("blocks: each error kind with its line") {
    struct Case {
        std::vector<std::string> text;
        int line;
        const char* words;
    };
    const Case cases[] = {
        {{"# Title again"}, 10, "lesson title"},
        {{"#### too deep"}, 10, "###"},
        {{"##nospace"}, 10, "space after"},
        {{"$$"}, 10, "empty formula"},
        {{"| a | b |", "| 1 | 2 |"}, 10, "separator row"},
        {{"| a | b |", "|---|---|", "| 1 |"}, 12, "cells"},
        {{"| a | b"}, 10, "starts and ends"},
        {{"```python", "x", "```"}, 10, "unknown fenced block"},
        {{"```", "never closed"}, 10, "never closed"},
        {{"- item", "not indented"}, 11, "indented"},
        {{"- "}, 10, "empty list item"},
    };
    for (const Case& c : cases) {
        const std::string words = c.words;
        CAPTURE(words);
        std::vector<MarkdownError> errors;
        parse_markdown(lines_from(c.text), errors);
        REQUIRE(!errors.empty());
        CHECK(errors[0].line == c.line);
        CHECK(errors[0].message.find(c.words) != std::string::npos);
    }
}
