// sessionFromJson (a .sharelens session file) on arbitrary text; an accepted
// session must be written by sessionToJson and read back to the same value,
// every double bit for bit (NaN stays NaN), as session.h promises.
#include "sharelens/error.h"
#include "sharelens/session.h"

#include "fuzz_util.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace sharelens;

namespace {

// Equal as a round trip must keep them: the same bits, or both NaN.
bool same(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::memcmp(&a, &b, sizeof a) == 0;
}

bool sameTrain(const TrainResult& a, const TrainResult& b) {
    if (a.steps.size() != b.steps.size() || a.evals.size() != b.evals.size()) return false;
    for (size_t i = 0; i < a.steps.size(); ++i) {
        const StepRecord &x = a.steps[i], &y = b.steps[i];
        if (x.step != y.step || !same(x.loss, y.loss) || !same(x.learningRate, y.learningRate) ||
            !same(x.stepSeconds, y.stepSeconds) || !same(x.tokensPerSecond, y.tokensPerSecond) ||
            x.modelStateBytes != y.modelStateBytes || x.peakRssBytes != y.peakRssBytes)
            return false;
    }
    for (size_t i = 0; i < a.evals.size(); ++i) {
        const EvalRecord &x = a.evals[i], &y = b.evals[i];
        if (x.step != y.step || !same(x.loss, y.loss) || !same(x.perplexity, y.perplexity)) return false;
    }
    return true;
}

bool sameRun(const SessionRun& a, const SessionRun& b) {
    if (a.textPath != b.textPath || a.steps != b.steps || a.batchSize != b.batchSize || a.seqLen != b.seqLen ||
        !same(a.learningRate, b.learningRate) || a.init != b.init || a.privateNorms != b.privateNorms ||
        a.deltaRank != b.deltaRank || a.seed != b.seed || a.baselineParameters != b.baselineParameters ||
        a.sharedParameters != b.sharedParameters || a.stopReason != b.stopReason || a.budget.size() != b.budget.size())
        return false;
    for (size_t i = 0; i < a.budget.size(); ++i) {
        const BudgetPoint &x = a.budget[i], &y = b.budget[i];
        if (x.method != y.method || x.parameters != y.parameters || x.bytes != y.bytes || !same(x.loss, y.loss))
            return false;
    }
    return sameTrain(a.baseline, b.baseline) && sameTrain(a.shared, b.shared);
}

bool sameSimilarity(const SimilarityResult& a, const SimilarityResult& b) {
    if (a.units != b.units || a.metric != b.metric || a.unitKind != b.unitKind || a.tokens != b.tokens ||
        a.sequences != b.sequences || a.method != b.method || a.similarity.rows() != b.similarity.rows() ||
        a.similarity.cols() != b.similarity.cols())
        return false;
    for (Eigen::Index i = 0; i < a.similarity.size(); ++i)
        if (!same(a.similarity.data()[i], b.similarity.data()[i])) return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    Session s;
    try {
        s = sessionFromJson(text, "fuzz.sharelens");
    } catch (const Error& e) {
        if (std::getenv("SHARELENS_FUZZ_VERBOSE")) std::fprintf(stderr, "rejected: %s\n", e.what());
        return 0;
    }
    // What session.h promises of an accepted file.
    if (s.similarity) {
        SHARELENS_FUZZ_CHECK(s.similarity->similarity.rows() == static_cast<Eigen::Index>(s.similarity->units.size()));
        SHARELENS_FUZZ_CHECK(s.similarity->similarity.cols() == s.similarity->similarity.rows());
        if (s.plan) SHARELENS_FUZZ_CHECK(s.plan->units.size() == s.similarity->units.size());
    }
    SHARELENS_FUZZ_CHECK(s.clustering.threshold >= 0 && s.clustering.threshold <= 2);

    const std::string written = sessionToJson(s);
    Session t;
    try {
        t = sessionFromJson(written, "fuzz.sharelens (written back)");
    } catch (const Error& e) {
        std::fprintf(stderr, "round trip rejected: %s\n", e.what());
        std::abort();
    }
    SHARELENS_FUZZ_CHECK(t.models == s.models && t.createdBy == s.createdBy);
    SHARELENS_FUZZ_CHECK(t.calibration == s.calibration && t.clustering == s.clustering);
    SHARELENS_FUZZ_CHECK(t.similarity.has_value() == s.similarity.has_value());
    if (s.similarity) SHARELENS_FUZZ_CHECK(sameSimilarity(*s.similarity, *t.similarity));
    SHARELENS_FUZZ_CHECK(t.plan.has_value() == s.plan.has_value());
    if (s.plan) SHARELENS_FUZZ_CHECK(planToJson(*t.plan) == planToJson(*s.plan));
    SHARELENS_FUZZ_CHECK(t.runs.size() == s.runs.size());
    for (size_t i = 0; i < s.runs.size(); ++i) SHARELENS_FUZZ_CHECK(sameRun(s.runs[i], t.runs[i]));
    // Written twice, the same text: nothing depends on more than the value.
    SHARELENS_FUZZ_CHECK(sessionToJson(t) == written);
    return 0;
}
