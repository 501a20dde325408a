// parseConfig on arbitrary text; accepted configs must survive a round trip
// through configToJson with the same sizes.
#include "sharelens/config.h"
#include "sharelens/error.h"

#include "fuzz_util.h"

using namespace sharelens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    ModelConfig c;
    try {
        c = parseConfig(text, "config.json");
    } catch (const Error&) {
        return 0;
    }
    SHARELENS_FUZZ_CHECK(c.hiddenSize > 0 && c.numLayers > 0 && c.numHeads > 0 && c.vocabSize > 0);
    SHARELENS_FUZZ_CHECK(c.numKVHeads > 0 && c.headDim > 0);
    (void)c.architectureName();
    ModelConfig again;
    try {
        again = parseConfig(configToJson(c), "config.json (written back)");
    } catch (const Error& e) {
        std::fprintf(stderr, "round trip rejected: %s\n", e.what());
        std::abort();
    }
    SHARELENS_FUZZ_CHECK(again.family == c.family);
    SHARELENS_FUZZ_CHECK(again.hiddenSize == c.hiddenSize && again.numLayers == c.numLayers);
    SHARELENS_FUZZ_CHECK(again.numHeads == c.numHeads && again.numKVHeads == c.numKVHeads);
    SHARELENS_FUZZ_CHECK(again.vocabSize == c.vocabSize && again.headDim == c.headDim);
    SHARELENS_FUZZ_CHECK(again.intermediateSize == c.intermediateSize);
    return 0;
}
