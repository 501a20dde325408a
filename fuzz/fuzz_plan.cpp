// planFromJson (a sharing plan, analysis.json's plan or --plan FILE) on
// arbitrary text; an accepted plan must be written and read back unchanged.
#include "sharelens/error.h"
#include "sharelens/plan.h"

#include "fuzz_util.h"

using namespace sharelens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    SharingPlan p;
    try {
        p = planFromJson(text, "plan.json");
    } catch (const Error&) {
        return 0;
    }
    std::vector<int> seen(p.units.size(), 0);
    for (const auto& g : p.groups) {
        SHARELENS_FUZZ_CHECK(!g.members.empty());
        for (int m : g.members) {
            SHARELENS_FUZZ_CHECK(m >= 0 && static_cast<size_t>(m) < p.units.size());
            SHARELENS_FUZZ_CHECK(seen[static_cast<size_t>(m)]++ == 0);
        }
    }
    SharingPlan q;
    try {
        q = planFromJson(planToJson(p), "plan.json (written back)");
    } catch (const Error& e) {
        std::fprintf(stderr, "round trip rejected: %s\n", e.what());
        std::abort();
    }
    SHARELENS_FUZZ_CHECK(q.units.size() == p.units.size() && q.groups.size() == p.groups.size());
    for (size_t i = 0; i < p.units.size(); ++i) {
        SHARELENS_FUZZ_CHECK(q.units[i].name == p.units[i].name && q.units[i].layer == p.units[i].layer);
        SHARELENS_FUZZ_CHECK(q.units[i].parameters == p.units[i].parameters);
        SHARELENS_FUZZ_CHECK(q.units[i].tensors == p.units[i].tensors);
    }
    for (size_t i = 0; i < p.groups.size(); ++i) {
        SHARELENS_FUZZ_CHECK(q.groups[i].members == p.groups[i].members && q.groups[i].init == p.groups[i].init);
        SHARELENS_FUZZ_CHECK(q.groups[i].savedBytes == p.groups[i].savedBytes);
    }
    SHARELENS_FUZZ_CHECK(q.baselineBytes == p.baselineBytes && q.sharedParameters == p.sharedParameters);
    return 0;
}
