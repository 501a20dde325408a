// Hugging Face tokenizer.json, byte-level BPE (GPT-2, Llama 3, Qwen2): this
// file reads it; tokenizer_bpe_encode.cpp encodes and decodes.
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

#include "tokenize/tokenizer_bpe.h"
#include "sharelens/input_limits.h"

#include "sharelens/resources.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>
#include <optional>
#include <unordered_map>

namespace sharelens {
namespace {

using json = nlohmann::json;
using detail::appendUtf8;
using detail::byteToCodepoint;
using detail::decodeUtf8;
using detail::utf8CharLength;

// ---------------------------------------------------------------- byte level

// Vocabulary token (byte-level characters) -> the bytes it stands for.
// Characters outside the byte-level alphabet are kept as their UTF-8.
std::string tokenToBytes(std::string_view token, const std::unordered_map<uint32_t, uint8_t>& cpToByte) {
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

const std::string& gpt2Pattern() {
    static const std::string p = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
    return p;
}

std::string typeOf(const json& j) {
    if (!j.is_object()) return {};
    const auto it = j.find("type");
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool boolField(const json& j, const char* key, bool fallback) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    return it->is_boolean() ? it->get<bool>() : fallback;
}

} // namespace

namespace detail {

BpeTokenizer::BpeTokenizer(const json& root, const std::string& path, const TokenizerConfig* config) : m_path(path) {
    if (!root.is_object()) fail({ErrorCode::BpeTokenizerJsonMustHoldJSON, {}});
    const auto model = root.find("model");
    if (model == root.end() || !model->is_object()) fail({ErrorCode::BpeTokenizerJsonNoModelObject, {}});

    // Decide the kind first, so the user hears the real reason.
    std::string type = typeOf(*model);
    if (type.empty() && model->contains("merges")) type = "BPE";
    if (type.empty()) fail({ErrorCode::BpeTokenizerJsonDoesNotSay, {}});
    if (type != "BPE") fail({ErrorCode::BpeTokenizerJsonUsesModelUse, {type}});
    for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"}) {
        const auto it = model->find(key);
        if (it != model->end() && it->is_string() && !it->get<std::string>().empty())
            fail({ErrorCode::BpeTokenizerJsonSBPEModel, {key, it->get<std::string>()}});
    }
    if (const auto d = model->find("dropout"); d != model->end() && d->is_number() && d->get<double>() > 0.0)
        notImplemented("the model option", "dropout");
    // Both branches lvalues: `cond ? root[k] : json()` would copy root[k],
    // and copying recurses, so a deeply nested value would exhaust the stack.
    static const json kNone;
    const json& pre = root.contains("pre_tokenizer") ? root["pre_tokenizer"] : kNone;
    const json& dec = root.contains("decoder") ? root["decoder"] : kNone;
    const json& norm = root.contains("normalizer") ? root["normalizer"] : kNone;
    const auto mentions = [](const json& j, const char* t) {
        if (typeOf(j) == t) return true;
        for (const char* list : {"pretokenizers", "decoders", "normalizers"})
            if (j.is_object() && j.contains(list) && j[list].is_array())
                for (const auto& s : j[list])
                    if (typeOf(s) == t) return true;
        return false;
    };
    // SentencePiece-style (characters, "\u2581" for spaces, byte fallback)
    // or byte-level (GPT-2's byte alphabet).
    m_byteFallback = boolField(*model, "byte_fallback", false);
    const bool spmSigns = m_byteFallback || mentions(pre, "Metaspace") || mentions(dec, "Metaspace") ||
                          mentions(dec, "ByteFallback") || mentions(norm, "Prepend");
    const bool byteLevel = mentions(pre, "ByteLevel") || mentions(dec, "ByteLevel");
    if (spmSigns && byteLevel)
        notImplemented("the pre-tokenizer",
                       m_byteFallback ? "ByteLevel with byte_fallback" : "ByteLevel with Metaspace");
    m_byteLevel = !spmSigns;
    m_fuseUnk = boolField(*model, "fuse_unk", false);

    parseModel(*model);
    if (root.contains("added_tokens")) parseAddedTokens(root["added_tokens"]);
    parseNormalizer(norm);
    parsePreTokenizer(pre);
    parseDecoder(dec);
    if (root.contains("post_processor")) parsePostProcessor(root["post_processor"]);
    if (config) applyConfig(*config);
    if (!m_byteLevel) checkWordSplitting();
}

void BpeTokenizer::parseModel(const json& model) {
    const auto vocabIt = model.find("vocab");
    if (vocabIt == model.end() || !vocabIt->is_object()) fail({ErrorCode::BpeTokenizerJsonSBPEModel2, {}});
    const json& vocab = *vocabIt;
    if (vocab.empty()) fail({ErrorCode::BpeTokenizerJsonSBPEVocabulary, {}});

    const auto table = byteToCodepoint();
    std::unordered_map<uint32_t, uint8_t> cpToByte;
    for (uint32_t b = 0; b < 256; ++b) cpToByte[table[b]] = uint8_t(b);

    // Ids must be dense enough for a decode table; a few gaps are fine.
    const size_t maxId = vocab.size() + 65536;
    std::unordered_map<std::string, int32_t> tokenToId;
    tokenToId.reserve(vocab.size());
    m_idToBytes.clear();
    std::vector<char> present;
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        if (!it.value().is_number_integer()) fail({ErrorCode::BpeTokenizerJsonSVocabularyGives, {it.key()}});
        const auto id = it.value().get<int64_t>();
        if (id < 0 || size_t(id) >= maxId)
            fail({ErrorCode::BpeTokenizerJsonSVocabularyGives2,
                  {it.key(), std::to_string(id), std::to_string(maxId - 1)}});
        if (size_t(id) >= m_idToBytes.size()) {
            m_idToBytes.resize(size_t(id) + 1);
            present.resize(size_t(id) + 1, 0);
        }
        if (present[size_t(id)]) fail({ErrorCode::BpeTokenizerJsonSVocabularyGives3, {std::to_string(id)}});
        present[size_t(id)] = 1;
        tokenToId.emplace(it.key(), int32_t(id));
        std::string bytes = m_byteLevel ? tokenToBytes(it.key(), cpToByte) : it.key();
        m_bytesToId.emplace(bytes, int32_t(id));
        m_idToBytes[size_t(id)] = std::move(bytes);
    }
    m_isAdded.assign(m_idToBytes.size(), 0);

    for (uint32_t b = 0; b < 256; ++b) {
        std::string sym;
        if (m_byteLevel) {
            appendUtf8(sym, table[b]);
        } else { // the byte-fallback token
            static const char* const kHex = "0123456789ABCDEF";
            sym = std::string("<0x") + kHex[b >> 4] + kHex[b & 15] + ">";
        }
        const auto it = tokenToId.find(sym);
        m_byteId[b] = it == tokenToId.end() ? -1 : it->second;
    }
    if (!m_byteLevel)
        for (const auto& [token, id] : tokenToId) {
            uint32_t cp = 0;
            if (!token.empty() && decodeUtf8(token, 0, cp) == token.size()) m_charId.emplace(cp, id);
        }

    m_ignoreMerges = boolField(model, "ignore_merges", false);
    const auto unk = model.find("unk_token");
    if (unk != model.end() && unk->is_string()) {
        const auto it = tokenToId.find(unk->get<std::string>());
        if (it == tokenToId.end()) fail({ErrorCode::BpeTokenizerJsonSUnkToken, {unk->get<std::string>()}});
        m_unkId = it->second;
    }

    const auto mergesIt = model.find("merges");
    if (mergesIt == model.end() || mergesIt->is_null())
        return; // a vocabulary of symbols with no merges (e.g. 256 bytes)
    if (!mergesIt->is_array()) fail({ErrorCode::BpeTokenizerJsonSBPEMerges, {}});
    parseMerges(*mergesIt, tokenToId);
}

void BpeTokenizer::parseMerges(const json& merges, const std::unordered_map<std::string, int32_t>& tokenToId) {
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
        if (iab == tokenToId.end()) fail({ErrorCode::BpeTokenizerJsonSMergeMakes, {std::to_string(rank), a, b, a, b}});
        const uint64_t key = (uint64_t(uint32_t(ia->second)) << 32) | uint32_t(ib->second);
        m_merges.emplace(key, Merge{rank, iab->second}); // the first (lowest rank) wins
        ++rank;
    }
}

void BpeTokenizer::parseAddedTokens(const json& added) {
    if (added.is_null()) return;
    if (!added.is_array()) fail({ErrorCode::BpeTokenizerJsonSAddedTokens, {}});
    const size_t maxId = m_idToBytes.size() + added.size() + 65536;
    for (const auto& t : added) {
        if (!t.is_object() || !t.contains("id") || !t["id"].is_number_integer() || !t.contains("content") ||
            !t["content"].is_string())
            fail({ErrorCode::BpeTokenizerJsonAddedTokenWithout, {}});
        const auto id = t["id"].get<int64_t>();
        const std::string content = t["content"].get<std::string>();
        if (id < 0 || size_t(id) >= maxId)
            fail({ErrorCode::BpeTokenizerJsonGivesAddedToken, {content, std::to_string(id)}});
        if (content.empty()) fail({ErrorCode::BpeTokenizerJsonAddedTokenId, {std::to_string(id)}});
        if (size_t(id) >= m_idToBytes.size()) {
            m_idToBytes.resize(size_t(id) + 1);
            m_isAdded.resize(size_t(id) + 1, 0);
        }
        m_idToBytes[size_t(id)] = content;
        m_isAdded[size_t(id)] = 1;
        m_added.push_back({content, int32_t(id), boolField(t, "lstrip", false), boolField(t, "rstrip", false),
                           boolField(t, "single_word", false), boolField(t, "normalized", false)});
    }
    for (const auto& t : m_added) {
        // Byte-level files match all of them in the raw text, as before.
        AddedTable& table = t.normalized && !m_byteLevel ? m_addedNorm : m_addedRaw;
        if (!table.byContent.emplace(std::string_view(t.content), &t).second) continue; // the first one wins
        auto& lengths = table.lengths[static_cast<unsigned char>(t.content[0])];
        if (std::find(lengths.begin(), lengths.end(), t.content.size()) == lengths.end())
            lengths.push_back(t.content.size());
        m_anyNormalizedAdded = m_anyNormalizedAdded || (t.normalized && !m_byteLevel);
    }
    for (AddedTable* table : {&m_addedRaw, &m_addedNorm})
        for (auto& v : table->lengths) std::sort(v.begin(), v.end(), std::greater<size_t>());
}

void BpeTokenizer::parseNormalizer(const json& n, int depth) {
    if (n.is_null()) return;
    if (depth > 8) fail({ErrorCode::BpeTokenizerJsonNestsNormalizerSequences, {}});
    const std::string type = typeOf(n);
    if (type == "Sequence") {
        if (!n.contains("normalizers") || !n["normalizers"].is_array())
            fail({ErrorCode::BpeTokenizerJsonSSequenceNormalizer, {}});
        for (const auto& s : n["normalizers"]) parseNormalizer(s, depth + 1);
        return;
    }
    const auto unicode = [this](Normalization form) {
        NormStep step;
        step.form = form;
        m_normalizers.push_back(std::move(step));
    };
    if (type == "NFC")
        unicode(Normalization::NFC);
    else if (type == "NFD")
        unicode(Normalization::NFD);
    else if (type == "NFKC")
        unicode(Normalization::NFKC);
    else if (type == "NFKD")
        unicode(Normalization::NFKD);
    else if (parseSpmNormalizer(type, n))
        return;
    else if (type.empty() && n.is_structured()) // never dumped: it may nest deeply enough to exhaust the stack
        fail({ErrorCode::BpeTokenizerJsonNormalizerNoType, {n.type_name()}});
    else
        fail({ErrorCode::BpeTokenizerJsonUsesNormalizerShareLens,
              {(type.empty() ? n.dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 60) : type)}});
}

std::unique_ptr<Regex> compileSplitPattern(const json& pattern, const std::string& path) {
    if (pattern.is_object() && pattern.contains("Regex") && pattern["Regex"].is_string())
        return std::make_unique<Regex>(pattern["Regex"].get<std::string>(), false);
    if (pattern.is_object() && pattern.contains("String") && pattern["String"].is_string()) {
        if (pattern["String"].get_ref<const std::string&>().empty())
            throw Error(ErrorCode::BpeTokenizerJsonSplitPreTokenizer3, {}, path);
        return std::make_unique<Regex>(pattern["String"].get<std::string>(), true);
    }
    throw Error(ErrorCode::BpeTokenizerJsonSplitPreTokenizer4, {}, path);
}

void BpeTokenizer::parsePreTokenizer(const json& p) {
    if (p.is_null() && !m_byteLevel) return; // the normalized text is one word (Llama 2)
    if (p.is_null()) fail({ErrorCode::BpeTokenizerJsonNoPreTokenizer, {}});
    std::vector<const json*> steps;
    if (typeOf(p) == "Sequence") {
        if (!p.contains("pretokenizers") || !p["pretokenizers"].is_array())
            fail({ErrorCode::BpeTokenizerJsonSSequencePre, {}});
        for (const auto& s : p["pretokenizers"]) steps.push_back(&s);
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
            if (type == "ByteLevel" && !m_byteLevel) {
                notImplemented("the pre-tokenizer", "ByteLevel with byte_fallback");
            } else if (type == "Metaspace") {
                if (!m_steps.empty()) notImplemented("the pre-tokenizer", "Metaspace after another pre-tokenizer");
                parseMetaspace(s, step);
            } else if (type == "ByteLevel") {
                step.kind = PreStep::ByteLevel;
                step.addPrefixSpace = boolField(s, "add_prefix_space", false);
                if (boolField(s, "use_regex", true)) step.regex = std::make_unique<Regex>(gpt2Pattern(), false);
            } else if (type == "Split") {
                step.kind = PreStep::Split;
                if (!s.contains("pattern")) fail({ErrorCode::BpeTokenizerJsonSplitPreTokenizer, {}});
                step.regex = compileSplitPattern(s["pattern"], m_path);
                step.invert = boolField(s, "invert", false);
                const std::string behavior = s.contains("behavior") && s["behavior"].is_string()
                                                 ? s["behavior"].get<std::string>()
                                                 : std::string("Isolated");
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
                step.regex =
                    std::make_unique<Regex>(boolField(s, "individual_digits", false) ? "\\p{N}" : "\\p{N}+", false);
            } else {
                fail({ErrorCode::BpeTokenizerJsonUsesPreTokenizer, {(type.empty() ? std::string("(no type)") : type)}});
            }
        } catch (const std::invalid_argument& e) {
            fail({ErrorCode::BpeTokenizerJsonSPreTokenizer2, {type, e.what()}});
        }
        m_steps.push_back(std::move(step));
    }
    if (m_byteLevel && (m_steps.empty() || m_steps.back().kind != PreStep::ByteLevel))
        fail({ErrorCode::BpeTokenizerJsonSPreTokenizer3, {}});
}

void BpeTokenizer::parseDecoder(const json& d, int depth) {
    if (d.is_null()) return; // byte-level decoding is implied by the ByteLevel pre-tokenizer
    if (depth > 8) fail({ErrorCode::BpeTokenizerJsonNestsDecoderSequences, {}});
    const std::string type = typeOf(d);
    if (type == "ByteLevel" && m_byteLevel) return;
    if (!m_byteLevel && parseSpmDecoder(type, d)) return;
    if (type == "Sequence" && d.contains("decoders") && d["decoders"].is_array()) {
        for (const auto& s : d["decoders"]) parseDecoder(s, depth + 1);
        return;
    }
    fail({ErrorCode::BpeTokenizerJsonUsesDecoderShareLens, {(type.empty() ? std::string("(no type)") : type)}});
}

} // namespace detail

std::unique_ptr<Tokenizer> loadTokenizerJson(const std::string& path) {
    // Real tokenizer.json files are under 20 MiB; this leaves room and stops
    // a huge or endless file before it fills the memory.
    constexpr uint64_t kMaxBytes = 256ull << 20;
    if (!detail::tokenizerFileExists(path)) throw Error(ErrorCode::BpeCannotOpenTokenizerFileCheck, {}, path);
    std::error_code ec;
    const uint64_t size = std::filesystem::file_size(path, ec);
    const auto tooLarge = [&](uint64_t bytes) {
        return Error(ErrorCode::InputTooLarge,
                     {formatBytes(bytes), formatBytes(kMaxBytes), "a tokenizer.json",
                      "real ones are under 20 MiB, so this one is damaged or is not a tokenizer. Replace it with the "
                      "model's own tokenizer.json."},
                     path);
    };
    if (!ec && size > kMaxBytes) throw tooLarge(size);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::BpeCannotOpenTokenizerFileCheck, {}, path);
    std::string text(std::min<uint64_t>(ec ? kMaxBytes : size, kMaxBytes) + 1, '\0');
    in.read(text.data(), std::streamsize(text.size()));
    if (in.bad()) throw Error(ErrorCode::BpeCannotReadTokenizerFileCheck, {}, path);
    text.resize(size_t(in.gcount()));
    if (text.size() > kMaxBytes) throw tooLarge(text.size()); // it grew since
    // tokenizer_config.json beside it says whether BOS / EOS are added and
    // whether Llama's legacy handling applies.
    std::string config;
    const auto configPath = std::filesystem::path(path).parent_path() / "tokenizer_config.json";
    if (detail::tokenizerFileExists(configPath.string())) {
        constexpr uint64_t kMaxConfig = 64ull << 20; // Gemma 3's is 1.1 MiB
        std::ifstream cin(configPath, std::ios::binary);
        config.assign(std::istreambuf_iterator<char>(cin), std::istreambuf_iterator<char>());
        if (config.size() > kMaxConfig)
            throw Error(ErrorCode::TokenizerConfigInvalid,
                        {"size", formatBytes(config.size()), "under " + formatBytes(kMaxConfig)}, configPath.string());
    }
    return parseTokenizerJson(text, path, config);
}

std::unique_ptr<Tokenizer> parseTokenizerJson(const std::string& text, const std::string& path,
                                              const std::string& configText) {
    std::optional<detail::TokenizerConfig> config;
    if (!configText.empty()) {
        const auto configPath = (std::filesystem::path(path).parent_path() / "tokenizer_config.json").string();
        config = detail::parseTokenizerConfig(configText, configPath);
    }
    json root;
    checkJsonDepth(text, path);
    try {
        root = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::BpeTokenizerJsonNotValidJSON, {e.what()}, path);
    }
    try {
        return std::make_unique<detail::BpeTokenizer>(root, path, config ? &*config : nullptr);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::BpeTokenizerJsonUnexpectedStructureFile, {e.what()}, path);
    }
}

namespace detail {

// A tokenizer.json held in memory (a GGUF file's vocabulary): no
// tokenizer_config.json beside it, so its own post-processor decides BOS/EOS.
std::unique_ptr<Tokenizer> tokenizerFromJsonText(const std::string& text, const std::string& path) {
    return parseTokenizerJson(text, path, {});
}

} // namespace detail

} // namespace sharelens