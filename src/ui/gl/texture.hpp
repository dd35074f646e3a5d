// A 2-D texture sampled with GL_NEAREST (cells stay crisp), owned RAII.
#pragma once

#include <cstdint>

#include "ui/gl/gl.hpp"

namespace ps::gl {

class Texture {
public:
    enum class Format { r8, rgba8 };

    Texture() = default;
    ~Texture();
    Texture(const Texture&) = delete;
    Texture& operator=(const Texture&) = delete;
    Texture(Texture&& other) noexcept;
    Texture& operator=(Texture&& other) noexcept;

    // Uploads `width` x `height` texels, row 0 first (texel y = row): (height, width) for r8,
    // (height, width, 4) for rgba8. Reallocates only when the size or format changes.
    void upload(int width, int height, Format format, const std::uint8_t* data);
    // An empty rgba8 texture (for a framebuffer's colour attachment).
    void allocate(int width, int height);

    GLuint id() const { return m_id; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    bool empty() const { return m_id == 0; }

private:
    void create();

    GLuint m_id = 0;
    int m_width = 0, m_height = 0;
    Format m_format = Format::rgba8;
};

}  // namespace ps::gl
