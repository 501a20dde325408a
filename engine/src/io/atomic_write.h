// Engine-internal: the one place that writes files atomically. A temporary
// file is created next to the target (mkstemp), written whole, fsync'd and
// renamed over the target. On any failure the temporary file is removed, an
// existing target is left as it was, and sharelens::Error is thrown.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sharelens::detail {

struct WriteChunk {
    const void* data = nullptr;
    std::size_t size = 0;
};

// Writes the concatenation of `chunks` to `path`.
void writeChunksAtomic(const std::string& path, const std::vector<WriteChunk>& chunks);

} // namespace sharelens::detail
