#include "document.h"
#include "errortext.h"

#include <QDir>

namespace sharelens::app {

Document::Document(QObject* parent) : QObject(parent) {}

void Document::setModified(bool modified) {
    if (m_modified == modified) return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

void Document::reset(const QString& modelPath) {
    m_session = Session{};
    m_session.models = {modelPath.toStdString()};
    m_session.createdBy = "ShareLens " SHARELENS_VERSION;
    if (!m_path.isEmpty()) {
        m_path.clear();
        Q_EMIT filePathChanged(m_path);
    }
    setModified(false);
}

void Document::replace(const Session& session, const QString& path) {
    m_session = session;
    m_path = path;
    Q_EMIT filePathChanged(m_path);
    setModified(false);
}

void Document::setAnalysis(const SessionCalibration& calibration, const SimilarityResult& result) {
    m_session.calibration = calibration;
    m_session.similarity = result;
    setModified(true);
}

void Document::setGrouping(const SessionClustering& clustering, const SharingPlan& plan) {
    const bool same = m_session.plan && m_session.clustering == clustering;
    m_session.clustering = clustering;
    m_session.plan = plan;
    if (!same) setModified(true);
}

void Document::addRun(const SessionRun& run) {
    m_session.runs.push_back(run);
    setModified(true);
}

bool Document::save(const QString& path, QString* error) {
    try {
        m_session.createdBy = "ShareLens " SHARELENS_VERSION;
        saveSession(path.toStdString(), m_session);
    } catch (const std::exception& e) {
        if (error) *error = widgets::errorText(e);
        return false;
    }
    if (m_path != path) {
        m_path = path;
        Q_EMIT filePathChanged(m_path);
    }
    setModified(false);
    return true;
}

bool Document::read(const QString& path, Session* out, QString* error) {
    try {
        *out = loadSession(path.toStdString());
    } catch (const std::exception& e) {
        if (error) *error = widgets::errorText(e);
        return false;
    }
    if (out->models.empty()) {
        if (error) *error = tr("%1 names no model folder; it cannot be opened.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    return true;
}

} // namespace sharelens::app
