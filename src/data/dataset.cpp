// Index: 1. Helpers (files, paths, split)  2. Loading an IDX pair  3. mnist and its asset folder
//        4. fashion and train/t10k folders  5. colored-mnist  6. load_dataset
#include "data/dataset.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>

#include "data/idx.hpp"

namespace ps::data {

// ---------------------------------------------------------------------------------------------
// 1. Helpers (files, paths, split)

namespace {

bool is_file(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_dir(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string dir_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string join(const std::string& dir, const std::string& name) {
    if (dir.empty()) return name;
    return dir.back() == '/' ? dir + name : dir + "/" + name;
}

// `base` or `base.gz`, whichever exists (raw first); empty if neither.
std::string with_optional_gz(const std::string& base) {
    if (is_file(base)) return base;
    if (is_file(base + ".gz")) return base + ".gz";
    return "";
}

std::vector<std::string> digit_names() {
    std::vector<std::string> names;
    for (int k = 0; k < 10; ++k) names.push_back(std::to_string(k));
    return names;
}

}  // namespace

namespace {
const char* k_index_split = "test iff index % 5 == 4";
}  // namespace

void split_by_index(int count, std::vector<int>& train, std::vector<int>& test) {
    train.clear();
    test.clear();
    train.reserve(std::size_t(count - count / 5));
    test.reserve(std::size_t(count / 5));
    for (int i = 0; i < count; ++i) (i % 5 == 4 ? test : train).push_back(i);
}

// ---------------------------------------------------------------------------------------------
// 2. Loading an IDX pair

namespace {

// Reads an images file (and a labels file unless labels_path is empty) into `out`, checking that
// the counts agree. Returns an empty string or the error.
std::string load_pair(const std::string& images_path, const std::string& labels_path,
                      Dataset& out) {
    IdxResult images = read_idx_u8(images_path, 3);
    if (!images.ok) return images.error;
    const auto& d = images.array.dims;
    // Each dimension is capped by the reader's 1e9-byte limit, so the casts to int are safe.
    out.images.count = int(d[0]);
    out.images.channels = 1;
    out.images.rows = int(d[1]);
    out.images.cols = int(d[2]);
    out.images.pixels = std::move(images.array.data);
    out.source = images_path;
    out.labels.clear();
    if (!labels_path.empty()) {
        IdxResult labels = read_idx_u8(labels_path, 1);
        if (!labels.ok) return labels.error;
        if (labels.array.dims[0] != d[0])
            return labels_path + ": " + std::to_string(labels.array.dims[0]) + " labels, but " +
                   images_path + " has " + std::to_string(d[0]) + " images";
        out.labels = std::move(labels.array.data);
        out.source += ", " + labels_path;
    }
    return "";
}

// Appends `b` (same image size) to `a`: used to join train and t10k.
std::string append(Dataset& a, Dataset& b, const std::string& b_path) {
    if (a.images.rows != b.images.rows || a.images.cols != b.images.cols)
        return b_path + ": images are " + std::to_string(b.images.rows) + "x" +
               std::to_string(b.images.cols) + ", the train set's are " +
               std::to_string(a.images.rows) + "x" + std::to_string(a.images.cols);
    if (a.labels.empty() != b.labels.empty())
        return b_path + ": one of the train/test sets has labels and the other has none";
    // Exact reserve: insert alone would double the 47 MB Fashion-MNIST train buffer.
    a.images.pixels.reserve(a.images.pixels.size() + b.images.pixels.size());
    a.images.pixels.insert(a.images.pixels.end(), b.images.pixels.begin(), b.images.pixels.end());
    b.images.pixels = {};
    a.images.count += b.images.count;
    a.labels.insert(a.labels.end(), b.labels.begin(), b.labels.end());
    a.source += ", " + b.source;
    return "";
}

// The labels file that goes with an images file by the usual naming
// (train-images-idx3-ubyte[.gz] -> train-labels-idx1-ubyte[.gz], also "images.idx3" and any
// "images" -> "labels"), raw or .gz. Empty if there is none.
std::string labels_beside(const std::string& images_path) {
    const std::string dir = dir_of(images_path);
    std::string name = images_path.substr(images_path.find_last_of('/') + 1);
    if (name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0)
        name.erase(name.size() - 3);
    auto replace = [](std::string s, const std::string& from, const std::string& to) {
        const auto at = s.find(from);
        if (at == std::string::npos) return std::string();
        return s.replace(at, from.size(), to);
    };
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"images-idx3", "labels-idx1"},
          {"images.idx3", "labels.idx1"},
          {"images", "labels"}}) {
        const std::string candidate = replace(name, from, to);
        if (candidate.empty()) continue;
        const std::string found = with_optional_gz(join(dir, candidate));
        if (!found.empty()) return found;
    }
    return "";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 3. mnist and its asset folder

namespace {

const char* k_mnist_images = "mnist-images-idx3-ubyte.gz";
const char* k_mnist_labels = "mnist-labels-idx1-ubyte.gz";

std::string executable_dir() {
    char buf[4096];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return "";
    buf[n] = 0;
    return dir_of(buf);
}

}  // namespace

std::string find_mnist_dir(std::vector<std::string>* searched) {
    // Beside the executable first, so a copied or installed binary uses the assets shipped with
    // it; the source tree it was built from last.
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("PIXELSCOPE_DATA_DIR"); env && *env)
        candidates.push_back(env);
    const std::string exe = executable_dir();
    if (!exe.empty()) {
        candidates.push_back(join(exe, "../assets/data"));
        candidates.push_back(join(exe, "assets/data"));
    }
    candidates.push_back(join(PIXELSCOPE_SOURCE_ROOT, "assets/data"));
    if (searched) *searched = candidates;
    for (const auto& dir : candidates)
        if (is_file(join(dir, k_mnist_images))) return dir;
    return "";
}

namespace {

DatasetResult load_mnist() {
    DatasetResult r;
    std::vector<std::string> searched;
    const std::string dir = find_mnist_dir(&searched);
    if (dir.empty()) {
        r.error = std::string(k_mnist_images) + ": not found in";
        for (std::size_t i = 0; i < searched.size(); ++i) r.error += (i ? ", " : " ") + searched[i];
        r.error += " (scripts/make_mnist_assets.sh regenerates it)";
        return r;
    }
    r.error = load_pair(join(dir, k_mnist_images), join(dir, k_mnist_labels), r.dataset);
    if (!r.error.empty()) return r;
    r.dataset.name = "mnist";
    r.dataset.class_names = digit_names();
    split_by_index(r.dataset.images.count, r.dataset.train, r.dataset.test);
    r.dataset.split = k_index_split;
    r.ok = true;
    return r;
}

// ---------------------------------------------------------------------------------------------
// 4. fashion and train/t10k folders

// A folder with train-/t10k-{images-idx3,labels-idx1}-ubyte[.gz] (also the "images.idx3"
// spelling some mirrors use): train first, then test. Labels are optional but must be present
// for both or neither.
DatasetResult load_train_t10k_dir(const std::string& dir, const std::string& name) {
    DatasetResult r;
    auto find = [&](const std::string& prefix, const std::string& kind, int rank) {
        for (const char* sep : {"-", "."}) {
            const std::string found = with_optional_gz(
                join(dir, prefix + "-" + kind + sep + "idx" + std::to_string(rank) + "-ubyte"));
            if (!found.empty()) return found;
        }
        return std::string();
    };
    const std::string train_images = find("train", "images", 3);
    const std::string test_images = find("t10k", "images", 3);
    if (train_images.empty() || test_images.empty()) {
        r.error = join(dir, train_images.empty() ? "train-images-idx3-ubyte[.gz]"
                                                 : "t10k-images-idx3-ubyte[.gz]") +
                  ": not found";
        return r;
    }
    Dataset test;
    r.error = load_pair(train_images, find("train", "labels", 1), r.dataset);
    if (r.error.empty()) r.error = load_pair(test_images, find("t10k", "labels", 1), test);
    if (r.error.empty()) r.error = append(r.dataset, test, test_images);
    if (!r.error.empty()) return r;
    const int n_train = r.dataset.images.count - test.images.count;
    for (int i = 0; i < r.dataset.images.count; ++i)
        (i < n_train ? r.dataset.train : r.dataset.test).push_back(i);
    r.dataset.split = "the train-* images first, then the t10k-* ones";
    r.dataset.name = name;
    r.ok = true;
    return r;
}

const char* k_fashion_dir = "/usr/share/datasets/fashion-mnist";

DatasetResult load_fashion() {
    if (!is_dir(k_fashion_dir)) {
        DatasetResult r;
        r.error = std::string(k_fashion_dir) +
                  ": not found (Fashion-MNIST comes from Debian's dataset-fashion-mnist package)";
        return r;
    }
    DatasetResult r = load_train_t10k_dir(k_fashion_dir, "fashion");
    if (r.ok)
        r.dataset.class_names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return r;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 5. colored-mnist

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// HSV (h in [0, 1) turns, s, v in [0, 1]) -> 8-bit RGB.
void hsv_to_rgb(double h, double s, double v, std::uint8_t rgb[3]) {
    h = (h - std::floor(h)) * 6.0;
    const int sector = int(h) % 6;
    const double f = h - std::floor(h);
    const double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
    double r = 0, g = 0, b = 0;
    switch (sector) {
        case 0:
            r = v, g = t, b = p;
            break;
        case 1:
            r = q, g = v, b = p;
            break;
        case 2:
            r = p, g = v, b = t;
            break;
        case 3:
            r = p, g = q, b = v;
            break;
        case 4:
            r = t, g = p, b = v;
            break;
        default:
            r = v, g = p, b = q;
            break;
    }
    rgb[0] = std::uint8_t(std::lround(r * 255));
    rgb[1] = std::uint8_t(std::lround(g * 255));
    rgb[2] = std::uint8_t(std::lround(b * 255));
}

}  // namespace

Tint colored_mnist_tint(int index) {
    // The top 53 bits of the hash as a fraction in [0, 1).
    const double hue = double(splitmix64(std::uint64_t(index)) >> 11) * 0x1.0p-53;
    Tint t{};
    hsv_to_rgb(hue, 0.85, 1.0, t.fg);
    hsv_to_rgb(hue + 0.5, 0.6, 0.25, t.bg);
    return t;
}

Images tint_images(const Images& grey) {
    Images out;
    out.count = grey.count;
    out.channels = 3;
    out.rows = grey.rows;
    out.cols = grey.cols;
    const std::size_t plane = std::size_t(grey.rows) * grey.cols;
    out.pixels.resize(std::size_t(grey.count) * 3 * plane);
    for (int i = 0; i < grey.count; ++i) {
        const Tint t = colored_mnist_tint(i);
        const std::uint8_t* src = grey.image(i);  // (H, W), channel 0 only
        std::uint8_t* dst = out.pixels.data() + std::size_t(i) * 3 * plane;  // (3, H, W)
        for (int c = 0; c < 3; ++c) {
            // rgb = bg + (fg - bg) * p / 255, rounded: a 256-entry table per channel. In integers,
            // v = 255 bg + (fg - bg) p >= 0 and v / 255 is never exactly k + 1/2 (255 is odd),
            // so (v + 127) / 255 is the rounded value.
            std::uint8_t lut[256];
            for (int p = 0; p < 256; ++p)
                lut[p] =
                    std::uint8_t((255 * t.bg[c] + (int(t.fg[c]) - int(t.bg[c])) * p + 127) / 255);
            for (std::size_t k = 0; k < plane; ++k) dst[c * plane + k] = lut[src[k]];
        }
    }
    return out;
}

namespace {

DatasetResult load_colored_mnist() {
    DatasetResult r = load_mnist();
    if (!r.ok) return r;
    r.dataset.images = tint_images(r.dataset.images);
    r.dataset.name = "colored-mnist";
    r.dataset.source += " (each image tinted by a colour hashed from its index)";
    return r;
}

// ---------------------------------------------------------------------------------------------
// 6. load_dataset

// A folder that is not train/t10k: the single "*images-idx3*" / "*images.idx3*" file in it.
std::string single_images_file_in(const std::string& dir, int& how_many) {
    how_many = 0;
    std::string found;
    DIR* d = opendir(dir.c_str());
    if (!d) return "";
    while (dirent* e = readdir(d)) {
        const std::string name = e->d_name;
        if (name.find("images-idx3") == std::string::npos &&
            name.find("images.idx3") == std::string::npos)
            continue;
        if (!is_file(join(dir, name))) continue;
        ++how_many;
        found = join(dir, name);
    }
    closedir(d);
    return how_many == 1 ? found : "";
}

DatasetResult load_images_path(const std::string& images_path, const std::string& labels_path,
                               const std::string& name) {
    DatasetResult r;
    r.error = load_pair(images_path, labels_path, r.dataset);
    if (!r.error.empty()) return r;
    r.dataset.name = name;
    split_by_index(r.dataset.images.count, r.dataset.train, r.dataset.test);
    r.dataset.split = k_index_split;
    r.ok = true;
    return r;
}

}  // namespace

std::vector<std::string> dataset_names() {
    return {"mnist", "fashion", "colored-mnist"};
}

DatasetResult load_dataset(const std::string& name_or_path) {
    const std::string& s = name_or_path;
    if (s == "mnist") return load_mnist();
    if (s == "fashion") return load_fashion();
    if (s == "colored-mnist") return load_colored_mnist();

    if (is_dir(s)) {
        const std::string train = join(s, "train-images-idx3-ubyte");
        if (!with_optional_gz(train).empty() ||
            !with_optional_gz(join(s, "train-images.idx3-ubyte")).empty())
            return load_train_t10k_dir(s, s);
        int how_many = 0;
        const std::string images = single_images_file_in(s, how_many);
        if (!images.empty()) return load_images_path(images, labels_beside(images), s);
        DatasetResult r;
        r.error = s + ": a folder needs train-/t10k-images-idx3-ubyte[.gz] or exactly one " +
                  "*images-idx3* file, found " + std::to_string(how_many);
        return r;
    }
    const auto comma = s.find(',');
    if (comma != std::string::npos && !is_file(s)) {
        const std::string images = s.substr(0, comma), labels = s.substr(comma + 1);
        if (labels.empty()) {
            DatasetResult r;
            r.error = s + ": expected IMAGES,LABELS with both paths given";
            return r;
        }
        return load_images_path(images, labels, s);
    }
    if (!is_file(s)) {
        DatasetResult r;
        r.error = s +
                  ": no such file or folder, and not a dataset name (mnist, fashion, "
                  "colored-mnist)";
        return r;
    }
    return load_images_path(s, labels_beside(s), s);
}

}  // namespace ps::data
