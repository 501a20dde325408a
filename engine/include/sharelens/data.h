// Calibration and training data: token-id lists and text chunking.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sharelens {

class Tokenizer;

using Sequences = std::vector<std::vector<int32_t>>;

// Parses IDS.json: a JSON array of arrays of non-negative integers.
// Throws sharelens::Error naming the file and the first bad element.
Sequences parseTokenIds(const std::string& jsonText, const std::string& path);
// readTokenIds also refuses a file that holds no sequence (DataTokenIdsEmpty).
Sequences readTokenIds(const std::string& path);

// Reads a whole file; throws sharelens::Error naming it when it cannot.
std::string readFile(const std::string& path);

// Writes a file atomically (temporary file in the same folder, fsync, rename).
void writeFileAtomic(const std::string& path, const std::string& contents);

// Writes a whole folder atomically. `fill` writes the files into a new
// hidden sibling folder (".NAME.sharelens-tmp-PID-XXXXXX"); that folder is
// fsync'd and renamed into place, swapped with an existing DIR in one
// rename (renameat2 RENAME_EXCHANGE) so DIR always holds either all the old
// files or all the new ones. An existing DIR is replaced only when it is
// empty or holds nothing but files named in `replaceable` (so a folder of
// other files is never thrown away). Temporaries left by killed runs (their
// process gone) are removed first. On failure the temporary folder is
// removed and DIR is untouched; throws sharelens::Error. The parent folder
// must exist.
void writeFolderAtomic(const std::string& dir, const std::vector<std::string>& replaceable,
                       const std::function<void(const std::string& tmpDir)>& fill);

// Splits a token stream into consecutive sequences of exactly seqLen tokens
// (the remainder is dropped), at most maxSequences of them (0 = no limit).
Sequences chunkTokens(const std::vector<int32_t>& ids, int seqLen, int maxSequences = 0);

// A token stream split for training: the first (1 - validationFraction) of
// the tokens train, the rest validate (a tail, so the two never overlap).
struct TokenSplit {
    std::vector<int32_t> train;
    std::vector<int32_t> validation;
};
TokenSplit splitTokens(const std::vector<int32_t>& ids, double validationFraction);

// Checks every id is in [0, vocabSize) and every sequence has 2..maxLen
// tokens; throws sharelens::Error with the sequence and position otherwise.
void validateSequences(const Sequences& seqs, int32_t vocabSize, int maxLen);

} // namespace sharelens
