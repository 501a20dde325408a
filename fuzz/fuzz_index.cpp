// parseShardIndex (model.safetensors.index.json / pytorch_model.bin.index.json)
// on arbitrary text, and the promises of safetensors.h about its result.
#include <set>

#include "sharelens/error.h"
#include "sharelens/safetensors.h"

#include "fuzz_util.h"

using namespace sharelens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::map<std::string, std::vector<std::string>> shards;
    try {
        shards = parseShardIndex(text, "model.safetensors.index.json");
    } catch (const Error& e) {
        // Every message names the file.
        SHARELENS_FUZZ_CHECK(e.path() == "model.safetensors.index.json");
        return 0;
    }
    SHARELENS_FUZZ_CHECK(!shards.empty());
    std::set<std::string> tensors;
    for (const auto& [shard, names] : shards) {
        // A plain file name in the index's folder: nothing that leaves it.
        SHARELENS_FUZZ_CHECK(!shard.empty());
        SHARELENS_FUZZ_CHECK(shard != "." && shard != "..");
        SHARELENS_FUZZ_CHECK(shard.find('/') == std::string::npos);
        SHARELENS_FUZZ_CHECK(shard.find('\0') == std::string::npos);
        SHARELENS_FUZZ_CHECK(!names.empty());
        for (const auto& n : names) SHARELENS_FUZZ_CHECK(tensors.insert(n).second); // no tensor in two shards
    }
    return 0;
}
