// Bounds on inputs: JSON nesting, file kinds and sizes, text prefixes.
#include "sharelens/input_limits.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/resources.h"

namespace sharelens {

void checkJsonDepth(std::string_view text, const std::string& path) {
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i; // skips the escaped character, so \" does not end the string
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) throw Error(ErrorCode::JsonTooDeep, {std::to_string(kMaxJsonDepth)}, path);
        } else if (c == ']' || c == '}') {
            if (depth > 0) --depth;
        }
    }
}

namespace {

// Opens a regular file for reading; refuses devices, FIFOs and sockets before
// opening them (opening a FIFO would wait for a writer). Returns the fd and
// the size.
int openRegular(const std::string& path, const std::string& holds, std::uint64_t& size) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        throw Error(ErrorCode::InputNotRegularFile, {path, fileKindMessage(st.st_mode), holds});
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0) ::close(fd);
        readFile(path); // throws the precise reason (missing, permission, a folder, ...)
        throw Error(ErrorCode::InputNotRegularFile, {path, fileKindMessage(st.st_mode), holds});
    }
    size = static_cast<std::uint64_t>(st.st_size);
    return fd;
}

// Reads up to maxBytes from fd into a string; `expected` (the file's size)
// sizes the buffer.
std::string readUpTo(int fd, std::uint64_t maxBytes, std::uint64_t expected, const std::string& path) {
    std::string out;
    out.reserve(static_cast<std::size_t>(std::min(maxBytes, expected)));
    char chunk[65536];
    while (out.size() < maxBytes) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof chunk, maxBytes - out.size()));
        const ssize_t r = ::read(fd, chunk, want);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) throw Error(ErrorCode::StCannotReadFile, {std::strerror(errno)}, path);
        if (r == 0) break;
        out.append(chunk, static_cast<std::size_t>(r));
    }
    return out;
}

struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
};

} // namespace

ErrorMessage fileKindMessage(std::filesystem::file_type type, bool linkLoop) {
    using std::filesystem::file_type;
    switch (type) {
    case file_type::directory: return ErrorMessage(ErrorCode::FileKindFolder);
    case file_type::fifo: return ErrorMessage(ErrorCode::FileKindFifo);
    case file_type::character: return ErrorMessage(ErrorCode::FileKindCharDevice);
    case file_type::block: return ErrorMessage(ErrorCode::FileKindBlockDevice);
    case file_type::socket: return ErrorMessage(ErrorCode::FileKindSocket);
    case file_type::not_found:
        return ErrorMessage(linkLoop ? ErrorCode::FileKindLinkLoop : ErrorCode::FileKindLinkToNothing);
    default: return ErrorMessage(ErrorCode::FileKindSpecial);
    }
}

ErrorMessage fileKindMessage(mode_t mode) {
    using std::filesystem::file_type;
    if (S_ISDIR(mode)) return fileKindMessage(file_type::directory);
    if (S_ISCHR(mode)) return fileKindMessage(file_type::character);
    if (S_ISBLK(mode)) return fileKindMessage(file_type::block);
    if (S_ISFIFO(mode)) return fileKindMessage(file_type::fifo);
    if (S_ISSOCK(mode)) return fileKindMessage(file_type::socket);
    return fileKindMessage(file_type::unknown);
}

std::string readInputFile(const std::string& path, std::uint64_t maxBytes, const std::string& what,
                          const std::string& holds, const std::string& advice) {
    std::uint64_t size = 0;
    const FdCloser closer{openRegular(path, holds, size)};
    if (size > maxBytes)
        throw Error(ErrorCode::InputTooLarge, {formatBytes(size), formatBytes(maxBytes), what, advice}, path);
    std::string out = readUpTo(closer.fd, maxBytes + 1, size, path);
    if (out.size() > maxBytes) // it grew while being read
        throw Error(ErrorCode::InputTooLarge, {formatBytes(out.size()), formatBytes(maxBytes), what, advice}, path);
    return out;
}

std::string readTextPrefix(const std::string& path, std::uint64_t maxBytes) {
    std::uint64_t size = 0;
    const FdCloser closer{openRegular(path, "text", size)};
    std::string out = readUpTo(closer.fd, std::min(size, maxBytes), size, path);
    if (out.size() < size) {
        // Drop a character cut in two: back off over continuation bytes to
        // the lead byte and keep it only when the character is complete.
        std::size_t i = out.size(), back = 0;
        while (i > 0 && back < 4 && (static_cast<unsigned char>(out[i - 1]) & 0xC0) == 0x80) --i, ++back;
        if (i > 0) {
            const unsigned char lead = static_cast<unsigned char>(out[i - 1]);
            const std::size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (len != back + 1) out.resize(i - 1 + (lead < 0x80 ? 1 : 0));
        }
    }
    return out;
}

std::string readTextFile(const std::string& path) {
    return readInputFile(path, kMaxTextBytes, "a text", "text",
                         "use the first part of it (e.g. head -c 500M FILE > PART.txt).");
}

std::uint64_t textBytesForTokens(std::uint64_t tokens) { return std::max<std::uint64_t>(1ull << 20, 64 * tokens); }

} // namespace sharelens
