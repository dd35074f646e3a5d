// Datasets: the shipped mnist (counts, split rule, labels), fashion (if Debian's files are
// installed), colored-mnist (3 channels, deterministic tint), and IDX data given by path.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "data/dataset.hpp"
#include "test_helpers.hpp"

using namespace ps::data;
using namespace ps::test;

namespace {

const std::string k_fixtures = std::string(PIXELSCOPE_TEST_FIXTURES) + "/idx/";

// One load of mnist shared by the cases below (20-30 ms each time otherwise).
const DatasetResult& mnist() {
    static const DatasetResult r = load_dataset("mnist");
    return r;
}

void check_split_is_partition(const Dataset& d) {
    std::vector<int> all = d.train;
    all.insert(all.end(), d.test.begin(), d.test.end());
    std::sort(all.begin(), all.end());
    REQUIRE(int(all.size()) == d.images.count);
    for (int i = 0; i < d.images.count; ++i) REQUIRE(all[std::size_t(i)] == i);
    CHECK(std::is_sorted(d.train.begin(), d.train.end()));
    CHECK(std::is_sorted(d.test.begin(), d.test.end()));
}

}  // namespace

TEST_CASE("split_by_index: test iff index % 5 == 4") {
    std::vector<int> train, test;
    split_by_index(12, train, test);
    CHECK(train == std::vector<int>{0, 1, 2, 3, 5, 6, 7, 8, 10, 11});
    CHECK(test == std::vector<int>{4, 9});
    split_by_index(0, train, test);
    CHECK(train.empty());
    CHECK(test.empty());
}

TEST_CASE("mnist: 10,000 real digits, 8,000 train / 2,000 test") {
    const DatasetResult& r = mnist();
    REQUIRE_MESSAGE(r.ok, r.error);
    const Dataset& d = r.dataset;
    CHECK(d.name == "mnist");
    CHECK(contains(d.source, "mnist-images-idx3-ubyte.gz"));
    CHECK(contains(d.source, "mnist-labels-idx1-ubyte.gz"));
    CHECK(d.images.count == 10000);
    CHECK(d.images.channels == 1);
    CHECK(d.images.rows == 28);
    CHECK(d.images.cols == 28);
    CHECK(d.images.pixels.size() == 10000u * 784u);
    CHECK(d.labels.size() == 10000u);
    CHECK(d.train.size() == 8000u);
    CHECK(d.test.size() == 2000u);
    for (int i : d.test) REQUIRE(i % 5 == 4);
    for (int i : d.train) REQUIRE(i % 5 != 4);
    check_split_is_partition(d);

    // The package's digit files are concatenated 0..9: labels never decrease, and the counts are
    // the package's (1001 zeros, 1127 ones, ...).
    CHECK(std::is_sorted(d.labels.begin(), d.labels.end()));
    std::vector<int> count(10, 0);
    for (std::uint8_t l : d.labels) ++count[l];
    CHECK(count == std::vector<int>{1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978});

    // Real MNIST: mean pixel about 33 of 255, about 13% of pixels >= 128, a black border.
    double sum = 0, on = 0;
    for (std::uint8_t p : d.images.pixels) sum += p, on += p >= 128;
    const double n = double(d.images.pixels.size());
    CHECK(sum / n == doctest::Approx(33.4).epsilon(0.02));
    CHECK(on / n == doctest::Approx(0.1326).epsilon(0.02));
    for (int i = 0; i < 100; ++i) CHECK(d.images.image(i)[0] == 0);
    CHECK(d.split == "test iff index % 5 == 4");
    CHECK(d.class_names.size() == 10u);
}

TEST_CASE("find_mnist_dir looks in the source tree and next to the executable") {
    std::vector<std::string> searched;
    const std::string dir = find_mnist_dir(&searched);
    CHECK_FALSE(dir.empty());
    REQUIRE(searched.size() >= 3);
    CHECK(std::any_of(searched.begin(), searched.end(),
                      [](const std::string& s) { return contains(s, "../assets/data"); }));
}

TEST_CASE("fashion: Debian's Fashion-MNIST, 60,000 train then 10,000 test") {
    const char* dir = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
    if (!std::ifstream(dir)) {
        MESSAGE("skipped: dataset-fashion-mnist is not installed (" << dir << " missing)");
        return;
    }
    const DatasetResult r = load_dataset("fashion");
    REQUIRE_MESSAGE(r.ok, r.error);
    const Dataset& d = r.dataset;
    CHECK(d.images.count == 70000);
    CHECK(d.images.rows == 28);
    CHECK(d.images.cols == 28);
    CHECK(d.train.size() == 60000u);
    CHECK(d.test.size() == 10000u);
    CHECK(d.train.front() == 0);
    CHECK(d.train.back() == 59999);
    CHECK(d.test.front() == 60000);
    CHECK(d.test.back() == 69999);
    check_split_is_partition(d);
    // Fashion-MNIST is balanced: 6,000 train and 1,000 test images per class.
    std::vector<int> train(10, 0), test(10, 0);
    for (int i : d.train) ++train[d.labels[std::size_t(i)]];
    for (int i : d.test) ++test[d.labels[std::size_t(i)]];
    CHECK(train == std::vector<int>(10, 6000));
    CHECK(test == std::vector<int>(10, 1000));
    CHECK(d.class_names.at(9) == "Ankle boot");
}

TEST_CASE("colored-mnist: 3 channels, tint a pure function of the index") {
    const DatasetResult& grey = mnist();
    REQUIRE(grey.ok);
    const DatasetResult a = load_dataset("colored-mnist");
    REQUIRE_MESSAGE(a.ok, a.error);
    const Dataset& d = a.dataset;
    CHECK(d.name == "colored-mnist");
    CHECK(d.images.count == 10000);
    CHECK(d.images.channels == 3);
    CHECK(d.images.image_size() == 3u * 784u);
    CHECK(d.train == grey.dataset.train);
    CHECK(d.test == grey.dataset.test);
    CHECK(d.labels == grey.dataset.labels);

    // Deterministic: a second load is identical, byte for byte.
    const DatasetResult b = load_dataset("colored-mnist");
    REQUIRE(b.ok);
    CHECK(b.dataset.images.pixels == d.images.pixels);

    // Pixel value 0 becomes the background tint, 255 the foreground colour, per channel plane.
    std::set<std::uint32_t> colours;
    for (int i = 0; i < 200; ++i) {
        CAPTURE(i);
        const Tint t = colored_mnist_tint(i);
        const Tint again = colored_mnist_tint(i);
        for (int c = 0; c < 3; ++c) {
            REQUIRE(t.fg[c] == again.fg[c]);
            REQUIRE(t.bg[c] == again.bg[c]);
        }
        colours.insert(std::uint32_t(t.fg[0]) << 16 | std::uint32_t(t.fg[1]) << 8 | t.fg[2]);
        // The foreground is bright (value 1), the background dim (value 0.25).
        CHECK(std::max({t.fg[0], t.fg[1], t.fg[2]}) == 255);
        CHECK(std::max({t.bg[0], t.bg[1], t.bg[2]}) <= 64);
        const std::uint8_t* g = grey.dataset.images.image(i);
        const std::uint8_t* rgb = d.images.image(i);
        int wrong = 0;  // pixels off the bg -> fg ramp
        for (int k = 0; k < 784; ++k) {
            for (int c = 0; c < 3; ++c) {
                const int v = rgb[c * 784 + k], bg = t.bg[c], fg = t.fg[c];
                // v = bg + (fg - bg) * p / 255, rounded.
                const double expect = bg + (fg - bg) * (g[k] / 255.0);
                if (std::abs(v - expect) > 0.5 + 1e-9) ++wrong;
                if (g[k] == 0 && v != bg) ++wrong;
                if (g[k] == 255 && v != fg) ++wrong;
            }
        }
        CHECK(wrong == 0);
    }
    // Hues spread: 200 images give many different colours.
    CHECK(colours.size() > 150u);
}

TEST_CASE("IDX data by path: images file, folder, IMAGES,LABELS pair") {
    SUBCASE("an images file finds its labels beside it, split by index") {
        const DatasetResult r = load_dataset(k_fixtures + "tiny-images-idx3-ubyte");
        REQUIRE_MESSAGE(r.ok, r.error);
        CHECK(r.dataset.images.count == 3);
        CHECK(r.dataset.images.rows == 2);
        CHECK(r.dataset.images.cols == 3);
        CHECK(r.dataset.labels == Bytes{7, 1, 4});
        CHECK(r.dataset.train == std::vector<int>{0, 1, 2});
        CHECK(r.dataset.test.empty());
        CHECK(contains(r.dataset.source, "tiny-labels-idx1-ubyte"));
    }
    SUBCASE("gzip files, labels beside them") {
        const DatasetResult r = load_dataset(k_fixtures + "gz/tiny-images-idx3-ubyte.gz");
        REQUIRE_MESSAGE(r.ok, r.error);
        CHECK(r.dataset.labels == Bytes{7, 1, 4});
        CHECK(r.dataset.images.image(2)[0] == 200);
    }
    SUBCASE("an explicit pair") {
        const DatasetResult r = load_dataset(k_fixtures + "gz/tiny-images-idx3-ubyte.gz," +
                                             k_fixtures + "tiny-labels-idx1-ubyte");
        REQUIRE_MESSAGE(r.ok, r.error);
        CHECK(r.dataset.labels == Bytes{7, 1, 4});
    }
    SUBCASE("an images file without labels") {
        TempDir dir;
        const std::string p = dir.write("x.idx", idx_bytes(0x08, {10, 2, 2}, ramp(40)));
        const DatasetResult r = load_dataset(p);
        REQUIRE_MESSAGE(r.ok, r.error);
        CHECK(r.dataset.labels.empty());
        CHECK(r.dataset.test == std::vector<int>{4, 9});
    }
    SUBCASE("a folder with train-/t10k- files") {
        TempDir dir;
        dir.write("train-images-idx3-ubyte.gz", gzip_bytes(idx_bytes(0x08, {6, 2, 2}, ramp(24))));
        dir.write("train-labels-idx1-ubyte", idx_bytes(0x08, {6}, {0, 1, 2, 3, 4, 5}));
        dir.write("t10k-images-idx3-ubyte", idx_bytes(0x08, {2, 2, 2}, ramp(8)));
        dir.write("t10k-labels-idx1-ubyte.gz", gzip_bytes(idx_bytes(0x08, {2}, {8, 9})));
        const DatasetResult r = load_dataset(dir.path.string());
        REQUIRE_MESSAGE(r.ok, r.error);
        CHECK(r.dataset.images.count == 8);
        CHECK(r.dataset.train == std::vector<int>{0, 1, 2, 3, 4, 5});
        CHECK(r.dataset.test == std::vector<int>{6, 7});
        CHECK(r.dataset.labels == Bytes{0, 1, 2, 3, 4, 5, 8, 9});
    }
    SUBCASE("a folder whose test images have another size") {
        TempDir dir;
        dir.write("train-images-idx3-ubyte", idx_bytes(0x08, {1, 2, 2}, ramp(4)));
        dir.write("t10k-images-idx3-ubyte", idx_bytes(0x08, {1, 3, 3}, ramp(9)));
        const DatasetResult r = load_dataset(dir.path.string());
        REQUIRE_FALSE(r.ok);
        CHECK(contains(r.error, "t10k-images-idx3-ubyte: images are 3x3"));
    }
}

TEST_CASE("bad dataset paths and pairs") {
    SUBCASE("labels and images disagree on the count") {
        TempDir dir;
        const std::string images =
            dir.write("a-images-idx3-ubyte", idx_bytes(8, {4, 1, 1}, ramp(4)));
        const std::string labels = dir.write("b-labels-idx1-ubyte", idx_bytes(8, {3}, ramp(3)));
        const DatasetResult r = load_dataset(images + "," + labels);
        REQUIRE_FALSE(r.ok);
        CHECK(r.error == labels + ": 3 labels, but " + images + " has 4 images");
    }
    SUBCASE("a truncated images file") {
        const std::string p = k_fixtures + "truncated-images-idx3-ubyte";
        const DatasetResult r = load_dataset(p);
        REQUIRE_FALSE(r.ok);
        CHECK(r.error.rfind(p + ": truncated payload", 0) == 0);
    }
    SUBCASE("a bad labels file beside good images") {
        TempDir dir;
        const std::string images =
            dir.write("x-images-idx3-ubyte", idx_bytes(8, {2, 1, 1}, ramp(2)));
        dir.write("x-labels-idx1-ubyte", idx_bytes(8, {2}, ramp(5)));
        const DatasetResult r = load_dataset(images);
        REQUIRE_FALSE(r.ok);
        CHECK(contains(r.error, "x-labels-idx1-ubyte: 3 trailing bytes"));
    }
    SUBCASE("neither a name nor a file") {
        const DatasetResult r = load_dataset("/no/such/file");
        REQUIRE_FALSE(r.ok);
        CHECK(contains(r.error, "/no/such/file: no such file or folder"));
    }
    SUBCASE("a folder with nothing to load") {
        TempDir dir;
        const DatasetResult r = load_dataset(dir.path.string());
        REQUIRE_FALSE(r.ok);
        CHECK(contains(r.error, dir.path.string() + ": a folder needs"));
    }
    SUBCASE("a pair whose labels part is missing") {
        const DatasetResult r = load_dataset(k_fixtures + "tiny-images-idx3-ubyte,/no/labels");
        REQUIRE_FALSE(r.ok);
        CHECK(r.error == "/no/labels: cannot open: No such file or directory");
    }
}

TEST_CASE("dataset_names lists what load_dataset knows") {
    const auto names = dataset_names();
    CHECK(names == std::vector<std::string>{"mnist", "fashion", "colored-mnist"});
}
