// Tokenizers: Hugging Face tokenizer.json (byte-level BPE with the GPT-2,
// Llama-3 and Qwen2 pre-tokenizers; SentencePiece-style BPE with Metaspace,
// Replace/Prepend normalizers and byte fallback, as in Llama 2, Mistral,
// TinyLlama and Gemma), a plain byte tokenizer for byte-vocabulary models,
// and SentencePiece .model files (run in a helper process, since
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
    // The vocabulary string of one id as the tokenizer file writes it (e.g.
    // "\u2581Hello", "<0x0A>", "<s>"); empty for an id outside the vocabulary.
    virtual std::string piece(int32_t id) const { return id >= 0 && id < vocabSize() ? decode({id}) : std::string(); }
    // The ids Hugging Face's encode(text, add_special_tokens=True) puts
    // before and after the text's own ids: tokenizer_config.json's
    // add_bos_token / add_eos_token where it gives them, else the
    // post-processor template of tokenizer.json (Llama 3's <|begin_of_text|>).
    virtual std::vector<int32_t> prefixIds() const { return {}; }
    virtual std::vector<int32_t> suffixIds() const { return {}; }
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

// The same from the text of a tokenizer.json (and of its
// tokenizer_config.json, empty when there is none); `origin` names the
// source in error messages.
std::unique_ptr<Tokenizer> parseTokenizerJson(const std::string& jsonText, const std::string& origin,
                                              const std::string& configText = {});

// A SentencePiece-style BPE (Llama 2's layout: "\u2581" for spaces, one
// prepended to the text, <0xNN> byte-fallback tokens, fused unknowns) from
// an in-memory vocabulary, e.g. a GGUF "llama" vocabulary.
struct SentencePieceBpeVocab {
    std::vector<std::string> pieces; // id -> piece
    std::vector<std::string> merges; // "left right", by rank; when empty, made from `scores`
    std::vector<float> scores;       // id -> score (higher merges first); used only without merges
    std::vector<int32_t> specialIds; // control / user-defined tokens, split out of the text first
    int32_t unkId = -1, bosId = -1, eosId = -1;
    bool addBos = true, addEos = false;
    bool addPrefixSpace = true; // the "\u2581" prepended to each text segment
};
std::unique_ptr<Tokenizer> makeSentencePieceBpe(const SentencePieceBpeVocab& vocab, const std::string& origin);

// Inputs cut into windows of seqLen ids, at most maxSequences of them
// (0 = no limit), each window starting the way the model was trained: with
// the tokenizer's prefixIds() (its BOS) when it adds one, followed by
// seqLen - prefix ids of the text, consecutive across windows. Only the
// start of the text that the windows need is tokenized.
std::vector<std::vector<int32_t>> encodeWindows(const Tokenizer& tok, std::string_view text, int seqLen,
                                                int maxSequences);

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
