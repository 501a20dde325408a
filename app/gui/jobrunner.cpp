#include "jobrunner.h"

#include <QPointer>
#include <QThreadPool>

namespace sharelens::app {

JobRunner::JobRunner(QObject* parent) : QObject(parent) {}

JobRunner::~JobRunner() {
    if (m_cancel) m_cancel->store(true);
}

quint64 JobRunner::start(Work work) {
    if (m_cancel) m_cancel->store(true); // supersede the running job
    const quint64 gen = ++m_generation;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    if (!m_running) {
        m_running = true;
        Q_EMIT runningChanged(true);
    }
    QPointer<JobRunner> self(this);
    Context ctx;
    ctx.cancel = cancel.get();
    ctx.post = [self, gen](std::function<void()> fn) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, gen, fn = std::move(fn)]() {
                if (self && gen == self->m_generation) fn();
            },
            Qt::QueuedConnection);
    };
    QThreadPool::globalInstance()->start([self, gen, cancel, ctx, work = std::move(work)]() {
        std::function<void()> done = work(ctx);
        QMetaObject::invokeMethod(
            self.data(),
            [self, gen, done = std::move(done)]() {
                if (!self || gen != self->m_generation) return;
                self->m_running = false;
                Q_EMIT self->runningChanged(false);
                if (done) done();
            },
            Qt::QueuedConnection);
    });
    return gen;
}

void JobRunner::cancel() {
    if (m_cancel) m_cancel->store(true);
}

} // namespace sharelens::app
