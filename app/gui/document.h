#pragma once

#include <QObject>
#include <QString>

#include "sharelens/session.h"

namespace sharelens::app {

// The session's state, owned in one place (DESIGN.md "Layout"): the model
// folders, calibration settings, similarity result, grouping settings with
// the threshold, the plan, and the finished fine-tune runs. The views report
// what the user did (MainWindow connects them) and are restored from it when
// a session file is opened. Saving writes session() to a ".sharelens" file.
class Document : public QObject {
    Q_OBJECT
public:
    explicit Document(QObject* parent = nullptr);

    const sharelens::Session& session() const { return m_session; }
    QString filePath() const { return m_path; }
    bool isModified() const { return m_modified; }
    // Something worth keeping: a similarity result or a run.
    bool hasResults() const { return m_session.similarity.has_value() || !m_session.runs.empty(); }

    // A fresh session for a newly opened model (not modified, no file).
    void reset(const QString& modelPath);
    // Replaces the state with a session read from `path` (not modified).
    void replace(const sharelens::Session& session, const QString& path);

    void setAnalysis(const sharelens::SessionCalibration& calibration, const sharelens::SimilarityResult& result);
    void setGrouping(const sharelens::SessionClustering& clustering, const sharelens::SharingPlan& plan);
    void addRun(const sharelens::SessionRun& run);

    // Writes the session atomically; on success the document remembers the
    // path and is no longer modified. On failure: false and a sentence.
    bool save(const QString& path, QString* error);
    // Reads a session file; on failure: false and a sentence.
    static bool read(const QString& path, sharelens::Session* out, QString* error);

Q_SIGNALS:
    void modifiedChanged(bool modified);
    void filePathChanged(const QString& path);

private:
    void setModified(bool modified);

    sharelens::Session m_session;
    QString m_path;
    bool m_modified = false;
};

} // namespace sharelens::app
