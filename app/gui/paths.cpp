#include "paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace sharelens::app {

namespace {

QString findResource(const QString& relative) {
    const QString appDir = QCoreApplication::applicationDirPath();
    const QStringList roots = {
        QDir(appDir).filePath(QStringLiteral("../" SHARELENS_INSTALL_DATADIR)),
        QStringLiteral(SHARELENS_RESOURCES_DIR),
    };
    for (const QString& root : roots) {
        const QFileInfo fi(QDir(root).filePath(relative));
        if (fi.exists()) return fi.canonicalFilePath();
    }
    return {};
}

} // namespace

QString demoModelDir() {
    const QString env = qEnvironmentVariable("SHARELENS_DEMO_MODEL");
    if (!env.isEmpty()) return env;
    return findResource(QStringLiteral("demo"));
}

QString builtinCalibrationText() { return findResource(QStringLiteral("text/calibration.txt")); }

} // namespace sharelens::app
