// The SentencePiece-style parts of a Hugging Face tokenizer.json (Llama 2,
// Mistral, TinyLlama, Gemma): the Replace and Prepend normalizers, the
// Metaspace pre-tokenizer, the Replace / ByteFallback / Fuse / Strip /
// Metaspace decoders; the post-processor's special tokens; the fields of
// tokenizer_config.json that change ids (add_bos_token, add_eos_token,
// legacy); and a tokenizer built from an in-memory vocabulary.

#include "tokenize/tokenizer_bpe.h"

#include "sharelens/input_limits.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_map>

namespace sharelens::detail {
namespace {

using json = nlohmann::json;

std::string typeOf(const json& j) {
    if (!j.is_object()) return {};
    const auto it = j.find("type");
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A Replace's pattern: {"String": "..."} or {"Regex": "..."}.
std::string patternText(const json& j, bool& isRegex) {
    isRegex = false;
    if (!j.is_object()) return {};
    if (j.contains("String") && j["String"].is_string()) return j["String"].get<std::string>();
    if (j.contains("Regex") && j["Regex"].is_string()) {
        isRegex = true;
        return j["Regex"].get<std::string>();
    }
    return {};
}

std::string shown(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 60); }

// The text of a special-token field: "<s>" or {"content": "<s>", ...}.
std::string tokenField(const json& cfg, const char* key, const std::string& path) {
    const auto it = cfg.find(key);
    if (it == cfg.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
        return (*it)["content"].get<std::string>();
    throw Error(ErrorCode::TokenizerConfigInvalid, {key, shown(*it), "a token (a string)"}, path);
}

int boolSetting(const json& cfg, const char* key, const std::string& path) {
    const auto it = cfg.find(key);
    if (it == cfg.end() || it->is_null()) return -1;
    if (!it->is_boolean()) throw Error(ErrorCode::TokenizerConfigInvalid, {key, shown(*it), "true or false"}, path);
    return it->get<bool>() ? 1 : 0;
}

} // namespace

TokenizerConfig parseTokenizerConfig(const std::string& text, const std::string& path) {
    checkJsonDepth(text, path);
    json cfg;
    try {
        cfg = json::parse(text);
    } catch (const json::exception&) {
        throw Error(ErrorCode::TokenizerConfigInvalid, {"content", "not valid JSON", "a JSON object"}, path);
    }
    if (!cfg.is_object())
        throw Error(ErrorCode::TokenizerConfigInvalid, {"content", std::string(cfg.type_name()), "a JSON object"},
                    path);
    TokenizerConfig c;
    c.addBos = boolSetting(cfg, "add_bos_token", path);
    c.addEos = boolSetting(cfg, "add_eos_token", path);
    c.legacy = boolSetting(cfg, "legacy", path);
    c.addPrefixSpace = boolSetting(cfg, "add_prefix_space", path);
    c.bosToken = tokenField(cfg, "bos_token", path);
    c.eosToken = tokenField(cfg, "eos_token", path);
    if (const auto it = cfg.find("tokenizer_class"); it != cfg.end() && it->is_string()) c.tokenizerClass = *it;
    if (c.addBos == 1 && c.bosToken.empty())
        throw Error(ErrorCode::TokenizerConfigInvalid, {"bos_token", "missing", "the token add_bos_token adds"}, path);
    if (c.addEos == 1 && c.eosToken.empty())
        throw Error(ErrorCode::TokenizerConfigInvalid, {"eos_token", "missing", "the token add_eos_token adds"}, path);
    return c;
}

void BpeTokenizer::notImplemented(const std::string& what, const std::string& type) const {
    throw Error(ErrorCode::TokenizerFeatureNotImplemented, {what, type}, m_path);
}

bool BpeTokenizer::parseSpmNormalizer(const std::string& type, const json& n) {
    NormStep step;
    if (type == "Prepend") {
        if (!n.contains("prepend") || !n["prepend"].is_string())
            notImplemented("the normalizer", "Prepend without text");
        step.kind = NormStep::Prepend;
        step.content = n["prepend"].get<std::string>();
    } else if (type == "Replace") {
        bool isRegex = false;
        const std::string pattern = n.contains("pattern") ? patternText(n["pattern"], isRegex) : std::string();
        if (pattern.empty() || !n.contains("content") || !n["content"].is_string())
            notImplemented("the normalizer", "Replace without a pattern and content");
        step.kind = NormStep::Replace;
        step.content = n["content"].get<std::string>();
        try {
            step.regex = std::make_unique<Regex>(pattern, !isRegex);
        } catch (const std::invalid_argument& e) {
            fail({ErrorCode::BpeTokenizerJsonSPreTokenizer2, {"Replace", e.what()}});
        }
    } else {
        return false;
    }
    m_normalizers.push_back(std::move(step));
    return true;
}

// Metaspace: spaces become the replacement ("\u2581"), one is put in front
// (always, only at the start of the text, or never), and with split the
// text breaks before each replacement.
void BpeTokenizer::parseMetaspace(const json& s, PreStep& step) {
    step.kind = PreStep::Metaspace;
    step.replacement = "\xe2\x96\x81";
    if (s.contains("replacement") && s["replacement"].is_string())
        step.replacement = s["replacement"];
    else if (s.contains("str_rep") && s["str_rep"].is_string())
        step.replacement = s["str_rep"];
    uint32_t cp = 0;
    if (step.replacement.empty() || decodeUtf8(step.replacement, 0, cp) != step.replacement.size())
        notImplemented("the Metaspace replacement", step.replacement);
    step.split = !s.contains("split") || !s["split"].is_boolean() || s["split"].get<bool>();
    if (s.contains("prepend_scheme") && s["prepend_scheme"].is_string()) {
        const std::string scheme = s["prepend_scheme"];
        if (scheme == "always")
            step.prepend = Prepend::Always;
        else if (scheme == "first")
            step.prepend = Prepend::First;
        else if (scheme == "never")
            step.prepend = Prepend::Never;
        else
            notImplemented("the Metaspace prepend_scheme", scheme);
    } else if (s.contains("add_prefix_space") && s["add_prefix_space"].is_boolean()) {
        step.prepend = s["add_prefix_space"].get<bool>() ? Prepend::Always : Prepend::Never;
    }
    m_metaspace = step.replacement;
}

bool BpeTokenizer::parseSpmDecoder(const std::string& type, const json& d) {
    DecodeStep step;
    if (type == "Replace") {
        bool isRegex = false;
        step.pattern = d.contains("pattern") ? patternText(d["pattern"], isRegex) : std::string();
        if (isRegex) notImplemented("the decoder", "Replace with a regex");
        if (step.pattern.empty() || !d.contains("content") || !d["content"].is_string())
            notImplemented("the decoder", "Replace without a pattern and content");
        step.kind = DecodeStep::Replace;
        step.content = d["content"].get<std::string>();
    } else if (type == "ByteFallback") {
        step.kind = DecodeStep::ByteFallback;
    } else if (type == "Fuse") {
        step.kind = DecodeStep::Fuse;
    } else if (type == "Strip") {
        step.kind = DecodeStep::Strip;
        step.content = d.contains("content") && d["content"].is_string() ? d["content"].get<std::string>() : " ";
        const auto count = [&](const char* key) {
            return d.contains(key) && d[key].is_number_unsigned() ? d[key].get<size_t>() : size_t(0);
        };
        step.start = count("start");
        step.stop = count("stop");
    } else if (type == "Metaspace") {
        PreStep meta;
        parseMetaspace(d, meta);
        step.kind = DecodeStep::Metaspace;
        step.content = meta.replacement;
        step.prepend = meta.prepend;
    } else {
        return false;
    }
    m_decoders.push_back(std::move(step));
    return true;
}

int32_t BpeTokenizer::idOfToken(const std::string& token) const {
    for (const auto& t : m_added)
        if (t.content == token) return t.id;
    const auto it = m_bytesToId.find(token);
    if (it != m_bytesToId.end() && !m_byteLevel) return it->second;
    for (size_t id = 0; id < m_idToBytes.size(); ++id) // byte-level: the table holds bytes, tokens are rare here
        if (m_idToBytes[id] == token) return int32_t(id);
    return -1;
}

// TemplateProcessing's "single" template: the special tokens before the
// sequence are the prefix, those after it the suffix.
void BpeTokenizer::parsePostProcessor(const json& p) {
    const std::string type = typeOf(p);
    if (p.is_null() || type == "ByteLevel") return;
    if (type == "Sequence" && p.contains("processors") && p["processors"].is_array()) {
        for (const auto& s : p["processors"])
            if (!s.is_object() || typeOf(s) != "Sequence") parsePostProcessor(s);
        return;
    }
    if (type == "TemplateProcessing" && p.contains("single") && p["single"].is_array()) {
        bool afterSequence = false;
        for (const auto& piece : p["single"]) {
            if (piece.contains("Sequence")) {
                afterSequence = true;
                continue;
            }
            if (!piece.contains("SpecialToken") || !piece["SpecialToken"].contains("id") ||
                !piece["SpecialToken"]["id"].is_string())
                notImplemented("the post-processor", "TemplateProcessing with an unreadable template");
            const std::string name = piece["SpecialToken"]["id"];
            std::vector<int32_t> ids;
            const json* special = p.contains("special_tokens") && p["special_tokens"].contains(name)
                                      ? &p["special_tokens"][name]
                                      : nullptr;
            if (special && special->contains("ids") && (*special)["ids"].is_array()) {
                for (const auto& id : (*special)["ids"])
                    if (id.is_number_integer()) ids.push_back(id.get<int32_t>());
            } else if (const int32_t id = idOfToken(name); id >= 0) {
                ids.push_back(id);
            }
            if (ids.empty()) notImplemented("the post-processor's special token", name);
            auto& to = afterSequence ? m_suffixIds : m_prefixIds;
            to.insert(to.end(), ids.begin(), ids.end());
        }
        return;
    }
    if ((type == "BertProcessing" || type == "RobertaProcessing") && p.contains("cls") && p.contains("sep") &&
        p["cls"].is_array() && p["sep"].is_array() && p["cls"].size() == 2 && p["sep"].size() == 2 &&
        p["cls"][1].is_number_integer() && p["sep"][1].is_number_integer()) {
        m_prefixIds = {p["cls"][1].get<int32_t>()};
        m_suffixIds = {p["sep"][1].get<int32_t>()};
        return;
    }
    notImplemented("the post-processor", type.empty() ? std::string("(no type)") : type);
}

// tokenizer_config.json: add_bos_token / add_eos_token decide the special
// tokens where given (as transformers' Llama and Gemma tokenizers rebuild
// their template from them). A Llama tokenizer whose config gives
// add_prefix_space is rebuilt by transformers from its SentencePiece model
// with the config's legacy flag; for a tokenizer.json with the legacy
// normalizer (Prepend "\u2581", Replace " ") that means: legacy: false, no
// normalizer and a Metaspace pre-tokenizer that prepends only at the start
// of the text (so text after a special token gets no "\u2581"), or never
// without add_prefix_space; legacy: true without add_prefix_space, no
// Prepend. Without add_prefix_space transformers uses tokenizer.json as it
// is, whatever legacy says, and so does this.
void BpeTokenizer::applyConfig(const TokenizerConfig& c) {
    const std::string cfgPath = m_path.substr(0, m_path.find_last_of('/') + 1) + std::string("tokenizer_config.json");
    const auto special = [&](int add, const std::string& token, const char* key, std::vector<int32_t>& ids) {
        if (add < 0) return;
        ids.clear();
        if (add == 0) return;
        const int32_t id = idOfToken(token);
        if (id < 0)
            throw Error(ErrorCode::TokenizerConfigInvalid, {key, "\"" + token + "\"", "a token of tokenizer.json"},
                        cfgPath);
        ids.push_back(id);
    };
    special(c.addBos, c.bosToken, "bos_token", m_prefixIds);
    special(c.addEos, c.eosToken, "eos_token", m_suffixIds);
    const bool llama = c.tokenizerClass.rfind("LlamaTokenizer", 0) == 0;
    const bool legacyNormalizer = m_normalizers.size() == 2 && m_normalizers[0].kind == NormStep::Prepend &&
                                  m_normalizers[1].kind == NormStep::Replace && m_steps.empty();
    if (!llama || !legacyNormalizer || m_byteLevel || c.addPrefixSpace < 0) return;
    if (c.legacy == 0) {
        PreStep meta;
        meta.kind = PreStep::Metaspace;
        meta.replacement = m_normalizers[0].content;
        meta.prepend = c.addPrefixSpace ? Prepend::First : Prepend::Never;
        meta.split = false;
        m_normalizers.clear();
        m_steps.push_back(std::move(meta));
    } else if (c.addPrefixSpace == 0) {
        m_normalizers.erase(m_normalizers.begin());
    }
}

// Where a long word may be cut: before a metaspace that follows a character
// no vocabulary token has right before a metaspace (Llama 2 and Mistral have
// none such, Gemma 3 one: ">" in ">\u2581</"). No merge can then join the
// two sides, so the cut changes no id.
void BpeTokenizer::checkWordSplitting() {
    constexpr size_t kMaxJoiners = 32;
    const std::string& ms = m_metaspace;
    m_splitBeforeMetaspace = !ms.empty();
    for (const auto& [token, id] : m_bytesToId) {
        for (size_t at = token.find(ms, 1); at != std::string::npos; at = token.find(ms, at + 1)) {
            size_t b = at - 1;
            while (b > 0 && (static_cast<unsigned char>(token[b]) & 0xC0) == 0x80) --b;
            const std::string before = token.substr(b, at - b);
            if (before == ms ||
                std::find(m_metaspaceJoiners.begin(), m_metaspaceJoiners.end(), before) != m_metaspaceJoiners.end())
                continue;
            m_metaspaceJoiners.push_back(before);
            if (m_metaspaceJoiners.size() > kMaxJoiners) {
                m_splitBeforeMetaspace = false;
                return;
            }
        }
    }
}

} // namespace sharelens::detail

namespace sharelens {
namespace {

// Merges from piece scores, as transformers derives them from a SentencePiece
// model: every split of a piece into two pieces of the vocabulary is a merge,
// ranked by the whole piece's score (higher first), ties by the two ids.
std::vector<std::string> mergesFromScores(const SentencePieceBpeVocab& v) {
    std::unordered_map<std::string, int32_t> ids;
    for (size_t i = 0; i < v.pieces.size(); ++i) ids.emplace(v.pieces[i], int32_t(i));
    struct M {
        float score;
        int32_t left, right;
        std::string text;
    };
    std::vector<M> all;
    for (size_t i = 0; i < v.pieces.size(); ++i) {
        const std::string& p = v.pieces[i];
        std::vector<M> local;
        for (size_t cut = detail::utf8CharLength(p, 0); cut > 0 && cut < p.size();) {
            const auto l = ids.find(p.substr(0, cut)), r = ids.find(p.substr(cut));
            if (l != ids.end() && r != ids.end())
                local.push_back(
                    {i < v.scores.size() ? v.scores[i] : 0.f, l->second, r->second, l->first + " " + r->first});
            const size_t n = detail::utf8CharLength(p, cut);
            cut += n ? n : 1;
        }
        std::sort(local.begin(), local.end(),
                  [](const M& a, const M& b) { return a.left != b.left ? a.left < b.left : a.right < b.right; });
        all.insert(all.end(), local.begin(), local.end());
    }
    std::stable_sort(all.begin(), all.end(), [](const M& a, const M& b) { return a.score > b.score; });
    std::vector<std::string> out;
    out.reserve(all.size());
    for (auto& m : all) out.push_back(std::move(m.text));
    return out;
}

} // namespace

std::unique_ptr<Tokenizer> makeSentencePieceBpe(const SentencePieceBpeVocab& v, const std::string& origin) {
    using json = nlohmann::json;
    const std::string ms = "\xe2\x96\x81";
    json vocab = json::object();
    bool byteTokens = false;
    for (size_t i = 0; i < v.pieces.size(); ++i) {
        vocab[v.pieces[i]] = int64_t(i);
        byteTokens = byteTokens || (v.pieces[i].size() == 6 && v.pieces[i].rfind("<0x", 0) == 0);
    }
    const auto pieceOf = [&](int32_t id) {
        return id >= 0 && size_t(id) < v.pieces.size() ? json(v.pieces[size_t(id)]) : json();
    };
    json root = {{"model",
                  {{"type", "BPE"},
                   {"vocab", vocab},
                   {"merges", v.merges.empty() ? mergesFromScores(v) : v.merges},
                   {"unk_token", pieceOf(v.unkId)},
                   {"fuse_unk", true},
                   {"byte_fallback", byteTokens}}}};
    json norm = json::array();
    if (v.addPrefixSpace) norm.push_back({{"type", "Prepend"}, {"prepend", ms}});
    norm.push_back({{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", ms}});
    root["normalizer"] = {{"type", "Sequence"}, {"normalizers", norm}};
    json dec = json::array({{{"type", "Replace"}, {"pattern", {{"String", ms}}}, {"content", " "}},
                            {{"type", "ByteFallback"}},
                            {{"type", "Fuse"}}});
    if (v.addPrefixSpace) dec.push_back({{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}});
    root["decoder"] = {{"type", "Sequence"}, {"decoders", dec}};
    json added = json::array();
    for (const int32_t id : v.specialIds)
        if (id >= 0 && size_t(id) < v.pieces.size() && !v.pieces[size_t(id)].empty())
            added.push_back({{"id", id}, {"content", v.pieces[size_t(id)]}, {"special", true}, {"normalized", false}});
    root["added_tokens"] = added;
    detail::TokenizerConfig config;
    config.addBos = v.addBos && v.bosId >= 0 ? 1 : 0;
    config.addEos = v.addEos && v.eosId >= 0 ? 1 : 0;
    if (config.addBos) config.bosToken = v.pieces.at(size_t(v.bosId));
    if (config.addEos) config.eosToken = v.pieces.at(size_t(v.eosId));
    try {
        return std::make_unique<detail::BpeTokenizer>(root, origin, &config);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::BpeTokenizerJsonUnexpectedStructureFile, {e.what()}, origin);
    }
}

} // namespace sharelens
