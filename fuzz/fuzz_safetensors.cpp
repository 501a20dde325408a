// parseSafetensorsHeader on arbitrary bytes, as the file's first bytes and
// whole file; then, for headers it accepts, the promises safetensors.h makes:
// offsets in bounds, byte sizes matching shapes, no overlaps, file order.
// The same bytes then go through the file readers a user's file meets
// (readSafetensorsHeader and MappedSafetensors::open, on an in-memory file),
// which must agree with the parser and map every tensor inside the file.
#include "sharelens/error.h"
#include "sharelens/safetensors.h"

#include "fuzz_util.h"

#include <algorithm>
#include <cstring>

using namespace sharelens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // libFuzzer's buffer holds exactly `size` bytes, so ASan sees any read
    // past them. First as a file whose tail was not read (the real reader
    // hands over only 8 + N bytes): nothing past `available` may be touched.
    try {
        (void)parseSafetensorsHeader(data, size, uint64_t(size) * 2 + 64, "fuzz.safetensors");
    } catch (const Error&) {}
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
    }

    static sharelens::fuzz::MemFile file;
    const std::string& path = file.write(data, size);
    const SafetensorsHeader fromFile = readSafetensorsHeader(path); // must not throw: same bytes
    SHARELENS_FUZZ_CHECK(fromFile.tensors.size() == h.tensors.size() && fromFile.metadata == h.metadata);
    const auto mapped = MappedSafetensors::open(path);
    SHARELENS_FUZZ_CHECK(mapped->fileSize() == size && mapped->header().tensors.size() == h.tensors.size());
    for (const TensorInfo& t : mapped->header().tensors) {
        const uint8_t* p = mapped->data(t);
        const size_t offset = static_cast<size_t>(p - mapped->data(mapped->header().tensors.front())) +
                              static_cast<size_t>(mapped->header().tensors.front().begin + h.dataOffset);
        SHARELENS_FUZZ_CHECK(offset == h.dataOffset + t.begin);
        if (t.end > t.begin) SHARELENS_FUZZ_CHECK(std::memcmp(p, data + offset, t.end - t.begin) == 0);
    }
    return 0;
}
