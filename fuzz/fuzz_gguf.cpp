// gguf::parseHeader on arbitrary bytes, as the file's first bytes and as the
// whole file; then, for headers it accepts, the promises io/gguf.h makes
// (tensors inside the file, aligned, not overlapping, 1 to 4 dims, supported
// types), the mapping to a checkpoint (config through parseConfig, tensor
// names) and the vocabulary's tokenizer.json with its tokenizer, and the
// file readers a user's file meets (MappedFile::open on an in-memory file),
// which must agree with the parser.
#include "io/gguf.h"
#include "sharelens/error.h"
#include "tokenize/tokenizer_util.h"

#include "fuzz_util.h"

#include <algorithm>

using namespace sharelens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // A file whose tail is not there: nothing past `size` may be read.
    try {
        (void)gguf::parseHeader(data, size, uint64_t(size) * 2 + 64, "fuzz.gguf");
    } catch (const Error&) {}
    gguf::Header h;
    try {
        h = gguf::parseHeader(data, size, size, "fuzz.gguf");
    } catch (const Error&) {
        return 0;
    }
    SHARELENS_FUZZ_CHECK(h.version == 2 || h.version == 3);
    SHARELENS_FUZZ_CHECK(h.alignment > 0 && (h.alignment & (h.alignment - 1)) == 0);
    SHARELENS_FUZZ_CHECK(h.dataOffset % h.alignment == 0);
    std::vector<const gguf::TensorInfo*> byOffset;
    for (const auto& t : h.tensors) {
        SHARELENS_FUZZ_CHECK(!t.shape.empty() && t.shape.size() <= 4);
        SHARELENS_FUZZ_CHECK(t.offset >= h.dataOffset && (t.offset - h.dataOffset) % h.alignment == 0);
        SHARELENS_FUZZ_CHECK(t.offset <= size && t.bytes <= size - t.offset);
        SHARELENS_FUZZ_CHECK(h.find(t.name) == &t);
        byOffset.push_back(&t);
    }
    std::sort(byOffset.begin(), byOffset.end(), [](auto* a, auto* b) { return a->offset < b->offset; });
    for (size_t i = 1; i < byOffset.size(); ++i)
        SHARELENS_FUZZ_CHECK(byOffset[i]->offset >= byOffset[i - 1]->offset + byOffset[i - 1]->bytes);

    try {
        const Checkpoint ck = gguf::checkpointFromHeader(h, "fuzz.gguf");
        SHARELENS_FUZZ_CHECK(ck.format == WeightFormat::Gguf && ck.tensors.size() == h.tensors.size());
        for (const auto& t : ck.tensors) SHARELENS_FUZZ_CHECK(h.find(t.fileName) != nullptr);
    } catch (const Error&) {}
    try {
        const auto tok = detail::tokenizerFromJsonText(gguf::tokenizerJson(h, "fuzz.gguf"), "fuzz.gguf");
        const auto ids = tok->encode("Hello wörld 123 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80");
        (void)tok->decode(ids);
    } catch (const Error&) {}

    static sharelens::fuzz::MemFile file;
    const std::string& path = file.write(data, size);
    const auto mapped = gguf::MappedFile::open(path); // must not throw: same bytes
    SHARELENS_FUZZ_CHECK(mapped->header().tensors.size() == h.tensors.size());
    SHARELENS_FUZZ_CHECK(mapped->header().kv.size() == h.kv.size());
    return 0;
}
