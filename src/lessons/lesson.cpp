// Small helpers of the lesson structs: pixel text and letters, typed scene reads, scene merging.
#include "lessons/lesson.hpp"

namespace ps::lessons {

std::string to_string(const Pixel& p) {
    return "(" + std::to_string(p.row) + "," + std::to_string(p.col) + ")";
}

char pixel_letter(const Pixel& p, int width, int height) {
    if (width <= 0 || height <= 0 || width * height > 26) return 0;
    if (p.row < 0 || p.col < 0 || p.row >= height || p.col >= width) return 0;
    return static_cast<char>('a' + p.row * width + p.col);
}

const char* language_code(Language lang) {
    return lang == Language::zh ? "zh" : "en";
}

bool operator==(const SceneValue& a, const SceneValue& b) {
    return a.type == b.type && a.word == b.word;
}

const SceneValue* Scene::find(const std::string& key) const {
    auto it = values.find(key);
    return it == values.end() ? nullptr : &it->second;
}

std::string Scene::word(const std::string& key, const std::string& fallback) const {
    const SceneValue* v = find(key);
    return v ? v->word : fallback;
}

long Scene::integer(const std::string& key, long fallback) const {
    const SceneValue* v = find(key);
    return v ? v->integer : fallback;
}

double Scene::number(const std::string& key, double fallback) const {
    const SceneValue* v = find(key);
    if (!v) return fallback;
    return v->type == ValueType::number ? v->number : static_cast<double>(v->integer);
}

bool Scene::flag(const std::string& key, bool fallback) const {
    const SceneValue* v = find(key);
    return v ? v->integer != 0 : fallback;
}

Pixel Scene::pixel(const std::string& key, Pixel fallback) const {
    const SceneValue* v = find(key);
    return v ? v->pixel : fallback;
}

int Scene::height(int fallback) const {
    const SceneValue* v = find("size");
    return v ? static_cast<int>(v->integer) : fallback;
}

int Scene::width(int fallback) const {
    const SceneValue* v = find("size");
    return v ? static_cast<int>(v->integer2) : fallback;
}

Scene Scene::merged_with(const Scene& later) const {
    Scene out = *this;
    for (const auto& [key, value] : later.values) out.values[key] = value;
    return out;
}

bool operator==(const Scene& a, const Scene& b) {
    return a.values == b.values;
}

const char* check_kind_name(CheckKind kind) {
    switch (kind) {
        case CheckKind::none:
            return "none";
        case CheckKind::click:
            return "click";
        case CheckKind::choice:
            return "choice";
        case CheckKind::skew:
            return "skew";
        case CheckKind::reach:
            return "reach";
    }
    return "?";
}

int Check::correct_option() const {
    for (size_t i = 0; i < options.size(); ++i)
        if (options[i].correct) return static_cast<int>(i);
    return -1;
}

}  // namespace ps::lessons
