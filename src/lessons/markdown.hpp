// The Markdown subset a lesson step is written in, parsed into blocks and spans the lesson panel
// draws (lessons/README.md, "Step text", is the reference). No GL, no ImGui.
//
//   ## Heading / ### Heading          heading, level 2 or 3 (level 1 is the lesson title)
//   text lines                        paragraph (consecutive lines join with a space)
//   - item / * item                   bullet item (continuation lines indented by 2+ spaces)
//   1. item                           numbered item
//   $$ p(x) = ∏ᵢ p(xᵢ | x₁…xᵢ₋₁)      formula line (Unicode maths, drawn centred)
//   | a | b |  + |---|---| + rows      table (header row, separator row, body rows)
//   ``` ... ```                       code block (no info string, or `text`)
//   spans: **bold**, *italic*, `code`; \* \` \\ escape a character.
//
// Anything outside the subset is an error with its line, never silently drawn as raw marks.
#pragma once

#include <string>
#include <vector>

namespace ps::lessons {

enum class SpanStyle { plain, bold, italic, code };

struct Span {
    SpanStyle style = SpanStyle::plain;
    std::string text;  // UTF-8, markers removed
};
using Text = std::vector<Span>;

enum class BlockKind { heading, paragraph, bullet, numbered, formula, table, code };
const char* block_kind_name(BlockKind kind);

struct Block {
    BlockKind kind = BlockKind::paragraph;
    int line = 0;                         // first source line
    int level = 0;                        // heading: 2 or 3
    int number = 0;                       // numbered: the item's number as written
    Text text;                            // heading, paragraph, bullet, numbered, formula
    std::vector<std::vector<Text>> rows;  // table: rows[0] is the header
    std::string code;                     // code: the raw lines joined with '\n'
};

struct SourceLine {
    int number = 0;  // 1-based line number in the file
    std::string text;
};

struct MarkdownError {
    int line = 0;
    std::string message;
};

// Parses a step's text lines (directive blocks already taken out). Appends problems to `errors`
// and still returns every block it could read.
std::vector<Block> parse_markdown(const std::vector<SourceLine>& lines,
                                  std::vector<MarkdownError>& errors);

// Inline spans of one piece of text (a paragraph, a prompt, a hint).
Text parse_spans(const std::string& text, int line, std::vector<MarkdownError>& errors);

// The text without styling, spans concatenated (for tests, --list and screen readers).
std::string plain_text(const Text& text);

// Joins two source lines of one paragraph (or one directive value). Like Markdown, with a
// space; but not between two CJK characters, nor next to CJK punctuation, where a line break
// in Chinese text must not turn into a space ("能从中" + "采样" -> "能从中采样").
std::string join_lines(const std::string& first, const std::string& second);

}  // namespace ps::lessons
