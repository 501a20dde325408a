// Progress reporting and cancellation for long engine work. The engine calls
// report() from the thread it runs on; callers (app/) turn it into signals.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "sharelens/error.h"

namespace sharelens {

struct ProgressInfo {
    std::string stage;  // e.g. "Loading tensors"
    int stageIndex = 1; // 1-based
    int stageCount = 1;
    double fraction = 0.0; // within the stage, 0..1
};

class Progress {
public:
    Progress() = default;
    Progress(std::function<void(const ProgressInfo&)> report, const std::atomic<bool>* cancel)
        : m_report(std::move(report)), m_cancel(cancel) {}

    bool cancelled() const noexcept { return m_cancel && m_cancel->load(std::memory_order_relaxed); }
    // The cancel flag (may be null), for a Progress that reports elsewhere
    // but stops with this one.
    const std::atomic<bool>* cancelFlag() const noexcept { return m_cancel; }
    // Throws Cancelled if the flag is raised.
    void check() const {
        if (cancelled()) throw Cancelled();
    }
    void report(const ProgressInfo& info) const {
        if (m_report) m_report(info);
    }
    void report(const std::string& stage, int index, int count, double fraction) const {
        report(ProgressInfo{stage, index, count, fraction});
    }

private:
    std::function<void(const ProgressInfo&)> m_report;
    const std::atomic<bool>* m_cancel = nullptr;
};

} // namespace sharelens
