// parseTokenIds (IDS.json) on arbitrary text, then the checks and chunking
// that follow it in the CLI.
#include "sharelens/data.h"
#include "sharelens/error.h"

#include "fuzz_util.h"

using namespace sharelens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    Sequences seqs;
    try {
        seqs = parseTokenIds(text, "ids.json");
    } catch (const Error&) {
        return 0;
    }
    std::vector<int32_t> flat;
    for (const auto& s : seqs)
        for (int32_t id : s) {
            SHARELENS_FUZZ_CHECK(id >= 0);
            flat.push_back(id);
        }
    try {
        validateSequences(seqs, 50257, 1024);
    } catch (const Error&) {}
    for (int len : {1, 2, 7}) {
        const Sequences chunks = chunkTokens(flat, len, 3);
        SHARELENS_FUZZ_CHECK(chunks.size() <= 3);
        for (const auto& c : chunks) SHARELENS_FUZZ_CHECK(static_cast<int>(c.size()) == len);
    }
    return 0;
}
