// The BPE tokenizer of a Hugging Face tokenizer.json, shared by the reader
// of the file (tokenizer_bpe.cpp, tokenizer_spm_json.cpp) and the encoder
// (tokenizer_bpe_encode.cpp, tokenizer_spm_encode.cpp). Two kinds of BPE:
// byte-level (GPT-2, Llama 3, Qwen2: vocabulary strings stand for bytes
// through GPT-2's byte alphabet) and SentencePiece-style (Llama 2, Mistral,
// Gemma: vocabulary strings are the text itself with "▁" for spaces,
// symbols start as characters, and characters the vocabulary lacks fall back
// to <0xNN> byte tokens). Engine-internal.
#pragma once

#include "sharelens/error.h"
#include "sharelens/tokenizer.h"
#include "tokenize/tokenizer_util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sharelens::detail {

// --------------------------------------------------------------------- regex

struct Pcre2Code {
    pcre2_code* code = nullptr;
    ~Pcre2Code() { pcre2_code_free(code); }
};

class Regex {
public:
    // Throws std::invalid_argument with PCRE2's message.
    Regex(const std::string& pattern, bool literal) : m_pattern(pattern) {
        uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
        // PCRE2 refuses UCP with LITERAL (it means nothing for a literal).
        options |= literal ? PCRE2_LITERAL : PCRE2_UCP;
        int err = 0;
        PCRE2_SIZE errOffset = 0;
        m_code.code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &err,
                                    &errOffset, nullptr);
        if (!m_code.code) {
            PCRE2_UCHAR buf[256];
            pcre2_get_error_message(err, buf, sizeof buf);
            throw std::invalid_argument(std::string(reinterpret_cast<const char*>(buf)) + " at offset " +
                                        std::to_string(errOffset));
        }
        // Both modes the matcher uses; falls back to the interpreter.
        pcre2_jit_compile(m_code.code, PCRE2_JIT_COMPLETE | PCRE2_JIT_PARTIAL_HARD);
    }

    pcre2_code* code() const { return m_code.code; }
    const std::string& pattern() const { return m_pattern; }

private:
    Pcre2Code m_code;
    std::string m_pattern;
};

// Per-encode() matching state: match data and a JIT stack are not shareable
// between threads, so every call makes its own. It also carries what bounds
// the encode: the number of ids wanted (matching stops once `out` holds
// them) and the regex work done so far against its budget.
//
// Matching looks at a window of the subject that grows only while PCRE2
// reports it reached the window's end (PCRE2_PARTIAL_HARD), so every match
// is the one a search of the whole subject finds, yet a lazy encode reads
// no further than its matches need, and a pattern whose every attempt
// scans to the end of the text (a lookahead such as (?=[^!]*!)) is charged
// for that scan and stopped by the budget long before its quadratic cost.
class Matcher {
public:
    Matcher(const std::vector<int32_t>& out, size_t maxTokens, const std::string& path);
    ~Matcher();
    Matcher(const Matcher&) = delete;
    Matcher& operator=(const Matcher&) = delete;

    // True once the encode has all the ids it wants.
    bool done() const { return m_out.size() >= m_maxTokens; }

    // Whether the piece being pre-tokenized starts the text (Metaspace's
    // prepend_scheme "first"); set by the encoder per segment.
    bool atTextStart = false;

    // Calls onMatch(begin, end) for each non-empty match, left to right,
    // until done().
    template <typename F>
    void forEachMatch(const Regex& re, std::string_view s, F&& onMatch) {
        size_t start = 0;
        while (start <= s.size() && !done()) {
            size_t b = 0, e = 0;
            if (!next(re, s, start, b, e)) return;
            if (e > b) {
                onMatch(b, e);
                start = e;
            } else {
                // Empty match: skip one character (or one invalid byte).
                if (b >= s.size()) return;
                const size_t n = utf8CharLength(s, b);
                start = b + (n ? n : 1);
            }
        }
    }

private:
    // The leftmost match at or after `from`, exactly as one pcre2_match()
    // over all of s would find it; false when there is none.
    bool next(const Regex& re, std::string_view s, size_t from, size_t& b, size_t& e);
    // One pcre2_match() on s[0, end) from `start`, charged `end - start`.
    int match(const Regex& re, std::string_view s, size_t end, size_t start, uint32_t options);
    [[noreturn]] void tooMuchWork(const Regex& re, const std::string& limit) const;

    const std::vector<int32_t>& m_out;
    size_t m_maxTokens;
    const std::string& m_path;
    uint64_t m_work = 0;     // bytes of subject handed to PCRE2, summed over calls
    uint64_t m_advanced = 0; // bytes of subject the searches moved past
    pcre2_match_context* m_context = nullptr;
    pcre2_jit_stack* m_stack = nullptr;
    pcre2_match_data* m_data = nullptr;
};

// ----------------------------------------------------------- pre-tokenizers

enum class Behavior { Isolated, Removed, MergedWithPrevious, MergedWithNext, Contiguous };

enum class Prepend { Always, First, Never };

struct PreStep {
    enum Kind { Split, ByteLevel, Metaspace } kind = Split;
    std::unique_ptr<Regex> regex; // Split, or ByteLevel with use_regex
    Behavior behavior = Behavior::Isolated;
    bool invert = false;
    bool addPrefixSpace = false; // ByteLevel
    std::string replacement;     // Metaspace
    Prepend prepend = Prepend::Always;
    bool split = true;
};

enum class Normalization { NFC, NFD, NFKC, NFKD };

struct NormStep {
    enum Kind { Unicode, Replace, Prepend } kind = Unicode;
    Normalization form = Normalization::NFC; // Unicode
    std::unique_ptr<Regex> regex;            // Replace: the pattern (literal for a String)
    std::string content;                     // Replace: the replacement; Prepend: the prefix
};

struct DecodeStep {
    enum Kind { ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace } kind = ByteLevel;
    std::string pattern; // Replace (a literal string)
    std::string content; // Replace, Strip (one character), Metaspace (the replacement)
    size_t start = 0, stop = 0;
    Prepend prepend = Prepend::Always;
};

struct AddedToken {
    std::string content;
    int32_t id = 0;
    bool lstrip = false;
    bool rstrip = false;
    bool singleWord = false;
    bool normalized = false; // matched in the normalized text, not the raw text
};

// tokenizer_config.json's fields that change ids (all optional).
struct TokenizerConfig {
    int addBos = -1, addEos = -1, legacy = -1, addPrefixSpace = -1; // -1: not given
    std::string bosToken, eosToken, tokenizerClass;
};

// Reads the text of a tokenizer_config.json; throws TokenizerConfigInvalid.
TokenizerConfig parseTokenizerConfig(const std::string& text, const std::string& path);

// ----------------------------------------------------------------- the model

class BpeTokenizer final : public Tokenizer {
public:
    BpeTokenizer(const nlohmann::json& root, const std::string& path, const TokenizerConfig* config = nullptr);

    std::vector<int32_t> encode(std::string_view text) const override;
    std::vector<int32_t> encodePrefix(std::string_view text, size_t maxTokens) const override;
    std::string decode(const std::vector<int32_t>& ids) const override;
    int32_t vocabSize() const override { return int32_t(m_idToBytes.size()); }
    std::string kind() const override { return "bpe"; }
    std::vector<int32_t> prefixIds() const override { return m_prefixIds; }
    std::vector<int32_t> suffixIds() const override { return m_suffixIds; }
    std::string piece(int32_t id) const override;

private:
    void parseModel(const nlohmann::json& model);
    void parseMerges(const nlohmann::json& merges, const std::unordered_map<std::string, int32_t>& tokenToId);
    void parseAddedTokens(const nlohmann::json& added);
    void parseNormalizer(const nlohmann::json& n, int depth = 0);
    void parsePreTokenizer(const nlohmann::json& p);
    void parseDecoder(const nlohmann::json& d, int depth = 0);
    // SentencePiece-style parts (tokenizer_spm_json.cpp).
    bool parseSpmNormalizer(const std::string& type, const nlohmann::json& n);
    void parseMetaspace(const nlohmann::json& s, PreStep& step);
    bool parseSpmDecoder(const std::string& type, const nlohmann::json& d);
    void parsePostProcessor(const nlohmann::json& p);
    void applyConfig(const TokenizerConfig& c);
    int32_t idOfToken(const std::string& token) const;
    void checkWordSplitting();
    [[noreturn]] void notImplemented(const std::string& what, const std::string& type) const;
    [[noreturn]] void fail(ErrorMessage what) const { throw Error(std::move(what), m_path); }

    template <typename Gap>
    void splitAdded(std::string_view text, bool normalizedTokens, Matcher& m, std::vector<int32_t>& out,
                    Gap&& onGap) const;
    void encodeWithAdded(std::string_view text, Matcher& m, std::vector<int32_t>& out) const;
    void encodeSegment(std::string_view text, bool atStart, Matcher& m, std::vector<int32_t>& out) const;
    void runMetaspace(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const;
    void encodeCharWord(std::string_view word, Matcher& m, std::vector<int32_t>& out) const;
    void charBpe(std::string_view word, std::vector<int32_t>& out) const;
    void mergeSymbols(std::vector<int32_t>& ids, std::vector<int32_t>& out) const;
    std::string decodeSteps(std::vector<std::string> pieces) const;
    void runSteps(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const;
    void runByteLevel(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const;
    void runSplit(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const;
    void encodeWord(std::string_view bytes, std::vector<int32_t>& out) const;
    void bpe(std::string_view bytes, std::vector<int32_t>& out) const;
    std::string normalize(std::string_view text, Matcher& m) const;
    std::string normalizeUnicode(std::string cur, Normalization form) const;

    std::string m_path;

    // Model.
    std::unordered_map<std::string, int32_t> m_bytesToId; // vocab keyed by the bytes a token stands for
    std::vector<std::string> m_idToBytes;                 // decode table (vocab and added tokens)
    std::vector<char> m_isAdded;                          // id is an added token (decoded verbatim)
    std::array<int32_t, 256> m_byteId{};                  // single-byte symbols, -1 if absent
    struct Merge {
        int32_t rank;
        int32_t id;
    };
    std::unordered_map<uint64_t, Merge> m_merges; // (left id, right id) -> rank, merged id
    bool m_ignoreMerges = false;
    int32_t m_unkId = -1;
    // SentencePiece-style BPE (m_byteLevel false): symbols start as
    // characters (m_charId), a missing one becomes its <0xNN> byte tokens
    // (m_byteId, with byte_fallback) or the unknown token.
    bool m_byteLevel = true;
    bool m_byteFallback = false;
    bool m_fuseUnk = false;
    std::unordered_map<uint32_t, int32_t> m_charId;
    // A long word splits exactly before each metaspace that does not follow
    // one of m_metaspaceJoiners (the characters some vocabulary token has
    // right before a metaspace).
    bool m_splitBeforeMetaspace = false;
    std::vector<std::string> m_metaspaceJoiners;
    std::string m_metaspace = "\xe2\x96\x81";
    std::vector<int32_t> m_prefixIds, m_suffixIds; // added by encode(text, add_special_tokens=True)

    // Pipeline.
    std::vector<AddedToken> m_added;
    // Added tokens by content, and the lengths they come in by first byte
    // (longest first): a look-up per length, not per token (Gemma 3 has 6322
    // added tokens that start with '<').
    struct AddedTable {
        std::unordered_map<std::string_view, const AddedToken*> byContent;
        std::array<std::vector<size_t>, 256> lengths;
    };
    AddedTable m_addedRaw;  // matched in the raw text
    AddedTable m_addedNorm; // matched in the normalized text
    std::vector<NormStep> m_normalizers;
    std::vector<PreStep> m_steps;
    std::vector<DecodeStep> m_decoders;
    bool m_anyNormalizedAdded = false;

    // Word cache: pre-token bytes -> ids.
    mutable std::mutex m_cacheMutex;
    mutable std::unordered_map<std::string, std::vector<int32_t>> m_cache;
};

} // namespace sharelens::detail
