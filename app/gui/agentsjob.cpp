#include "agentsjob.h"

#include "jobrunner.h"

#include <QElapsedTimer>
#include <QPointer>

#include <algorithm>
#include <memory>

#include "sharelens/data.h"
#include "sharelens/model.h"
#include "sharelens/tokenizer.h"
#include "errortext.h"
#include "sharelens/workflow.h"

namespace sharelens::app {

namespace {

// Loading the agents, comparing weights, capturing activations, similarity.
constexpr int kStages = 4;

QString stageName(int index) {
    switch (index) {
    case 1: return AgentsRunner::tr("Loading agents");
    case 2: return AgentsRunner::tr("Comparing weights");
    case 3: return AgentsRunner::tr("Capturing activations");
    default: return AgentsRunner::tr("Computing similarity");
    }
}

std::vector<std::string> toStd(const QStringList& list) {
    std::vector<std::string> out;
    out.reserve(size_t(list.size()));
    for (const QString& s : list) out.push_back(s.toStdString());
    return out;
}

} // namespace

AgentsRunner::AgentsRunner(QObject* parent) : QObject(parent), m_jobs(new JobRunner(this)) {
    qRegisterMetaType<AgentsResult>("sharelens::app::AgentsResult");
    qRegisterMetaType<AnalysisProgress>("sharelens::app::AnalysisProgress");
    connect(m_jobs, &JobRunner::runningChanged, this, &AgentsRunner::runningChanged);
}

AgentsRunner::~AgentsRunner() = default;

bool AgentsRunner::isRunning() const { return m_jobs->isRunning(); }
quint64 AgentsRunner::generation() const { return m_jobs->generation(); }
void AgentsRunner::cancel() { m_jobs->cancel(); }

void AgentsRunner::analyze(const AgentsRequest& request) {
    QPointer<AgentsRunner> self(this);
    m_jobs->start([self, request](const JobRunner::Context& ctx) -> std::function<void()> {
        auto throttle = std::make_shared<StageProgress>(kStages, stageName);
        auto step = [self, ctx, throttle](int stage, double fraction) {
            AnalysisProgress p;
            if (!throttle->update(stage, fraction, &p)) return;
            ctx.post([self, p] {
                if (self) Q_EMIT self->progress(p);
            });
        };
        // Each engine call reports its own stages k of n; they fill one of ours.
        auto within = [step](int stage) {
            return [step, stage](const ProgressInfo& info) {
                step(stage, (info.stageIndex - 1 + info.fraction) / std::max(1, info.stageCount));
            };
        };
        try {
            if (request.paths.size() < 2)
                throw Error(
                    tr("Add at least two model folders: agents mode compares two or more models.").toStdString());
            step(1, 0.0);
            Agents agents = loadAgents(toStd(request.paths), toStd(request.names), Progress(within(1), ctx.cancel));
            const std::vector<const Model*> view = agents.view();
            const Progress check({}, ctx.cancel);
            check.check();

            // Agent 1's tokenizer: the agents' vocabularies match.
            workflow::AgentsAnalyseRequest rq;
            rq.sequences =
                calibrationSequences(*view.front(), request.textPath, request.seqLen, request.sequences, check);
            rq.capture = request.options;
            rq.weightBase = request.weightBase;
            // The workflow reports weights (1 of 3), capture (2) and similarity (3): our stages 2 to 4.
            step(2, 0.0);
            auto outcome = workflow::analyseAgents(
                view, agents.names, rq,
                Progress(
                    [step](const ProgressInfo& info) { step(1 + std::clamp(info.stageIndex, 1, 3), info.fraction); },
                    ctx.cancel));

            AgentsResult result;
            result.paths = request.paths;
            result.names = agents.names;
            for (const Model* m : view) result.checkpoints.push_back(m->checkpoint());
            result.similarity = std::move(outcome.similarity);
            result.weights = std::move(outcome.weights);
            return [self, result = std::move(result)] {
                if (self) Q_EMIT self->finished(result);
            };
        } catch (const Cancelled&) {
            return [self] {
                if (self) Q_EMIT self->failed(tr("The analysis was cancelled."), true);
            };
        } catch (const std::exception& e) {
            const QString msg = widgets::errorText(e);
            return [self, msg] {
                if (self) Q_EMIT self->failed(msg, false);
            };
        }
    });
}

} // namespace sharelens::app
