// The names of analysis.h's settings ("pearson", "blocks", ...) and their
// parsers. Torch-free, so the core's readers (session files) can use them.
#include "sharelens/analysis.h"

namespace sharelens {

const char* metricName(Metric m) {
    switch (m) {
    case Metric::Pearson: return "pearson";
    case Metric::Cosine: return "cosine";
    case Metric::Cka: return "cka";
    }
    return "?";
}

bool parseMetric(const std::string& s, Metric& out) {
    for (Metric m : {Metric::Pearson, Metric::Cosine, Metric::Cka})
        if (s == metricName(m)) {
            out = m;
            return true;
        }
    return false;
}

const char* unitKindName(UnitKind u) { return u == UnitKind::Blocks ? "blocks" : "sublayers"; }

bool parseUnitKind(const std::string& s, UnitKind& out) {
    if (s == "blocks") {
        out = UnitKind::Blocks;
        return true;
    }
    if (s == "sublayers") {
        out = UnitKind::Sublayers;
        return true;
    }
    return false;
}

} // namespace sharelens
