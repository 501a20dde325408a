// Calibration and training data: token-id lists and text chunking.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sharelens {

class Tokenizer;

using Sequences = std::vector<std::vector<int32_t>>;

// Parses IDS.json: a JSON array of arrays of non-negative integers.
// Throws sharelens::Error naming the file and the first bad element.
Sequences parseTokenIds(const std::string& jsonText, const std::string& path);
Sequences readTokenIds(const std::string& path);

// Reads a whole file; throws sharelens::Error naming it when it cannot.
std::string readFile(const std::string& path);

// Writes a file atomically (temporary file in the same folder, fsync, rename).
void writeFileAtomic(const std::string& path, const std::string& contents);

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
