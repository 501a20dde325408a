#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "sharelens/model.h"

namespace sharelens::app {

class JobRunner;

// Loads a model off the GUI thread through a JobRunner: a newer load
// supersedes a running one, and cancel() ends with failed(..., true).
class ModelLoader : public QObject {
    Q_OBJECT
public:
    explicit ModelLoader(QObject* parent = nullptr);
    ~ModelLoader() override;

    void load(const QString& path);
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void progress(const QString& stage, double fraction);
    void loaded(const QString& path, std::shared_ptr<sharelens::Model> model);
    void failed(const QString& path, const QString& message, bool cancelled);
    void runningChanged(bool running);

private:
    JobRunner* m_jobs = nullptr;
};

} // namespace sharelens::app
