# Compiler flags shared by every target of the project.
add_compile_options(-Wall -Wextra -Wno-unused-parameter)
# AVX2 + FMA (x86-64-v3) lets xsimd and our kernels vectorise; OpenBLAS dispatches at run time itself.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
    add_compile_options(-mavx2 -mfma)
endif()
if(CMAKE_BUILD_TYPE STREQUAL "Release")
    add_compile_options(-O2)
endif()
if(PIXELSCOPE_SANITIZE)
    # -fno-sanitize-recover=all: a UBSan report aborts (a failing test) instead of printing and
    # going on, whatever UBSAN_OPTIONS the runner sets.
    add_compile_options(-fsanitize=${PIXELSCOPE_SANITIZE} -fno-sanitize-recover=all
                        -fno-omit-frame-pointer -g)
    add_link_options(-fsanitize=${PIXELSCOPE_SANITIZE})
endif()
