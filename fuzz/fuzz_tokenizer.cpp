// loadTokenizerJson on arbitrary bytes (through an in-memory file, as the
// loader takes a path), then encode/decode of a fixed text mixing ASCII,
// accents, CJK, emoji, digits, whitespace runs and an invalid UTF-8 byte.
#include "sharelens/error.h"
#include "sharelens/tokenizer.h"

#include "fuzz_util.h"

#include <memory>

using namespace sharelens;

namespace {
const std::string kText = std::string("Hello  world!\n\tIt's 2024: caf\xc3\xa9 na\xc3\xafve \xe4\xb8\xad\xe6\x96\x87 "
                                      "\xf0\x9f\x98\x80 <|endoftext|> x") +
                          char(0xff) + " 12345678  \r\n end";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static sharelens::fuzz::MemFile file;
    std::unique_ptr<Tokenizer> tok;
    try {
        tok = loadTokenizerJson(file.write(data, size));
    } catch (const Error&) {
        return 0;
    }
    const int32_t vocab = tok->vocabSize();
    SHARELENS_FUZZ_CHECK(vocab >= 0);
    (void)tok->kind();
    std::vector<int32_t> ids;
    try {
        ids = tok->encode(kText);
    } catch (const Error&) {
        return 0; // e.g. the pre-tokenizer regex hit PCRE2's match limit
    }
    for (int32_t id : ids) SHARELENS_FUZZ_CHECK(id >= 0 && id < vocab);
    try {
        (void)tok->decode(ids);
        (void)tok->decode({0, vocab - 1});
    } catch (const Error&) {}
    try {
        (void)tok->decode({vocab}); // out of range: must throw, not read past the table
        std::fprintf(stderr, "decode accepted id %d of a %d-token vocabulary\n", vocab, vocab);
        std::abort();
    } catch (const Error&) {}
    return 0;
}
