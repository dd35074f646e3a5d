// A linked vertex + fragment program built from embedded shaders, with uniform lookups cached.
#pragma once

#include <string>
#include <unordered_map>

#include "ui/gl/gl.hpp"

namespace ps::gl {

class ShaderProgram {
public:
    ShaderProgram() = default;
    // Throws GlError naming the shader file and the driver's log if a stage fails.
    ShaderProgram(const std::string& vertex_name, const std::string& fragment_name);
    ~ShaderProgram();
    ShaderProgram(const ShaderProgram&) = delete;
    ShaderProgram& operator=(const ShaderProgram&) = delete;
    ShaderProgram(ShaderProgram&& other) noexcept;
    ShaderProgram& operator=(ShaderProgram&& other) noexcept;

    GLuint id() const { return m_id; }
    void use() const { glUseProgram(m_id); }
    // -1 if the uniform does not exist (or was optimised away); glUniform* ignores -1.
    GLint uniform(const char* name);

private:
    GLuint m_id = 0;
    std::unordered_map<std::string, GLint> m_uniforms;
};

}  // namespace ps::gl
