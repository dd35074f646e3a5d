// Strict lesson parser (format: lessons/README.md).
//
// Index of this file
//   1. Tables          scene keys, reach variables, tabs, architectures
//   2. Text helpers    UTF-8 check, trimming, numbers
//   3. Scanning        lines -> title + raw steps (text lines, ```scene and ```check entries)
//   4. Scenes          entries -> typed values, merged into each step's effective scene
//   5. Checks          entries -> Check, validated against the effective scene
//   6. Entry points
#include "lessons/lesson_parser.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace ps::lessons {

// ---------------------------------------------------------------------------------------------
// 1. Tables
const std::vector<std::string>& tab_names() {
    static const std::vector<std::string> names{"data", "masks",    "rf",
                                                "skew", "sampling", "training"};
    return names;
}

const std::vector<std::string>& arch_names() {
    static const std::vector<std::string> names{"pixelcnn", "rowlstm", "diagbilstm", "gated",
                                                "masked_stack"};
    return names;
}

const std::vector<SceneKey>& scene_keys() {
    using V = ValueType;
    const std::vector<std::string> model_tabs{"rf", "sampling", "training"};
    static const std::vector<SceneKey> keys{
        {"tab", V::word, tab_names(), 0, 0, {}, "the tab to open"},
        {"arch", V::word, arch_names(), 0, 0, model_tabs, "the architecture shown or trained"},
        {"layers",
         V::integer,
         {},
         0,
         64,
         model_tabs,
         "L: blocks / LSTM layers / gated layers (masked_stack: convolutions, mask A first)"},
        {"layers_shown",
         V::integer,
         {},
         0,
         64,
         {"rf"},
         "the receptive-field slider: the field after the input layer and this many layers"},
        {"kernel",
         V::integer,
         {},
         1,
         11,
         {"masks", "rf", "sampling", "training"},
         "k: the masked kernel size (odd)"},
        {"input_kernel",
         V::integer,
         {},
         1,
         11,
         model_tabs,
         "the first (mask A) layer's kernel size (odd)"},
        {"mask", V::word, {"A", "B", "both"}, 0, 0, {"masks"}, "which mask the Masks tab shows"},
        {"channels",
         V::integer,
         {},
         1,
         3,
         {"masks", "rf", "sampling", "training"},
         "C: 1 (binarised / grey) or 3 (RGB)"},
        {"channel",
         V::word,
         {"R", "G", "B"},
         0,
         0,
         {"rf", "sampling"},
         "the target output channel when C = 3"},
        {"size",
         V::size,
         {},
         1,
         64,
         {"rf", "skew", "sampling"},
         "the image / grid size: N (an N x N grid)"},
        {"pixel",
         V::pixel,
         {},
         0,
         0,
         {"rf", "skew", "sampling"},
         "the selected pixel: (row,col), or a letter a..y on a grid of at most 26 pixels"},
        {"letters", V::boolean, {}, 0, 0, {"rf", "skew"}, "draw the a..y letters on the grid"},
        {"source",
         V::word,
         {"analytic", "gradient"},
         0,
         0,
         {"rf"},
         "the receptive field's source: analytic sets or engine gradients"},
        {"compare", V::boolean, {}, 0, 0, {"rf"}, "all four architectures side by side"},
        {"skew_mode",
         V::word,
         {"diagonal", "row"},
         0,
         0,
         {"skew"},
         "Diagonal BiLSTM skew, or Row LSTM rows for contrast"},
        {"step",
         V::integer,
         {},
         0,
         100000,
         {"skew", "sampling"},
         "skew: the animation step (skewed column / row); sampling: positions already drawn"},
        {"speed", V::number, {}, 0.1, 1000, {"skew", "sampling"}, "play speed, steps per second"},
        {"play",
         V::boolean,
         {},
         0,
         0,
         {"skew", "sampling", "training"},
         "start playing (skew, sampling) or training"},
        {"dataset",
         V::word,
         {"mnist", "fashion", "colored-mnist"},
         0,
         0,
         {"data", "sampling", "training"},
         "the dataset"},
        {"image",
         V::integer,
         {},
         0,
         999999,
         {"data", "sampling"},
         "a dataset image index (data browser; the digit to complete)"},
        {"seed", V::integer, {}, 0, 2147483647, {"sampling", "training"}, "the random seed"},
        {"temperature", V::number, {}, 0.05, 10, {"sampling"}, "the sampling temperature"},
        {"sampler_mode",
         V::word,
         {"naive", "cached"},
         0,
         0,
         {"sampling"},
         "naive (a full pass per position) or cached"},
        {"batch",
         V::integer,
         {},
         1,
         256,
         {"sampling", "training"},
         "samples drawn at once (sampling) / the batch size (training)"},
        {"rows_kept",
         V::integer,
         {},
         0,
         64,
         {"sampling"},
         "completion: the top rows kept from the chosen test image"},
        {"hidden", V::integer, {}, 1, 256, {"sampling", "training"}, "h: hidden features"},
        {"lr", V::number, {}, 1e-6, 1, {"training"}, "the Adam learning rate"},
        {"binarize",
         V::word,
         {"threshold", "stochastic"},
         0,
         0,
         {"data", "training"},
         "binarisation of the digits"},
    };
    return keys;
}

const SceneKey* find_scene_key(const std::string& key) {
    for (const SceneKey& k : scene_keys())
        if (key == k.key) return &k;
    return nullptr;
}

bool key_applies_to_tab(const std::string& key, const std::string& tab) {
    const SceneKey* k = find_scene_key(key);
    if (!k) return false;
    return k->tabs.empty() || std::find(k->tabs.begin(), k->tabs.end(), tab) != k->tabs.end();
}

const std::vector<ReachVariable>& reach_variables() {
    using V = ValueType;
    static const std::vector<ReachVariable> vars{
        {"sampler_pixel",
         V::pixel,
         {">="},
         {},
         {"sampling"},
         "the sampler's current position (the next pixel to draw) in raster order"},
        {"sampler_done", V::boolean, {"=="}, {}, {"sampling"}, "every pixel has been drawn"},
        {"sampler_mode", V::word, {"=="}, {"naive", "cached"}, {"sampling"}, "the sampler's mode"},
        {"completions",
         V::integer,
         {">=", "=="},
         {},
         {"sampling"},
         "completed images (with rows_kept) finished since the step opened"},
        {"test_nll", V::number, {"<", "<="}, {}, {"training"}, "the last test NLL in nats"},
        {"train_nll", V::number, {"<", "<="}, {}, {"training"}, "the last train NLL in nats"},
        {"images_seen", V::integer, {">=", ">"}, {}, {"training"}, "training images seen"},
        {"skew_step", V::integer, {">=", "=="}, {}, {"skew"}, "the skew animation step"},
        {"layers_shown", V::integer, {">=", "=="}, {}, {"rf"}, "the receptive-field layer slider"},
        {"mask", V::word, {"=="}, {"A", "B", "both"}, {"masks"}, "the mask on show"},
        {"kernel", V::integer, {"==", ">="}, {}, {"masks", "rf"}, "the kernel size"},
    };
    return vars;
}

// ---------------------------------------------------------------------------------------------
// 2. Text helpers
namespace {

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    return s.substr(b, e - b);
}

bool starts_with(const std::string& s, const std::string& p) {
    return s.rfind(p, 0) == 0;
}

// Byte offset of the first invalid UTF-8 sequence (or NUL), npos if the line is valid.
size_t invalid_utf8_at(const std::string& s) {
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        size_t extra = 0;
        if (c == 0) return i;
        if (c < 0x80)
            extra = 0;
        else if (c >= 0xC2 && c <= 0xDF)
            extra = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            extra = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            extra = 3;
        else
            return i;
        if (extra && i + extra >= s.size()) return i;
        for (size_t k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return i;
        i += extra + 1;
    }
    return std::string::npos;
}

bool parse_long(const std::string& s, long& out) {
    if (s.empty() || s.size() > 12) return false;
    size_t i = (s[0] == '-') ? 1 : 0;
    if (i == s.size()) return false;
    for (size_t k = i; k < s.size(); ++k)
        if (s[k] < '0' || s[k] > '9') return false;
    out = std::strtol(s.c_str(), nullptr, 10);
    return true;
}

bool parse_double(const std::string& s, double& out) {
    if (s.empty() || s.size() > 32) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
            return false;
    char* end = nullptr;
    errno = 0;
    out = std::strtod(s.c_str(), &end);
    return errno == 0 && end == s.c_str() + s.size() && std::isfinite(out);
}

std::string join(const std::vector<std::string>& words, const char* sep = ", ") {
    std::string s;
    for (size_t i = 0; i < words.size(); ++i) s += (i ? sep : "") + words[i];
    return s;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::string format_number(double v) {
    std::ostringstream o;
    o << v;
    return o.str();
}

// "(3,1)", "3,1", "( 3 , 1 )" -> (3, 1). Letters are resolved by the caller (they need the size).
bool parse_coords(const std::string& text, Pixel& p) {
    std::string s = trim(text);
    if (s.size() >= 2 && s.front() == '(' && s.back() == ')') s = s.substr(1, s.size() - 2);
    size_t comma = s.find(',');
    if (comma == std::string::npos) return false;
    long r = 0, c = 0;
    if (!parse_long(trim(s.substr(0, comma)), r) || !parse_long(trim(s.substr(comma + 1)), c))
        return false;
    if (r < 0 || c < 0 || r > 1000 || c > 1000) return false;
    p = Pixel{static_cast<int>(r), static_cast<int>(c)};
    return true;
}

// Splits a list of pixels: "j n o", "j, n, o", "(1,2) (3,4)", "(1,2), (3,4)".
std::vector<std::string> split_pixel_list(const std::string& text) {
    std::vector<std::string> items;
    std::string cur;
    int depth = 0;
    for (char c : text) {
        if (c == '(') ++depth;
        if (c == ')') --depth;
        if (depth == 0 && (c == ' ' || c == ',' || c == '\t')) {
            if (!trim(cur).empty()) items.push_back(trim(cur));
            cur.clear();
            continue;
        }
        cur += c;
        if (depth == 0 && c == ')') {
            items.push_back(trim(cur));
            cur.clear();
        }
    }
    if (!trim(cur).empty()) items.push_back(trim(cur));
    return items;
}

// ---------------------------------------------------------------------------------------------
// 3. Scanning
struct Entry {
    std::string key, value;
    int line = 0;
};

struct Directive {
    int line = 0;
    std::vector<Entry> entries;
};

struct RawStep {
    int line = 0;
    std::vector<SourceLine> text;
    std::optional<Directive> scene, check;
};

class Parser {
public:
    Parser(const std::string& text, const std::string& file) : m_text(text), m_file(file) {}

    ParseResult run() {
        ParseResult result;
        result.lesson.file = m_file;
        name_and_language(result.lesson);
        std::vector<std::string> lines = split_lines();
        if (!m_errors.empty()) return finish(result);
        scan(lines, result.lesson);
        Scene effective;
        for (size_t i = 0; i < m_raw.size(); ++i) {
            Step step;
            step.line = m_raw[i].line;
            std::vector<MarkdownError> md;
            step.blocks = parse_markdown(m_raw[i].text, md);
            for (const MarkdownError& e : md) error(e.line, e.message);
            if (step.blocks.empty())
                error(step.line, "step " + std::to_string(i + 1) + " has no text");
            if (m_raw[i].scene) step.scene = parse_scene(*m_raw[i].scene, effective);
            effective = effective.merged_with(step.scene);
            step.effective = effective;
            if (m_raw[i].check) step.check = parse_check(*m_raw[i].check, effective);
            result.lesson.steps.push_back(std::move(step));
        }
        if (m_raw.empty()) error(0, "the lesson has no steps");
        return finish(result);
    }

private:
    void error(int line, const std::string& message) {
        if (m_errors.size() < 200) m_errors.push_back(ParseError{m_file, line, message});
    }

    ParseResult finish(ParseResult& r) {
        r.errors = std::move(m_errors);
        return std::move(r);
    }

    void name_and_language(Lesson& lesson) {
        std::string name = m_file;
        size_t slash = name.find_last_of("/\\");
        std::string dir = slash == std::string::npos ? "" : name.substr(0, slash);
        std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
        size_t dslash = dir.find_last_of("/\\");
        std::string parent = dslash == std::string::npos ? dir : dir.substr(dslash + 1);
        lesson.language = parent == "zh" ? Language::zh : Language::en;
        if (!lesson_file_name(base, lesson.id, lesson.number))
            error(0, "file name must be NN-slug.md (two digits, a dash, then a-z 0-9 -), got '" +
                         base + "'");
    }

    std::vector<std::string> split_lines() {
        std::vector<std::string> lines;
        std::string cur;
        for (char c : m_text) {
            if (c == '\n') {
                lines.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        if (!cur.empty()) lines.push_back(cur);
        for (size_t i = 0; i < lines.size(); ++i) {
            if (!lines[i].empty() && lines[i].back() == '\r') lines[i].pop_back();
            size_t bad = invalid_utf8_at(lines[i]);
            if (bad != std::string::npos)
                error(static_cast<int>(i + 1), "invalid UTF-8 (or a NUL byte) at byte " +
                                                   std::to_string(bad + 1) + " of the line");
            if (lines[i].find('\t') != std::string::npos)
                error(static_cast<int>(i + 1), "tab character: indent with spaces");
        }
        if (lines.empty()) error(0, "the file is empty");
        return lines;
    }

    void scan(const std::vector<std::string>& lines, Lesson& lesson) {
        const std::string& first = lines[0];
        if (!starts_with(first, "# ") || trim(first.substr(2)).empty()) {
            error(1, "the first line must be the title: '# Title'");
        } else {
            lesson.title = trim(first.substr(2));
        }
        RawStep step;
        bool in_code = false;
        Directive* directive = nullptr;
        std::string directive_name;
        int code_line = 0;
        auto finish_step = [&](int line) {
            bool blank = step.scene == std::nullopt && step.check == std::nullopt &&
                         std::all_of(step.text.begin(), step.text.end(),
                                     [](const SourceLine& l) { return trim(l.text).empty(); });
            if (blank) {
                error(line,
                      "empty step (two --- lines with nothing between them, or a --- at "
                      "the start or end of the file)");
            } else {
                m_raw.push_back(std::move(step));
            }
            step = RawStep{};
        };
        for (size_t i = 1; i < lines.size(); ++i) {
            const int n = static_cast<int>(i + 1);
            const std::string& s = lines[i];
            const std::string t = trim(s);
            if (directive) {
                if (t == "```") {
                    directive = nullptr;
                } else if (t.empty()) {
                    continue;
                } else if (starts_with(s, "  ") && !directive->entries.empty()) {
                    directive->entries.back().value =
                        join_lines(directive->entries.back().value, t);  // continuation line
                } else {
                    size_t colon = t.find(':');
                    std::string key = colon == std::string::npos ? "" : trim(t.substr(0, colon));
                    bool ok_key = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || c == '_';
                    });
                    if (!ok_key) {
                        error(n, "expected 'key: value' inside the ```" + directive_name +
                                     " block, got '" + t + "'");
                    } else {
                        directive->entries.push_back(Entry{key, trim(t.substr(colon + 1)), n});
                    }
                }
                continue;
            }
            if (in_code) {
                step.text.push_back({n, s});
                if (t == "```") in_code = false;
                continue;
            }
            if (t == "---") {
                finish_step(n);
                continue;
            }
            if (step.line == 0 && !t.empty()) step.line = n;
            if (starts_with(t, "```")) {
                std::string info = trim(t.substr(3));
                if (info == "scene" || info == "check") {
                    std::optional<Directive>& slot = info == "scene" ? step.scene : step.check;
                    if (slot) {
                        error(n, "a step has at most one ```" + info +
                                     " block (the first is at "
                                     "line " +
                                     std::to_string(slot->line) + ")");
                    }
                    slot = Directive{n, {}};
                    directive = &*slot;
                    directive_name = info;
                    continue;
                }
                in_code = true;
                code_line = n;
            }
            step.text.push_back({n, s});
        }
        const int end = static_cast<int>(lines.size());
        if (directive) error(directive->line, "this block is never closed with ```");
        if (in_code) error(code_line, "this code block is never closed with ```");
        finish_step(end);
    }

    // -----------------------------------------------------------------------------------------
    // 4. Scenes
    // A value in its type, without the size-dependent letter resolution.
    std::optional<SceneValue> parse_value(const SceneKey& key, const Entry& e,
                                          const Scene& so_far) {
        SceneValue v;
        v.type = key.type;
        v.line = e.line;
        const std::string& s = e.value;
        auto bad = [&](const std::string& why) {
            error(e.line, std::string(key.key) + ": " + why + ", got '" + s + "'");
            return std::nullopt;
        };
        switch (key.type) {
            case ValueType::word:
                if (!contains(key.words, s)) return bad("expected one of " + join(key.words));
                v.word = s;
                return v;
            case ValueType::boolean:
                if (s != "on" && s != "off") return bad("expected on or off");
                v.integer = s == "on";
                v.word = s;
                return v;
            case ValueType::integer: {
                if (!parse_long(s, v.integer)) return bad("expected an integer");
                if (v.integer < key.lo || v.integer > key.hi)
                    return bad("expected " + format_number(key.lo) + ".." + format_number(key.hi));
                std::string k = key.key;
                if ((k == "kernel" || k == "input_kernel") && v.integer % 2 == 0)
                    return bad("kernel sizes are odd");
                if (k == "channels" && v.integer == 2) return bad("expected 1 or 3");
                v.word = std::to_string(v.integer);
                return v;
            }
            case ValueType::number:
                if (!parse_double(s, v.number)) return bad("expected a number");
                if (v.number < key.lo || v.number > key.hi)
                    return bad("expected " + format_number(key.lo) + ".." + format_number(key.hi));
                v.word = format_number(v.number);
                return v;
            case ValueType::size: {
                // Square only: the Receptive-field, Skew and Sampling views draw N x N grids, so
                // an H x W scene would show another grid than its text and checks talk about.
                long h = 0, w = 0;
                if (s.find('x') != std::string::npos)
                    return bad("expected N: the views draw square N x N grids");
                if (!parse_long(s, h)) return bad("expected N (an N x N grid)");
                w = h;
                if (h < key.lo || h > key.hi || w < key.lo || w > key.hi)
                    return bad("sizes are 1..64");
                v.integer = h;
                v.integer2 = w;
                v.word = std::to_string(h) + "x" + std::to_string(w);
                return v;
            }
            case ValueType::pixel: {
                int H = so_far.height(), W = so_far.width();
                if (!resolve_pixel(s, H, W, e.line, key.key, v.pixel)) return std::nullopt;
                v.word = to_string(v.pixel);
                return v;
            }
        }
        return std::nullopt;
    }

    // A pixel written as coordinates or as a letter; checked against the grid size H x W.
    bool resolve_pixel(const std::string& s, int H, int W, int line, const std::string& what,
                       Pixel& p) {
        if (H <= 0 || W <= 0) {
            error(line, what +
                            ": a pixel needs a size in the scene (this step's or an earlier "
                            "step's)");
            return false;
        }
        if (s.size() == 1 && s[0] >= 'a' && s[0] <= 'z') {
            if (H * W > 26) {
                error(line, what +
                                ": letters name pixels only on grids of at most 26 pixels (the "
                                "grid is " +
                                std::to_string(H) + "x" + std::to_string(W) + "); write (row,col)");
                return false;
            }
            int idx = s[0] - 'a';
            if (idx >= H * W) {
                error(line, what + ": letter '" + s + "' is past the last pixel of the " +
                                std::to_string(H) + "x" + std::to_string(W) + " grid");
                return false;
            }
            p = Pixel{idx / W, idx % W};
            return true;
        }
        if (!parse_coords(s, p)) {
            error(line, what + ": expected (row,col) or a letter, got '" + s + "'");
            return false;
        }
        if (p.row >= H || p.col >= W) {
            error(line, what + ": " + to_string(p) + " is outside the " + std::to_string(H) + "x" +
                            std::to_string(W) + " grid");
            return false;
        }
        return true;
    }

    Scene parse_scene(const Directive& d, const Scene& before) {
        Scene scene;
        std::set<std::string> seen;
        // tab and size first: the other keys are checked against them.
        std::vector<const Entry*> order;
        for (const Entry& e : d.entries)
            if (e.key == "tab" || e.key == "size") order.push_back(&e);
        for (const Entry& e : d.entries)
            if (e.key != "tab" && e.key != "size") order.push_back(&e);
        if (d.entries.empty()) error(d.line, "empty ```scene block");
        for (const Entry* e : order) {
            const SceneKey* key = find_scene_key(e->key);
            if (!key) {
                std::vector<std::string> names;
                for (const SceneKey& k : scene_keys()) names.push_back(k.key);
                error(e->line, "unknown scene key '" + e->key + "' (known: " + join(names) + ")");
                continue;
            }
            if (!seen.insert(e->key).second) {
                error(e->line, "scene key '" + e->key + "' is set twice in this block");
                continue;
            }
            Scene so_far = before.merged_with(scene);
            if (auto v = parse_value(*key, *e, so_far)) scene.values[e->key] = *v;
        }
        // Every key this step sets must mean something on the tab it shows.
        Scene effective = before.merged_with(scene);
        std::string tab = effective.word("tab");
        if (tab.empty()) {
            error(d.line, "the scene has no tab (set tab: in this step or an earlier one)");
        } else {
            for (const auto& [k, v] : scene.values) {
                const SceneKey* key = find_scene_key(k);
                if (key && !key->tabs.empty() && !contains(key->tabs, tab))
                    error(v.line, "scene key '" + k + "' does not apply to tab " + tab +
                                      " (it applies to " + join(key->tabs) + ")");
            }
        }
        // A pixel inherited from an earlier step must still fit a new size.
        if (scene.has("size") && !scene.has("pixel") && effective.has("pixel")) {
            Pixel p = effective.pixel("pixel");
            if (p.row >= effective.height() || p.col >= effective.width())
                error(scene.find("size")->line, "the pixel " + to_string(p) +
                                                    " set earlier is outside this size; set "
                                                    "pixel: too");
        }
        return scene;
    }

    // -----------------------------------------------------------------------------------------
    // 5. Checks
    Check parse_check(const Directive& d, const Scene& scene) {
        Check check;
        check.line = d.line;
        const Entry* kind = nullptr;
        for (const Entry& e : d.entries)
            if (e.key == "kind") {
                if (kind) error(e.line, "kind is set twice");
                kind = &e;
            }
        if (!kind) {
            error(d.line, "a ```check block needs 'kind: click | choice | skew | reach'");
            return check;
        }
        const std::string& k = kind->value;
        if (k == "click")
            check.kind = CheckKind::click;
        else if (k == "choice")
            check.kind = CheckKind::choice;
        else if (k == "skew")
            check.kind = CheckKind::skew;
        else if (k == "reach")
            check.kind = CheckKind::reach;
        else {
            error(kind->line, "kind: expected click, choice, skew or reach, got '" + k + "'");
            return check;
        }

        std::vector<std::string> allowed{"kind", "prompt", "hint"};
        if (check.kind == CheckKind::click)
            allowed.insert(allowed.end(), {"answer", "expect", "feedback"});
        if (check.kind == CheckKind::choice) allowed.insert(allowed.end(), {"option", "feedback"});
        if (check.kind == CheckKind::skew) allowed.insert(allowed.end(), {"answer", "feedback"});
        if (check.kind == CheckKind::reach)
            allowed.insert(allowed.end(), {"condition", "feedback"});

        std::map<std::string, const Entry*> once;
        for (const Entry& e : d.entries) {
            if (!contains(allowed, e.key)) {
                error(e.line, "'" + e.key + "' is not a key of a " + k +
                                  " check (keys: " + join(allowed) + ")");
                continue;
            }
            if (e.key == "kind") continue;
            if (check.kind == CheckKind::choice && (e.key == "option" || e.key == "feedback")) {
                choice_entry(check, e);
                continue;
            }
            if (once.count(e.key)) {
                error(e.line, "'" + e.key + "' is set twice");
                continue;
            }
            once[e.key] = &e;
        }
        auto text_of = [&](const char* key, bool required) {
            auto it = once.find(key);
            if (it == once.end()) {
                if (required) error(d.line, std::string("the check needs a '") + key + ":' line");
                return Text{};
            }
            if (it->second->value.empty()) error(it->second->line, std::string(key) + " is empty");
            return spans(it->second->value, it->second->line);
        };
        check.prompt = text_of("prompt", true);
        check.hint = text_of("hint", true);
        if (check.kind != CheckKind::choice) check.feedback = text_of("feedback", false);

        std::string tab = scene.word("tab");
        auto need_tab = [&](const std::vector<std::string>& tabs) {
            if (!tab.empty() && !contains(tabs, tab))
                error(d.line, "a " + k + " check needs the scene's tab to be " +
                                  join(tabs, " or ") + " (it is " + tab + ")");
        };
        switch (check.kind) {
            case CheckKind::click:
                need_tab({"rf"});
                click_check(check, once, scene, d.line);
                break;
            case CheckKind::choice:
                choice_done(check, d.line);
                break;
            case CheckKind::skew:
                need_tab({"skew"});
                skew_check(check, once, scene, d.line);
                break;
            case CheckKind::reach:
                reach_check(check, once, scene, d.line);
                break;
            case CheckKind::none:
                break;
        }
        return check;
    }

    Text spans(const std::string& s, int line) {
        std::vector<MarkdownError> md;
        Text t = parse_spans(s, line, md);
        for (const MarkdownError& e : md) error(e.line, e.message);
        return t;
    }

    void choice_entry(Check& check, const Entry& e) {
        if (e.key == "option") {
            ChoiceOption o;
            o.line = e.line;
            std::string v = e.value;
            if (starts_with(v, "[x] "))
                o.correct = true;
            else if (!starts_with(v, "[ ] ")) {
                error(e.line, "an option starts with '[x] ' (the correct one) or '[ ] '");
                return;
            }
            o.text = spans(trim(v.substr(4)), e.line);
            if (o.text.empty()) error(e.line, "empty option");
            check.options.push_back(std::move(o));
        } else {  // feedback: belongs to the option just above it
            if (check.options.empty()) {
                error(e.line, "feedback in a choice check follows the option it answers");
                return;
            }
            ChoiceOption& o = check.options.back();
            if (!o.feedback.empty()) {
                error(e.line, "this option already has feedback");
                return;
            }
            o.feedback = spans(e.value, e.line);
            if (o.feedback.empty()) error(e.line, "empty feedback");
        }
    }

    void choice_done(Check& check, int line) {
        if (check.options.size() < 2) error(line, "a choice check needs at least two options");
        int correct = 0;
        for (const ChoiceOption& o : check.options) {
            correct += o.correct;
            if (!o.correct && o.feedback.empty())
                error(o.line,
                      "a wrong option needs a 'feedback:' line right after it (why it is "
                      "wrong)");
        }
        if (!check.options.empty() && correct != 1)
            error(line, "exactly one option is marked [x] (found " + std::to_string(correct) + ")");
    }

    void click_check(Check& check, const std::map<std::string, const Entry*>& once,
                     const Scene& scene, int line) {
        auto ex = once.find("expect");
        if (ex == once.end()) {
            error(line, "a click check needs 'expect: blind_spot | seen | given'");
        } else {
            const std::string& v = ex->second->value;
            if (v == "blind_spot")
                check.expect = ClickExpect::blind_spot;
            else if (v == "seen")
                check.expect = ClickExpect::seen;
            else if (v == "given")
                check.expect = ClickExpect::given;
            else
                error(ex->second->line,
                      "expect: expected blind_spot, seen or given, got '" + v + "'");
        }
        auto an = once.find("answer");
        if (an == once.end()) {
            error(line, "a click check needs an 'answer:' (pixels as letters or (row,col))");
            return;
        }
        const int H = scene.height(), W = scene.width();
        std::set<Pixel> set;
        for (const std::string& item : split_pixel_list(an->second->value)) {
            Pixel p;
            if (!resolve_pixel(item, H, W, an->second->line, "answer", p)) continue;
            if (!set.insert(p).second)
                error(an->second->line, "answer: " + item + " is listed twice");
        }
        if (set.empty() && !an->second->value.empty()) return;
        if (set.empty()) error(an->second->line, "answer: no pixels");
        if (check.expect != ClickExpect::given) {
            if (!scene.has("pixel")) {
                error(line, "a blind_spot / seen answer is about the scene's pixel: set pixel:");
            } else {
                Pixel target = scene.pixel("pixel");
                for (const Pixel& p : set)
                    if (!(p < target))
                        error(an->second->line, "answer: " + to_string(p) +
                                                    " is not before the "
                                                    "scene's pixel " +
                                                    to_string(target) + " in raster order");
            }
        }
        check.answer.assign(set.begin(), set.end());
    }

    void skew_check(Check& check, const std::map<std::string, const Entry*>& once,
                    const Scene& scene, int line) {
        if (scene.word("skew_mode", "diagonal") != "diagonal")
            error(line, "a skew check needs skew_mode: diagonal");
        if (!scene.has("pixel"))
            error(line, "a skew check asks where the scene's pixel lands: set pixel:");
        auto an = once.find("answer");
        if (an == once.end()) {
            error(line, "a skew check needs 'answer: (row,col)', a cell of the skewed grid");
            return;
        }
        Pixel p;
        const int H = scene.height(), W = scene.width();
        if (H <= 0) {
            error(an->second->line, "answer: the scene needs a size");
            return;
        }
        if (!parse_coords(an->second->value, p)) {
            error(an->second->line,
                  "answer: expected one cell (row,col) of the skewed grid, got '" +
                      an->second->value + "'");
            return;
        }
        const int S = H + W - 1;
        if (p.row >= H || p.col >= S) {
            error(an->second->line, "answer: " + to_string(p) + " is outside the skewed grid " +
                                        std::to_string(H) + "x" + std::to_string(S));
            return;
        }
        check.answer = {p};
    }

    void reach_check(Check& check, const std::map<std::string, const Entry*>& once,
                     const Scene& scene, int line) {
        auto c = once.find("condition");
        if (c == once.end()) {
            error(line, "a reach check needs 'condition: <variable> <op> <value>'");
            return;
        }
        const Entry& e = *c->second;
        std::istringstream in(e.value);
        std::string var, op, value, extra;
        in >> var >> op;
        std::getline(in, value);
        value = trim(value);
        const ReachVariable* rv = nullptr;
        for (const ReachVariable& v : reach_variables())
            if (var == v.name) rv = &v;
        if (!rv) {
            std::vector<std::string> names;
            for (const ReachVariable& v : reach_variables()) names.push_back(v.name);
            error(e.line, "condition: unknown variable '" + var + "' (known: " + join(names) + ")");
            return;
        }
        if (!contains(rv->ops, op)) {
            error(e.line,
                  "condition: " + var + " takes " + join(rv->ops, " or ") + ", got '" + op + "'");
            return;
        }
        std::string tab = scene.word("tab");
        if (!tab.empty() && !contains(rv->tabs, tab))
            error(e.line, "condition: " + var + " is read on tab " + join(rv->tabs, " or ") +
                              " but the scene shows " + tab);
        ReachCondition& rc = check.condition;
        rc.variable = var;
        rc.type = rv->type;
        rc.op = op == "<"    ? ReachOp::lt
                : op == "<=" ? ReachOp::le
                : op == ">=" ? ReachOp::ge
                : op == ">"  ? ReachOp::gt
                             : ReachOp::eq;
        bool ok = true;
        switch (rv->type) {
            case ValueType::pixel:
                ok = resolve_pixel(value, scene.height(), scene.width(), e.line, "condition",
                                   rc.pixel);
                value = to_string(rc.pixel);
                break;
            case ValueType::boolean:
                ok = value == "true" || value == "false";
                if (!ok)
                    error(e.line, "condition: " + var + " is true or false, got '" + value + "'");
                rc.number = value == "true";
                break;
            case ValueType::word:
                ok = contains(rv->words, value);
                if (!ok)
                    error(e.line, "condition: " + var + " is one of " + join(rv->words) +
                                      ", got '" + value + "'");
                rc.word = value;
                break;
            case ValueType::integer: {
                long n = 0;
                ok = parse_long(value, n) && n >= 0;
                if (!ok)
                    error(e.line, "condition: " + var + " compares with an integer >= 0, got '" +
                                      value + "'");
                rc.number = static_cast<double>(n);
                break;
            }
            case ValueType::number:
                ok = parse_double(value, rc.number) && rc.number > 0;
                if (!ok)
                    error(e.line, "condition: " + var + " compares with a positive number, got '" +
                                      value + "'");
                if (ok) value = format_number(rc.number);
                break;
            case ValueType::size:
                ok = false;
                break;
        }
        if (ok) rc.text = var + " " + op + " " + value;
    }

    const std::string& m_text;
    std::string m_file;
    std::vector<ParseError> m_errors;
    std::vector<RawStep> m_raw;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// 6. Entry points
std::string ParseError::to_string() const {
    return line > 0 ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
}

bool lesson_file_name(const std::string& filename, std::string& id, int& number) {
    const std::string ext = ".md";
    if (filename.size() < 2 + 1 + 1 + ext.size()) return false;
    if (filename.compare(filename.size() - ext.size(), ext.size(), ext) != 0) return false;
    std::string stem = filename.substr(0, filename.size() - ext.size());
    if (!(stem[0] >= '0' && stem[0] <= '9' && stem[1] >= '0' && stem[1] <= '9' && stem[2] == '-'))
        return false;
    for (size_t i = 3; i < stem.size(); ++i) {
        char c = stem[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    if (stem.back() == '-') return false;
    id = stem;
    number = (stem[0] - '0') * 10 + (stem[1] - '0');
    return true;
}

ParseResult parse_lesson_text(const std::string& text, const std::string& filename) {
    try {
        return Parser(text, filename).run();
    } catch (const std::exception& e) {
        // Not expected; kept so that a fuzzer or a hostile file can never take the app down.
        ParseResult r;
        r.lesson.file = filename;
        r.errors.push_back(
            ParseError{filename, 0, std::string("internal parser error: ") + e.what()});
        return r;
    }
}

ParseResult parse_lesson_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ParseResult r;
        r.lesson.file = path;
        r.errors.push_back(ParseError{path, 0, "cannot open the file"});
        return r;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    return parse_lesson_text(buf.str(), path);
}

}  // namespace ps::lessons
