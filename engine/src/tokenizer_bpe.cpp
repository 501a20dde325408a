// Hugging Face tokenizer.json, byte-level BPE (GPT-2, Llama 3, Qwen2).
//
// encode(text):
//   1. split out added tokens (<|endoftext|>, <|begin_of_text|>, ...) on the
//      raw text; each maps to its id;
//   2. normalize the pieces in between (none, or NFC/NFD/NFKC/NFKD via ICU);
//   3. pre-tokenize: the configured Split steps (PCRE2, UTF + UCP, pattern
//      used as written in the file), then ByteLevel (optional prefix space,
//      optional GPT-2 regex);
//   4. each pre-token's bytes go through BPE by merge rank (or straight to
//      its id when ignore_merges is set and the whole word is in the vocab).
// Ids of the post-processor's template (e.g. Llama 3's BOS) are not added:
// encode() is Hugging Face's encode(text, add_special_tokens=False).

#include "sharelens/error.h"
#include "sharelens/tokenizer.h"
#include "tokenizer_util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <nlohmann/json.hpp>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <limits>
#include <mutex>
#include <queue>
#include <sstream>
#include <unordered_map>

namespace sharelens {
namespace {

using json = nlohmann::json;
using detail::utf8CharLength;


// ---------------------------------------------------------------- byte level

// GPT-2's reversible byte <-> unicode mapping: printable Latin-1 bytes map to
// themselves, the other 68 bytes to U+0100 onwards, in byte order.
std::array<uint32_t, 256> byteToCodepoint()
{
    std::array<uint32_t, 256> table{};
    uint32_t next = 256;
    for (uint32_t b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
        table[b] = printable ? b : next++;
    }
    return table;
}

void appendUtf8(std::string& out, uint32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

// Decodes one valid UTF-8 character at s[i]; returns its length, 0 if invalid.
size_t decodeUtf8(std::string_view s, size_t i, uint32_t& cp)
{
    const size_t n = utf8CharLength(s, i);
    if (n == 0)
        return 0;
    const auto c0 = static_cast<unsigned char>(s[i]);
    if (n == 1) {
        cp = c0;
    } else {
        cp = c0 & (0xFF >> (n + 1));
        for (size_t k = 1; k < n; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    return n;
}

// Vocabulary token (byte-level characters) -> the bytes it stands for.
// Characters outside the byte-level alphabet are kept as their UTF-8.
std::string tokenToBytes(std::string_view token, const std::unordered_map<uint32_t, uint8_t>& cpToByte)
{
    std::string out;
    out.reserve(token.size());
    size_t i = 0;
    while (i < token.size()) {
        uint32_t cp = 0;
        const size_t n = decodeUtf8(token, i, cp);
        if (n == 0) { // not UTF-8 at all: keep the byte
            out += token[i++];
            continue;
        }
        const auto it = cpToByte.find(cp);
        if (it != cpToByte.end())
            out += char(it->second);
        else
            out.append(token.substr(i, n));
        i += n;
    }
    return out;
}

// --------------------------------------------------------------------- regex

struct Pcre2Code {
    pcre2_code* code = nullptr;
    ~Pcre2Code() { pcre2_code_free(code); }
};

class Regex {
public:
    // Throws std::invalid_argument with PCRE2's message.
    Regex(const std::string& pattern, bool literal)
    {
        uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
        if (literal)
            options |= PCRE2_LITERAL;
        int err = 0;
        PCRE2_SIZE errOffset = 0;
        m_code.code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                    options, &err, &errOffset, nullptr);
        if (!m_code.code) {
            PCRE2_UCHAR buf[256];
            pcre2_get_error_message(err, buf, sizeof buf);
            throw std::invalid_argument(std::string(reinterpret_cast<const char*>(buf)) + " at offset "
                                        + std::to_string(errOffset));
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
    Matcher()
    {
        m_context = pcre2_match_context_create(nullptr);
        m_stack = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, nullptr);
        if (m_context && m_stack)
            pcre2_jit_stack_assign(m_context, nullptr, m_stack);
        m_data = pcre2_match_data_create(8, nullptr);
        if (!m_context || !m_data)
            throw std::bad_alloc();
    }
    ~Matcher()
    {
        pcre2_match_data_free(m_data);
        pcre2_jit_stack_free(m_stack);
        pcre2_match_context_free(m_context);
    }
    Matcher(const Matcher&) = delete;
    Matcher& operator=(const Matcher&) = delete;

    // Calls onMatch(begin, end) for each non-empty match, left to right.
    template <typename F>
    void forEachMatch(const Regex& re, std::string_view s, F&& onMatch)
    {
        size_t start = 0;
        while (start <= s.size()) {
            const int rc = pcre2_match(re.code(), reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), start,
                                       0, m_data, m_context);
            if (rc == PCRE2_ERROR_NOMATCH)
                return;
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
                if (b >= s.size())
                    return;
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

const std::string& gpt2Pattern()
{
    static const std::string p =
        R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
    return p;
}

// ----------------------------------------------------------------- the model

class BpeTokenizer final : public Tokenizer {
public:
    BpeTokenizer(const json& root, const std::string& path);

    std::vector<int32_t> encode(std::string_view text) const override;
    std::string decode(const std::vector<int32_t>& ids) const override;
    int32_t vocabSize() const override { return int32_t(m_idToBytes.size()); }
    std::string kind() const override { return "bpe"; }

private:
    void parseModel(const json& model);
    void parseAddedTokens(const json& added);
    void parseNormalizer(const json& n, int depth = 0);
    void parsePreTokenizer(const json& p);
    void parseDecoder(const json& d, int depth = 0);
    [[noreturn]] void fail(ErrorMessage what) const { throw Error(std::move(what), m_path); }

    void encodeSegment(std::string_view text, Matcher& m, std::vector<int32_t>& out) const;
    void runSteps(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const;
    void encodeWord(std::string_view bytes, std::vector<int32_t>& out) const;
    void bpe(std::string_view bytes, std::vector<int32_t>& out) const;
    std::string normalize(std::string_view text) const;

    std::string m_path;

    // Model.
    std::unordered_map<std::string, int32_t> m_bytesToId; // vocab keyed by the bytes a token stands for
    std::vector<std::string> m_idToBytes;                  // decode table (vocab and added tokens)
    std::vector<char> m_isAdded;                           // id is an added token (decoded verbatim)
    std::array<int32_t, 256> m_byteId{};                   // single-byte symbols, -1 if absent
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

std::string typeOf(const json& j)
{
    if (!j.is_object())
        return {};
    const auto it = j.find("type");
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool boolField(const json& j, const char* key, bool fallback)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return fallback;
    return it->is_boolean() ? it->get<bool>() : fallback;
}

BpeTokenizer::BpeTokenizer(const json& root, const std::string& path) : m_path(path)
{
    if (!root.is_object())
        fail({ErrorCode::BpeTokenizerJsonMustHoldJSON, {}});
    const auto model = root.find("model");
    if (model == root.end() || !model->is_object())
        fail({ErrorCode::BpeTokenizerJsonNoModelObject, {}});

    // Decide the kind first, so the user hears the real reason.
    std::string type = typeOf(*model);
    if (type.empty() && model->contains("merges"))
        type = "BPE";
    if (type.empty())
        fail({ErrorCode::BpeTokenizerJsonDoesNotSay, {}});
    if (type != "BPE")
        fail({ErrorCode::BpeTokenizerJsonUsesModelUse, {type}});
    if (boolField(*model, "byte_fallback", false))
        fail({ErrorCode::BpeSentencePieceStyle, {}});
    for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"}) {
        const auto it = model->find(key);
        if (it != model->end() && it->is_string() && !it->get<std::string>().empty())
            fail({ErrorCode::BpeTokenizerJsonSBPEModel, {key, it->get<std::string>()}});
    }
    // Both branches lvalues: `cond ? root[k] : json()` would copy root[k],
    // and copying recurses, so a deeply nested value would exhaust the stack.
    static const json kNone;
    const json& pre = root.contains("pre_tokenizer") ? root["pre_tokenizer"] : kNone;
    const json& dec = root.contains("decoder") ? root["decoder"] : kNone;
    const json& norm = root.contains("normalizer") ? root["normalizer"] : kNone;
    const auto mentions = [](const json& j, const char* t) {
        if (typeOf(j) == t)
            return true;
        if (j.is_object() && j.contains("pretokenizers") && j["pretokenizers"].is_array())
            for (const auto& s : j["pretokenizers"])
                if (typeOf(s) == t)
                    return true;
        if (j.is_object() && j.contains("decoders") && j["decoders"].is_array())
            for (const auto& s : j["decoders"])
                if (typeOf(s) == t)
                    return true;
        if (j.is_object() && j.contains("normalizers") && j["normalizers"].is_array())
            for (const auto& s : j["normalizers"])
                if (typeOf(s) == t)
                    return true;
        return false;
    };
    if (mentions(pre, "Metaspace") || mentions(dec, "Metaspace") || mentions(dec, "ByteFallback")
        || mentions(norm, "Prepend") || mentions(norm, "Replace"))
        fail({ErrorCode::BpeSentencePieceStyle, {}});

    parseModel(*model);
    if (root.contains("added_tokens"))
        parseAddedTokens(root["added_tokens"]);
    parseNormalizer(norm);
    parsePreTokenizer(pre);
    parseDecoder(dec);
}

void BpeTokenizer::parseModel(const json& model)
{
    const auto vocabIt = model.find("vocab");
    if (vocabIt == model.end() || !vocabIt->is_object())
        fail({ErrorCode::BpeTokenizerJsonSBPEModel2, {}});
    const json& vocab = *vocabIt;
    if (vocab.empty())
        fail({ErrorCode::BpeTokenizerJsonSBPEVocabulary, {}});

    const auto table = byteToCodepoint();
    std::unordered_map<uint32_t, uint8_t> cpToByte;
    for (uint32_t b = 0; b < 256; ++b)
        cpToByte[table[b]] = uint8_t(b);

    // Ids must be dense enough for a decode table; a few gaps are fine.
    const size_t maxId = vocab.size() + 65536;
    std::unordered_map<std::string, int32_t> tokenToId;
    tokenToId.reserve(vocab.size());
    m_idToBytes.clear();
    std::vector<char> present;
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        if (!it.value().is_number_integer())
            fail({ErrorCode::BpeTokenizerJsonSVocabularyGives, {it.key()}});
        const auto id = it.value().get<int64_t>();
        if (id < 0 || size_t(id) >= maxId)
            fail({ErrorCode::BpeTokenizerJsonSVocabularyGives2, {it.key(), std::to_string(id), std::to_string(maxId - 1)}});
        if (size_t(id) >= m_idToBytes.size()) {
            m_idToBytes.resize(size_t(id) + 1);
            present.resize(size_t(id) + 1, 0);
        }
        if (present[size_t(id)])
            fail({ErrorCode::BpeTokenizerJsonSVocabularyGives3, {std::to_string(id)}});
        present[size_t(id)] = 1;
        tokenToId.emplace(it.key(), int32_t(id));
        std::string bytes = tokenToBytes(it.key(), cpToByte);
        m_bytesToId.emplace(bytes, int32_t(id));
        m_idToBytes[size_t(id)] = std::move(bytes);
    }
    m_isAdded.assign(m_idToBytes.size(), 0);

    for (uint32_t b = 0; b < 256; ++b) {
        std::string sym;
        appendUtf8(sym, table[b]);
        const auto it = tokenToId.find(sym);
        m_byteId[b] = it == tokenToId.end() ? -1 : it->second;
    }

    m_ignoreMerges = boolField(model, "ignore_merges", false);
    const auto unk = model.find("unk_token");
    if (unk != model.end() && unk->is_string()) {
        const auto it = tokenToId.find(unk->get<std::string>());
        if (it == tokenToId.end())
            fail({ErrorCode::BpeTokenizerJsonSUnkToken, {unk->get<std::string>()}});
        m_unkId = it->second;
    }

    const auto mergesIt = model.find("merges");
    if (mergesIt == model.end() || mergesIt->is_null())
        return; // a vocabulary of symbols with no merges (e.g. 256 bytes)
    if (!mergesIt->is_array())
        fail({ErrorCode::BpeTokenizerJsonSBPEMerges, {}});
    const json& merges = *mergesIt;
    m_merges.reserve(merges.size());
    int32_t rank = 0;
    for (const auto& m : merges) {
        std::string a, b;
        if (m.is_string()) {
            const auto& s = m.get_ref<const std::string&>();
            const auto sp = s.find(' ');
            if (sp == std::string::npos || s.find(' ', sp + 1) != std::string::npos)
                fail({ErrorCode::BpeTokenizerJsonSMergeNot, {std::to_string(rank), s}});
            a = s.substr(0, sp);
            b = s.substr(sp + 1);
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
            a = m[0].get<std::string>();
            b = m[1].get<std::string>();
        } else {
            fail({ErrorCode::BpeTokenizerJsonSMergeNeither, {std::to_string(rank)}});
        }
        const auto ia = tokenToId.find(a), ib = tokenToId.find(b), iab = tokenToId.find(a + b);
        for (const auto& [it, name] : {std::pair{ia, &a}, std::pair{ib, &b}})
            if (it == tokenToId.end())
                fail({ErrorCode::BpeTokenizerJsonSMergeNames, {std::to_string(rank), a, b, *name}});
        if (iab == tokenToId.end())
            fail({ErrorCode::BpeTokenizerJsonSMergeMakes, {std::to_string(rank), a, b, a, b}});
        const uint64_t key = (uint64_t(uint32_t(ia->second)) << 32) | uint32_t(ib->second);
        m_merges.emplace(key, Merge{rank, iab->second}); // the first (lowest rank) wins
        ++rank;
    }
}

void BpeTokenizer::parseAddedTokens(const json& added)
{
    if (added.is_null())
        return;
    if (!added.is_array())
        fail({ErrorCode::BpeTokenizerJsonSAddedTokens, {}});
    const size_t maxId = m_idToBytes.size() + added.size() + 65536;
    for (const auto& t : added) {
        if (!t.is_object() || !t.contains("id") || !t["id"].is_number_integer() || !t.contains("content")
            || !t["content"].is_string())
            fail({ErrorCode::BpeTokenizerJsonAddedTokenWithout, {}});
        const auto id = t["id"].get<int64_t>();
        const std::string content = t["content"].get<std::string>();
        if (id < 0 || size_t(id) >= maxId)
            fail({ErrorCode::BpeTokenizerJsonGivesAddedToken, {content, std::to_string(id)}});
        if (content.empty())
            fail({ErrorCode::BpeTokenizerJsonAddedTokenId, {std::to_string(id)}});
        if (size_t(id) >= m_idToBytes.size()) {
            m_idToBytes.resize(size_t(id) + 1);
            m_isAdded.resize(size_t(id) + 1, 0);
        }
        m_idToBytes[size_t(id)] = content;
        m_isAdded[size_t(id)] = 1;
        m_added.push_back({content, int32_t(id), boolField(t, "lstrip", false), boolField(t, "rstrip", false),
                           boolField(t, "single_word", false)});
    }
    for (const auto& t : m_added)
        m_addedByFirstByte[static_cast<unsigned char>(t.content[0])].push_back(&t);
    for (auto& v : m_addedByFirstByte)
        std::stable_sort(v.begin(), v.end(),
                         [](const AddedToken* a, const AddedToken* b) { return a->content.size() > b->content.size(); });
}

void BpeTokenizer::parseNormalizer(const json& n, int depth)
{
    if (n.is_null())
        return;
    if (depth > 8)
        fail({ErrorCode::BpeTokenizerJsonNestsNormalizerSequences, {}});
    const std::string type = typeOf(n);
    if (type == "Sequence") {
        if (!n.contains("normalizers") || !n["normalizers"].is_array())
            fail({ErrorCode::BpeTokenizerJsonSSequenceNormalizer, {}});
        for (const auto& s : n["normalizers"])
            parseNormalizer(s, depth + 1);
        return;
    }
    if (type == "NFC")
        m_normalizers.push_back(Normalization::NFC);
    else if (type == "NFD")
        m_normalizers.push_back(Normalization::NFD);
    else if (type == "NFKC")
        m_normalizers.push_back(Normalization::NFKC);
    else if (type == "NFKD")
        m_normalizers.push_back(Normalization::NFKD);
    else if (type.empty() && n.is_structured()) // never dumped: it may nest deeply enough to exhaust the stack
        fail({ErrorCode::BpeTokenizerJsonNormalizerNoType, {n.type_name()}});
    else
        fail({ErrorCode::BpeTokenizerJsonUsesNormalizerShareLens, {(type.empty() ? n.dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 60) : type)}});
}

std::unique_ptr<Regex> compileSplitPattern(const json& pattern, const std::string& path)
{
    if (pattern.is_object() && pattern.contains("Regex") && pattern["Regex"].is_string())
        return std::make_unique<Regex>(pattern["Regex"].get<std::string>(), false);
    if (pattern.is_object() && pattern.contains("String") && pattern["String"].is_string()) {
        if (pattern["String"].get_ref<const std::string&>().empty())
            throw Error(ErrorCode::BpeTokenizerJsonSplitPreTokenizer3, {}, path);
        return std::make_unique<Regex>(pattern["String"].get<std::string>(), true);
    }
    throw Error(ErrorCode::BpeTokenizerJsonSplitPreTokenizer4, {},
                path);
}

void BpeTokenizer::parsePreTokenizer(const json& p)
{
    if (p.is_null())
        fail({ErrorCode::BpeTokenizerJsonNoPreTokenizer, {}});
    std::vector<const json*> steps;
    if (typeOf(p) == "Sequence") {
        if (!p.contains("pretokenizers") || !p["pretokenizers"].is_array())
            fail({ErrorCode::BpeTokenizerJsonSSequencePre, {}});
        for (const auto& s : p["pretokenizers"])
            steps.push_back(&s);
    } else {
        steps.push_back(&p);
    }
    for (const json* sp : steps) {
        const json& s = *sp;
        const std::string type = typeOf(s);
        if (!m_steps.empty() && m_steps.back().kind == PreStep::ByteLevel)
            fail({ErrorCode::BpeTokenizerJsonSPreTokenizer, {type}});
        PreStep step;
        try {
            if (type == "ByteLevel") {
                step.kind = PreStep::ByteLevel;
                step.addPrefixSpace = boolField(s, "add_prefix_space", false);
                if (boolField(s, "use_regex", true))
                    step.regex = std::make_unique<Regex>(gpt2Pattern(), false);
            } else if (type == "Split") {
                step.kind = PreStep::Split;
                if (!s.contains("pattern"))
                    fail({ErrorCode::BpeTokenizerJsonSplitPreTokenizer, {}});
                step.regex = compileSplitPattern(s["pattern"], m_path);
                step.invert = boolField(s, "invert", false);
                const std::string behavior = s.contains("behavior") && s["behavior"].is_string()
                                                 ? s["behavior"].get<std::string>() : std::string("Isolated");
                if (behavior == "Isolated")
                    step.behavior = Behavior::Isolated;
                else if (behavior == "Removed")
                    step.behavior = Behavior::Removed;
                else if (behavior == "MergedWithPrevious")
                    step.behavior = Behavior::MergedWithPrevious;
                else if (behavior == "MergedWithNext")
                    step.behavior = Behavior::MergedWithNext;
                else if (behavior == "Contiguous")
                    step.behavior = Behavior::Contiguous;
                else
                    fail({ErrorCode::BpeTokenizerJsonSplitPreTokenizer2, {behavior}});
            } else if (type == "Digits") {
                step.kind = PreStep::Split;
                step.regex = std::make_unique<Regex>(boolField(s, "individual_digits", false) ? "\\p{N}" : "\\p{N}+",
                                                     false);
            } else {
                fail({ErrorCode::BpeTokenizerJsonUsesPreTokenizer, {(type.empty() ? std::string("(no type)") : type)}});
            }
        } catch (const std::invalid_argument& e) {
            fail({ErrorCode::BpeTokenizerJsonSPreTokenizer2, {type, e.what()}});
        }
        m_steps.push_back(std::move(step));
    }
    if (m_steps.empty() || m_steps.back().kind != PreStep::ByteLevel)
        fail({ErrorCode::BpeTokenizerJsonSPreTokenizer3, {}});
}

void BpeTokenizer::parseDecoder(const json& d, int depth)
{
    if (d.is_null())
        return; // byte-level decoding is implied by the ByteLevel pre-tokenizer
    if (depth > 8)
        fail({ErrorCode::BpeTokenizerJsonNestsDecoderSequences, {}});
    const std::string type = typeOf(d);
    if (type == "ByteLevel")
        return;
    if (type == "Sequence" && d.contains("decoders") && d["decoders"].is_array()) {
        for (const auto& s : d["decoders"])
            parseDecoder(s, depth + 1);
        return;
    }
    fail({ErrorCode::BpeTokenizerJsonUsesDecoderShareLens, {(type.empty() ? std::string("(no type)") : type)}});
}

// ------------------------------------------------------------------- encode

std::string BpeTokenizer::normalize(std::string_view text) const
{
    std::string cur(text);
    for (const Normalization n : m_normalizers) {
        if (std::all_of(cur.begin(), cur.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
            return cur; // ASCII is invariant under all four forms
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* norm = nullptr;
        switch (n) {
        case Normalization::NFC: norm = icu::Normalizer2::getNFCInstance(status); break;
        case Normalization::NFD: norm = icu::Normalizer2::getNFDInstance(status); break;
        case Normalization::NFKC: norm = icu::Normalizer2::getNFKCInstance(status); break;
        case Normalization::NFKD: norm = icu::Normalizer2::getNFKDInstance(status); break;
        }
        if (U_FAILURE(status) || !norm)
            throw Error(ErrorCode::BpeUnicodeNormalizationDataICUUnavailable, {}, m_path);
        // Normalize the maximal valid UTF-8 runs; invalid bytes pass through.
        std::string out;
        out.reserve(cur.size());
        size_t i = 0;
        while (i < cur.size()) {
            size_t j = i;
            while (j < cur.size()) {
                const size_t len = utf8CharLength(cur, j);
                if (len == 0)
                    break;
                j += len;
            }
            if (j > i) {
                const icu::StringPiece run(cur.data() + i, int32_t(j - i));
                status = U_ZERO_ERROR;
                if (norm->isNormalizedUTF8(run, status) && U_SUCCESS(status)) {
                    out.append(cur, i, j - i);
                } else {
                    status = U_ZERO_ERROR;
                    icu::StringByteSink<std::string> sink(&out);
                    norm->normalizeUTF8(0, run, sink, nullptr, status);
                    if (U_FAILURE(status))
                        throw Error(ErrorCode::BpeUnicodeNormalizationFailed, {u_errorName(status)}, m_path);
                }
                i = j;
            } else {
                out += cur[i++];
            }
        }
        cur = std::move(out);
    }
    return cur;
}

std::vector<int32_t> BpeTokenizer::encode(std::string_view text) const
{
    std::vector<int32_t> out;
    out.reserve(text.size() / 3 + 4);
    Matcher matcher;
    if (m_added.empty()) {
        encodeSegment(text, matcher, out);
        return out;
    }
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    const auto isWordByte = [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x80 || u == '_' || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
    };
    size_t segStart = 0, i = 0;
    while (i < text.size()) {
        const auto& cands = m_addedByFirstByte[static_cast<unsigned char>(text[i])];
        const AddedToken* hit = nullptr;
        for (const AddedToken* t : cands) {
            if (text.compare(i, t->content.size(), t->content) != 0)
                continue;
            if (t->singleWord) {
                const size_t e = i + t->content.size();
                if ((i > 0 && isWordByte(text[i - 1])) || (e < text.size() && isWordByte(text[e])))
                    continue;
            }
            hit = t;
            break;
        }
        if (!hit) {
            ++i;
            continue;
        }
        size_t b = i, e = i + hit->content.size();
        if (hit->lstrip)
            while (b > segStart && isSpace(text[b - 1]))
                --b;
        if (hit->rstrip)
            while (e < text.size() && isSpace(text[e]))
                ++e;
        encodeSegment(text.substr(segStart, b - segStart), matcher, out);
        out.push_back(hit->id);
        segStart = i = e;
    }
    encodeSegment(text.substr(segStart), matcher, out);
    return out;
}

void BpeTokenizer::encodeSegment(std::string_view text, Matcher& m, std::vector<int32_t>& out) const
{
    if (text.empty())
        return;
    if (m_normalizers.empty()) {
        runSteps(0, text, m, out);
    } else {
        const std::string normalized = normalize(text);
        runSteps(0, normalized, m, out);
    }
}

void BpeTokenizer::runSteps(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const
{
    if (piece.empty())
        return;
    if (k == m_steps.size()) {
        encodeWord(piece, out);
        return;
    }
    const PreStep& step = m_steps[k];
    if (step.kind == PreStep::ByteLevel) {
        std::string prefixed;
        if (step.addPrefixSpace && piece[0] != ' ') {
            prefixed.reserve(piece.size() + 1);
            prefixed += ' ';
            prefixed.append(piece);
            piece = prefixed;
        }
        if (!step.regex) {
            runSteps(k + 1, piece, m, out);
            return;
        }
        // Isolated: matches and the gaps between them (gaps only arise
        // around invalid UTF-8 bytes, since the GPT-2 regex covers all text).
        size_t prev = 0;
        m.forEachMatch(*step.regex, piece, [&](size_t b, size_t e) {
            if (b > prev)
                runSteps(k + 1, piece.substr(prev, b - prev), m, out);
            runSteps(k + 1, piece.substr(b, e - b), m, out);
            prev = e;
        });
        if (prev < piece.size())
            runSteps(k + 1, piece.substr(prev), m, out);
        return;
    }

    // Split: classify spans as match / gap, then apply the behavior.
    std::vector<std::pair<size_t, size_t>> spans; // [begin, end)
    std::vector<char> isMatch;
    size_t prev = 0;
    m.forEachMatch(*step.regex, piece, [&](size_t b, size_t e) {
        if (b > prev) {
            spans.emplace_back(prev, b);
            isMatch.push_back(step.invert);
        }
        spans.emplace_back(b, e);
        isMatch.push_back(!step.invert);
        prev = e;
    });
    if (prev < piece.size()) {
        spans.emplace_back(prev, piece.size());
        isMatch.push_back(step.invert);
    }
    const auto emit = [&](size_t b, size_t e) {
        if (e > b)
            runSteps(k + 1, piece.substr(b, e - b), m, out);
    };
    switch (step.behavior) {
    case Behavior::Isolated:
        for (const auto& [b, e] : spans)
            emit(b, e);
        break;
    case Behavior::Removed:
        for (size_t i = 0; i < spans.size(); ++i)
            if (!isMatch[i])
                emit(spans[i].first, spans[i].second);
        break;
    case Behavior::MergedWithPrevious: {
        size_t start = 0;
        for (size_t i = 0; i < spans.size(); ++i)
            if (isMatch[i]) {
                emit(start, spans[i].second);
                start = spans[i].second;
            }
        emit(start, piece.size());
        break;
    }
    case Behavior::MergedWithNext: {
        size_t start = 0;
        for (size_t i = 0; i < spans.size(); ++i)
            if (isMatch[i]) {
                emit(start, spans[i].first);
                start = spans[i].first;
            }
        emit(start, piece.size());
        break;
    }
    case Behavior::Contiguous: {
        size_t i = 0;
        while (i < spans.size()) {
            size_t j = i + 1;
            while (j < spans.size() && isMatch[j] == isMatch[i])
                ++j;
            emit(spans[i].first, spans[j - 1].second);
            i = j;
        }
        break;
    }
    }
}

void BpeTokenizer::encodeWord(std::string_view bytes, std::vector<int32_t>& out) const
{
    if (m_ignoreMerges) {
        const auto it = m_bytesToId.find(std::string(bytes));
        if (it != m_bytesToId.end()) {
            out.push_back(it->second);
            return;
        }
    }
    if (bytes.size() == 1) {
        const int32_t id = m_byteId[static_cast<unsigned char>(bytes[0])];
        if (id >= 0)
            out.push_back(id);
        else if (m_unkId >= 0)
            out.push_back(m_unkId);
        return;
    }
    constexpr size_t kCacheableWord = 64;
    constexpr size_t kCacheEntries = 1 << 17;
    if (bytes.size() > kCacheableWord) {
        bpe(bytes, out);
        return;
    }
    std::string key(bytes);
    {
        std::lock_guard<std::mutex> lock(m_cacheMutex);
        const auto it = m_cache.find(key);
        if (it != m_cache.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    const size_t before = out.size();
    bpe(bytes, out);
    std::vector<int32_t> ids(out.begin() + std::ptrdiff_t(before), out.end());
    std::lock_guard<std::mutex> lock(m_cacheMutex);
    if (m_cache.size() >= kCacheEntries)
        m_cache.clear();
    m_cache.emplace(std::move(key), std::move(ids));
}

// Merges by rank, lowest first; among equal ranks the leftmost. A linked list
// of symbols plus a heap of candidate pairs keeps long words O(n log n).
void BpeTokenizer::bpe(std::string_view bytes, std::vector<int32_t>& out) const
{
    struct Sym {
        int32_t id;
        int32_t prev;
        int32_t next;
    };
    std::vector<Sym> syms;
    syms.reserve(bytes.size());
    for (const char c : bytes) {
        const int32_t id = m_byteId[static_cast<unsigned char>(c)];
        if (id < 0) { // a byte the vocabulary lacks
            if (m_unkId >= 0)
                syms.push_back({m_unkId, 0, 0});
            continue;
        }
        syms.push_back({id, 0, 0});
    }
    const auto n = int32_t(syms.size());
    for (int32_t i = 0; i < n; ++i) {
        syms[size_t(i)].prev = i - 1;
        syms[size_t(i)].next = i + 1 < n ? i + 1 : -1;
    }
    struct Cand {
        int32_t rank;
        int32_t pos;
        int32_t id;
        bool operator>(const Cand& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    const auto lookup = [this](int32_t a, int32_t b) -> const Merge* {
        const auto it = m_merges.find((uint64_t(uint32_t(a)) << 32) | uint32_t(b));
        return it == m_merges.end() ? nullptr : &it->second;
    };
    std::priority_queue<Cand, std::vector<Cand>, std::greater<Cand>> heap;
    if (!m_merges.empty())
        for (int32_t i = 0; i + 1 < n; ++i)
            if (const Merge* mg = lookup(syms[size_t(i)].id, syms[size_t(i + 1)].id))
                heap.push({mg->rank, i, mg->id});
    std::vector<char> dead(size_t(n), 0);
    while (!heap.empty()) {
        const Cand c = heap.top();
        heap.pop();
        Sym& s = syms[size_t(c.pos)];
        if (dead[size_t(c.pos)] || s.next < 0)
            continue;
        const Merge* mg = lookup(s.id, syms[size_t(s.next)].id);
        if (!mg || mg->rank != c.rank || mg->id != c.id)
            continue; // stale: one side changed since this pair was queued
        const int32_t right = s.next;
        s.id = c.id;
        dead[size_t(right)] = 1;
        s.next = syms[size_t(right)].next;
        if (s.next >= 0)
            syms[size_t(s.next)].prev = c.pos;
        if (s.prev >= 0)
            if (const Merge* l = lookup(syms[size_t(s.prev)].id, s.id))
                heap.push({l->rank, s.prev, l->id});
        if (s.next >= 0)
            if (const Merge* r = lookup(s.id, syms[size_t(s.next)].id))
                heap.push({r->rank, c.pos, r->id});
    }
    for (int32_t i = n > 0 ? 0 : -1; i >= 0; i = syms[size_t(i)].next)
        out.push_back(syms[size_t(i)].id);
}

std::string BpeTokenizer::decode(const std::vector<int32_t>& ids) const
{
    std::string out;
    for (const int32_t id : ids) {
        if (id < 0 || size_t(id) >= m_idToBytes.size())
            throw Error(ErrorCode::BpeTokenIdOutsideTokenizerS, {std::to_string(id), std::to_string(int64_t(m_idToBytes.size()) - 1)},
                        m_path);
        out += m_idToBytes[size_t(id)];
    }
    return out;
}

} // namespace

std::unique_ptr<Tokenizer> loadTokenizerJson(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::BpeCannotOpenTokenizerFileCheck, {}, path);
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad())
        throw Error(ErrorCode::BpeCannotReadTokenizerFileCheck, {}, path);
    const std::string text = buf.str();
    json root;
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::BpeTokenizerJsonNotValidJSON, {e.what()},
                    path);
    }
    try {
        return std::make_unique<BpeTokenizer>(root, path);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::BpeTokenizerJsonUnexpectedStructureFile, {e.what()},
                    path);
    }
}

} // namespace sharelens
