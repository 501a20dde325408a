// Bounded, lazy regex matching for the pre-tokenizer (Matcher in
// tokenizer_bpe.h).
//
// A search looks at a window of the subject, s[0, end), in PCRE2's hard
// partial mode: PCRE2 then returns a complete match only when no attempt up
// to it touched the window's end, so the match is the one a search of all of
// s finds (the subject before the window stays visible, so lookbehinds see
// what they would). When an attempt reaches the end (PCRE2_ERROR_PARTIAL)
// the window doubles; when nothing can start in it, the search moves on to
// its end. At the true end of s the attempt that reached it is settled by an
// ordinary anchored match there.
//
// Three bounds keep a pathological pattern from running for hours:
//   - a match limit per call, proportional to the window it is given
//     (backtracking blow-ups such as (a+)+b);
//   - a depth limit per call (the interpreter's nested backtracking) and
//     PCRE2's own heap limit and JIT stack;
//   - a budget per encode on the bytes handed to PCRE2: a fixed allowance
//     plus a multiple of the bytes the searches moved past. A pattern whose
//     every attempt scans to the end of the text (a(?=[^!]*!) on text with
//     one '!' at its end) costs the rest of the text per match and runs out
//     after a few, where a search of the whole text would take quadratic
//     time.
// Legitimate pre-tokenizers (GPT-2, Llama 3, Qwen2 and the like) hand PCRE2
// about three bytes per byte they move past, far inside these bounds.

#include "tokenize/tokenizer_bpe.h"

#include <algorithm>

namespace sharelens::detail {
namespace {

constexpr size_t kInitialWindow = 256;           // bytes
constexpr uint32_t kMatchLimitBase = 1'000'000;  // match steps per call ...
constexpr uint32_t kMatchLimitPerByte = 8;       // ... plus this per byte of window
constexpr uint32_t kDepthLimit = 100'000;        // nested backtracking per call (interpreter)
constexpr uint64_t kWorkAllowance = 64ull << 20; // bytes handed to PCRE2 per encode ...
constexpr uint64_t kWorkPerByte = 32;            // ... plus this per byte moved past

// The start of the character at or after i (at most three continuation bytes
// on), so a window never ends inside a UTF-8 character.
size_t charBoundary(std::string_view s, size_t i) {
    for (int k = 0; k < 3 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80; ++k) ++i;
    return std::min(i, s.size());
}

// The pattern as a message shows it: at most about 60 bytes, cut at a
// character boundary.
std::string shortPattern(const std::string& p) {
    constexpr size_t kMax = 60;
    if (p.size() <= kMax) return p;
    size_t cut = kMax - 3;
    while (cut > 0 && (static_cast<unsigned char>(p[cut]) & 0xC0) == 0x80) --cut;
    return p.substr(0, cut) + "...";
}

} // namespace

Matcher::Matcher(const std::vector<int32_t>& out, size_t maxTokens, const std::string& path)
    : m_out(out), m_maxTokens(maxTokens), m_path(path) {
    m_context = pcre2_match_context_create(nullptr);
    m_stack = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, nullptr);
    if (m_context && m_stack) pcre2_jit_stack_assign(m_context, nullptr, m_stack);
    m_data = pcre2_match_data_create(8, nullptr);
    if (!m_context || !m_data) {
        pcre2_match_data_free(m_data);
        pcre2_jit_stack_free(m_stack);
        pcre2_match_context_free(m_context);
        throw std::bad_alloc();
    }
    pcre2_set_depth_limit(m_context, kDepthLimit);
}

Matcher::~Matcher() {
    pcre2_match_data_free(m_data);
    pcre2_jit_stack_free(m_stack);
    pcre2_match_context_free(m_context);
}

void Matcher::tooMuchWork(const Regex& re, const std::string& limit) const {
    throw Error(ErrorCode::RegexTooMuchWork, {"`" + shortPattern(re.pattern()) + "`", limit}, m_path);
}

int Matcher::match(const Regex& re, std::string_view s, size_t end, size_t start, uint32_t options) {
    const uint64_t span = end - start;
    if (m_work + span > kWorkAllowance + kWorkPerByte * m_advanced)
        tooMuchWork(re, std::to_string(kWorkAllowance >> 20) + " MiB plus " + std::to_string(kWorkPerByte) +
                            " bytes scanned per byte of text");
    const uint64_t limit = kMatchLimitBase + kMatchLimitPerByte * span;
    pcre2_set_match_limit(m_context, uint32_t(std::min<uint64_t>(limit, UINT32_MAX)));
    const int rc =
        pcre2_match(re.code(), reinterpret_cast<PCRE2_SPTR>(s.data()), end, start, options, m_data, m_context);
    // A complete match read at least up to its end; anything else read up
    // to the window's end.
    m_work += rc >= 0 ? std::max<uint64_t>(pcre2_get_ovector_pointer(m_data)[1], start) - start : span;
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT: tooMuchWork(re, std::to_string(limit) + " backtracking steps in one search");
    case PCRE2_ERROR_DEPTHLIMIT: tooMuchWork(re, "a backtracking depth of " + std::to_string(kDepthLimit));
    case PCRE2_ERROR_HEAPLIMIT: tooMuchWork(re, "PCRE2's 20 MiB of backtracking memory");
    case PCRE2_ERROR_JIT_STACKLIMIT: tooMuchWork(re, "a 4 MiB matching stack");
    default: break;
    }
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH && rc != PCRE2_ERROR_PARTIAL) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(rc, buf, sizeof buf);
        throw Error(ErrorCode::BpeTokenizerSPreTokenizerRegex, {reinterpret_cast<const char*>(buf)}, m_path);
    }
    return rc;
}

bool Matcher::next(const Regex& re, std::string_view s, size_t from, size_t& b, size_t& e) {
    const auto found = [&]() {
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(m_data);
        b = ov[0];
        e = ov[1];
        m_advanced += std::max(e, from) - from;
        return true;
    };
    const auto none = [&]() {
        m_advanced += s.size() - std::min(from, s.size());
        return false;
    };
    size_t pos = from, window = kInitialWindow;
    while (pos <= s.size()) {
        const size_t end = s.size() - pos <= window ? s.size() : charBoundary(s, pos + window);
        const bool whole = end == s.size();
        if (whole && end - pos <= kInitialWindow) { // a short rest: one ordinary search
            return match(re, s, end, pos, 0) >= 0 ? found() : none();
        }
        const int rc = match(re, s, end, pos, PCRE2_PARTIAL_HARD);
        if (rc >= 0) return found();
        if (rc == PCRE2_ERROR_NOMATCH) {
            if (whole) return none();
            pos = end; // nothing starts before the window's end
            window *= 2;
            continue;
        }
        if (!whole) { // an attempt reached the window's end: look further
            window *= 2;
            continue;
        }
        // The attempt at p reached the true end: settle it there.
        const size_t p = std::clamp(size_t(pcre2_get_ovector_pointer(m_data)[0]), pos, s.size());
        if (match(re, s, s.size(), p, PCRE2_ANCHORED) >= 0) return found();
        const size_t n = utf8CharLength(s, p);
        pos = p + (n ? n : 1);
        window = kInitialWindow;
    }
    return none();
}

} // namespace sharelens::detail
