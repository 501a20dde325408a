// Helpers shared by the fuzz targets (fuzz/README.md).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <sys/mman.h>
#include <unistd.h>

namespace sharelens::fuzz {

// A broken invariant of a parser's result: print it and abort, which
// libFuzzer reports as a crash with the input saved.
#define SHARELENS_FUZZ_CHECK(cond)                                                                                     \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);                          \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (0)

// An in-memory file (memfd) reachable by path as /proc/self/fd/N, for
// loaders that take a path. Rewritten for every input; never touches disk.
class MemFile {
public:
    MemFile() {
        m_fd = ::memfd_create("sharelens-fuzz", 0);
        if (m_fd < 0) {
            std::perror("memfd_create");
            std::abort();
        }
        m_path = "/proc/self/fd/" + std::to_string(m_fd);
    }
    const std::string& write(const uint8_t* data, size_t size) {
        if (::ftruncate(m_fd, 0) != 0) std::abort();
        size_t done = 0;
        while (done < size) {
            const ssize_t n = ::pwrite(m_fd, data + done, size - done, static_cast<off_t>(done));
            if (n <= 0) std::abort();
            done += static_cast<size_t>(n);
        }
        return m_path;
    }

private:
    int m_fd = -1;
    std::string m_path;
};

} // namespace sharelens::fuzz
