// The vocabulary of a GGUF file as the tokenizer.json Hugging Face's own
// converters write for it, read by the tokenizer.json reader: "gpt2"
// (byte-level BPE: tokens and merges as they are) and "llama" (SentencePiece:
// the merges are the pairs (a, b) whose concatenation is a token, ordered by
// that token's score, highest first; byte fallback with <0xNN> tokens and the
// Metaspace pre-tokenizer).
#include "io/gguf.h"

#include <algorithm>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "sharelens/error.h"
#include "tokenize/tokenizer_util.h"

namespace sharelens {

namespace gguf {

namespace {

using json = nlohmann::ordered_json;

// llama.cpp's token types.
enum : int { kNormal = 1, kUnknown = 2, kControl = 3, kUserDefined = 4, kUnused = 5, kByte = 6 };

// The pre-tokenizer of a byte-level vocabulary (tokenizer.ggml.pre).
json byteLevelPreTokenizer(const std::string& pre, const std::string& path) {
    static const char* const llama3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| "
                                      "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static const char* const qwen2 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| "
                                     "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    if (pre.empty() || pre == "default" || pre == "gpt2" || pre == "gpt-2")
        return {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}};
    const char* pattern = pre == "llama-bpe" || pre == "llama3" ? llama3 : pre == "qwen2" ? qwen2 : nullptr;
    if (!pattern) throw Error(ErrorCode::GgufPreTokenizer, {pre}, path);
    return {{"type", "Sequence"},
            {"pretokenizers",
             json::array(
                 {{{"type", "Split"}, {"pattern", {{"Regex", pattern}}}, {"behavior", "Isolated"}, {"invert", false}},
                  {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}}})}};
}

struct Vocab {
    const std::vector<std::string>* tokens = nullptr;
    std::vector<int> types;     // one per token (normal when absent)
    std::vector<double> scores; // one per token (0 when absent)
};

Vocab readVocab(const Header& h, const std::string& path) {
    Vocab v;
    const Value* tokens = h.get("tokenizer.ggml.tokens");
    if (!tokens || tokens->type != 9 || tokens->elemType != 8 || tokens->strings.empty())
        throw Error(ErrorCode::GgufMissingKey, {"tokenizer.ggml.tokens", "tokenizer"}, path);
    v.tokens = &tokens->strings;
    const std::size_t n = tokens->strings.size();
    v.types.assign(n, kNormal);
    v.scores.assign(n, 0.0);
    for (const auto& [key, out] : {std::pair{"tokenizer.ggml.token_type", 0}, std::pair{"tokenizer.ggml.scores", 1}}) {
        const Value* a = h.get(key);
        if (!a) continue;
        if (a->type != 9 || a->numbers.size() != n)
            throw Error(ErrorCode::GgufBadValue,
                        {key, "of " + std::to_string(a->numbers.size()) + " numbers",
                         "one number per token (" + std::to_string(n) + ")"},
                        path);
        for (std::size_t i = 0; i < n; ++i) {
            if (out == 0)
                v.types[i] = static_cast<int>(a->numbers[i]);
            else
                v.scores[i] = a->numbers[i];
        }
    }
    return v;
}

json addedTokens(const Vocab& v) {
    json added = json::array();
    for (std::size_t i = 0; i < v.tokens->size(); ++i)
        if (v.types[i] == kControl || v.types[i] == kUserDefined || v.types[i] == kUnknown)
            added.push_back({{"id", i},
                             {"content", (*v.tokens)[i]},
                             {"single_word", false},
                             {"lstrip", false},
                             {"rstrip", false},
                             {"normalized", v.types[i] == kUserDefined},
                             {"special", v.types[i] != kUserDefined}});
    return added;
}

json vocabObject(const Vocab& v) {
    json vocab = json::object();
    for (std::size_t i = 0; i < v.tokens->size(); ++i)
        if (!vocab.contains((*v.tokens)[i])) vocab[(*v.tokens)[i]] = i;
    return vocab;
}

json gpt2Tokenizer(const Header& h, const Vocab& v, const std::string& path) {
    const Value* merges = h.get("tokenizer.ggml.merges");
    if (!merges || merges->type != 9 || merges->elemType != 8)
        throw Error(ErrorCode::GgufMissingKey, {"tokenizer.ggml.merges", "\"gpt2\" vocabulary"}, path);
    const Value* pre = h.get("tokenizer.ggml.pre");
    json model = {{"type", "BPE"},          {"dropout", nullptr},      {"unk_token", nullptr},     {"fuse_unk", false},
                  {"byte_fallback", false}, {"vocab", vocabObject(v)}, {"merges", merges->strings}};
    return {{"version", "1.0"},
            {"added_tokens", addedTokens(v)},
            {"normalizer", nullptr},
            {"pre_tokenizer", byteLevelPreTokenizer(pre && pre->type == 8 ? pre->text : std::string(), path)},
            {"post_processor", nullptr},
            {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"use_regex", true}}},
            {"model", std::move(model)}};
}

// The length of the UTF-8 character at s[i] (1 for a stray byte).
std::size_t charLength(const std::string& s, std::size_t i) {
    const std::size_t n = detail::utf8CharLength(s, i);
    return n ? n : 1;
}

// Hugging Face's SentencePiece merges: every split (a, b) of a token into two
// tokens, by the score of the token (highest first; ties in vocabulary order,
// then by the ids of a and b).
json spmMerges(const Vocab& v) {
    std::unordered_map<std::string, std::size_t> ids;
    for (std::size_t i = 0; i < v.tokens->size(); ++i) ids.emplace((*v.tokens)[i], i);
    struct M {
        std::size_t a, b, piece;
    };
    std::vector<M> merges;
    for (std::size_t p = 0; p < v.tokens->size(); ++p) {
        const std::string& s = (*v.tokens)[p];
        std::vector<M> local;
        for (std::size_t cut = charLength(s, 0); cut < s.size(); cut += charLength(s, cut)) {
            const auto a = ids.find(s.substr(0, cut)), b = ids.find(s.substr(cut));
            if (a != ids.end() && b != ids.end()) local.push_back({a->second, b->second, p});
        }
        std::sort(local.begin(), local.end(),
                  [](const M& x, const M& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
        merges.insert(merges.end(), local.begin(), local.end());
    }
    std::stable_sort(merges.begin(), merges.end(),
                     [&](const M& x, const M& y) { return v.scores[x.piece] > v.scores[y.piece]; });
    json out = json::array();
    for (const M& m : merges) out.push_back(json::array({(*v.tokens)[m.a], (*v.tokens)[m.b]}));
    return out;
}

json llamaTokenizer(const Header& h, const Vocab& v) {
    std::string unk;
    const Value* unkId = h.get("tokenizer.ggml.unknown_token_id");
    if (unkId && unkId->isInteger && unkId->integer >= 0 && std::size_t(unkId->integer) < v.tokens->size())
        unk = (*v.tokens)[std::size_t(unkId->integer)];
    json model = {{"type", "BPE"},           {"dropout", nullptr},    {"unk_token", unk.empty() ? json() : json(unk)},
                  {"fuse_unk", true},        {"byte_fallback", true}, {"ignore_merges", false},
                  {"vocab", vocabObject(v)}, {"merges", spmMerges(v)}};
    const Value* prefix = h.get("tokenizer.ggml.add_space_prefix");
    const bool addPrefix = !prefix || !prefix->isInteger || prefix->integer != 0;
    return {{"version", "1.0"},
            {"added_tokens", addedTokens(v)},
            {"normalizer", nullptr},
            {"pre_tokenizer",
             {{"type", "Metaspace"},
              {"replacement", "\xe2\x96\x81"},
              {"prepend_scheme", addPrefix ? "first" : "never"},
              {"split", false}}},
            {"post_processor", nullptr},
            {"decoder",
             {{"type", "Metaspace"},
              {"replacement", "\xe2\x96\x81"},
              {"prepend_scheme", addPrefix ? "first" : "never"},
              {"split", false}}},
            {"model", std::move(model)}};
}

} // namespace

std::string tokenizerJson(const Header& h, const std::string& path) {
    const Value* model = h.get("tokenizer.ggml.model");
    if (!model) throw Error(ErrorCode::TokenizeNoTokenizer, {path});
    const std::string type = model->type == 8 ? model->text : std::string("(not a string)");
    if (type != "gpt2" && type != "llama") throw Error(ErrorCode::GgufVocabulary, {type}, path);
    const Vocab v = readVocab(h, path);
    // Tokens that are not UTF-8 (a damaged file) are written with U+FFFD.
    return (type == "gpt2" ? gpt2Tokenizer(h, v, path) : llamaTokenizer(h, v))
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace gguf

namespace detail {

std::unique_ptr<Tokenizer> loadGgufTokenizer(const std::string& path) {
    const auto file = gguf::MappedFile::open(path);
    return tokenizerFromJsonText(gguf::tokenizerJson(file->header(), path), path);
}

} // namespace detail

} // namespace sharelens
