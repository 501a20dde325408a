// Checks on output paths (see sharelens/outpath.h).
#include "sharelens/outpath.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <system_error>

#include <sys/stat.h>

#include "sharelens/data.h"
#include "sharelens/error.h"
#include "sharelens/input_limits.h"

namespace sharelens {

namespace {

std::string normalised(const std::string& p) {
    std::error_code ec;
    auto abs = std::filesystem::absolute(p, ec);
    if (ec) return p;
    auto canon = std::filesystem::weakly_canonical(abs, ec);
    return (ec ? abs.lexically_normal() : canon).string();
}

// Files a marker check reads are small; a bigger file is not ours.
constexpr off_t kMarkerFileLimit = off_t(256) << 20;

} // namespace

void checkOutputFile(const std::string& path) {
    struct stat st {};
    if (path.empty() || ::stat(path.c_str(), &st) != 0) return;
    if (S_ISDIR(st.st_mode)) throw Error(ErrorCode::DataCannotWriteFileFolderName, {}, path);
    if (!S_ISREG(st.st_mode)) throw Error(ErrorCode::OutNotRegularFile, {path, fileKindMessage(st.st_mode)});
    if ((st.st_mode & 0222) == 0) throw Error(ErrorCode::OutReadOnly, {path});
}

bool sameFile(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty()) return false;
    struct stat sa {
    }, sb{};
    const bool ea = ::stat(a.c_str(), &sa) == 0, eb = ::stat(b.c_str(), &sb) == 0;
    if (ea && eb) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (ea != eb) return false;
    return normalised(a) == normalised(b);
}

void checkOutIsNotInput(const std::string& out, const std::vector<std::string>& inputs) {
    for (const auto& in : inputs)
        if (sameFile(out, in)) throw Error(ErrorCode::OutIsInput, {out, in});
}

void checkReplaceableFile(const std::string& path, const std::string& what,
                          const std::function<bool(const std::string&)>& isOurs) {
    checkOutputFile(path);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return;
    if (!isOurs(path)) throw Error(ErrorCode::OutExistsNotOurs, {path, what});
}

void checkOutputFolder(const std::string& dir, const std::string& kind, const std::string& marker,
                       const std::function<bool(const std::string&)>& isOurs, const std::string& forceOption) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return;
    if (folderEntries(dir).empty() || isOurs(dir)) return;
    throw Error(ErrorCode::OutFolderNotOurs, {dir, kind, marker, forceOption});
}

bool jsonFileHasMarker(const std::string& file, const std::string& key, const std::vector<std::string>& values) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > kMarkerFileLimit) return false;
    try {
        const std::string text = readFile(file);
        checkJsonDepth(text, file); // too deep: not one of ours
        const auto j = nlohmann::json::parse(text, nullptr, false);
        if (!j.is_object()) return false;
        const auto it = j.find(key);
        if (it == j.end() || !it->is_string()) return false;
        for (const auto& v : values)
            if (*it == v) return true;
    } catch (const std::exception&) {}
    return false;
}

std::vector<std::string> folderEntries(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) out.push_back(e.path().filename().string());
    return out;
}

} // namespace sharelens
