// parseSafetensorsHeader on arbitrary bytes, as the file's first bytes and
// whole file; then, for headers it accepts, the promises safetensors.h makes:
// offsets in bounds, byte sizes matching shapes, no overlaps, file order.
#include "sharelens/error.h"
#include "sharelens/safetensors.h"

#include "fuzz_util.h"

#include <algorithm>

using namespace sharelens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // libFuzzer's buffer holds exactly `size` bytes, so ASan sees any read
    // past them. First as a file whose tail was not read (the real reader
    // hands over only 8 + N bytes): nothing past `available` may be touched.
    try {
        (void)parseSafetensorsHeader(data, size, uint64_t(size) * 2 + 64, "fuzz.safetensors");
    } catch (const Error&) {
    }
    SafetensorsHeader h;
    try {
        h = parseSafetensorsHeader(data, size, size, "fuzz.safetensors");
    } catch (const Error&) {
        return 0;
    }
    SHARELENS_FUZZ_CHECK(h.dataOffset == 8 + h.headerLength);
    SHARELENS_FUZZ_CHECK(h.dataOffset <= size);
    const uint64_t dataSize = size - h.dataOffset;
    uint64_t prevEnd = 0;
    for (const TensorInfo& t : h.tensors) {
        SHARELENS_FUZZ_CHECK(t.begin <= t.end);
        SHARELENS_FUZZ_CHECK(t.end <= dataSize);
        SHARELENS_FUZZ_CHECK(t.begin >= prevEnd); // sorted by offset, no overlap
        prevEnd = t.end;
        uint64_t bytes = dtypeSize(t.dtype);
        for (int64_t d : t.shape) {
            SHARELENS_FUZZ_CHECK(d >= 0);
            bytes *= static_cast<uint64_t>(d);
        }
        SHARELENS_FUZZ_CHECK(bytes == t.end - t.begin);
        SHARELENS_FUZZ_CHECK(h.find(t.name) != nullptr);
        // Touch the tensor's bytes as a reader would.
        volatile uint8_t sink = 0;
        if (t.end > t.begin) sink = data[h.dataOffset + t.end - 1];
        (void)sink;
    }
    return 0;
}
