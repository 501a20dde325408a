#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include "mainwindow.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ShareLens"));
    QApplication::setOrganizationDomain(QStringLiteral("sharelens.dev"));
    QApplication::setApplicationName(QStringLiteral("ShareLens"));
    QApplication::setApplicationVersion(QStringLiteral(SHARELENS_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("dev.sharelens.ShareLens"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Layer similarity and parameter sharing"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(QStringLiteral("demo"), QApplication::translate("main", "Open the built-in demo model."));
    parser.addOption(demo);
    parser.addPositionalArgument(QStringLiteral("model"), QApplication::translate("main", "A model folder to open."));
    parser.process(app);

    sharelens::app::MainWindow w;
    w.show();
    if (parser.isSet(demo))
        w.openDemoModel();
    else if (!parser.positionalArguments().isEmpty())
        w.openModel(parser.positionalArguments().first());
    return app.exec();
}
