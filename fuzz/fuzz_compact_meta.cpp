// A compact checkpoint's metadata (sharelens/export.h): a whole safetensors
// header whose __metadata__ carries "sharelens.format" and "sharelens.map",
// run through what opening it checks before any tensor byte is read:
// parseSafetensorsHeader, then openCompact (compact.h) on the header's tensor
// list as openCheckpoint builds it, the memory estimate Model::load makes
// first, and the plan and provenance metadata Model::load reads back.
//
// Input: the first bytes of a .safetensors file (8-byte length, JSON header,
// any data). The file is taken to be 2^40 bytes longer than the input, as
// readSafetensorsHeader sees a real file of which it reads only the header,
// so seeds need no tensor data.
//
// For an accepted map: every alias is a tensor of its stored one's dtype,
// shape and file; no alias shadows a stored tensor or another alias; every
// entry of the map is resolved; deltas fit their base; the map's JSON reads
// back to the same map.
#include "io/compact.h"
#include "sharelens/error.h"
#include "sharelens/plan.h"
#include "sharelens/resources.h"
#include "sharelens/safetensors.h"

#include "fuzz_util.h"

#include <cstdlib>
#include <map>
#include <set>

using namespace sharelens;

namespace {

bool sameMap(const SharingMap& a, const SharingMap& b) {
    if (a.blocks != b.blocks || a.aliases != b.aliases || a.deltas.size() != b.deltas.size()) return false;
    for (auto i = a.deltas.begin(), k = b.deltas.begin(); i != a.deltas.end(); ++i, ++k)
        if (i->first != k->first || i->second.a != k->second.a || i->second.b != k->second.b) return false;
    return true;
}

// Every alias is a tensor of its stored one's dtype, shape and file; no name
// twice; every entry of the map resolves; deltas fit their base.
void checkResolved(const Checkpoint& c, const SafetensorsHeader& h, const std::string& file) {
    SHARELENS_FUZZ_CHECK(c.compactFormat == kCompactFormat);
    SHARELENS_FUZZ_CHECK(c.tensors.size() >= h.tensors.size());
    std::map<std::string, const CheckpointTensor*> byName;
    for (size_t i = 0; i < c.tensors.size(); ++i) {
        const CheckpointTensor& t = c.tensors[i];
        SHARELENS_FUZZ_CHECK(byName.emplace(t.name, &t).second); // no name twice
        if (i < h.tensors.size()) {
            SHARELENS_FUZZ_CHECK(t.storedAs.empty() && t.name == h.tensors[i].name);
            continue;
        }
        const TensorInfo* s = h.find(t.storedAs);
        SHARELENS_FUZZ_CHECK(s != nullptr);
        SHARELENS_FUZZ_CHECK(s->dtype == t.dtype && s->shape == t.shape && t.file == file);
    }
    for (const auto& [name, target] : c.sharing.aliases) {
        const auto it = byName.find(name);
        SHARELENS_FUZZ_CHECK(it != byName.end() && it->second->storedAs == target);
    }
    for (const auto& [to, from] : c.sharing.blocks) SHARELENS_FUZZ_CHECK(!to.empty() && !from.empty());
    for (const auto& [name, d] : c.sharing.deltas) {
        const auto base = byName.find(name);
        SHARELENS_FUZZ_CHECK(base != byName.end());
        const TensorInfo* a = h.find(d.a);
        SHARELENS_FUZZ_CHECK(a != nullptr);
        const auto& shape = base->second->shape;
        if (d.b.empty()) {
            SHARELENS_FUZZ_CHECK(a->shape == shape);
        } else {
            const TensorInfo* b = h.find(d.b);
            SHARELENS_FUZZ_CHECK(b != nullptr && shape.size() == 2 && a->shape.size() == 2 && b->shape.size() == 2);
            SHARELENS_FUZZ_CHECK(a->shape[0] == shape[0] && b->shape[1] == shape[1] && a->shape[1] == b->shape[0]);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string file = "/fuzz/model.safetensors";
    SafetensorsHeader h;
    try {
        h = parseSafetensorsHeader(data, size, uint64_t(size) + (uint64_t(1) << 40), file);
    } catch (const Error& e) {
        if (std::getenv("SHARELENS_FUZZ_VERBOSE")) std::fprintf(stderr, "rejected: %s\n", e.what());
        return 0;
    }
    if (!h.metadata.count("sharelens.format")) { // a plain checkpoint: openCompact is not called
        if (std::getenv("SHARELENS_FUZZ_VERBOSE")) std::fprintf(stderr, "not compact\n");
        return 0;
    }

    Checkpoint c;
    c.dir = "/fuzz";
    c.weightFiles = {file};
    c.metadata = h.metadata;
    for (const TensorInfo& t : h.tensors) c.tensors.push_back({t.name, t.dtype, t.shape, file, {}, {}});
    try {
        openCompact(c);
    } catch (const Error& e) {
        if (std::getenv("SHARELENS_FUZZ_VERBOSE")) std::fprintf(stderr, "rejected: %s\n", e.what());
        return 0;
    }

    checkResolved(c, h, file);
    SharingMap back;
    try {
        back = sharingMapFromJson(sharingMapToJson(c.sharing), file);
    } catch (const Error& e) {
        std::fprintf(stderr, "round trip rejected: %s\n", e.what());
        std::abort();
    }
    SHARELENS_FUZZ_CHECK(sameMap(back, c.sharing));
    if (std::getenv("SHARELENS_FUZZ_VERBOSE"))
        std::fprintf(stderr, "accepted: %zu stored tensors, %zu aliases\n", h.tensors.size(),
                     c.tensors.size() - h.tensors.size());

    // What Model::load does before it maps a tensor: the memory estimate,
    // then (restoreSharing) the plan and the provenance metadata.
    (void)estimateModelLoad(c);
    try {
        if (auto p = c.metadata.find("sharelens.plan"); p != c.metadata.end()) (void)planFromJson(p->second, file);
        if (auto p = c.metadata.find("sharelens.provenance"); p != c.metadata.end())
            (void)compactProvenance(p->second, file);
    } catch (const Error&) {}
    return 0;
}
