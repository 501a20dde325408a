#include "startup.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QTranslator>

#include <malloc.h>

#include <cstring>

namespace sharelens::app {

void releaseFreedMemoryPromptly() {
    // Setting either threshold turns off glibc's growing of both.
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
}

void setApplicationIdentity() {
    QCoreApplication::setOrganizationName(QStringLiteral("ShareLens"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("sharelens.dev"));
    QCoreApplication::setApplicationName(QStringLiteral("ShareLens"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SHARELENS_VERSION));
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        QGuiApplication::setDesktopFileName(QStringLiteral("dev.sharelens.ShareLens"));
}

QStringList installTranslators(const QLocale& locale) {
    QStringList found;
    auto* app = QCoreApplication::instance();
    auto* qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        found << QStringLiteral("qtbase");
    } else {
        delete qt;
    }
    auto* own = new QTranslator(app);
    if (own->load(locale, QStringLiteral("sharelens"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(own);
        found << QStringLiteral("sharelens");
    } else {
        delete own;
    }
    return found;
}

void configureCommandLine(QCommandLineParser& parser, QCommandLineOption& demo) {
    parser.setApplicationDescription(QCoreApplication::translate("main", "Layer similarity and parameter sharing"));
    parser.addHelpOption();
    parser.addVersionOption();
    demo = QCommandLineOption(QStringLiteral("demo"),
                              QCoreApplication::translate("main", "Open the built-in demo model."));
    parser.addOption(demo);
    parser.addPositionalArgument(
        QStringLiteral("model"),
        QCoreApplication::translate("main", "A model folder, or a session file (.sharelens), to open."));
}

bool onlyAsksForText(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        for (const char* o : {"-h", "--help", "-?", "--help-all", "-v", "--version"})
            if (std::strcmp(argv[i], o) == 0) return true;
    return false;
}

} // namespace sharelens::app
