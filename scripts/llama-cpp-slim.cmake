# Injected into llama-cpp-python's CMake build by scripts/ensure-llm.sh (-DCMAKE_PROJECT_INCLUDE=this file).
#
# llama-cpp-python loads only libllama and the ggml libraries, but its CMakeLists forces llama.cpp's
# `common` library on (LLAMA_BUILD_COMMON ... FORCE), and compiling `common` (chat-template parsers, HTTP
# client, JSON) is most of the build time on 2 cores. A normal variable set here, right after each
# project() call, shadows that cache entry (policies CMP0126 and CMP0077 are NEW in these projects), so
# `common` is neither configured nor built nor installed. Nothing else changes: same sources, same flags.
set(LLAMA_BUILD_COMMON OFF)
