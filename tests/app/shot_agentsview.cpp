// Screenshot of the agents view for docs/screenshots (not run by ctest):
//   shot_agentsview OUT.png LEVEL(layers|agents) TAB(0|1) THRESHOLD AGENT_DIR...
// Runs the analysis with the built-in calibration text (32 sequences of 128
// tokens), sets the level and threshold (negative = the view's choice), shows
// the tab, and saves the window's grab to OUT.png.
// TAB 2 (Fine-tune) also runs a fine-tune of the plan first: SHOT_TEXTS (env,
// comma-separated, one file per agent; unset = the calibration text),
// SHOT_STEPS (20), SHOT_BATCH (4), SHOT_SEQ (128); the per-agent results are
// printed. SHOT_HOLD (env, seconds) keeps the window open after saving (for
// a screen grab of the whole display).
#include <QApplication>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

#include "agentsview.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 7) {
        std::fprintf(stderr, "usage: shot_agentsview OUT.png layers|agents TAB THRESHOLD AGENT_DIR AGENT_DIR...\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    const bool agentsLevel = QString::fromLocal8Bit(argv[2]) == QLatin1String("agents");
    const int tab = QString::fromLocal8Bit(argv[3]).toInt();
    const double threshold = QString::fromLocal8Bit(argv[4]).toDouble();
    sharelens::app::AgentsView v;
    for (int i = 5; i < argc; ++i) v.addAgent(QString::fromLocal8Bit(argv[i]));
    v.setSequenceLength(128);
    v.setSequenceCount(32);
    v.resize(1560, 960);
    v.show();
    const auto save = [&] {
        const bool ok = v.grab().save(out);
        std::fprintf(stderr, "%s %s\n", ok ? "saved" : "could not save", qPrintable(out));
        std::fprintf(stderr, "%s\n", qPrintable(v.previewText()));
        QTimer::singleShot(1000 * qEnvironmentVariableIntValue("SHOT_HOLD"), &app,
                           [&app, ok] { app.exit(ok ? 0 : 1); });
    };
    QObject::connect(&v, &sharelens::app::AgentsView::analysisFailed, &app, [&](const QString& m, bool) {
        std::fprintf(stderr, "failed: %s\n", qPrintable(m));
        app.exit(1);
    });
    QObject::connect(&v, &sharelens::app::AgentsView::analysisFinished, &app, [&] {
        v.setLevel(agentsLevel ? sharelens::AgentLevel::Agents : sharelens::AgentLevel::Layers);
        if (threshold >= 0) v.setThreshold(threshold);
        if (auto* tabs = v.findChild<QTabWidget*>(QStringLiteral("agentsTabs"))) tabs->setCurrentIndex(tab);
        if (tab == 2) {
            const QStringList texts = qEnvironmentVariable("SHOT_TEXTS").split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (int k = 0; k < texts.size(); ++k) v.setAgentText(k, texts[k]);
            v.findChild<QSpinBox*>(QStringLiteral("agentsFinetuneSteps"))
                ->setValue(qEnvironmentVariableIntValue("SHOT_STEPS") > 0 ? qEnvironmentVariableIntValue("SHOT_STEPS")
                                                                          : 20);
            v.findChild<QSpinBox*>(QStringLiteral("agentsFinetuneBatch"))
                ->setValue(qEnvironmentVariableIntValue("SHOT_BATCH") > 0 ? qEnvironmentVariableIntValue("SHOT_BATCH")
                                                                          : 4);
            v.findChild<QSpinBox*>(QStringLiteral("agentsFinetuneSeqLen"))
                ->setValue(qEnvironmentVariableIntValue("SHOT_SEQ") > 0 ? qEnvironmentVariableIntValue("SHOT_SEQ")
                                                                        : 128);
            v.startFinetune();
            return;
        }
        QTimer::singleShot(1500, &app, save);
    });
    QObject::connect(&v, &sharelens::app::AgentsView::finetuneFailed, &app, [&](const QString& m, bool) {
        std::fprintf(stderr, "fine-tune failed: %s\n", qPrintable(m));
        app.exit(1);
    });
    QObject::connect(
        &v, &sharelens::app::AgentsView::finetuneFinished, &app, [&](const sharelens::app::AgentsFinetuneSummary& s) {
            std::fprintf(stderr, "parameters %lld -> %lld\n", static_cast<long long>(s.baseline.parameters),
                         static_cast<long long>(s.shared.parameters));
            for (const auto& a : s.agents)
                std::fprintf(stderr, "agent %s: unshared %.4f -> %.4f, shared %.4f -> %.4f\n", a.name.c_str(),
                             a.unsharedBefore, a.unsharedAfter, a.sharedBefore, a.sharedAfter);
            QTimer::singleShot(1500, &app, save);
        });
    QTimer::singleShot(0, &v, &sharelens::app::AgentsView::analyze);
    return app.exec();
}
