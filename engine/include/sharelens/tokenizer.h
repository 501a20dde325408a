// Tokenizers: Hugging Face tokenizer.json (byte-level BPE with the GPT-2,
// Llama-3 and Qwen2 pre-tokenizers), a plain byte tokenizer for byte-vocabulary
// models, and SentencePiece .model files (run in a helper process, since
// libsentencepiece and libtorch cannot share one process).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sharelens {

class Tokenizer {
public:
    virtual ~Tokenizer() = default;
    virtual std::vector<int32_t> encode(std::string_view text) const = 0;
    // The first maxTokens ids of encode(text) (all of them when it has
    // fewer), working through no more of the text than they need: a job
    // that uses a few thousand tokens of a long text tokenizes only its
    // start. The ids equal that prefix of encode(text) exactly.
    virtual std::vector<int32_t> encodePrefix(std::string_view text, size_t maxTokens) const {
        auto ids = encode(text);
        if (ids.size() > maxTokens) ids.resize(maxTokens);
        return ids;
    }
    virtual std::string decode(const std::vector<int32_t>& ids) const = 0;
    virtual int32_t vocabSize() const = 0;
    virtual std::string kind() const = 0; // "bpe", "bytes", "sentencepiece"
};

// Loads tokenizer.json. Throws sharelens::Error naming the file when it is
// not a regular file (a FIFO is never opened), is larger than any real
// tokenizer.json (256 MiB), is not valid JSON, is not a BPE model, or uses a
// pre-tokenizer we do not support. Its pre-tokenizer regexes run under
// PCRE2 match and depth limits per call and a total budget per encode; a
// pattern that needs more throws ErrorCode::RegexTooMuchWork naming it.
std::unique_ptr<Tokenizer> loadTokenizerJson(const std::string& path);

// One id per byte (0..255).
std::unique_ptr<Tokenizer> makeByteTokenizer();

// SentencePiece .model via the sharelens-spm helper executable.
std::unique_ptr<Tokenizer> loadSentencePiece(const std::string& modelPath);

// Picks the tokenizer of a model folder: tokenizer.json, else tokenizer.model,
// else the byte tokenizer when the vocabulary has 256 entries; otherwise throws.
// A tokenizer.json or tokenizer.model that exists but is not a readable
// regular file (a FIFO, a device, a folder, a dangling link) is an error
// (ErrorCode::TokenizerUnreadable), never silently skipped.
std::unique_ptr<Tokenizer> loadTokenizerForModel(const std::string& dir, int32_t vocabSize);

} // namespace sharelens
