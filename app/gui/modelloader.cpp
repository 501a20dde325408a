#include "modelloader.h"

#include <QPointer>
#include <QThreadPool>

namespace sharelens::app {

ModelLoader::ModelLoader(QObject* parent) : QObject(parent) {
    qRegisterMetaType<std::shared_ptr<sharelens::Model>>("std::shared_ptr<sharelens::Model>");
}

ModelLoader::~ModelLoader() {
    if (m_cancel) m_cancel->store(true);
}

void ModelLoader::load(const QString& path) {
    if (m_cancel) m_cancel->store(true); // supersede a running load
    const quint64 gen = ++m_generation;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    if (!m_running) {
        m_running = true;
        Q_EMIT runningChanged(true);
    }
    QPointer<ModelLoader> self(this);
    const std::string p = path.toStdString();

    // Delivers on the GUI thread, only if this request is still the newest.
    auto deliver = [self, gen](auto fn) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, gen, fn]() {
                if (!self || gen != self->m_generation) return;
                self->m_running = false;
                Q_EMIT self->runningChanged(false);
                fn(self.data());
            },
            Qt::QueuedConnection);
    };

    QThreadPool::globalInstance()->start([self, gen, cancel, p, path, deliver]() {
        Progress progress(
            [self, gen](const ProgressInfo& info) {
                const QString stage = QString::fromStdString(info.stage);
                const double f = (info.stageIndex - 1 + info.fraction) / std::max(1, info.stageCount);
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, gen, stage, f]() {
                        if (self && gen == self->m_generation) Q_EMIT self->progress(stage, f);
                    },
                    Qt::QueuedConnection);
            },
            cancel.get());
        try {
            std::shared_ptr<Model> model(Model::load(p, progress));
            if (cancel->load()) throw Cancelled();
            deliver([path, model](ModelLoader* s) { Q_EMIT s->loaded(path, model); });
        } catch (const Cancelled&) {
            deliver([path](ModelLoader* s) { Q_EMIT s->failed(path, tr("Loading was cancelled."), true); });
        } catch (const std::exception& e) {
            const QString msg = QString::fromStdString(e.what());
            deliver([path, msg](ModelLoader* s) { Q_EMIT s->failed(path, msg, false); });
        }
    });
}

void ModelLoader::cancel() {
    if (m_cancel) m_cancel->store(true);
}

} // namespace sharelens::app
