#include "ui/gl/texture.hpp"

#include <utility>

namespace ps::gl {

Texture::~Texture() {
    if (m_id) glDeleteTextures(1, &m_id);
}

Texture::Texture(Texture&& other) noexcept
    : m_id(std::exchange(other.m_id, 0)),
      m_width(other.m_width),
      m_height(other.m_height),
      m_format(other.m_format) {}

Texture& Texture::operator=(Texture&& other) noexcept {
    if (this != &other) {
        if (m_id) glDeleteTextures(1, &m_id);
        m_id = std::exchange(other.m_id, 0);
        m_width = other.m_width;
        m_height = other.m_height;
        m_format = other.m_format;
    }
    return *this;
}

void Texture::create() {
    glGenTextures(1, &m_id);
    glBindTexture(GL_TEXTURE_2D, m_id);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

void Texture::upload(int width, int height, Format format, const std::uint8_t* data) {
    if (!m_id) create();
    glBindTexture(GL_TEXTURE_2D, m_id);
    // Rows of an r8 image of odd width are not 4-byte aligned.
    GLint previous_alignment = 4;
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &previous_alignment);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    const GLint internal = format == Format::r8 ? GL_R8 : GL_RGBA8;
    const GLenum layout = format == Format::r8 ? GL_RED : GL_RGBA;
    if (width == m_width && height == m_height && format == m_format) {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, layout, GL_UNSIGNED_BYTE, data);
    } else {
        glTexImage2D(GL_TEXTURE_2D, 0, internal, width, height, 0, layout, GL_UNSIGNED_BYTE, data);
        m_width = width;
        m_height = height;
        m_format = format;
    }
    glPixelStorei(GL_UNPACK_ALIGNMENT, previous_alignment);
}

void Texture::allocate(int width, int height) {
    if (m_id && width == m_width && height == m_height && m_format == Format::rgba8) return;
    if (!m_id) create();
    glBindTexture(GL_TEXTURE_2D, m_id);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    m_width = width;
    m_height = height;
    m_format = Format::rgba8;
}

}  // namespace ps::gl
