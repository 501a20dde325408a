// Names of the compute dtypes (sharelens/compute.h).
#include "sharelens/compute.h"

namespace sharelens {

const char* computeDtypeName(ComputeDtype d) { return d == ComputeDtype::BFloat16 ? "bf16" : "f32"; }

bool parseComputeDtype(const std::string& s, ComputeDtype& out) {
    if (s == "f32" || s == "float32") {
        out = ComputeDtype::Float32;
        return true;
    }
    if (s == "bf16" || s == "bfloat16") {
        out = ComputeDtype::BFloat16;
        return true;
    }
    return false;
}

} // namespace sharelens
