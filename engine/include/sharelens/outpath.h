// Checks on the paths ShareLens writes to, so that nothing a user made is
// ever replaced by mistake: not an input of the same command, not a device,
// pipe or socket, not a read-only file, not a file or folder ShareLens did
// not write. Each throws sharelens::Error (ErrorCode::Out...) naming the path.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace sharelens {

// An existing `path` that is not a regular file (a device, FIFO, socket) or
// has no write bit for anyone is refused (OutNotRegularFile, OutReadOnly); a
// folder there is refused as before. A missing path passes. The atomic
// writer calls this; writers of their own (Qt's QSaveFile) call it first.
void checkOutputFile(const std::string& path);

// True when `a` and `b` are the same file: the same device and inode when
// both exist (so symbolic and hard links and "./x" against "x" are caught),
// otherwise the same normalised absolute path.
bool sameFile(const std::string& a, const std::string& b);

// Throws OutIsInput when `out` is the same file as one of `inputs` (empty
// entries are skipped).
void checkOutIsNotInput(const std::string& out, const std::vector<std::string>& inputs);

// An existing file at `path` may be replaced only when `isOurs(path)`:
// otherwise OutExistsNotOurs ("%1 exists and is not a `what` written by
// ShareLens"). Non-regular and read-only files are refused first.
void checkReplaceableFile(const std::string& path, const std::string& what,
                          const std::function<bool(const std::string&)>& isOurs);

// An output folder may be replaced only when it is missing, empty, or
// `isOurs(dir)` (a previous ShareLens output of the same kind, recognised by
// `marker`, a file in it); otherwise OutFolderNotOurs naming `kind`,
// `marker` and `forceOption`. A file at `dir` is left to the writer's own
// message.
void checkOutputFolder(const std::string& dir, const std::string& kind, const std::string& marker,
                       const std::function<bool(const std::string&)>& isOurs,
                       const std::string& forceOption = "--force");

// True when `file` is a JSON object whose `key` is the string `value` (a
// marker that ShareLens wrote it); false for anything unreadable.
bool jsonFileHasMarker(const std::string& file, const std::string& key, const std::vector<std::string>& values);

// The names in `dir` (none when it is missing or unreadable).
std::vector<std::string> folderEntries(const std::string& dir);

} // namespace sharelens
