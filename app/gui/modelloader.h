#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "sharelens/model.h"

namespace sharelens::app {

// Loads a model off the GUI thread. Each request gets a generation number;
// a result from a superseded request is dropped on delivery. Cancel flips an
// atomic flag that the engine polls; the job then reports "cancelled"
// through the same channel as a failure.
class ModelLoader : public QObject {
    Q_OBJECT
public:
    explicit ModelLoader(QObject* parent = nullptr);
    ~ModelLoader() override;

    void load(const QString& path);
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(const QString& stage, double fraction);
    void loaded(const QString& path, std::shared_ptr<sharelens::Model> model);
    void failed(const QString& path, const QString& message, bool cancelled);
    void runningChanged(bool running);

private:
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_running = false;
};

} // namespace sharelens::app
