#include "ui/gl/framebuffer.hpp"

#include <string>

namespace ps::gl {

Framebuffer::~Framebuffer() {
    if (m_fbo) glDeleteFramebuffers(1, &m_fbo);
}

void Framebuffer::resize(int width, int height) {
    if (m_fbo && width == m_colour.width() && height == m_colour.height()) return;
    if (!m_fbo) glGenFramebuffers(1, &m_fbo);
    m_colour.allocate(width, height);
    GLint previous = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous);
    glBindFramebuffer(GL_FRAMEBUFFER, m_fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, m_colour.id(), 0);
    const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous));
    if (status != GL_FRAMEBUFFER_COMPLETE)
        throw GlError("framebuffer " + std::to_string(width) + "x" + std::to_string(height) +
                      " is incomplete (glCheckFramebufferStatus returned " +
                      std::to_string(status) + ")");
}

Framebuffer::Binding::Binding(const Framebuffer& fb) {
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &m_previous_fbo);
    glGetIntegerv(GL_VIEWPORT, m_previous_viewport);
    glBindFramebuffer(GL_FRAMEBUFFER, fb.m_fbo);
    glViewport(0, 0, fb.width(), fb.height());
}

Framebuffer::Binding::~Binding() {
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(m_previous_fbo));
    glViewport(m_previous_viewport[0], m_previous_viewport[1], m_previous_viewport[2],
               m_previous_viewport[3]);
}

}  // namespace ps::gl
