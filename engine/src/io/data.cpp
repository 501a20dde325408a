// Token-id files, whole-file reading, atomic writing, chunking, validation.
#include "sharelens/data.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/atomic_write.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"
#include "sharelens/outpath.h"

namespace sharelens {

namespace {

std::string errnoText(int err) { return std::strerror(err); }

// Why a file or folder cannot be made in `folder`.
ErrorMessage folderProblem(int err, const std::string& folder) {
    switch (err) {
    case ENOENT: return {ErrorCode::DataFolderMissing, {folder}};
    case ENOTDIR: return {ErrorCode::DataPathPartIsFile, {}};
    case EACCES:
    case EPERM: return {ErrorCode::DataFolderNotWritable, {folder}};
    case EROFS: return {ErrorCode::DataFolderReadOnly, {folder}};
    case ENOSPC:
    case EDQUOT: return {ErrorCode::DataDiskFull, {}};
    default: return {ErrorCode::DataSystemError, {errnoText(err)}};
    }
}

std::string folderOf(const std::string& path) {
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// Short text for a JSON value in a message. Structured values are named by
// type only: dumping them recurses, and a fuzzer's deeply nested input would
// exhaust the stack.
std::string describe(const nlohmann::json& v) {
    if (v.is_structured()) return std::string("an ") + v.type_name();
    std::string s;
    try {
        s = v.dump();
    } catch (const nlohmann::json::exception&) {
        s = v.type_name();
    }
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
}

} // namespace

// ---------------------------------------------------------------------------
// Atomic writing (shared by writeFileAtomic and writeSafetensors)

namespace detail {

void writeChunksAtomic(const std::string& path, const std::vector<WriteChunk>& chunks) {
    if (path.empty()) throw Error(ErrorCode::DataCannotWriteFileNoFile, {});
    if (path.back() == '/') throw Error(ErrorCode::DataCannotWriteFilePathNames, {}, path);
    // A folder, a device, FIFO or socket, or a read-only file is refused:
    // the rename below would replace it with a regular file.
    checkOutputFile(path);
    struct stat target {};
    bool exists = ::stat(path.c_str(), &target) == 0;

    std::string tmpl = path + ".tmp-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    int fd = ::mkstemp(buf.data());
    if (fd < 0) {
        int err = errno;
        const std::string folder = folderOf(path);
        throw Error(ErrorCode::DataCannotWriteFile, {folderProblem(err, folder)}, path);
    }
    const std::string tmp(buf.data());
    auto failWith = [&](const std::string& what, int err) {
        ::close(fd);
        ::unlink(tmp.c_str());
        const ErrorMessage why = (err == ENOSPC || err == EDQUOT) ? ErrorMessage(ErrorCode::DataDiskFull)
                                 : err == EFBIG ? ErrorMessage(ErrorCode::DataFileTooLarge, {errnoText(err)})
                                                : ErrorMessage(ErrorCode::DataSystemError, {errnoText(err)});
        throw Error(ErrorCode::DataCannotWriteFileNothingChanged, {what, why}, path);
    };

    // mkstemp makes the file 0600; give it the mode a plain create would, or
    // the mode of the file it replaces.
    mode_t mode = 0644;
    if (exists) mode = target.st_mode & 07777;
    ::fchmod(fd, mode);

    for (const WriteChunk& c : chunks) {
        const char* p = static_cast<const char*>(c.data);
        std::size_t left = c.size;
        while (left > 0) {
            ssize_t w = ::write(fd, p, left);
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) failWith("writing", errno);
            if (w == 0) failWith("writing", EIO);
            p += w;
            left -= static_cast<std::size_t>(w);
        }
    }
    if (::fsync(fd) != 0) failWith("flushing to disk", errno);
    if (::close(fd) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        throw Error(ErrorCode::DataCannotWriteFileClosingNothing, {errnoText(err)}, path);
    }
    // Never rename over something that became a non-regular file meanwhile.
    try {
        checkOutputFile(path);
    } catch (...) {
        ::unlink(tmp.c_str());
        throw;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        throw Error(ErrorCode::DataCannotWriteFileRenamingFinished, {errnoText(err)}, path);
    }
    // Make the rename itself durable; a failure here loses nothing already written.
    int dfd = ::open(folderOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

} // namespace detail

void writeFileAtomic(const std::string& path, const std::string& contents) {
    detail::writeChunksAtomic(path, {{contents.data(), contents.size()}});
}

namespace {

std::string baseName(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

void fsyncPath(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Removes ".NAME.sharelens-tmp-PID-*" folders in `parent` whose process is gone.
void removeStaleTemporaries(const std::string& parent, const std::string& name) {
    const std::string prefix = "." + name + ".sharelens-tmp-";
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(parent, ec)) {
        const std::string entry = e.path().filename().string();
        if (entry.rfind(prefix, 0) != 0) continue;
        const long pid = std::strtol(entry.c_str() + prefix.size(), nullptr, 10);
        if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) {
            std::error_code rm;
            std::filesystem::remove_all(e.path(), rm);
        }
    }
}

} // namespace

void writeFolderAtomic(const std::string& dirIn, const std::vector<std::string>& replaceable,
                       const std::function<void(const std::string& tmpDir)>& fill) {
    std::string dir = dirIn;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    if (dir.empty()) throw Error(ErrorCode::DataCannotWriteFolderNoFolder, {});
    const std::string parent = folderOf(dir);
    const std::string name = baseName(dir);
    if (name == "." || name == "..") throw Error(ErrorCode::DataCannotWriteIntoFolderName, {}, dirIn);
    struct stat st {};
    if (::stat(parent.c_str(), &st) != 0)
        throw Error(ErrorCode::DataCannotWriteFolder, {folderProblem(errno, parent)}, dir);
    if (!S_ISDIR(st.st_mode)) throw Error(ErrorCode::DataCannotWriteFolder, {folderProblem(ENOTDIR, parent)}, dir);
    const bool exists = ::stat(dir.c_str(), &st) == 0;
    if (exists) {
        if (!S_ISDIR(st.st_mode)) throw Error(ErrorCode::DataCannotWriteFolderFileName, {}, dir);
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
            const std::string entry = e.path().filename().string();
            if (std::find(replaceable.begin(), replaceable.end(), entry) == replaceable.end())
                throw Error(ErrorCode::DataFolderExistsHoldsExportDoes, {entry}, dir);
        }
        if (ec) throw Error(ErrorCode::DataCannotReadExistingFolder, {ec.message()}, dir);
    }
    removeStaleTemporaries(parent, name);

    std::string tmpl = parent + "/." + name + ".sharelens-tmp-" + std::to_string(::getpid()) + "-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw Error(ErrorCode::DataCannotWriteFolder, {folderProblem(errno, parent)}, dir);
    const std::string tmp(buf.data());
    auto removeTmp = [&] {
        std::error_code ec;
        std::filesystem::remove_all(tmp, ec);
    };
    try {
        fill(tmp);
        ::chmod(tmp.c_str(), exists ? (st.st_mode & 07777) : 0755);
        fsyncPath(tmp);
    } catch (...) {
        removeTmp();
        throw;
    }
    if (!exists) {
        if (::rename(tmp.c_str(), dir.c_str()) != 0) {
            const int err = errno;
            removeTmp();
            throw Error(ErrorCode::DataCannotMoveFinishedFolderInto, {errnoText(err)}, dir);
        }
    } else if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
        // File systems without RENAME_EXCHANGE: move the old folder aside, then the new one in.
        const int err = errno;
        if (err != EINVAL && err != ENOSYS) {
            removeTmp();
            throw Error(ErrorCode::DataCannotSwapFinishedFolderInto, {errnoText(err)}, dir);
        }
        const std::string old = tmp + "-old";
        if (::rename(dir.c_str(), old.c_str()) != 0 || ::rename(tmp.c_str(), dir.c_str()) != 0) {
            const int err2 = errno;
            ::rename(old.c_str(), dir.c_str());
            removeTmp();
            throw Error(ErrorCode::DataCannotMoveFinishedFolderInto, {errnoText(err2)}, dir);
        }
        std::error_code ec;
        std::filesystem::remove_all(old, ec);
    } else {
        removeTmp(); // now holds the previous contents
    }
    fsyncPath(parent);
}

std::string readFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT) throw Error(ErrorCode::StFileDoesNotExist, {}, path);
        if (err == EACCES) throw Error(ErrorCode::StPermissionDeniedMakeFileReadable, {}, path);
        if (err == ENOTDIR) throw Error(ErrorCode::StPartPathNotFolder, {}, path);
        throw Error(ErrorCode::StCannotOpenFile, {errnoText(err)}, path);
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw Error(ErrorCode::StCannotInspectFile, {errnoText(errno)}, path);
    if (S_ISDIR(st.st_mode)) throw Error(ErrorCode::TensorIoFolderFileExpected, {}, path);
    std::string out;
    if (S_ISREG(st.st_mode) && st.st_size > 0) out.reserve(static_cast<std::size_t>(st.st_size));
    char chunk[65536];
    for (;;) {
        ssize_t r = ::read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) throw Error(ErrorCode::StCannotReadFile, {errnoText(errno)}, path);
        if (r == 0) break;
        out.append(chunk, static_cast<std::size_t>(r));
    }
    return out;
}

// ---------------------------------------------------------------------------
// Token ids

Sequences parseTokenIds(const std::string& jsonText, const std::string& path) {
    nlohmann::json root;
    checkJsonDepth(jsonText, path);
    try {
        root = nlohmann::json::parse(jsonText);
    } catch (const nlohmann::json::exception& e) {
        throw Error(ErrorCode::DataNotValidJSON, {e.what()}, path);
    }
    if (!root.is_array()) throw Error(ErrorCode::DataTopLevelNotArray, {root.type_name()}, path);
    Sequences seqs;
    seqs.reserve(root.size());
    for (std::size_t i = 0; i < root.size(); ++i) {
        const nlohmann::json& s = root[i];
        if (!s.is_array()) throw Error(ErrorCode::DataSequenceNotArrayTokenIds, {std::to_string(i), describe(s)}, path);
        std::vector<int32_t> ids;
        ids.reserve(s.size());
        for (std::size_t p = 0; p < s.size(); ++p) {
            const nlohmann::json& v = s[p];
            bool ok = false;
            if (v.is_number_unsigned()) {
                ok = v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int32_t>::max());
            } else if (v.is_number_integer()) {
                ok = false; // negative
            }
            if (!ok)
                throw Error(ErrorCode::DataSequencePositionNotTokenId,
                            {std::to_string(i), std::to_string(p), describe(v)}, path);
            ids.push_back(static_cast<int32_t>(v.get<uint64_t>()));
        }
        seqs.push_back(std::move(ids));
    }
    return seqs;
}

Sequences readTokenIds(const std::string& path) {
    auto seqs = parseTokenIds(readInputFile(path, kMaxTokenIdsBytes, "a token-id file", "token ids",
                                            "give fewer sequences, or give the text with --text."),
                              path);
    if (seqs.empty()) throw Error(ErrorCode::DataTokenIdsEmpty, {}, path);
    return seqs;
}

Sequences chunkTokens(const std::vector<int32_t>& ids, int seqLen, int maxSequences) {
    if (seqLen <= 0) throw Error(ErrorCode::DataSequenceLengthMustPositiveGot, {std::to_string(seqLen)});
    if (maxSequences < 0) throw Error(ErrorCode::DataNumberSequencesMustNoLimit, {std::to_string(maxSequences)});
    Sequences out;
    const std::size_t len = static_cast<std::size_t>(seqLen);
    for (std::size_t start = 0; start + len <= ids.size(); start += len) {
        if (maxSequences > 0 && out.size() >= static_cast<std::size_t>(maxSequences)) break;
        out.emplace_back(ids.begin() + static_cast<std::ptrdiff_t>(start),
                         ids.begin() + static_cast<std::ptrdiff_t>(start + len));
    }
    return out;
}

void validateSequences(const Sequences& seqs, int32_t vocabSize, int maxLen) {
    if (vocabSize <= 0) throw Error(ErrorCode::DataVocabularySizeMustPositiveGot, {std::to_string(vocabSize)});
    if (maxLen < 2) throw Error(ErrorCode::DataMaximumSequenceLengthMustLeast, {std::to_string(maxLen)});
    if (seqs.empty()) throw Error(ErrorCode::DataThereNoTokenSequencesGive, {});
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        const auto& s = seqs[i];
        if (s.size() < 2)
            throw Error(ErrorCode::DataSequenceTokenSLeastNeeded, {std::to_string(i), std::to_string(s.size())});
        if (s.size() > static_cast<std::size_t>(maxLen))
            throw Error(ErrorCode::DataSequenceTokensMoreThanMaximum,
                        {std::to_string(i), std::to_string(s.size()), std::to_string(maxLen), std::to_string(maxLen)});
        for (std::size_t p = 0; p < s.size(); ++p) {
            if (s[p] < 0 || s[p] >= vocabSize)
                throw Error(ErrorCode::DataSequencePositionTokenIdOutside,
                            {std::to_string(i), std::to_string(p), std::to_string(s[p]), std::to_string(vocabSize)});
        }
    }
}

TokenSplit splitTokens(const std::vector<int32_t>& ids, double validationFraction) {
    const double f = std::clamp(validationFraction, 0.0, 1.0);
    const auto split =
        static_cast<std::ptrdiff_t>(ids.size() - static_cast<size_t>(static_cast<double>(ids.size()) * f));
    return {std::vector<int32_t>(ids.begin(), ids.begin() + split),
            std::vector<int32_t>(ids.begin() + split, ids.end())};
}

} // namespace sharelens
