#include "progress_lines.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "sharelens/distributed.h"

namespace sharelens::cli::progresslines {

namespace {

std::atomic<bool> g_enabled{false};
std::atomic<int64_t> g_rankTokens{0};

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// One line, written whole (a retry only after a signal or a short write).
void writeLine(json j) {
    j["rank"] = dist::rank();
    j["world"] = dist::world();
    const std::string line = "sharelens-progress " + j.dump() + "\n";
    size_t done = 0;
    while (done < line.size()) {
        const ssize_t n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return; // stderr closed: progress is not worth failing the job
        done += static_cast<size_t>(n);
    }
}

struct StageClock {
    std::mutex m;
    std::string stage;
    Clock::time_point started, last;
};
// One clock for the process: a stage's start is the previous report,
// whichever Progress made it (the model's load, then the analysis).
StageClock g_clock;

} // namespace

void enable(bool on) { g_enabled = on; }
bool enabled() { return g_enabled; }
void setRankTokens(int64_t tokens) { g_rankTokens = tokens; }

Progress stageProgress() {
    return Progress(
        [](const ProgressInfo& p) {
            StageClock* clock = &g_clock;
            const auto now = Clock::now();
            double seconds = 0;
            {
                std::lock_guard<std::mutex> lk(clock->m);
                const bool fresh = p.stage != clock->stage;
                if (fresh) {
                    // A stage's first report comes after its first piece of
                    // work: it began when the previous report was made.
                    clock->stage = p.stage;
                    clock->started = clock->last == Clock::time_point{} ? now : clock->last;
                } else if (p.fraction < 1.0 && now - clock->last < std::chrono::milliseconds(200)) {
                    return;
                }
                clock->last = now;
                seconds = std::chrono::duration<double>(now - clock->started).count();
            }
            json j{{"kind", "stage"},
                   {"stage", p.stage},
                   {"index", p.stageIndex},
                   {"count", p.stageCount},
                   {"fraction", p.fraction}};
            const int64_t tokens = g_rankTokens;
            if (p.stage == "Capturing activations" && tokens > 0 && seconds > 0)
                j["tokens_per_s"] = p.fraction * static_cast<double>(tokens) / seconds;
            writeLine(std::move(j));
        },
        nullptr);
}

void step(PairRun run, const StepRecord& s, int steps) {
    if (!enabled()) return;
    writeLine(json{{"kind", "step"},
                   {"run", pairRunName(run)},
                   {"step", s.step},
                   {"steps", steps},
                   {"loss", s.loss},
                   {"learning_rate", s.learningRate},
                   {"step_seconds", s.stepSeconds},
                   {"tokens_per_s", s.tokensPerSecond},
                   {"model_state_bytes", s.modelStateBytes},
                   {"peak_rss_bytes", s.peakRssBytes},
                   {"cross_entropy", s.crossEntropy},
                   {"distill_kl", s.distillKl},
                   {"distill_hidden", s.distillHidden}});
}

void eval(PairRun run, const EvalRecord& e) {
    if (!enabled()) return;
    writeLine(json{
        {"kind", "eval"}, {"run", pairRunName(run)}, {"step", e.step}, {"loss", e.loss}, {"perplexity", e.perplexity}});
}

void setup(int64_t trainTokens, int64_t validationTokens, int budgetSequences) {
    if (!enabled()) return;
    writeLine(json{{"kind", "setup"},
                   {"train_tokens", trainTokens},
                   {"validation_tokens", validationTokens},
                   {"budget_sequences", budgetSequences}});
}

void phase(const char* name) {
    if (enabled()) writeLine(json{{"kind", "phase"}, {"phase", name}});
}

} // namespace sharelens::cli::progresslines
