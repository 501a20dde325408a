// Encoding and decoding with a byte-level BPE tokenizer (tokenizer_bpe.h):
// added tokens, normalization, the pre-tokenizer steps, then merges by rank.

#include "tokenize/tokenizer_bpe.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <limits>
#include <queue>

namespace sharelens::detail {

std::string BpeTokenizer::normalize(std::string_view text, Matcher& m) const {
    std::string cur(text);
    for (const NormStep& step : m_normalizers) {
        if (step.kind == NormStep::Prepend) {
            if (!cur.empty()) cur.insert(0, step.content);
        } else if (step.kind == NormStep::Replace) {
            std::string out;
            out.reserve(cur.size() + cur.size() / 2);
            size_t prev = 0;
            m.forEachMatch(*step.regex, cur, [&](size_t b, size_t e) {
                out.append(cur, prev, b - prev);
                out += step.content;
                prev = e;
            });
            out.append(cur, prev, std::string::npos);
            cur = std::move(out);
        } else if (!std::all_of(cur.begin(), cur.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
            cur = normalizeUnicode(std::move(cur), step.form); // ASCII is invariant under all four forms
        }
    }
    return cur;
}

std::string BpeTokenizer::normalizeUnicode(std::string cur, Normalization form) const {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* norm = nullptr;
    switch (form) {
    case Normalization::NFC: norm = icu::Normalizer2::getNFCInstance(status); break;
    case Normalization::NFD: norm = icu::Normalizer2::getNFDInstance(status); break;
    case Normalization::NFKC: norm = icu::Normalizer2::getNFKCInstance(status); break;
    case Normalization::NFKD: norm = icu::Normalizer2::getNFKDInstance(status); break;
    }
    if (U_FAILURE(status) || !norm) throw Error(ErrorCode::BpeUnicodeNormalizationDataICUUnavailable, {}, m_path);
    // Normalize the maximal valid UTF-8 runs; invalid bytes pass through.
    std::string out;
    out.reserve(cur.size());
    size_t i = 0;
    while (i < cur.size()) {
        size_t j = i;
        while (j < cur.size()) {
            const size_t len = utf8CharLength(cur, j);
            if (len == 0) break;
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
    return out;
}

std::vector<int32_t> BpeTokenizer::encode(std::string_view text) const {
    return encodePrefix(text, std::numeric_limits<size_t>::max());
}

// Every step emits its ids in text order, so stopping once `out` holds
// maxTokens gives exactly the prefix of the full encoding.
std::vector<int32_t> BpeTokenizer::encodePrefix(std::string_view text, size_t maxTokens) const {
    std::vector<int32_t> out;
    out.reserve(std::min(text.size() / 3, maxTokens) + 4);
    Matcher matcher(out, maxTokens, m_path);
    if (m_added.empty()) {
        encodeSegment(text, true, matcher, out);
    } else {
        encodeWithAdded(text, matcher, out);
    }
    if (out.size() > maxTokens) out.resize(maxTokens);
    return out;
}

// Finds the added tokens of one table in `text`, left to right, calling
// onGap(offset, text between them) and pushing each token's id.
template <typename Gap>
void BpeTokenizer::splitAdded(std::string_view text, bool normalizedTokens, Matcher& matcher, std::vector<int32_t>& out,
                              Gap&& onGap) const {
    const AddedTable& table = normalizedTokens ? m_addedNorm : m_addedRaw;
    const auto isSpace = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    const auto isWordByte = [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x80 || u == '_' || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
    };
    size_t segStart = 0, i = 0;
    while (i < text.size() && !matcher.done()) {
        const AddedToken* hit = nullptr;
        for (const size_t len : table.lengths[static_cast<unsigned char>(text[i])]) {
            if (len > text.size() - i) continue;
            const auto it = table.byContent.find(text.substr(i, len));
            if (it == table.byContent.end()) continue;
            const AddedToken* t = it->second;
            if (t->singleWord) {
                const size_t e = i + t->content.size();
                if ((i > 0 && isWordByte(text[i - 1])) || (e < text.size() && isWordByte(text[e]))) continue;
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
            while (b > segStart && isSpace(text[b - 1])) --b;
        if (hit->rstrip)
            while (e < text.size() && isSpace(text[e])) ++e;
        if (b > segStart) onGap(segStart, text.substr(segStart, b - segStart));
        if (matcher.done()) return;
        out.push_back(hit->id);
        segStart = i = e;
    }
    if (!matcher.done() && segStart < text.size()) onGap(segStart, text.substr(segStart));
}

// Splits out the added tokens matched in the raw text, encoding the text
// between them.
void BpeTokenizer::encodeWithAdded(std::string_view text, Matcher& matcher, std::vector<int32_t>& out) const {
    splitAdded(text, false, matcher, out,
               [&](size_t offset, std::string_view gap) { encodeSegment(gap, offset == 0, matcher, out); });
}

// Normalizes one piece between raw added tokens, splits out the added
// tokens matched in the normalized text, and pre-tokenizes the rest.
void BpeTokenizer::encodeSegment(std::string_view text, bool atStart, Matcher& m, std::vector<int32_t>& out) const {
    if (text.empty()) return;
    std::string normalized;
    if (!m_normalizers.empty()) {
        normalized = normalize(text, m);
        text = normalized;
    }
    if (!m_anyNormalizedAdded) {
        m.atTextStart = atStart;
        runSteps(0, text, m, out);
        return;
    }
    splitAdded(text, true, m, out, [&](size_t offset, std::string_view gap) {
        m.atTextStart = atStart && offset == 0;
        runSteps(0, gap, m, out);
    });
}

void BpeTokenizer::runSteps(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const {
    if (piece.empty() || m.done()) return;
    if (k == m_steps.size()) {
        if (m_byteLevel)
            encodeWord(piece, out);
        else
            encodeCharWord(piece, m, out);
        return;
    }
    if (m_steps[k].kind == PreStep::ByteLevel)
        runByteLevel(k, piece, m, out);
    else if (m_steps[k].kind == PreStep::Metaspace)
        runMetaspace(k, piece, m, out);
    else
        runSplit(k, piece, m, out);
}

void BpeTokenizer::runByteLevel(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const {
    const PreStep& step = m_steps[k];
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
        if (b > prev) runSteps(k + 1, piece.substr(prev, b - prev), m, out);
        runSteps(k + 1, piece.substr(b, e - b), m, out);
        prev = e;
    });
    if (prev < piece.size()) runSteps(k + 1, piece.substr(prev), m, out);
}

// Split: classify spans as match / gap and apply the behavior as they come
// (each behavior decides a piece from the spans up to it), so a lazy encode
// stops matching as soon as it has its ids.
void BpeTokenizer::runSplit(size_t k, std::string_view piece, Matcher& m, std::vector<int32_t>& out) const {
    const PreStep& step = m_steps[k];
    const auto emit = [&](size_t b, size_t e) {
        if (e > b) runSteps(k + 1, piece.substr(b, e - b), m, out);
    };
    size_t start = 0;                // MergedWith*: where the pending piece begins
    size_t runBegin = 0, runEnd = 0; // Contiguous: the pending run of one kind
    bool runIsMatch = false, haveRun = false;
    const auto span = [&](size_t b, size_t e, bool isMatch) {
        switch (step.behavior) {
        case Behavior::Isolated: emit(b, e); break;
        case Behavior::Removed:
            if (!isMatch) emit(b, e);
            break;
        case Behavior::MergedWithPrevious:
            if (isMatch) {
                emit(start, e);
                start = e;
            }
            break;
        case Behavior::MergedWithNext:
            if (isMatch) {
                emit(start, b);
                start = b;
            }
            break;
        case Behavior::Contiguous:
            if (haveRun && isMatch != runIsMatch) {
                emit(runBegin, runEnd);
                haveRun = false;
            }
            if (!haveRun) {
                runBegin = b;
                runIsMatch = isMatch;
                haveRun = true;
            }
            runEnd = e;
            break;
        }
    };
    size_t prev = 0;
    m.forEachMatch(*step.regex, piece, [&](size_t b, size_t e) {
        if (b > prev) span(prev, b, step.invert);
        span(b, e, !step.invert);
        prev = e;
    });
    if (m.done()) return;
    if (prev < piece.size()) span(prev, piece.size(), step.invert);
    if (step.behavior == Behavior::MergedWithPrevious || step.behavior == Behavior::MergedWithNext)
        emit(start, piece.size());
    else if (step.behavior == Behavior::Contiguous && haveRun)
        emit(runBegin, runEnd);
}

void BpeTokenizer::encodeWord(std::string_view bytes, std::vector<int32_t>& out) const {
    if (m_ignoreMerges) {
        const auto it = m_bytesToId.find(std::string(bytes));
        if (it != m_bytesToId.end()) {
            out.push_back(it->second);
            return;
        }
    }
    if (bytes.size() == 1 && m_byteLevel) {
        const int32_t id = m_byteId[static_cast<unsigned char>(bytes[0])];
        if (id >= 0)
            out.push_back(id);
        else if (m_unkId >= 0)
            out.push_back(m_unkId);
        return;
    }
    constexpr size_t kCacheableWord = 64;
    constexpr size_t kCacheEntries = 1 << 17;
    const auto run = [&](std::string_view w) {
        if (m_byteLevel)
            bpe(w, out);
        else
            charBpe(w, out);
    };
    if (bytes.size() > kCacheableWord) {
        run(bytes);
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
    run(bytes);
    std::vector<int32_t> ids(out.begin() + std::ptrdiff_t(before), out.end());
    std::lock_guard<std::mutex> lock(m_cacheMutex);
    if (m_cache.size() >= kCacheEntries) m_cache.clear();
    m_cache.emplace(std::move(key), std::move(ids));
}

void BpeTokenizer::bpe(std::string_view bytes, std::vector<int32_t>& out) const {
    std::vector<int32_t> ids;
    ids.reserve(bytes.size());
    for (const char c : bytes) {
        const int32_t id = m_byteId[static_cast<unsigned char>(c)];
        if (id >= 0)
            ids.push_back(id);
        else if (m_unkId >= 0) // a byte the vocabulary lacks
            ids.push_back(m_unkId);
    }
    mergeSymbols(ids, out);
}

// Merges by rank, lowest first; among equal ranks the leftmost. A linked list
// of symbols plus a heap of candidate pairs keeps long words O(n log n).
void BpeTokenizer::mergeSymbols(std::vector<int32_t>& ids, std::vector<int32_t>& out) const {
    struct Sym {
        int32_t id;
        int32_t prev;
        int32_t next;
    };
    std::vector<Sym> syms;
    syms.reserve(ids.size());
    for (const int32_t id : ids) syms.push_back({id, 0, 0});
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
            if (const Merge* mg = lookup(syms[size_t(i)].id, syms[size_t(i + 1)].id)) heap.push({mg->rank, i, mg->id});
    std::vector<char> dead(size_t(n), 0);
    while (!heap.empty()) {
        const Cand c = heap.top();
        heap.pop();
        Sym& s = syms[size_t(c.pos)];
        if (dead[size_t(c.pos)] || s.next < 0) continue;
        const Merge* mg = lookup(s.id, syms[size_t(s.next)].id);
        if (!mg || mg->rank != c.rank || mg->id != c.id) continue; // stale: one side changed since this pair was queued
        const int32_t right = s.next;
        s.id = c.id;
        dead[size_t(right)] = 1;
        s.next = syms[size_t(right)].next;
        if (s.next >= 0) syms[size_t(s.next)].prev = c.pos;
        if (s.prev >= 0)
            if (const Merge* l = lookup(syms[size_t(s.prev)].id, s.id)) heap.push({l->rank, s.prev, l->id});
        if (s.next >= 0)
            if (const Merge* r = lookup(s.id, syms[size_t(s.next)].id)) heap.push({r->rank, c.pos, r->id});
    }
    for (int32_t i = n > 0 ? 0 : -1; i >= 0; i = syms[size_t(i)].next) out.push_back(syms[size_t(i)].id);
}

std::string BpeTokenizer::decode(const std::vector<int32_t>& ids) const {
    if (!m_byteLevel) {
        std::vector<std::string> pieces;
        pieces.reserve(ids.size());
        for (const int32_t id : ids) {
            if (id < 0 || size_t(id) >= m_idToBytes.size())
                throw Error(ErrorCode::BpeTokenIdOutsideTokenizerS,
                            {std::to_string(id), std::to_string(int64_t(m_idToBytes.size()) - 1)}, m_path);
            pieces.push_back(m_idToBytes[size_t(id)]);
        }
        return decodeSteps(std::move(pieces));
    }
    std::string out;
    for (const int32_t id : ids) {
        if (id < 0 || size_t(id) >= m_idToBytes.size())
            throw Error(ErrorCode::BpeTokenIdOutsideTokenizerS,
                        {std::to_string(id), std::to_string(int64_t(m_idToBytes.size()) - 1)}, m_path);
        out += m_idToBytes[size_t(id)];
    }
    return out;
}

} // namespace sharelens::detail
