#include <QApplication>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QIcon>
#include <QSettings>

#include "mainwindow.h"
#include "startup.h"

int main(int argc, char** argv) {
    using namespace sharelens::app;
    releaseFreedMemoryPromptly();
    QCommandLineOption demo(QStringLiteral("demo"));
    if (onlyAsksForText(argc, argv)) {
        // --help and --version print and exit; they need no display.
        QCoreApplication app(argc, argv);
        setApplicationIdentity();
        installTranslators();
        QCommandLineParser parser;
        configureCommandLine(parser, demo);
        parser.process(app);
        return 0;
    }
    QApplication app(argc, argv);
    setApplicationIdentity();
    installTranslators();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/dev.sharelens.ShareLens.svg")));

    QCommandLineParser parser;
    configureCommandLine(parser, demo);
    parser.process(app);

    applyTheme(QSettings().value(QStringLiteral("view/dark"), false).toBool());
    MainWindow w;
    w.show();
    if (parser.isSet(demo))
        w.openDemoModel();
    else if (const QStringList args = parser.positionalArguments(); !args.isEmpty())
        args.first().endsWith(QStringLiteral(".sharelens")) ? w.openSession(args.first()) : w.openModel(args.first());
    return app.exec();
}
