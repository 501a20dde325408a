// sharelens-cli tokenize: the ids and pieces a model's tokenizer gives a
// text, to check tokenization before trusting a calibration run.
#include "commands.h"

#include <filesystem>
#include <iomanip>
#include <optional>
#include <ostream>
#include <sstream>
#include <unordered_map>

#include "sharelens/error.h"
#include "sharelens/input_limits.h"
#include "sharelens/tokenizer.h"

namespace sharelens::cli {

namespace {

namespace fs = std::filesystem;

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The ids of TemplateProcessing's "single" template before and after the
// text (Llama 3: <|begin_of_text|> before), also inside a Sequence
// post-processor; nothing for other post-processors.
void templateSpecials(const json& pp, std::vector<int32_t>& before, std::vector<int32_t>& after) {
    if (!pp.is_object()) return;
    if (pp.value("type", "") == "Sequence" && pp.contains("processors") && pp["processors"].is_array()) {
        for (const auto& p : pp["processors"]) templateSpecials(p, before, after);
        return;
    }
    if (pp.value("type", "") != "TemplateProcessing" || !pp.contains("single") || !pp["single"].is_array()) return;
    const json specials = pp.value("special_tokens", json::object());
    bool seenText = false;
    for (const auto& piece : pp["single"]) {
        if (piece.contains("Sequence")) {
            seenText = true;
            continue;
        }
        if (!piece.contains("SpecialToken") || !piece["SpecialToken"].is_object()) continue;
        const std::string id = piece["SpecialToken"].value("id", "");
        if (!specials.is_object() || !specials.contains(id) || !specials[id].contains("ids")) continue;
        for (const auto& v : specials[id]["ids"])
            if (v.is_number_integer()) (seenText ? after : before).push_back(v.get<int32_t>());
    }
}

// What --add-special adds around the text: a tokenizer.json's template, or
// the model's BOS token for a SentencePiece model or a GGUF vocabulary.
void specialIds(const std::string& tokenizerJson, const Checkpoint* ck, std::vector<int32_t>& before,
                std::vector<int32_t>& after) {
    if (!tokenizerJson.empty()) {
        const std::string text = readInputFile(tokenizerJson, 256ull << 20, "a tokenizer.json", "a tokenizer",
                                               "use the model's own tokenizer.json.");
        checkJsonDepth(text, tokenizerJson);
        const json root = json::parse(text, nullptr, false);
        if (root.is_object() && root.contains("post_processor"))
            templateSpecials(root["post_processor"], before, after);
        return;
    }
    if (!ck || ck->config.bosTokenId < 0) return;
    const auto addBos = ck->metadata.find("gguf.add_bos_token");
    if (addBos == ck->metadata.end() || addBos->second == "true") before.push_back(ck->config.bosTokenId);
}

// Length (1..4) of the well-formed UTF-8 character at s[i], 0 when the
// bytes there are not one.
std::size_t utf8Length(const std::string& s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 < lo || c1 > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    return n;
}

// A piece as text: valid UTF-8 as it is, other bytes as <0xNN> (a byte-level
// token can hold part of a character).
std::string printablePiece(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8Length(s, i);
        if (n == 0) {
            std::ostringstream hex;
            hex << "<0x" << std::uppercase << std::hex << std::setw(2) << std::setfill('0')
                << int(static_cast<unsigned char>(s[i])) << ">";
            out += hex.str();
            ++i;
        } else {
            out.append(s, i, n);
            i += n;
        }
    }
    return out;
}

struct Loaded {
    std::unique_ptr<Tokenizer> tokenizer;
    std::string tokenizerJson; // the tokenizer.json used, if any
    std::optional<Checkpoint> checkpoint;
};

// MODEL (a model folder or a GGUF file) or a tokenizer.json.
Loaded loadFor(const std::string& path) {
    Loaded l;
    std::error_code ec;
    if (endsWith(path, ".json") && !fs::is_directory(path, ec)) {
        l.tokenizer = loadTokenizerJson(path);
        l.tokenizerJson = path;
        return l;
    }
    l.checkpoint = openCheckpoint(path);
    const Checkpoint& ck = *l.checkpoint;
    if (ck.tokenizerFile.empty() && ck.config.vocabSize != 256) throw Error(ErrorCode::TokenizeNoTokenizer, {path});
    l.tokenizer = loadTokenizerForModel(ck.dir, ck.config.vocabSize);
    if (endsWith(ck.tokenizerFile, "tokenizer.json") && l.tokenizer->kind() == "bpe")
        l.tokenizerJson = ck.tokenizerFile;
    return l;
}

} // namespace

int cmdTokenize(const std::vector<std::string>& rest, const Io& io) {
    Args a(rest, {"--json", "--add-special"}, {"--text", "--string"});
    if (a.positional().size() != 1) throw UsageError("tokenize needs exactly one MODEL folder or tokenizer.json");
    if (a.has("--text") == a.has("--string")) throw UsageError(Error(ErrorCode::TokenizeNeedsInput, {}).what());
    // The text first: a bad --text is reported before a tokenizer is loaded.
    const std::string text = a.has("--text") ? readTextFile(a.get("--text")) : a.get("--string");
    const Loaded l = loadFor(a.positional()[0]);
    std::vector<int32_t> ids = l.tokenizer->encode(text);
    if (a.has("--add-special")) {
        std::vector<int32_t> before, after;
        specialIds(l.tokenizerJson, l.checkpoint ? &*l.checkpoint : nullptr, before, after);
        ids.insert(ids.begin(), before.begin(), before.end());
        ids.insert(ids.end(), after.begin(), after.end());
    }
    std::unordered_map<int32_t, std::string> cache;
    std::vector<std::string> pieces;
    pieces.reserve(ids.size());
    for (const int32_t id : ids) {
        auto it = cache.find(id);
        if (it == cache.end()) it = cache.emplace(id, printablePiece(l.tokenizer->decode({id}))).first;
        pieces.push_back(it->second);
    }
    if (a.has("--json")) {
        io.out << json{{"ids", ids}, {"pieces", pieces}, {"count", ids.size()}}.dump() << "\n";
        return 0;
    }
    io.out << "count  " << ids.size() << "\n";
    if (ids.empty()) return 0;
    io.out << "index  id        piece\n";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        std::ostringstream row;
        row << std::left << std::setw(7) << i << std::setw(10) << ids[i] << json(pieces[i]).dump() << "\n";
        io.out << row.str();
    }
    return 0;
}

} // namespace sharelens::cli
