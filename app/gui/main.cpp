#include <QApplication>
#include <QIcon>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

#include "mainwindow.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ShareLens"));
    QApplication::setOrganizationDomain(QStringLiteral("sharelens.dev"));
    QApplication::setApplicationName(QStringLiteral("ShareLens"));
    QApplication::setApplicationVersion(QStringLiteral(SHARELENS_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("dev.sharelens.ShareLens"));

    // The user's language: ShareLens's own strings and Qt's.
    QTranslator qtTranslator, appTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    if (appTranslator.load(QLocale(), QStringLiteral("sharelens"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&appTranslator);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/dev.sharelens.ShareLens.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Layer similarity and parameter sharing"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(QStringLiteral("demo"), QApplication::translate("main", "Open the built-in demo model."));
    parser.addOption(demo);
    parser.addPositionalArgument(QStringLiteral("model"), QApplication::translate("main", "A model folder to open."));
    parser.process(app);

    sharelens::app::applyTheme(QSettings().value(QStringLiteral("view/dark"), false).toBool());
    sharelens::app::MainWindow w;
    w.show();
    if (parser.isSet(demo))
        w.openDemoModel();
    else if (!parser.positionalArguments().isEmpty())
        w.openModel(parser.positionalArguments().first());
    return app.exec();
}
