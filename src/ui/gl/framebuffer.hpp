// An offscreen framebuffer with one RGBA colour texture: views render into it and ImGui shows the
// texture with ImGui::Image.
#pragma once

#include "ui/gl/texture.hpp"

namespace ps::gl {

class Framebuffer {
public:
    Framebuffer() = default;
    ~Framebuffer();
    Framebuffer(const Framebuffer&) = delete;
    Framebuffer& operator=(const Framebuffer&) = delete;

    // (Re)allocates the colour texture to width x height; throws GlError if incomplete.
    void resize(int width, int height);
    const Texture& colour() const { return m_colour; }
    int width() const { return m_colour.width(); }
    int height() const { return m_colour.height(); }

    // Binds this framebuffer and its viewport for drawing; the guard restores the previous
    // framebuffer and viewport (ImGui's own frame is being built around us).
    class Binding {
    public:
        explicit Binding(const Framebuffer& fb);
        ~Binding();
        Binding(const Binding&) = delete;
        Binding& operator=(const Binding&) = delete;

    private:
        GLint m_previous_fbo = 0;
        GLint m_previous_viewport[4] = {0, 0, 0, 0};
    };

private:
    GLuint m_fbo = 0;
    Texture m_colour;
};

}  // namespace ps::gl
