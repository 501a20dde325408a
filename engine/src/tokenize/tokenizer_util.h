// Engine-internal helpers shared by the tokenizers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "sharelens/tokenizer.h"

namespace sharelens::detail {

// The tokenizer of a tokenizer.json's text (what loadTokenizerJson does
// after reading the file); `path` names it in messages.
std::unique_ptr<Tokenizer> tokenizerFromJsonText(const std::string& text, const std::string& path);

// The vocabulary of a GGUF file (tokenizer.ggml.*) as a tokenizer. Throws
// ErrorCode::GgufVocabulary for vocabulary types other than "gpt2" and "llama".
std::unique_ptr<Tokenizer> loadGgufTokenizer(const std::string& path);

// Whether a tokenizer file is there: false when nothing has that name, true
// when it is a regular file (directly or through links). Anything else (a
// FIFO, a device, a folder, a dangling link) throws
// ErrorCode::TokenizerUnreadable saying what it is; it is never opened, so a
// FIFO cannot block the reader.
bool tokenizerFileExists(const std::string& path);

// Length (1..4) of the well-formed UTF-8 character starting at s[i], or 0
// when the bytes there are not well-formed UTF-8 (stray continuation bytes,
// overlong forms, surrogates, code points above U+10FFFF, truncation).
inline size_t utf8CharLength(std::string_view s, size_t i) {
    if (i >= s.size()) return 0;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 < lo || c1 > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    return n;
}

inline void appendUtf8(std::string& out, uint32_t cp) {
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
inline size_t decodeUtf8(std::string_view s, size_t i, uint32_t& cp) {
    const size_t n = utf8CharLength(s, i);
    if (n == 0) return 0;
    const auto c0 = static_cast<unsigned char>(s[i]);
    if (n == 1) {
        cp = c0;
    } else {
        cp = c0 & (0xFF >> (n + 1));
        for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    return n;
}

// GPT-2's reversible byte <-> unicode mapping: printable Latin-1 bytes map to
// themselves, the other 68 bytes to U+0100 onwards, in byte order.
inline std::array<uint32_t, 256> byteToCodepoint() {
    std::array<uint32_t, 256> table{};
    uint32_t next = 256;
    for (uint32_t b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
        table[b] = printable ? b : next++;
    }
    return table;
}

} // namespace sharelens::detail
