// The byte-level BPE tokenizer of a Hugging Face tokenizer.json, shared by
// the reader of the file (tokenizer_bpe.cpp) and the encoder
// (tokenizer_bpe_encode.cpp). Engine-internal.
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
    Regex(const std::string& pattern, bool literal) {
        uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
        if (literal) options |= PCRE2_LITERAL;
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
        pcre2_jit_compile(m_code.code, PCRE2_JIT_COMPLETE); // falls back to the interpreter
    }

    pcre2_code* code() const { return m_code.code; }

private:
    Pcre2Code m_code;
};

// Per-encode() matching state: match data and a JIT stack are not shareable
// between threads, so every call makes its own.
class Matcher {
public:
    Matcher() {
        m_context = pcre2_match_context_create(nullptr);
        m_stack = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, nullptr);
        if (m_context && m_stack) pcre2_jit_stack_assign(m_context, nullptr, m_stack);
        m_data = pcre2_match_data_create(8, nullptr);
        if (!m_context || !m_data) throw std::bad_alloc();
    }
    ~Matcher() {
        pcre2_match_data_free(m_data);
        pcre2_jit_stack_free(m_stack);
        pcre2_match_context_free(m_context);
    }
    Matcher(const Matcher&) = delete;
    Matcher& operator=(const Matcher&) = delete;

    // Calls onMatch(begin, end) for each non-empty match, left to right.
    template <typename F>
    void forEachMatch(const Regex& re, std::string_view s, F&& onMatch) {
        size_t start = 0;
        while (start <= s.size()) {
            const int rc =
                pcre2_match(re.code(), reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), start, 0, m_data, m_context);
            if (rc == PCRE2_ERROR_NOMATCH) return;
            if (rc < 0) {
                PCRE2_UCHAR buf[256];
                pcre2_get_error_message(rc, buf, sizeof buf);
                throw Error(ErrorCode::BpeTokenizerSPreTokenizerRegex, {reinterpret_cast<const char*>(buf)});
            }
            const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(m_data);
            const size_t b = ov[0], e = ov[1];
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
    pcre2_match_context* m_context = nullptr;
    pcre2_jit_stack* m_stack = nullptr;
    pcre2_match_data* m_data = nullptr;
};

// ----------------------------------------------------------- pre-tokenizers

enum class Behavior { Isolated, Removed, MergedWithPrevious, MergedWithNext, Contiguous };

struct PreStep {
    enum Kind { Split, ByteLevel } kind = Split;
    std::unique_ptr<Regex> regex; // Split, or ByteLevel with use_regex
    Behavior behavior = Behavior::Isolated;
    bool invert = false;
    bool addPrefixSpace = false; // ByteLevel
};

enum class Normalization { NFC, NFD, NFKC, NFKD };

struct AddedToken {
    std::string content;
    int32_t id = 0;
    bool lstrip = false;
    bool rstrip = false;
    bool singleWord = false;
};

// ----------------------------------------------------------------- the model

class BpeTokenizer final : public Tokenizer {
public:
    BpeTokenizer(const nlohmann::json& root, const std::string& path);

    std::vector<int32_t> encode(std::string_view text) const override;
    std::string decode(const std::vector<int32_t>& ids) const override;
    int32_t vocabSize() const override { return int32_t(m_idToBytes.size()); }
    std::string kind() const override { return "bpe"; }

private:
    void parseModel(const nlohmann::json& model);
    void parseMerges(const nlohmann::json& merges, const std::unordered_map<std::string, int32_t>& tokenToId);
    void parseAddedTokens(const nlohmann::json& added);
    void parseNormalizer(const nlohmann::json& n, int depth = 0);
    void parsePreTokenizer(const nlohmann::json& p);
    void parseDecoder(const nlohmann::json& d, int depth = 0);
    [[noreturn]] void fail(ErrorMessage what) const { throw Error(std::move(what), m_path); }

    void encodeSegment(std::string_view text, Matcher& m, std::vector<int32_t>& out) const;
    void runSteps(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const;
    void runByteLevel(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const;
    void runSplit(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const;
    void encodeWord(std::string_view bytes, std::vector<int32_t>& out) const;
    void bpe(std::string_view bytes, std::vector<int32_t>& out) const;
    std::string normalize(std::string_view text) const;

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

    // Pipeline.
    std::vector<AddedToken> m_added;
    std::array<std::vector<const AddedToken*>, 256> m_addedByFirstByte; // longest first
    std::vector<Normalization> m_normalizers;
    std::vector<PreStep> m_steps;

    // Word cache: pre-token bytes -> ids.
    mutable std::mutex m_cacheMutex;
    mutable std::unordered_map<std::string, std::vector<int32_t>> m_cache;
};

} // namespace sharelens::detail
