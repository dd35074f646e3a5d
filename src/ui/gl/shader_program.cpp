#include "ui/gl/shader_program.hpp"

#include <utility>
#include <vector>

#include "ui/gl/embedded_shaders.hpp"

namespace ps::gl {

namespace {

GLuint compile(GLenum stage, const std::string& name) {
    const char* source = embedded_shader(name);
    if (!source) throw GlError("shader '" + name + "' is not among the embedded shaders/*.glsl");
    GLuint shader = glCreateShader(stage);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
        GLint length = 0;
        glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
        std::vector<char> log(std::size_t(length > 1 ? length : 1), '\0');
        glGetShaderInfoLog(shader, GLsizei(log.size()), nullptr, log.data());
        glDeleteShader(shader);
        throw GlError(name + ": compile failed: " + std::string(log.data()));
    }
    return shader;
}

}  // namespace

ShaderProgram::ShaderProgram(const std::string& vertex_name, const std::string& fragment_name) {
    GLuint vs = compile(GL_VERTEX_SHADER, vertex_name);
    GLuint fs = 0;
    try {
        fs = compile(GL_FRAGMENT_SHADER, fragment_name);
    } catch (...) {
        glDeleteShader(vs);
        throw;
    }
    m_id = glCreateProgram();
    glAttachShader(m_id, vs);
    glAttachShader(m_id, fs);
    glLinkProgram(m_id);
    glDetachShader(m_id, vs);
    glDetachShader(m_id, fs);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = GL_FALSE;
    glGetProgramiv(m_id, GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
        GLint length = 0;
        glGetProgramiv(m_id, GL_INFO_LOG_LENGTH, &length);
        std::vector<char> log(std::size_t(length > 1 ? length : 1), '\0');
        glGetProgramInfoLog(m_id, GLsizei(log.size()), nullptr, log.data());
        glDeleteProgram(m_id);
        m_id = 0;
        throw GlError(vertex_name + " + " + fragment_name + ": link failed: " + log.data());
    }
}

ShaderProgram::~ShaderProgram() {
    if (m_id) glDeleteProgram(m_id);
}

ShaderProgram::ShaderProgram(ShaderProgram&& other) noexcept
    : m_id(std::exchange(other.m_id, 0)), m_uniforms(std::move(other.m_uniforms)) {}

ShaderProgram& ShaderProgram::operator=(ShaderProgram&& other) noexcept {
    if (this != &other) {
        if (m_id) glDeleteProgram(m_id);
        m_id = std::exchange(other.m_id, 0);
        m_uniforms = std::move(other.m_uniforms);
    }
    return *this;
}

GLint ShaderProgram::uniform(const char* name) {
    auto it = m_uniforms.find(name);
    if (it != m_uniforms.end()) return it->second;
    GLint location = glGetUniformLocation(m_id, name);
    m_uniforms.emplace(name, location);
    return location;
}

}  // namespace ps::gl
