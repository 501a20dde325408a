#pragma once

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace sharelens::app {

// The one way ShareLens runs long work off the GUI thread (loading, analysis).
// Every start() gets a generation number and its own cancellation flag; a new
// start() supersedes the running job (its flag is raised, and whatever it
// delivers later is dropped). cancel() raises the flag; the job then reports
// "cancelled" through the same continuation as a failure.
class JobRunner : public QObject {
    Q_OBJECT
public:
    struct Context {
        const std::atomic<bool>* cancel = nullptr;
        // Runs `fn` on the GUI thread, only while this job is still the newest
        // (for progress reports).
        std::function<void(std::function<void()>)> post;
    };
    // Runs on a worker thread; returns the continuation that delivers the
    // result or the failure on the GUI thread (dropped if superseded).
    using Work = std::function<std::function<void()>(const Context&)>;

    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    quint64 start(Work work);
    void cancel();
    bool isRunning() const { return m_running; }
    quint64 generation() const { return m_generation; }

Q_SIGNALS:
    void runningChanged(bool running);

private:
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_running = false;
};

} // namespace sharelens::app
