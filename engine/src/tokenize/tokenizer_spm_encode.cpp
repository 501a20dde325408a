// Encoding and decoding with a SentencePiece-style BPE tokenizer.json
// (tokenizer_bpe.h): the Metaspace pre-tokenizer, words made of characters
// with byte fallback and unknown tokens, and the decoder chain.

#include "tokenize/tokenizer_bpe.h"

namespace sharelens::detail {

void BpeTokenizer::runMetaspace(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const {
    const PreStep& step = m_steps[k];
    const std::string& rep = step.replacement;
    std::string s;
    s.reserve(piece.size() + piece.size() / 4 + rep.size());
    const bool prepend = step.prepend == Prepend::Always || (step.prepend == Prepend::First && m.atTextStart);
    if (prepend && !(piece.size() > 0 && piece[0] == ' ') && piece.compare(0, rep.size(), rep) != 0) s += rep;
    for (const char c : piece) {
        if (c == ' ')
            s += rep;
        else
            s += c;
    }
    if (!step.split) {
        runSteps(k + 1, s, m, out);
        return;
    }
    // Split before each replacement, which starts the next piece.
    size_t start = 0;
    for (size_t at = s.find(rep, 1); at != std::string::npos && !m.done(); at = s.find(rep, at + rep.size())) {
        runSteps(k + 1, std::string_view(s).substr(start, at - start), m, out);
        start = at;
    }
    if (!m.done()) runSteps(k + 1, std::string_view(s).substr(start), m, out);
}

// A word of the text (with its metaspaces). A long one (Llama 2 and Gemma
// have no real pre-tokenizer, so a whole text is one word) is cut before
// each metaspace where no token can span the cut (checkWordSplitting), which
// gives the same ids, and stops as soon as the encode has its ids.
void BpeTokenizer::encodeCharWord(std::string_view word, Matcher& m, std::vector<int32_t>& out) const {
    constexpr size_t kLongWord = 64;
    if (!m_splitBeforeMetaspace || m_ignoreMerges || word.size() <= kLongWord) {
        encodeWord(word, out);
        return;
    }
    const std::string& ms = m_metaspace;
    size_t start = 0;
    for (size_t at = word.find(ms, 1); at != std::string::npos && !m.done(); at = word.find(ms, at + ms.size())) {
        if (at == start) continue;
        size_t b = at - 1;
        while (b > start && (static_cast<unsigned char>(word[b]) & 0xC0) == 0x80) --b;
        const std::string_view before = word.substr(b, at - b);
        if (before == ms) continue; // inside a run of metaspaces
        bool joins = false;
        for (const auto& j : m_metaspaceJoiners) joins = joins || before == j;
        if (joins) continue;
        encodeWord(word.substr(start, at - start), out);
        start = at;
    }
    if (!m.done()) encodeWord(word.substr(start), out);
}

// Symbols start as characters of the vocabulary; a character it lacks
// becomes its UTF-8 bytes as <0xNN> tokens (byte_fallback) or the unknown
// token (consecutive unknowns fused into one with fuse_unk); then merges.
void BpeTokenizer::charBpe(std::string_view word, std::vector<int32_t>& out) const {
    std::vector<int32_t> ids;
    ids.reserve(word.size());
    bool pendingUnk = false;
    const auto flushUnk = [&]() {
        if (pendingUnk) ids.push_back(m_unkId);
        pendingUnk = false;
    };
    size_t i = 0;
    while (i < word.size()) {
        uint32_t cp = 0;
        const size_t n = decodeUtf8(word, i, cp);
        const size_t len = n ? n : 1; // an invalid byte stands alone
        if (n) {
            const auto it = m_charId.find(cp);
            if (it != m_charId.end()) {
                flushUnk();
                ids.push_back(it->second);
                i += len;
                continue;
            }
        }
        bool allBytes = m_byteFallback;
        for (size_t k = 0; k < len && allBytes; ++k) allBytes = m_byteId[static_cast<unsigned char>(word[i + k])] >= 0;
        if (allBytes) {
            flushUnk();
            for (size_t k = 0; k < len; ++k) ids.push_back(m_byteId[static_cast<unsigned char>(word[i + k])]);
        } else if (m_unkId >= 0) {
            if (!m_fuseUnk) flushUnk();
            pendingUnk = true;
        }
        i += len;
    }
    flushUnk();
    mergeSymbols(ids, out);
}

namespace {

bool isByteToken(const std::string& t, unsigned& value) {
    if (t.size() != 6 || t.compare(0, 3, "<0x") != 0 || t[5] != '>') return false;
    value = 0;
    for (size_t k = 3; k < 5; ++k) {
        const char c = t[k];
        const int d = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                             : -1;
        if (d < 0) return false;
        value = value * 16 + unsigned(d);
    }
    return true;
}

bool validUtf8(const std::string& s) {
    for (size_t i = 0; i < s.size();) {
        const size_t n = utf8CharLength(s, i);
        if (!n) return false;
        i += n;
    }
    return true;
}

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

// Consecutive <0xNN> tokens become their bytes when those are UTF-8, else
// one U+FFFD per byte.
std::vector<std::string> byteFallback(std::vector<std::string> pieces) {
    std::vector<std::string> out;
    out.reserve(pieces.size());
    std::string bytes;
    size_t count = 0;
    const auto flush = [&]() {
        if (count == 0) return;
        if (validUtf8(bytes))
            out.push_back(bytes);
        else
            for (size_t k = 0; k < count; ++k) out.emplace_back("\xef\xbf\xbd");
        bytes.clear();
        count = 0;
    };
    for (auto& p : pieces) {
        unsigned v = 0;
        if (isByteToken(p, v)) {
            bytes += char(v);
            ++count;
        } else {
            flush();
            out.push_back(std::move(p));
        }
    }
    flush();
    return out;
}

// Strip: up to `start` leading and `stop` trailing copies of one character.
void strip(std::string& s, const std::string& c, size_t start, size_t stop) {
    if (c.empty()) return;
    size_t b = 0;
    for (size_t k = 0; k < start && s.compare(b, c.size(), c) == 0; ++k) b += c.size();
    size_t e = s.size();
    for (size_t k = 0; k < stop && e >= b + c.size() && s.compare(e - c.size(), c.size(), c) == 0; ++k) e -= c.size();
    s = s.substr(b, e - b);
}

} // namespace

std::string BpeTokenizer::decodeSteps(std::vector<std::string> pieces) const {
    for (const DecodeStep& step : m_decoders) {
        switch (step.kind) {
        case DecodeStep::ByteLevel: break;
        case DecodeStep::Replace:
            for (auto& p : pieces) replaceAll(p, step.pattern, step.content);
            break;
        case DecodeStep::ByteFallback: pieces = byteFallback(std::move(pieces)); break;
        case DecodeStep::Fuse: {
            std::string all;
            for (const auto& p : pieces) all += p;
            pieces.assign(1, std::move(all));
            break;
        }
        case DecodeStep::Strip:
            for (auto& p : pieces) strip(p, step.content, step.start, step.stop);
            break;
        case DecodeStep::Metaspace:
            for (size_t i = 0; i < pieces.size(); ++i) {
                replaceAll(pieces[i], step.content, " ");
                if (i == 0 && step.prepend != Prepend::Never && !pieces[i].empty() && pieces[i][0] == ' ')
                    pieces[i].erase(0, 1);
            }
            break;
        }
    }
    std::string out;
    for (const auto& p : pieces) out += p;
    return out;
}

std::string BpeTokenizer::piece(int32_t id) const {
    if (id < 0 || size_t(id) >= m_idToBytes.size()) return {};
    if (!m_byteLevel || m_isAdded[size_t(id)]) return m_idToBytes[size_t(id)];
    static const auto table = byteToCodepoint();
    std::string s;
    for (const char c : m_idToBytes[size_t(id)]) appendUtf8(s, table[static_cast<unsigned char>(c)]);
    return s;
}

} // namespace sharelens::detail
