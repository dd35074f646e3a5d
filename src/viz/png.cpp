// Index: 1. Scaling  2. Encoding  3. Atomic writes
#include "viz/png.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <stb_image_write.h>  // implementation compiled into Debian's libstb

namespace ps::viz {

// ---------------------------------------------------------------------------------------------
// 1. Scaling

std::vector<std::uint8_t> scale_nearest(const std::uint8_t* pixels, int width, int height,
                                        int channels, int scale) {
    const std::size_t c = std::size_t(channels), s = std::size_t(scale);
    const std::size_t out_w = std::size_t(width) * s, out_row = out_w * c;
    std::vector<std::uint8_t> out(std::size_t(height) * s * out_row);
    for (int y = 0; y < height; ++y) {
        // Widen one source row, then copy it to the block's other scale - 1 rows.
        std::uint8_t* row = out.data() + std::size_t(y) * s * out_row;
        const std::uint8_t* src = pixels + std::size_t(y) * std::size_t(width) * c;
        for (int x = 0; x < width; ++x)
            for (std::size_t r = 0; r < s; ++r)
                std::memcpy(row + (std::size_t(x) * s + r) * c, src + std::size_t(x) * c, c);
        for (std::size_t r = 1; r < s; ++r) std::memcpy(row + r * out_row, row, out_row);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// 2. Encoding

namespace {

void append_bytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
    const auto* p = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), p, p + size);
}

}  // namespace

std::vector<std::uint8_t> encode_png(const std::uint8_t* pixels, int width, int height,
                                     int channels) {
    std::vector<std::uint8_t> png;
    if (width < 1 || height < 1 || channels < 1 || channels > 4) return png;
    if (!stbi_write_png_to_func(append_bytes, &png, width, height, channels, pixels,
                                width * channels))
        png.clear();
    return png;
}

// ---------------------------------------------------------------------------------------------
// 3. Atomic writes

bool write_file_atomic(const std::string& path, const std::vector<std::uint8_t>& bytes,
                       std::string& error) {
    // The pid keeps two processes writing the same target from sharing a temporary file.
    const std::string tmp = path + ".tmp." + std::to_string(getpid());
    const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        error = path + ": cannot create " + tmp + ": " + std::strerror(errno);
        return false;
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error = path + ": cannot write " + tmp + ": " + std::strerror(errno);
            close(fd);
            unlink(tmp.c_str());
            return false;
        }
        done += std::size_t(n);
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        error = path + ": cannot flush " + tmp + ": " + std::strerror(errno);
        unlink(tmp.c_str());
        return false;
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        error = path + ": cannot rename " + tmp + " onto it: " + std::strerror(errno);
        unlink(tmp.c_str());
        return false;
    }
    return true;
}

bool save_png(const std::string& path, const std::uint8_t* pixels, int width, int height,
              int channels, std::string& error, int scale) {
    if (width < 1 || height < 1 || channels < 1 || channels > 4 || scale < 1 ||
        std::int64_t(width) * scale > 65535 || std::int64_t(height) * scale > 65535) {
        error = path + ": cannot encode a " + std::to_string(width) + "x" + std::to_string(height) +
                "x" + std::to_string(channels) + " image at scale " + std::to_string(scale);
        return false;
    }
    std::vector<std::uint8_t> png;
    if (scale == 1) {
        png = encode_png(pixels, width, height, channels);
    } else {
        const std::vector<std::uint8_t> big = scale_nearest(pixels, width, height, channels, scale);
        png = encode_png(big.data(), width * scale, height * scale, channels);
    }
    if (png.empty()) {
        error = path + ": PNG encoding failed";
        return false;
    }
    return write_file_atomic(path, png, error);
}

bool save_png_gray(const std::string& path, const std::vector<std::uint8_t>& pixels, int width,
                   int height, std::string& error, int scale) {
    if (pixels.size() != std::size_t(width) * std::size_t(height)) {
        error = path + ": " + std::to_string(pixels.size()) + " grey values for a " +
                std::to_string(width) + "x" + std::to_string(height) + " image";
        return false;
    }
    return save_png(path, pixels.data(), width, height, 1, error, scale);
}

bool save_png_rgba(const std::string& path, const RgbaImage& image, std::string& error, int scale) {
    if (image.pixels.size() != std::size_t(image.width) * std::size_t(image.height) * 4) {
        error = path + ": RGBA buffer of " + std::to_string(image.pixels.size()) + " bytes for a " +
                std::to_string(image.width) + "x" + std::to_string(image.height) + " image";
        return false;
    }
    return save_png(path, image.pixels.data(), image.width, image.height, 4, error, scale);
}

}  // namespace ps::viz
