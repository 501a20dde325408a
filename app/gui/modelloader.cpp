#include "modelloader.h"

#include <QPointer>

#include "jobrunner.h"
#include "errortext.h"
#include "sharelens/tensor_set.h"
#include "sharelens/compute.h"

namespace sharelens::app {

ModelLoader::ModelLoader(QObject* parent) : QObject(parent), m_jobs(new JobRunner(this)) {
    qRegisterMetaType<std::shared_ptr<sharelens::Model>>("std::shared_ptr<sharelens::Model>");
    connect(m_jobs, &JobRunner::runningChanged, this, &ModelLoader::runningChanged);
}

ModelLoader::~ModelLoader() = default;

bool ModelLoader::isRunning() const { return m_jobs->isRunning(); }

void ModelLoader::cancel() { m_jobs->cancel(); }

void ModelLoader::load(const QString& path) {
    QPointer<ModelLoader> self(this);
    m_jobs->start([self, path](const JobRunner::Context& ctx) -> std::function<void()> {
        Progress progress(
            [self, ctx](const ProgressInfo& info) {
                const QString stage = QString::fromStdString(info.stage);
                const double f = (info.stageIndex - 1 + info.fraction) / std::max(1, info.stageCount);
                ctx.post([self, stage, f] {
                    if (self) Q_EMIT self->progress(stage, f);
                });
            },
            ctx.cancel);
        try {
            // F16/BF16 matrices stay mapped in their stored dtype (resident
            // memory near the file's size): every job on the open model only
            // reads its weights; a fine-tune trains copies of its own.
            progress.report("Reading headers", 1, 2, 0.0);
            std::shared_ptr<Model> model(
                loadModelInStorageDtype(openCheckpoint(path.toStdString(), OpenOptions{}), progress));
            progress.check();
            return [self, path, model] {
                if (self) Q_EMIT self->loaded(path, model);
            };
        } catch (const Cancelled&) {
            return [self, path] {
                if (self) Q_EMIT self->failed(path, tr("Loading was cancelled."), true);
            };
        } catch (const std::exception& e) {
            const QString msg = widgets::errorText(e);
            return [self, path, msg] {
                if (self) Q_EMIT self->failed(path, msg, false);
            };
        }
    });
}

} // namespace sharelens::app
