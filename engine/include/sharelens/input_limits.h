// Limits on what ShareLens reads, so a damaged or hostile file is refused
// with a message instead of exhausting the stack or the memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>

#include "sharelens/error.h"

namespace sharelens {

// No JSON file ShareLens reads nests deeper than a dozen levels; dumping or
// copying a parsed value recurses once per level.
constexpr int kMaxJsonDepth = 512;
// A sharing plan, analysis.json, config.json, an index or a similarity file.
constexpr std::uint64_t kMaxJsonFileBytes = 64ull << 20;
// A session file (a large agents session with matrices is a few MiB).
constexpr std::uint64_t kMaxSessionBytes = 256ull << 20;
// A token-id list (IDS.json): about 40 million ids.
constexpr std::uint64_t kMaxTokenIdsBytes = 256ull << 20;
// The pickle (data.pkl) of a torch.save'd state_dict: the tensors are
// separate zip entries, so a real one is well under a megabyte.
constexpr std::uint64_t kMaxPickleBytes = 64ull << 20;
constexpr int kMaxPickleDepth = 1000;
// A text read whole (fine-tuning and pre-training use all of it).
constexpr std::uint64_t kMaxTextBytes = 1ull << 30;

// Throws ErrorCode::JsonTooDeep (naming path) when the brackets of `text`
// outside strings nest deeper than kMaxJsonDepth. Iterative and linear; it
// checks nothing else, the JSON parser does the rest.
void checkJsonDepth(std::string_view text, const std::string& path);

// What a path that is not a regular file is, as a message ("a folder", "a
// FIFO (named pipe)", "a character device", ...) for the messages that say
// "%1 is %2". From std::filesystem::status: not_found means a symbolic link
// that leads nowhere (a loop when `linkLoop`, else a link to nothing).
ErrorMessage fileKindMessage(std::filesystem::file_type type, bool linkLoop = false);
// The same from a stat() mode.
ErrorMessage fileKindMessage(mode_t mode);

// Reads a whole regular file of at most maxBytes. A device, FIFO or socket is
// refused before it is opened (ErrorCode::InputNotRegularFile, `holds` says
// what the file should hold); a larger file with ErrorCode::InputTooLarge
// (`what` names the kind of file, `advice` ends the sentence). A folder and
// unreadable files get readFile's messages.
std::string readInputFile(const std::string& path, std::uint64_t maxBytes, const std::string& what,
                          const std::string& holds, const std::string& advice);

// The first maxBytes bytes of a regular text file (all of it when shorter),
// cut back to a whole UTF-8 character; non-regular files are refused as by
// readInputFile.
std::string readTextPrefix(const std::string& path, std::uint64_t maxBytes);

// A whole text file of at most kMaxTextBytes; non-regular files are refused
// as by readInputFile.
std::string readTextFile(const std::string& path);

// The bytes of text that hold `tokens` tokens with a wide margin (no
// tokenizer makes tokens longer than 64 bytes on average), at least 1 MiB.
std::uint64_t textBytesForTokens(std::uint64_t tokens);

} // namespace sharelens
